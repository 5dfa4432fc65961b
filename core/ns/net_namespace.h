#pragma once

// A network namespace (network_namespaces(7)): its own network devices.
// Every namespace, the initial one too, starts with exactly the loopback
// device "lo", down, at ifindex 1 (loopback_net_init registers it first,
// and dev_new_index counts per namespace from 1). Sirius has no sockets,
// routes or other devices yet; /proc/<pid>/net/dev shows the list.
#include "core/base/vector.h"
#include "core/net/net_device.h"
#include "core/ns/owned_namespace.h"

namespace sirius::ns {

class NetNamespace
    : public RefCounted<NetNamespace>
    , public OwnedNamespace {
public:
    static constexpr NamespaceType kType = NamespaceType::Net;

    // A namespace with its loopback device registered (setup_net running
    // loopback_net_ops first). Errors: ENOMEM.
    static Result<RefPtr<NetNamespace>> create(RefPtr<UserNamespace> owner, u32 inode);

    // The devices in registration order, as /proc/net/dev lists them
    // (for_each_netdev walks net->dev_base_head, appended to by
    // list_netdevice).
    [[nodiscard]] const Vector<net::NetDevice>& devices() const { return m_devices; }
    // The device named `name` (a C string), or nullptr (__dev_get_by_name).
    [[nodiscard]] const net::NetDevice* find_device(const char* name) const;

    // register_netdevice: gives `device` the namespace's next ifindex and
    // appends it; the pointer is good until the next registration.
    // Errors: EINVAL (an empty or too long name, as dev_valid_name), EEXIST
    // (a device of that name is here), ENOMEM.
    Result<const net::NetDevice*> register_device(const net::NetDevice& device);

    NetNamespace(RefPtr<UserNamespace> owner, u32 inode)
        : OwnedNamespace(move(owner), inode)
    {
    }

private:
    Vector<net::NetDevice> m_devices;
    // net->ifindex: the last index given out here.
    i32 m_last_ifindex { 0 };
};

} // namespace sirius::ns
