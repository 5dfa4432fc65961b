// NetDevice (core/net/net_device.h): the constants it types in because the
// freestanding build cannot include <linux/if.h>, pinned here to the UAPI
// headers, and the loopback device as drivers/net/loopback.c sets it up.
#include <cstring>
#include <gtest/gtest.h>
#include <linux/if.h>
#include <linux/if_arp.h>

#include "core/net/net_device.h"

namespace sirius::testing {
namespace {

static_assert(net::kInterfaceNameSize == IFNAMSIZ);
static_assert(net::kIffUp == IFF_UP);
static_assert(net::kIffLoopback == IFF_LOOPBACK);
static_assert(net::kArphrdLoopback == ARPHRD_LOOPBACK);

// loopback_setup: "lo", MTU 64 KiB (/sys/class/net/lo/mtu: 65536), type
// 772, address 00:00:00:00:00:00, flags IFF_LOOPBACK only (0x8 in
// /sys/class/net/lo/flags of a new namespace: down).
TEST(NetDeviceTest, Loopback_IsLoMtu65536TypeLoopbackZeroAddressDown)
{
    const net::NetDevice lo = net::loopback_device();
    EXPECT_STREQ(lo.name, "lo");
    EXPECT_EQ(lo.mtu, 65536U);
    EXPECT_EQ(lo.type, 772U);
    EXPECT_EQ(lo.flags, 0x8U);
    EXPECT_FALSE(lo.is_up());
    const u8 zero[ETH_ALEN] = {};
    EXPECT_EQ(std::memcmp(lo.address, zero, ETH_ALEN), 0);
    EXPECT_EQ(lo.ifindex, 0) << "not registered yet";
}

// No traffic without sockets: every counter /proc/net/dev shows is zero.
TEST(NetDeviceTest, Loopback_StartsWithZeroCounters)
{
    const net::NetDevice lo = net::loopback_device();
    const rtnl_link_stats64 zero {};
    EXPECT_EQ(std::memcmp(&lo.stats, &zero, sizeof(zero)), 0);
}

} // namespace
} // namespace sirius::testing
