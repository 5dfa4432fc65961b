// getpriority(2) and setpriority(2) through the syscall table: the rules
// of kernel/sys.c (sys_setpriority, set_one_prio, sys_getpriority).
#include <sys/resource.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class PriorityTest : public SignalTest {
protected:
    i64 getpriority(int which, i32 who) { return call(__NR_getpriority, static_cast<u64>(which), static_cast<u64>(static_cast<i64>(who))); }
    i64 setpriority(int which, i32 who, int nice)
    {
        return call(__NR_setpriority, static_cast<u64>(which), static_cast<u64>(static_cast<i64>(who)), static_cast<u64>(static_cast<i64>(nice)));
    }
};

TEST_F(PriorityTest, Priority_WhichOutOfRange_IsEinval)
{
    // "if (which > PRIO_USER || which < PRIO_PROCESS) goto out" (EINVAL).
    EXPECT_EQ(setpriority(PRIO_USER + 1, 0, 5), -EINVAL);
    EXPECT_EQ(setpriority(-1, 0, 5), -EINVAL);
    EXPECT_EQ(getpriority(PRIO_USER + 1, 0), -EINVAL);
    EXPECT_EQ(caller().nice, 0);
}

TEST_F(PriorityTest, Getpriority_ReturnsTwentyMinusNice)
{
    // getpriority(2): "the raw system call returns ... 20 - nice".
    EXPECT_EQ(getpriority(PRIO_PROCESS, 0), 20);
    ASSERT_EQ(setpriority(PRIO_PROCESS, 0, 5), 0);
    EXPECT_EQ(getpriority(PRIO_PROCESS, 0), 15);
    EXPECT_EQ(caller().nice, 5);
}

TEST_F(PriorityTest, Setpriority_NiceOutOfRange_IsClamped)
{
    // "if (niceval < MIN_NICE) niceval = MIN_NICE; if (niceval > MAX_NICE)
    // niceval = MAX_NICE;"
    ASSERT_EQ(setpriority(PRIO_PROCESS, 0, 100), 0);
    EXPECT_EQ(caller().nice, 19);
    ASSERT_EQ(setpriority(PRIO_PROCESS, 0, -100), 0);
    EXPECT_EQ(caller().nice, -20);
    EXPECT_EQ(getpriority(PRIO_PROCESS, 0), 40);
}

TEST_F(PriorityTest, Priority_NoSuchProcessOrGroup_IsEsrch)
{
    EXPECT_EQ(setpriority(PRIO_PROCESS, 4000, 1), -ESRCH);
    EXPECT_EQ(getpriority(PRIO_PROCESS, 4000), -ESRCH);
    EXPECT_EQ(setpriority(PRIO_PGRP, 4000, 1), -ESRCH);
    EXPECT_EQ(getpriority(PRIO_USER, 4000), -ESRCH);
}

TEST_F(PriorityTest, PrioProcess_NamesOneThreadByItsId)
{
    // find_task_by_vpid: a thread id names that thread only.
    proc::Thread* thread = spawn_thread();
    ASSERT_EQ(setpriority(PRIO_PROCESS, static_cast<i32>(tid_of(*thread)), 7), 0);
    EXPECT_EQ(thread->nice, 7);
    EXPECT_EQ(caller().nice, 0);
}

TEST_F(PriorityTest, PrioPgrp_SetsEveryThreadOfTheGroup_GetReturnsTheHighestPriority)
{
    proc::Thread* child = spawn_child();
    ASSERT_EQ(&child->process().process_group(), &caller().process().process_group());
    ASSERT_EQ(setpriority(PRIO_PGRP, 0, 6), 0);
    EXPECT_EQ(caller().nice, 6);
    EXPECT_EQ(child->nice, 6);
    ASSERT_EQ(setpriority(PRIO_PROCESS, static_cast<i32>(tid_of(*child)), 2), 0);
    // The lowest nice value of the group: 20 - 2.
    EXPECT_EQ(getpriority(PRIO_PGRP, 0), 18);
}

TEST_F(PriorityTest, PrioUser_SetsTheThreadsOfThatRealUid)
{
    ASSERT_EQ(setpriority(PRIO_USER, 0, 3), 0);
    EXPECT_EQ(caller().nice, 3);
    EXPECT_EQ(init->nice, 3);
    EXPECT_EQ(getpriority(PRIO_USER, 0), 17);
}

TEST_F(PriorityTest, Setpriority_AnotherUsersProcessWithoutCapSysNice_IsEperm)
{
    // set_one_prio_perm: "uid_eq(pcred->uid, cred->euid) ||
    // uid_eq(pcred->euid, cred->euid)" or CAP_SYS_NICE.
    become_user(1000);
    EXPECT_EQ(setpriority(PRIO_PROCESS, static_cast<i32>(tid_of(*init)), 5), -EPERM);
    EXPECT_EQ(init->nice, 0);
}

TEST_F(PriorityTest, Setpriority_RaisingPriorityPastRlimitNiceWithoutCapSysNice_IsEacces)
{
    // can_nice: "nice_to_rlimit(nice) <= task_rlimit(p, RLIMIT_NICE) ||
    // capable(CAP_SYS_NICE)"; RLIMIT_NICE is 0 by default, so an
    // unprivileged process may only lower its priority.
    become_user(1000);
    ASSERT_EQ(setpriority(PRIO_PROCESS, 0, 10), 0);
    EXPECT_EQ(setpriority(PRIO_PROCESS, 0, 5), -EACCES);
    EXPECT_EQ(caller().nice, 10);
    caller().process().limits().get(RLIMIT_NICE) = { 15, 15 };
    EXPECT_EQ(setpriority(PRIO_PROCESS, 0, 5), 0);
    EXPECT_EQ(caller().nice, 5);
}

TEST_F(PriorityTest, Fork_ChildInheritsTheNiceValue)
{
    ASSERT_EQ(setpriority(PRIO_PROCESS, 0, 4), 0);
    EXPECT_EQ(spawn_child()->nice, 4);
}

} // namespace
} // namespace sirius::testing
