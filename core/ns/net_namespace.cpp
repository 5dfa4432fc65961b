#include "core/ns/net_namespace.h"

namespace sirius::ns {

namespace {

bool same_name(const char* a, const char* b)
{
    usize i = 0;
    for (; a[i] != '\0' && b[i] != '\0'; ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return a[i] == b[i];
}

// dev_valid_name: not empty, shorter than IFNAMSIZ, not "." or "..", and
// no '/', ':' or white space (isspace) anywhere.
bool is_valid_device_name(const char* name)
{
    usize length = 0;
    while (length < net::kInterfaceNameSize && name[length] != '\0') {
        const char c = name[length];
        if (c == '/' || c == ':' || c == ' ' || (c >= '\t' && c <= '\r')) {
            return false;
        }
        ++length;
    }
    if (length == 0 || length == net::kInterfaceNameSize) {
        return false;
    }
    return !same_name(name, ".") && !same_name(name, "..");
}

} // namespace

Result<RefPtr<NetNamespace>> NetNamespace::create(RefPtr<UserNamespace> owner, u32 inode)
{
    auto ns = TRY(try_make_ref<NetNamespace>(move(owner), inode));
    (void)TRY(ns->register_device(net::loopback_device()));
    return ns;
}

const net::NetDevice* NetNamespace::find_device(const char* name) const
{
    for (const net::NetDevice& device : m_devices) {
        if (same_name(device.name, name)) {
            return &device;
        }
    }
    return nullptr;
}

Result<const net::NetDevice*> NetNamespace::register_device(const net::NetDevice& device)
{
    if (!is_valid_device_name(device.name)) {
        return errno_error(EINVAL);
    }
    if (find_device(device.name) != nullptr) {
        return errno_error(EEXIST);
    }
    // dev_index_reserve with no index asked for: the next free one after
    // the last given out (net->ifindex), from 1.
    net::NetDevice registered = device;
    registered.ifindex = m_last_ifindex + 1;
    TRY(m_devices.try_append(registered));
    m_last_ifindex = registered.ifindex;
    return &m_devices[m_devices.size() - 1];
}

} // namespace sirius::ns
