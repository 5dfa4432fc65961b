// uname(2), sethostname(2) and setdomainname(2) as kernel/sys.c has them:
// the names belong to the caller's UTS namespace (uts_namespaces(7)).
#include <cstring>
#include <string>
#include <sys/utsname.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kName = KernelTest::kUserData + 0x100;
constexpr u64 kUts = KernelTest::kUserData + 0x1000;
constexpr u64 kUnmapped = 0xdead0000;

class UtsSyscallTest : public SignalTest {
protected:
    void write_bytes(u64 address, const std::string& bytes)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), bytes.data(), bytes.size()).has_value());
    }
    new_utsname uname_as(proc::Thread& thread)
    {
        new_utsname names {};
        EXPECT_EQ(call_as(thread, __NR_uname, kUts), 0);
        EXPECT_TRUE(thread.memory->address_space().copy_from_user(&names, UserAddress(kUts), sizeof(names)).has_value());
        return names;
    }
    // Children share the caller's memory (CLONE_VM), where the tests write
    // the names they pass.
    proc::Thread* child_in_new_uts_namespace() { return clone_ok(request_with(CLONE_NEWUTS | CLONE_VM)); }
};

TEST_F(UtsSyscallTest, Uname_InitialNamespace_ReportsLinuxAndNoneForTheNames)
{
    new_utsname names = uname_as(caller());
    EXPECT_STREQ(names.sysname, "Linux");
    EXPECT_STREQ(names.machine, "x86_64");
    // UTS_NODENAME and UTS_DOMAINNAME default to "(none)".
    EXPECT_STREQ(names.nodename, "(none)");
    EXPECT_STREQ(names.domainname, "(none)");
}

TEST_F(UtsSyscallTest, Uname_BadPointer_IsEfault)
{
    // uname(2) ERRORS: "EFAULT buf is not valid."
    EXPECT_EQ(call(__NR_uname, kUnmapped), -EFAULT);
    EXPECT_EQ(call(__NR_uname, 0), -EFAULT);
    EXPECT_EQ(call(__NR_uname, KernelTest::kUserData + KernelTest::kUserDataSize - 8), -EFAULT);
}

TEST_F(UtsSyscallTest, Sethostname_SetsTheNodenameUnameReports)
{
    write_bytes(kName, "sirius");
    ASSERT_EQ(call(__NR_sethostname, kName, 6), 0);
    EXPECT_STREQ(uname_as(caller()).nodename, "sirius");
}

TEST_F(UtsSyscallTest, Setdomainname_SetsTheDomainnameUnameReports)
{
    write_bytes(kName, "example.org");
    ASSERT_EQ(call(__NR_setdomainname, kName, 11), 0);
    EXPECT_STREQ(uname_as(caller()).domainname, "example.org");
    EXPECT_STREQ(uname_as(caller()).nodename, "(none)");
}

TEST_F(UtsSyscallTest, Sethostname_TakesExactlyLenBytes_TheNameNeedNotEndInNul)
{
    // gethostname(2): "len specifies the number of bytes in name"; the rest
    // of the field is cleared.
    write_bytes(kName, "longname");
    ASSERT_EQ(call(__NR_sethostname, kName, 8), 0);
    write_bytes(kName, "abcdef");
    ASSERT_EQ(call(__NR_sethostname, kName, 3), 0);
    EXPECT_STREQ(uname_as(caller()).nodename, "abc");
}

TEST_F(UtsSyscallTest, Sethostname_ZeroLength_SetsAnEmptyName)
{
    ASSERT_EQ(call(__NR_sethostname, kUnmapped, 0), 0);
    EXPECT_STREQ(uname_as(caller()).nodename, "");
}

TEST_F(UtsSyscallTest, Sethostname_MaximumLength64_IsAccepted)
{
    write_bytes(kName, std::string(64, 'z'));
    ASSERT_EQ(call(__NR_sethostname, kName, 64), 0);
    EXPECT_EQ(std::strlen(uname_as(caller()).nodename), 64U);
}

TEST_F(UtsSyscallTest, Sethostname_LenOver64_IsEinval)
{
    // sethostname(2) ERRORS: "EINVAL len is negative or ... larger than the
    // maximum allowed size."
    EXPECT_EQ(call(__NR_sethostname, kName, 65), -EINVAL);
    EXPECT_EQ(call(__NR_setdomainname, kName, 65), -EINVAL);
}

TEST_F(UtsSyscallTest, Sethostname_NegativeLen_IsEinval)
{
    EXPECT_EQ(call(__NR_sethostname, kName, static_cast<u64>(-1)), -EINVAL);
    EXPECT_EQ(call(__NR_setdomainname, kName, 0x80000000), -EINVAL);
}

TEST_F(UtsSyscallTest, Sethostname_LenIsAnInt_TheUpperHalfIsIgnored)
{
    // The host's Linux: sethostname("abc", 0x100000002) sets "ab".
    write_bytes(kName, "abc");
    ASSERT_EQ(call(__NR_sethostname, kName, 0x100000002), 0);
    EXPECT_STREQ(uname_as(caller()).nodename, "ab");
}

TEST_F(UtsSyscallTest, Sethostname_BadPointer_IsEfaultAndNothingChanges)
{
    // sethostname(2) ERRORS: "EFAULT name is an invalid address."
    EXPECT_EQ(call(__NR_sethostname, kUnmapped, 5), -EFAULT);
    EXPECT_EQ(call(__NR_setdomainname, 0, 5), -EFAULT);
    EXPECT_STREQ(uname_as(caller()).nodename, "(none)");
}

TEST_F(UtsSyscallTest, Sethostname_WithoutCapSysAdmin_IsEperm)
{
    // sethostname(2) ERRORS: "EPERM the caller did not have the
    // CAP_SYS_ADMIN capability in the user namespace associated with its
    // UTS namespace."
    become_user(1000);
    write_bytes(kName, "x");
    EXPECT_EQ(call(__NR_sethostname, kName, 1), -EPERM);
    EXPECT_EQ(call(__NR_setdomainname, kName, 1), -EPERM);
}

TEST_F(UtsSyscallTest, Sethostname_EpermIsCheckedBeforeTheLength)
{
    become_user(1000);
    EXPECT_EQ(call(__NR_sethostname, kName, 65), -EPERM);
}

TEST_F(UtsSyscallTest, Sethostname_InANewUtsNamespace_TheParentKeepsItsName)
{
    // uts_namespaces(7): "Changes made to these identifiers are visible to
    // all other processes in the same UTS namespace, but are not visible to
    // processes in other UTS namespaces."
    proc::Thread* child = child_in_new_uts_namespace();
    ASSERT_NE(child, nullptr);
    write_bytes(kName, "inner");
    ASSERT_EQ(call_as(*child, __NR_sethostname, kName, 5), 0);
    EXPECT_STREQ(uname_as(*child).nodename, "inner");
    EXPECT_STREQ(uname_as(caller()).nodename, "(none)");
}

TEST_F(UtsSyscallTest, Sethostname_ThreadsShareTheNamespace)
{
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    write_bytes(kName, "shared");
    ASSERT_EQ(call_as(*thread, __NR_sethostname, kName, 6), 0);
    EXPECT_STREQ(uname_as(caller()).nodename, "shared");
}

TEST_F(UtsSyscallTest, Sethostname_InAUserNamespacesOwnUtsNamespace_IsAllowed)
{
    // user_namespaces(7): the creator of a user namespace has every
    // capability in it, so in a UTS namespace it owns it may set the name.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER | CLONE_NEWUTS | CLONE_VM));
    ASSERT_NE(inner, nullptr);
    write_bytes(kName, "mine");
    EXPECT_EQ(call_as(*inner, __NR_sethostname, kName, 4), 0);
}

TEST_F(UtsSyscallTest, Sethostname_InAUserNamespaceButTheInitialUtsNamespace_IsEperm)
{
    // The initial UTS namespace is owned by the initial user namespace,
    // where the new user namespace's creator has no capabilities.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(call_as(*inner, __NR_sethostname, kName, 4), -EPERM);
}

} // namespace
} // namespace sirius::testing
