// The user and group id syscalls as Linux's kernel/sys.c and
// security/commoncap.c have them, and credentials(7), setresuid(2),
// setuid(2), setreuid(2), setfsuid(2), setgroups(2) and capabilities(7)
// state them: one test per rule.
#include <linux/capability.h>
#include <sys/prctl.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kIds = KernelTest::kUserData + 0x100;
constexpr u64 kGroups = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kKeep = 0xFFFFFFFF; // -1: leave unchanged

class CredentialsSyscallTest : public SignalTest {
protected:
    std::array<u32, 3> resuid()
    {
        EXPECT_EQ(call(__NR_getresuid, kIds, kIds + 4, kIds + 8), 0);
        return { static_cast<u32>(peek(kIds)), static_cast<u32>(peek(kIds + 4)), static_cast<u32>(peek(kIds + 8)) };
    }
    std::array<u32, 3> resgid()
    {
        EXPECT_EQ(call(__NR_getresgid, kIds, kIds + 4, kIds + 8), 0);
        return { static_cast<u32>(peek(kIds)), static_cast<u32>(peek(kIds + 4)), static_cast<u32>(peek(kIds + 8)) };
    }
    // Runs as an unprivileged process with these uids and gids.
    void become(u32 real, u32 effective, u32 saved)
    {
        ASSERT_OK_AND_ASSIGN(auto credentials, caller().credentials->clone());
        credentials->uid = { real, effective, saved, effective };
        credentials->gid = { real, effective, saved, effective };
        credentials->permitted = proc::CapabilitySet();
        credentials->effective = proc::CapabilitySet();
        caller().credentials = credentials;
    }
    const proc::Credentials& credentials() { return *caller().credentials; }
};

// --- reading ---------------------------------------------------------------

TEST_F(CredentialsSyscallTest, GetIds_ReturnTheCallersIds)
{
    become(10, 11, 12);
    EXPECT_EQ(call(__NR_getuid), 10);
    EXPECT_EQ(call(__NR_geteuid), 11);
    EXPECT_EQ(call(__NR_getgid), 10);
    EXPECT_EQ(call(__NR_getegid), 11);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 10, 11, 12 }));
    EXPECT_EQ(resgid(), (std::array<u32, 3> { 10, 11, 12 }));
}

TEST_F(CredentialsSyscallTest, Getresuid_BadPointer_IsEfault)
{
    EXPECT_EQ(call(__NR_getresuid, kIds, kBad, kIds + 8), -EFAULT);
    EXPECT_EQ(call(__NR_getresgid, kBad, kIds, kIds), -EFAULT);
}

TEST_F(CredentialsSyscallTest, InAUserNamespaceWithoutMaps_IdsShowAsOverflow)
{
    // user_namespaces(7): an unmapped id shows as the overflow id, 65534.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(call_as(*inner, __NR_getuid), 65534);
    EXPECT_EQ(call_as(*inner, __NR_getegid), 65534);
}

// --- setresuid / setresgid -------------------------------------------------

TEST_F(CredentialsSyscallTest, Setresuid_Privileged_SetsEachIdAndMinusOneKeepsIt)
{
    ASSERT_EQ(call(__NR_setresuid, 1000, 1001, 1002), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 1000, 1001, 1002 }));
    // The filesystem uid follows the effective one.
    EXPECT_EQ(credentials().uid.filesystem, 1001U);
    ASSERT_EQ(call(__NR_setresuid, kKeep, 1000, kKeep), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 1000, 1000, 1002 }));
}

TEST_F(CredentialsSyscallTest, Setresuid_Unprivileged_OnlyToCurrentIds)
{
    // setresuid(2): "An unprivileged process may change its real UID,
    // effective UID, and saved set-user-ID, each to one of: the current real
    // UID, the current effective UID, or the current saved set-user-ID."
    become(10, 11, 12);
    ASSERT_EQ(call(__NR_setresuid, 12, 10, 11), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 12, 10, 11 }));
    EXPECT_EQ(call(__NR_setresuid, kKeep, 13, kKeep), -EPERM);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 12, 10, 11 }));
}

TEST_F(CredentialsSyscallTest, Setresgid_Unprivileged_OnlyToCurrentIds)
{
    become(10, 11, 12);
    ASSERT_EQ(call(__NR_setresgid, 11, kKeep, 10), 0);
    EXPECT_EQ(resgid(), (std::array<u32, 3> { 11, 11, 10 }));
    EXPECT_EQ(call(__NR_setresgid, 0, kKeep, kKeep), -EPERM);
}

TEST_F(CredentialsSyscallTest, Setresuid_UnmappedId_IsEinval)
{
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(call_as(*inner, __NR_setresuid, 0, kKeep, kKeep), -EINVAL);
}

// --- setuid / setgid ---------------------------------------------------------

TEST_F(CredentialsSyscallTest, Setuid_Privileged_SetsRealEffectiveAndSaved)
{
    ASSERT_EQ(call(__NR_setuid, 1000), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 1000, 1000, 1000 }));
}

TEST_F(CredentialsSyscallTest, Setuid_Unprivileged_OnlyEffectiveToRealOrSaved)
{
    // setuid(2): unprivileged, only the effective UID changes, and only to
    // the real UID or the saved set-user-ID.
    become(10, 11, 12);
    ASSERT_EQ(call(__NR_setuid, 12), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 10, 12, 12 }));
    EXPECT_EQ(call(__NR_setuid, 11), -EPERM);
}

TEST_F(CredentialsSyscallTest, Setuid_MinusOne_IsEinval)
{
    EXPECT_EQ(call(__NR_setuid, kKeep), -EINVAL);
    EXPECT_EQ(call(__NR_setgid, kKeep), -EINVAL);
}

TEST_F(CredentialsSyscallTest, Setgid_PrivilegedAndNot)
{
    ASSERT_EQ(call(__NR_setgid, 50), 0);
    EXPECT_EQ(resgid(), (std::array<u32, 3> { 50, 50, 50 }));
    become(10, 11, 12);
    EXPECT_EQ(call(__NR_setgid, 13), -EPERM);
    ASSERT_EQ(call(__NR_setgid, 10), 0);
    EXPECT_EQ(resgid(), (std::array<u32, 3> { 10, 10, 12 }));
}

// --- setreuid / setregid -----------------------------------------------------

TEST_F(CredentialsSyscallTest, Setreuid_SavedIdFollowsTheNewEffectiveOne)
{
    // setreuid(2): "If the real user ID is set ... or the effective user ID
    // is set to a value not equal to the previous real user ID, the saved
    // set-user-ID will be set to the new effective user ID."
    become(10, 11, 12);
    ASSERT_EQ(call(__NR_setreuid, kKeep, 12), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 10, 12, 12 }));
    ASSERT_EQ(call(__NR_setreuid, kKeep, 10), 0); // back to the real id
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 10, 10, 12 }));
    ASSERT_EQ(call(__NR_setreuid, 10, kKeep), 0); // real set: saved follows
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 10, 10, 10 }));
}

TEST_F(CredentialsSyscallTest, Setreuid_Unprivileged_RealOnlyToRealOrEffective)
{
    become(10, 11, 12);
    EXPECT_EQ(call(__NR_setreuid, 12, kKeep), -EPERM);
    EXPECT_EQ(call(__NR_setreuid, kKeep, 13), -EPERM);
    ASSERT_EQ(call(__NR_setreuid, 11, kKeep), 0);
    EXPECT_EQ(resuid(), (std::array<u32, 3> { 11, 11, 11 }));
    EXPECT_EQ(call(__NR_setregid, 12, kKeep), -EPERM);
}

// --- setfsuid / setfsgid ----------------------------------------------------

TEST_F(CredentialsSyscallTest, Setfsuid_ReturnsThePreviousOneAndNeverFails)
{
    // setfsuid(2): "On both success and failure, this call returns the
    // previous filesystem user ID of the caller."
    become(10, 11, 12);
    EXPECT_EQ(call(__NR_setfsuid, 12), 11);
    EXPECT_EQ(call(__NR_setfsuid, 99), 12); // not allowed: unchanged
    EXPECT_EQ(credentials().uid.filesystem, 12U);
    EXPECT_EQ(call(__NR_setfsgid, 10), 11);
    EXPECT_EQ(credentials().gid.filesystem, 10U);
}

TEST_F(CredentialsSyscallTest, Setfsuid_AwayFromRoot_DropsTheFilesystemCapabilities)
{
    // capabilities(7): "If the filesystem user ID is changed from 0 to
    // nonzero, then the following capabilities are cleared from the
    // effective set: CAP_CHOWN, CAP_DAC_OVERRIDE, ..."
    ASSERT_EQ(call(__NR_setfsuid, 1000), 0);
    EXPECT_FALSE(credentials().effective.has(CAP_CHOWN));
    EXPECT_FALSE(credentials().effective.has(CAP_DAC_OVERRIDE));
    EXPECT_TRUE(credentials().effective.has(CAP_KILL));
    ASSERT_EQ(call(__NR_setfsuid, 0), 1000);
    EXPECT_TRUE(credentials().effective.has(CAP_CHOWN));
}

// --- capabilities follow the uids -------------------------------------------

TEST_F(CredentialsSyscallTest, LeavingRoot_ClearsPermittedAndEffective)
{
    // capabilities(7): "If one or more of the real, effective, or saved
    // set user IDs was previously 0, and as a result of the UID changes all
    // of these IDs have a nonzero value, then all capabilities are cleared
    // from the permitted, effective, and ambient capability sets."
    ASSERT_EQ(call(__NR_setresuid, 1000, 1000, 1000), 0);
    EXPECT_EQ(credentials().permitted.bits(), 0U);
    EXPECT_EQ(credentials().effective.bits(), 0U);
}

TEST_F(CredentialsSyscallTest, LeavingRoot_WithKeepcaps_KeepsPermitted)
{
    ASSERT_EQ(call(__NR_prctl, PR_SET_KEEPCAPS, 1), 0);
    ASSERT_EQ(call(__NR_setresuid, 1000, 1000, 1000), 0);
    EXPECT_TRUE(credentials().permitted.has(CAP_KILL));
    // "If the effective user ID is changed from 0 to nonzero, then all
    // capabilities are cleared from the effective set."
    EXPECT_EQ(credentials().effective.bits(), 0U);
}

TEST_F(CredentialsSyscallTest, EffectiveUidBackToRoot_RestoresEffectiveFromPermitted)
{
    // "If the effective user ID is changed from nonzero to 0, then the
    // permitted set is copied to the effective set."
    ASSERT_EQ(call(__NR_setresuid, 0, 1000, 0), 0);
    EXPECT_EQ(credentials().effective.bits(), 0U);
    EXPECT_TRUE(credentials().permitted.has(CAP_KILL));
    ASSERT_EQ(call(__NR_setresuid, kKeep, 0, kKeep), 0);
    EXPECT_EQ(credentials().effective, credentials().permitted);
}

// --- setgroups / getgroups ---------------------------------------------------

TEST_F(CredentialsSyscallTest, Setgroups_StoresThemSorted)
{
    const u32 groups[3] = { 5, 3, 9 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kGroups), groups, sizeof(groups)).has_value());
    ASSERT_EQ(call(__NR_setgroups, 3, kGroups), 0);
    EXPECT_EQ(call(__NR_getgroups, 0, 0), 3);
    ASSERT_EQ(call(__NR_getgroups, 3, kIds), 3);
    EXPECT_EQ(peek(kIds), 3);
    EXPECT_EQ(peek(kIds + 4), 5);
    EXPECT_EQ(peek(kIds + 8), 9);
}

TEST_F(CredentialsSyscallTest, Getgroups_SizeTooSmallOrNegative_IsEinval)
{
    const u32 groups[2] = { 1, 2 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kGroups), groups, sizeof(groups)).has_value());
    ASSERT_EQ(call(__NR_setgroups, 2, kGroups), 0);
    EXPECT_EQ(call(__NR_getgroups, 1, kIds), -EINVAL);
    EXPECT_EQ(call(__NR_getgroups, static_cast<u64>(-1), kIds), -EINVAL);
    EXPECT_EQ(call(__NR_getgroups, 2, kBad), -EFAULT);
}

TEST_F(CredentialsSyscallTest, Setgroups_Rules)
{
    // setgroups(2): EINVAL "size is greater than NGROUPS_MAX"; EFAULT for
    // a bad list; EPERM without CAP_SETGID (checked first).
    EXPECT_EQ(call(__NR_setgroups, 65537, kGroups), -EINVAL);
    EXPECT_EQ(call(__NR_setgroups, 2, kBad), -EFAULT);
    become(10, 10, 10);
    EXPECT_EQ(call(__NR_setgroups, 65537, kGroups), -EPERM);
}

TEST_F(CredentialsSyscallTest, Setgroups_InAUserNamespaceWithoutGidMap_IsEperm)
{
    // user_namespaces(7): setgroups is denied until the gid_map is set.
    proc::Thread* inner = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(call_as(*inner, __NR_setgroups, 0, 0), -EPERM);
}

// --- accounting --------------------------------------------------------------

TEST_F(CredentialsSyscallTest, RealUidChange_MovesTheThreadsNprocCount)
{
    const u32 root_threads = kernel->threads_of_user(0);
    ASSERT_EQ(call(__NR_setresuid, 1000, kKeep, kKeep), 0);
    EXPECT_EQ(kernel->threads_of_user(1000), 1U);
    EXPECT_EQ(kernel->threads_of_user(0), root_threads - 1);
}

} // namespace
} // namespace sirius::testing
