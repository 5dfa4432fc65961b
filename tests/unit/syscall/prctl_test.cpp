// prctl(2) as Linux's kernel/sys.c and security/commoncap.c have it, for
// the options Sirius implements: one test per rule of the man page.
#include <linux/capability.h>
#include <linux/sched.h>
#include <sys/prctl.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kBuffer = KernelTest::kUserData + 0x100;
constexpr u64 kBad = 0xdead0000;

class PrctlTest : public SignalTest {
protected:
    void store_string(u64 address, const char* text, usize size)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), text, size).has_value());
    }
    std::string load_name()
    {
        char name[16] {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(name, UserAddress(kBuffer), sizeof(name)).has_value());
        return std::string(name, strnlen(name, sizeof(name)));
    }
};

TEST_F(PrctlTest, UnknownOption_IsEinval)
{
    EXPECT_EQ(call(__NR_prctl, 0x7fff), -EINVAL);
}

TEST_F(PrctlTest, Pdeathsig_SetAndGet)
{
    // PR_SET_PDEATHSIG: "arg2 ... either a signal value in the range
    // [1, maxsig], or 0 to clear"; anything else is EINVAL.
    EXPECT_EQ(call(__NR_prctl, PR_SET_PDEATHSIG, 65), -EINVAL);
    ASSERT_EQ(call(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR1), 0);
    ASSERT_EQ(call(__NR_prctl, PR_GET_PDEATHSIG, kBuffer), 0);
    EXPECT_EQ(peek(kBuffer), SIGUSR1);
    EXPECT_EQ(call(__NR_prctl, PR_GET_PDEATHSIG, kBad), -EFAULT);
}

TEST_F(PrctlTest, Pdeathsig_IsClearedInAForkChild)
{
    // prctl(2): "This value is cleared for the child of a fork(2)."
    ASSERT_EQ(call(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR1), 0);
    proc::Thread* child = spawn_child();
    EXPECT_EQ(child->parent_death_signal, 0);
}

TEST_F(PrctlTest, Name_IsTruncatedTo15Bytes)
{
    // PR_SET_NAME: "The name can be up to 16 bytes long, including the
    // terminating null byte. (If the length of the string, including the
    // terminating null byte, exceeds 16 bytes, the string is silently
    // truncated.)"
    store_string(kBuffer, "a-very-long-thread-name", 24);
    ASSERT_EQ(call(__NR_prctl, PR_SET_NAME, kBuffer), 0);
    ASSERT_EQ(call(__NR_prctl, PR_GET_NAME, kBuffer), 0);
    EXPECT_EQ(load_name(), "a-very-long-thr");
    store_string(kBuffer, "short", 6);
    ASSERT_EQ(call(__NR_prctl, PR_SET_NAME, kBuffer), 0);
    ASSERT_EQ(call(__NR_prctl, PR_GET_NAME, kBuffer), 0);
    EXPECT_EQ(load_name(), "short");
}

TEST_F(PrctlTest, Name_BadPointer_IsEfaultAndKeepsTheName)
{
    store_string(kBuffer, "kept", 5);
    ASSERT_EQ(call(__NR_prctl, PR_SET_NAME, kBuffer), 0);
    EXPECT_EQ(call(__NR_prctl, PR_SET_NAME, kBad), -EFAULT);
    EXPECT_EQ(call(__NR_prctl, PR_GET_NAME, kBad), -EFAULT);
    ASSERT_EQ(call(__NR_prctl, PR_GET_NAME, kBuffer), 0);
    EXPECT_EQ(load_name(), "kept");
}

TEST_F(PrctlTest, Name_IsPerThread)
{
    proc::Thread* thread = spawn_thread();
    store_string(kBuffer, "worker", 7);
    ASSERT_EQ(call_as(*thread, __NR_prctl, PR_SET_NAME, kBuffer), 0);
    ASSERT_EQ(call(__NR_prctl, PR_GET_NAME, kBuffer), 0);
    EXPECT_NE(load_name(), "worker");
}

TEST_F(PrctlTest, Dumpable_OnlyZeroOrOneMayBeSet)
{
    // PR_SET_DUMPABLE: "arg2 must be either 0 (SUID_DUMP_DISABLE) or 1
    // (SUID_DUMP_USER)".
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 1);
    EXPECT_EQ(call(__NR_prctl, PR_SET_DUMPABLE, 2), -EINVAL);
    ASSERT_EQ(call(__NR_prctl, PR_SET_DUMPABLE, 0), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 0);
}

// prctl(2) PR_SET_DUMPABLE: the attribute "is reset to the current value
// contained in the file /proc/sys/fs/suid_dumpable (which by default has
// the value 0)" when "the process's effective user or group ID is changed"
// or "filesystem user or group ID is changed"; PR_SET_PDEATHSIG: "also
// cleared upon changes to any of the following thread credentials:
// effective user ID, effective group ID, filesystem user ID, or filesystem
// group ID".
TEST_F(PrctlTest, EffectiveOrFilesystemIdChange_ClearsDumpableAndParentDeathSignal)
{
    ASSERT_EQ(call(__NR_prctl, PR_SET_PDEATHSIG, SIGUSR1), 0);
    ASSERT_EQ(call(__NR_setresuid, 0, 0, 0), 0); // no change
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 1);
    ASSERT_EQ(call(__NR_setfsgid, 5), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 0);
    ASSERT_EQ(call(__NR_prctl, PR_GET_PDEATHSIG, kBuffer), 0);
    EXPECT_EQ(peek(kBuffer), 0);
    ASSERT_EQ(call(__NR_prctl, PR_SET_DUMPABLE, 1), 0);
    ASSERT_EQ(call(__NR_setresuid, static_cast<u64>(-1), 1000, static_cast<u64>(-1)), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 0);
}

// commit_creds's cred_cap_issubset: a new user namespace owned by the
// caller's euid is below the old one, so unshare(CLONE_NEWUSER) leaves the
// process dumpable; dropping capabilities does too.
TEST_F(PrctlTest, NewUserNamespaceOrFewerCapabilities_KeepDumpable)
{
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWUSER), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 1);
    ASSERT_EQ(call(__NR_prctl, PR_CAPBSET_DROP, CAP_KILL), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_DUMPABLE), 1);
}

TEST_F(PrctlTest, NoNewPrivs_OnlyOneWithZeroArgumentsAndNeverUnset)
{
    EXPECT_EQ(call(__NR_prctl, PR_SET_NO_NEW_PRIVS, 0), -EINVAL);
    EXPECT_EQ(call(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 1), -EINVAL);
    EXPECT_EQ(call(__NR_prctl, PR_GET_NO_NEW_PRIVS), 0);
    ASSERT_EQ(call(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_NO_NEW_PRIVS), 1);
    EXPECT_EQ(call(__NR_prctl, PR_GET_NO_NEW_PRIVS, 1), -EINVAL);
    // Inherited by children (prctl(2): "preserved across fork(2)").
    EXPECT_TRUE(spawn_child()->no_new_privs);
}

TEST_F(PrctlTest, ChildSubreaper_MarksExistingDescendants)
{
    proc::Thread* child = spawn_child();
    m_caller = child;
    proc::Thread* grandchild = spawn_child();
    m_caller = child->process().parent()->leader();
    ASSERT_FALSE(grandchild->process().has_child_subreaper());
    ASSERT_EQ(call(__NR_prctl, PR_SET_CHILD_SUBREAPER, 1), 0);
    EXPECT_TRUE(child->process().has_child_subreaper());
    EXPECT_TRUE(grandchild->process().has_child_subreaper());
    ASSERT_EQ(call(__NR_prctl, PR_GET_CHILD_SUBREAPER, kBuffer), 0);
    EXPECT_EQ(peek(kBuffer), 1);
}

TEST_F(PrctlTest, Capbset_ReadAndDrop)
{
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_READ, CAP_KILL), 1);
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_READ, CAP_LAST_CAP + 1), -EINVAL);
    ASSERT_EQ(call(__NR_prctl, PR_CAPBSET_DROP, CAP_KILL), 0);
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_READ, CAP_KILL), 0);
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_DROP, CAP_LAST_CAP + 1), -EINVAL);
}

TEST_F(PrctlTest, CapbsetDrop_WithoutCapSetpcap_IsEperm)
{
    become_user(1000);
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_DROP, CAP_KILL), -EPERM);
    // Reading needs no privilege.
    EXPECT_EQ(call(__NR_prctl, PR_CAPBSET_READ, CAP_KILL), 1);
}

TEST_F(PrctlTest, Keepcaps_SetGetAndLocked)
{
    EXPECT_EQ(call(__NR_prctl, PR_GET_KEEPCAPS), 0);
    EXPECT_EQ(call(__NR_prctl, PR_SET_KEEPCAPS, 2), -EINVAL);
    ASSERT_EQ(call(__NR_prctl, PR_SET_KEEPCAPS, 1), 0);
    EXPECT_EQ(call(__NR_prctl, PR_GET_KEEPCAPS), 1);
    // SECBIT_KEEP_CAPS_LOCKED: the flag may no longer change.
    ASSERT_OK_AND_ASSIGN(auto credentials, caller().credentials->clone());
    credentials->securebits |= 1U << 5; // SECURE_KEEP_CAPS_LOCKED
    caller().credentials = credentials;
    EXPECT_EQ(call(__NR_prctl, PR_SET_KEEPCAPS, 0), -EPERM);
}

} // namespace
} // namespace sirius::testing
