#include "core/net/net_device.h"

namespace sirius::net {

NetDevice loopback_device()
{
    NetDevice device;
    device.name[0] = 'l';
    device.name[1] = 'o';
    // loopback_setup: "dev->mtu = 64 * 1024;".
    device.mtu = 64 * 1024;
    device.type = kArphrdLoopback;
    device.flags = kIffLoopback;
    return device;
}

} // namespace sirius::net
