// Network namespaces (network_namespaces(7)): each has its own devices; a
// new one has exactly the loopback device, down, at ifindex 1
// (loopback_net_init registers it first, dev_new_index counts per
// namespace), and clone/unshare with CLONE_NEWNET give the task one.
#include <cstring>
#include <linux/sched.h>

#include "core/ns/net_namespace.h"
#include "core/ns/nsproxy.h"
#include "core/proc/thread.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class NetNamespaceTest : public SignalTest {
protected:
    const RefPtr<ns::NetNamespace>& net_of(proc::Thread& thread) { return thread.namespaces->namespaces().net; }
    RefPtr<ns::NetNamespace> make()
    {
        auto made = ns::NetNamespace::create(kernel->initial_user_namespace(), kernel->namespace_inodes().allocate());
        EXPECT_TRUE(made.has_value());
        return made.has_value() ? made.value() : RefPtr<ns::NetNamespace>();
    }
    static net::NetDevice device_named(const char* name)
    {
        net::NetDevice device;
        std::strncpy(device.name, name, sizeof(device.name) - 1);
        return device;
    }
    static void expect_only_loopback_down(const ns::NetNamespace& net)
    {
        ASSERT_EQ(net.devices().size(), 1U);
        const net::NetDevice& lo = net.devices()[0];
        EXPECT_STREQ(lo.name, "lo");
        EXPECT_EQ(lo.ifindex, 1);
        EXPECT_FALSE(lo.is_up());
        EXPECT_EQ(lo.flags, net::kIffLoopback);
        EXPECT_EQ(net.find_device("lo"), &lo);
    }
};

TEST_F(NetNamespaceTest, NewNamespace_HasExactlyLoopbackDownAtIfindex1)
{
    const RefPtr<ns::NetNamespace> net = make();
    ASSERT_TRUE(net);
    expect_only_loopback_down(*net);
}

// The initial namespace has its own lo too; Linux's is down until user
// space brings it up, and nothing in Sirius does.
TEST_F(NetNamespaceTest, InitialNamespace_HasItsOwnLoopbackDown)
{
    expect_only_loopback_down(*net_of(caller()));
}

// dev_new_index: the next index of this namespace; another namespace
// counts on its own, and its list does not change.
TEST_F(NetNamespaceTest, TwoNamespaces_AreIndependent)
{
    const RefPtr<ns::NetNamespace> first = make();
    const RefPtr<ns::NetNamespace> second = make();
    ASSERT_TRUE(first && second);
    ASSERT_OK_AND_ASSIGN(const net::NetDevice* dummy, first->register_device(device_named("dummy0")));
    EXPECT_EQ(dummy->ifindex, 2);
    EXPECT_EQ(first->devices().size(), 2U);
    EXPECT_EQ(second->find_device("dummy0"), nullptr);
    expect_only_loopback_down(*second);
    EXPECT_NE(first->find_device("lo"), second->find_device("lo"));
    ASSERT_OK_AND_ASSIGN(const net::NetDevice* other, second->register_device(device_named("other0")));
    EXPECT_EQ(other->ifindex, 2) << "each namespace counts its own indexes";
}

// register_netdevice: "-EEXIST" for a name in use (__dev_get_by_name),
// dev_valid_name's EINVAL for an empty name; the list is unchanged.
TEST_F(NetNamespaceTest, RegisterDevice_DuplicateIsEexist_EmptyNameIsEinval)
{
    const RefPtr<ns::NetNamespace> net = make();
    ASSERT_TRUE(net);
    EXPECT_EQ(net->register_device(device_named("lo")).error().code(), EEXIST);
    EXPECT_EQ(net->register_device(device_named("")).error().code(), EINVAL);
    expect_only_loopback_down(*net);
}

// dev_valid_name: EINVAL for a name of IFNAMSIZ bytes with no room for the
// NUL, for "." and "..", and for '/', ':' or white space anywhere; other
// names are fine, and a name that begins like one in use is not that one.
TEST_F(NetNamespaceTest, RegisterDevice_NamesDevValidNameRefuses_AreEinval)
{
    const RefPtr<ns::NetNamespace> net = make();
    ASSERT_TRUE(net);
    net::NetDevice full;
    std::memset(full.name, 'x', sizeof(full.name));
    EXPECT_EQ(net->register_device(full).error().code(), EINVAL);
    for (const char* name : { ".", "..", "a/b", "eth:0", "a b", "tab\t", "nl\n", "cr\r", "/", ":" }) {
        EXPECT_EQ(net->register_device(device_named(name)).error().code(), EINVAL) << name;
    }
    for (const char* name : { "l", "lo0", "...", "dummy-0", "x123456789abcde" }) {
        EXPECT_TRUE(net->register_device(device_named(name)).has_value()) << name;
    }
    EXPECT_EQ(net->devices().size(), 6U);
    EXPECT_EQ(net->find_device("l")->ifindex, 2);
    EXPECT_EQ(net->find_device("lo")->ifindex, 1);
    EXPECT_EQ(net->find_device("lo1"), nullptr);
}

// unshare(2) CLONE_NEWNET: "Unshare the network namespace, so that the
// calling process is moved into a new network namespace which is not
// shared with any previously existing process" - with a fresh lo.
TEST_F(NetNamespaceTest, UnshareNewNet_GivesAFreshNamespaceWithItsOwnLoopback)
{
    const RefPtr<ns::NetNamespace> before = net_of(caller());
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWNET), 0);
    const RefPtr<ns::NetNamespace>& after = net_of(caller());
    ASSERT_TRUE(after);
    EXPECT_NE(after.get(), before.get());
    EXPECT_NE(after->inode(), before->inode());
    expect_only_loopback_down(*after);
    expect_only_loopback_down(*before);
}

// clone without CLONE_NEWNET shares the namespace, with it gets a new one.
TEST_F(NetNamespaceTest, Clone_SharesTheNamespace_UnlessNewNet)
{
    proc::Thread* shared = spawn_child();
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(net_of(*shared).get(), net_of(caller()).get());
    ASSERT_OK_AND_ASSIGN(auto copy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, CLONE_NEWNET, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    EXPECT_NE(copy->namespaces().net.get(), net_of(caller()).get());
    expect_only_loopback_down(*copy->namespaces().net);
}

} // namespace
} // namespace sirius::testing
