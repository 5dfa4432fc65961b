#pragma once

// A network interface (Linux struct net_device), as much of it as Sirius
// has: its name, index, flags, MTU, hardware type and address, and the
// counters /proc/net/dev shows. Each belongs to one network namespace
// (core/ns/net_namespace.h). There are no sockets yet, so nothing moves a
// counter: they stay at zero.
#include <linux/if_ether.h>
#include <linux/if_link.h>

#include "core/base/types.h"

namespace sirius::net {

// <linux/if.h> and <linux/if_arp.h> have these, but <linux/if.h> includes
// the C library's <sys/socket.h>, which the freestanding kernel build
// cannot reach; tests/unit/net/net_device_test.cpp pins each value to the
// UAPI header.
inline constexpr usize kInterfaceNameSize = 16; // IFNAMSIZ
inline constexpr u32 kIffUp = 1U << 0; // IFF_UP
inline constexpr u32 kIffLoopback = 1U << 3; // IFF_LOOPBACK
inline constexpr u16 kArphrdLoopback = 772; // ARPHRD_LOOPBACK

struct NetDevice {
    // NUL-terminated, at most kInterfaceNameSize - 1 characters.
    char name[kInterfaceNameSize] {};
    // dev->ifindex: unique in the namespace, from 1; 0 until registered.
    i32 ifindex { 0 };
    // dev->flags: the IFF_* bits user space sees (dev_get_flags).
    u32 flags { 0 };
    u32 mtu { 0 };
    // dev->type: an ARPHRD_* number.
    u16 type { 0 };
    u8 address[ETH_ALEN] {};
    // What dev_get_stats fills in.
    rtnl_link_stats64 stats {};

    [[nodiscard]] bool is_up() const { return (flags & kIffUp) != 0; }
};

// drivers/net/loopback.c loopback_setup: "lo", an MTU of 64 KiB, type
// ARPHRD_LOOPBACK, an all-zero address, IFF_LOOPBACK; it is registered down
// in every namespace (loopback_net_init), and only user space (ip link set
// lo up, ifconfig) brings it up.
NetDevice loopback_device();

} // namespace sirius::net
