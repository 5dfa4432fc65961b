// NamespaceHandle: one namespace of any type, as a namespace file holds it
// (namespaces(7): each /proc/<pid>/ns entry has a type, an inode number and
// an owning user namespace; ioctl_ns(2) NS_GET_NSTYPE answers with the
// CLONE_NEW* flag of the type).
#include <linux/sched.h>

#include <cstring>

#include "core/ns/namespace_handle.h"
#include "core/proc/thread.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class NamespaceHandleTest : public KernelTest {
protected:
    const ns::NamespaceSet& set() { return caller().namespaces->namespaces(); }
    ns::UserNamespace* initial_user() { return kernel->initial_user_namespace().get(); }

    // Every fact a handle gives of its namespace.
    void expect_handle(const ns::NamespaceHandle& handle, ns::NamespaceType type, u32 flag, const char* name, u32 inode, const ns::UserNamespace* owner)
    {
        EXPECT_FALSE(handle.is_null());
        EXPECT_EQ(handle.type(), type);
        EXPECT_EQ(handle.clone_flag(), flag);
        EXPECT_STREQ(handle.type_name(), name);
        EXPECT_EQ(handle.inode(), inode);
        EXPECT_EQ(handle.owner(), owner);
    }
};

TEST_F(NamespaceHandleTest, EveryType_HasItsFlagNameInodeAndOwner)
{
    // namespaces(7): the types and their CLONE_NEW* flags; every initial
    // namespace but the user one is owned by the initial user namespace.
    expect_handle(ns::NamespaceHandle(set().uts), ns::NamespaceType::Uts, CLONE_NEWUTS, "uts", set().uts->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().ipc), ns::NamespaceType::Ipc, CLONE_NEWIPC, "ipc", set().ipc->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().mount), ns::NamespaceType::Mount, CLONE_NEWNS, "mnt", set().mount->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().pid_for_children), ns::NamespaceType::Pid, CLONE_NEWPID, "pid", set().pid_for_children->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().net), ns::NamespaceType::Net, CLONE_NEWNET, "net", set().net->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().cgroup), ns::NamespaceType::Cgroup, CLONE_NEWCGROUP, "cgroup", set().cgroup->inode(), initial_user());
    expect_handle(ns::NamespaceHandle(set().time), ns::NamespaceType::Time, CLONE_NEWTIME, "time", set().time->inode(), initial_user());
}

TEST_F(NamespaceHandleTest, UserNamespace_IsOwnedByItsParent)
{
    // ioctl_ns(2) NS_GET_USERNS / NS_GET_PARENT: a user namespace's owner is
    // its parent; the initial one has none.
    const RefPtr<ns::UserNamespace>& initial = kernel->initial_user_namespace();
    expect_handle(ns::NamespaceHandle(initial), ns::NamespaceType::User, CLONE_NEWUSER, "user", initial->inode(), nullptr);
    ASSERT_OK_AND_ASSIGN(auto child, ns::UserNamespace::create_child(kernel->namespace_inodes(), initial, 1000, 1000));
    expect_handle(ns::NamespaceHandle(child), ns::NamespaceType::User, CLONE_NEWUSER, "user", child->inode(), initial.get());
}

TEST_F(NamespaceHandleTest, DefaultHandle_IsNull)
{
    EXPECT_TRUE(ns::NamespaceHandle().is_null());
}

} // namespace
} // namespace sirius::testing
