// wait4(2), waitid(2), exit(2), exit_group(2), getpid(2), getppid(2) and
// gettid(2) as Linux's kernel/exit.c and kernel/sys.c have them, through
// the syscall table: one test per rule.
#include <sys/resource.h>
#include <sys/wait.h>

#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "core/time/tick.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kStatus = KernelTest::kUserData + 0x100;
constexpr u64 kInfo = KernelTest::kUserData + 0x200;
constexpr u64 kUsage = KernelTest::kUserData + 0x400;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kAnyChild = static_cast<u64>(-1);

class WaitTest : public SignalTest {
protected:
    i32 status() { return peek(kStatus); }
    signal::SignalInfo info()
    {
        signal::SignalInfo result;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&result, UserAddress(kInfo), sizeof(result)).has_value());
        return result;
    }
    void fill_info(u8 byte)
    {
        u8 bytes[128];
        for (u8& each : bytes) {
            each = byte;
        }
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kInfo), bytes, sizeof(bytes)).has_value());
    }
    // The child ends with wait status `wait_status`.
    void end(proc::Thread& child, int wait_status) { kernel->exit_thread(child, wait_status); }
    // A whole syscall as `thread` makes it; false if the thread ended.
    bool run_as(proc::Thread& thread, u64 number, u64 a0 = 0)
    {
        syscall::SyscallContext context { *kernel, thread };
        syscall::SyscallArguments args { { a0, 0, 0, 0, 0, 0 } };
        return syscall::run_syscall(context, number, args) == signal::ReturnToUser::Resume;
    }
};

// --- argument rules ----------------------------------------------------------

TEST_F(WaitTest, Wait4_UnknownOptionBits_AreEinval)
{
    spawn_child();
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0x80000), -EINVAL);
    // WEXITED and WNOWAIT are waitid's, not wait4's.
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOWAIT), -EINVAL);
}

TEST_F(WaitTest, Wait4_IntMin_IsEsrch)
{
    EXPECT_EQ(call(__NR_wait4, 0x80000000U, kStatus, 0), -ESRCH);
}

TEST_F(WaitTest, Waitid_NoStateToWaitFor_IsEinval)
{
    // waitid(2): "options ... must specify at least one of WEXITED,
    // WSTOPPED, WCONTINUED".
    spawn_child();
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WNOHANG), -EINVAL);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | 0x80000), -EINVAL);
}

TEST_F(WaitTest, Waitid_BadIdtypeOrId_IsEinval)
{
    EXPECT_EQ(call(__NR_waitid, 99, 0, kInfo, WEXITED), -EINVAL);
    EXPECT_EQ(call(__NR_waitid, P_PID, 0, kInfo, WEXITED), -EINVAL);
    EXPECT_EQ(call(__NR_waitid, P_PID, static_cast<u64>(-1), kInfo, WEXITED), -EINVAL);
    EXPECT_EQ(call(__NR_waitid, P_PGID, static_cast<u64>(-1), kInfo, WEXITED), -EINVAL);
    EXPECT_EQ(call(__NR_waitid, P_PIDFD, static_cast<u64>(-1), kInfo, WEXITED), -EINVAL);
}

TEST_F(WaitTest, Waitid_PidfdThatIsNotOne_IsEbadf)
{
    EXPECT_EQ(call(__NR_waitid, P_PIDFD, 77, kInfo, WEXITED), -EBADF);
}

TEST_F(WaitTest, NoChildren_IsEchild)
{
    // wait(2) ECHILD: "The calling process does not have any unwaited-for
    // children."
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0), -ECHILD);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED), -ECHILD);
    spawn_child();
    EXPECT_EQ(call(__NR_wait4, 30000, kStatus, 0), -ECHILD);
}

// --- what is reported -----------------------------------------------------

TEST_F(WaitTest, Wnohang_LiveChild_ReturnsZero)
{
    spawn_child();
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), 0);
}

TEST_F(WaitTest, WaitidWnohang_NothingToReport_ZeroesOnlyTheReportedFields)
{
    spawn_child();
    fill_info(0x55);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | WNOHANG), 0);
    const signal::SignalInfo result = info();
    EXPECT_EQ(result.signo, 0);
    EXPECT_EQ(result.code, 0);
    EXPECT_EQ(result.sender_pid(), 0);
    EXPECT_EQ(result.child_status(), 0);
    EXPECT_EQ(result.fields[40], 0x55); // the rest is left alone
}

TEST_F(WaitTest, ExitedChild_IsReapedWithItsStatus)
{
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    end(*child, 3 << 8);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0, kUsage), static_cast<i64>(pid));
    EXPECT_EQ(status(), 0x300);
    // Collected: nothing more to wait for.
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), -ECHILD);
    EXPECT_EQ(call(__NR_kill, pid, 0), -ESRCH);
}

TEST_F(WaitTest, Waitid_ReportsCldExitedAndCldKilled)
{
    proc::Thread* exited = spawn_child();
    proc::Thread* killed = spawn_child();
    const u64 exited_pid = tgid_of(*exited);
    const u64 killed_pid = tgid_of(*killed);
    end(*exited, 3 << 8);
    end(*killed, SIGTERM);
    ASSERT_EQ(call(__NR_waitid, P_PID, exited_pid, kInfo, WEXITED), 0);
    EXPECT_EQ(info().signo, SIGCHLD);
    EXPECT_EQ(info().code, signal::kChildExited);
    EXPECT_EQ(info().child_status(), 3);
    EXPECT_EQ(info().sender_pid(), static_cast<i32>(exited_pid));
    ASSERT_EQ(call(__NR_waitid, P_PID, killed_pid, kInfo, WEXITED), 0);
    EXPECT_EQ(info().code, signal::kChildKilled);
    EXPECT_EQ(info().child_status(), SIGTERM);
}

TEST_F(WaitTest, Wnowait_LeavesTheChildWaitable)
{
    // waitid(2) WNOWAIT: "Leave the child in a waitable state; a later wait
    // call can be used to again retrieve the child status information."
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    end(*child, 0);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | WNOWAIT), 0);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | WNOWAIT), 0);
    EXPECT_EQ(info().sender_pid(), static_cast<i32>(pid));
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0), static_cast<i64>(pid));
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0), -ECHILD);
}

TEST_F(WaitTest, Waitid_PidfdNamesTheChild)
{
    // waitid(2) P_PIDFD: "Wait for the child referred to by the PID file
    // descriptor specified in id."
    proc::CloneRequest request = request_with(CLONE_PIDFD);
    request.pidfd = UserAddress(kUserData + 0x600);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    proc::Thread* other = spawn_child();
    end(*other, 0);
    const i32 pidfd = peek(kUserData + 0x600);
    EXPECT_EQ(call(__NR_waitid, P_PIDFD, static_cast<u64>(pidfd), kInfo, WEXITED | WNOHANG), 0);
    EXPECT_EQ(info().sender_pid(), 0);
    const u64 pid = tgid_of(*child);
    end(*child, 4 << 8);
    ASSERT_EQ(call(__NR_waitid, P_PIDFD, static_cast<u64>(pidfd), kInfo, WEXITED), 0);
    EXPECT_EQ(info().sender_pid(), static_cast<i32>(pid));
    EXPECT_EQ(info().child_status(), 4);
}

TEST_F(WaitTest, WaitidPgidZero_IsTheCallersGroup)
{
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    end(*child, 0);
    ASSERT_EQ(call(__NR_waitid, P_PGID, 0, kInfo, WEXITED), 0);
    EXPECT_EQ(info().sender_pid(), static_cast<i32>(pid));
}

TEST_F(WaitTest, SpecificPid_WaitsForThatChildOnly)
{
    proc::Thread* first = spawn_child();
    proc::Thread* second = spawn_child();
    const u64 second_pid = tgid_of(*second);
    end(*first, 0);
    EXPECT_EQ(call(__NR_wait4, second_pid, kStatus, WNOHANG), 0);
    end(*second, 0);
    EXPECT_EQ(call(__NR_wait4, second_pid, kStatus, 0), static_cast<i64>(second_pid));
}

TEST_F(WaitTest, ProcessGroupSelectors_WaitForMembersOnly)
{
    // wait(2): pid 0 is "any child whose process group ID is equal to that
    // of the calling process", < -1 "equal to the absolute value of pid".
    proc::Thread* same_group = spawn_child();
    proc::Thread* other_group = spawn_child();
    proc::Process& process = other_group->process();
    ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref()));
    process.set_process_group(group);
    const u64 same_pid = tgid_of(*same_group);
    const u64 other_pid = tgid_of(*other_group);
    end(*same_group, 0);
    end(*other_group, 0);
    EXPECT_EQ(call(__NR_wait4, static_cast<u64>(-static_cast<i64>(other_pid)), kStatus, 0), static_cast<i64>(other_pid));
    EXPECT_EQ(call(__NR_wait4, 0, kStatus, 0), static_cast<i64>(same_pid));
}

TEST_F(WaitTest, CloneChildren_AreSeenOnlyWithWcloneOrWall)
{
    // wait(2) __WCLONE: "Wait for "clone" children only" - those that
    // deliver no signal or a signal other than SIGCHLD on termination.
    block(caller(), SIGUSR1); // its exit signal would kill us
    proc::Thread* clone_child = clone_ok(request_with(0, SIGUSR1));
    ASSERT_NE(clone_child, nullptr);
    const u64 pid = tgid_of(*clone_child);
    end(*clone_child, 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), -ECHILD);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | WNOHANG | __WCLONE | WNOWAIT), 0);
    EXPECT_EQ(info().sender_pid(), static_cast<i32>(pid));
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, __WALL), static_cast<i64>(pid));
    proc::Thread* normal = spawn_child();
    end(*normal, 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, __WCLONE | WNOHANG), -ECHILD);
}

TEST_F(WaitTest, StoppedChild_IsReportedOnceWithWuntraced)
{
    proc::Thread* child = spawn_child();
    proc::Process& process = child->process();
    process.group_signals().stopped = true;
    process.group_signals().stop_signal = SIGSTOP;
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WUNTRACED), static_cast<i64>(tgid_of(*child)));
    EXPECT_EQ(status(), 0x137f);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WUNTRACED | WNOHANG), 0);
}

TEST_F(WaitTest, ContinuedChild_IsReportedOnceWithWcontinued)
{
    proc::Thread* child = spawn_child();
    child->process().group_signals().continued = true;
    ASSERT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WCONTINUED), 0);
    EXPECT_EQ(info().code, signal::kChildContinued);
    EXPECT_EQ(info().child_status(), SIGCONT);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WCONTINUED | WNOHANG), 0);
    child->process().group_signals().continued = true;
    const u64 pid = tgid_of(*child);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WCONTINUED), static_cast<i64>(pid));
    EXPECT_EQ(status(), 0xffff);
}

TEST_F(WaitTest, ZombieWaitedForWithoutWexited_IsEchildAtOnce)
{
    // wait_task_zombie returns before the child counts as waitable.
    proc::Thread* child = spawn_child();
    end(*child, 0);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WSTOPPED | WCONTINUED), -ECHILD);
}

TEST_F(WaitTest, Waitid_StoresTheSiginfoEvenOnError)
{
    // sys_waitid writes the fields whatever kernel_waitid returned: a bad
    // pointer turns any error into EFAULT.
    fill_info(0x55);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED), -ECHILD);
    EXPECT_EQ(info().signo, 0);
    EXPECT_EQ(info().sender_pid(), 0);
    EXPECT_EQ(call(__NR_waitid, 99, 0, kBad, WEXITED), -EFAULT);
}

TEST_F(WaitTest, Wnothread_SeesOnlyTheCallingThreadsChildren)
{
    proc::Thread* thread = spawn_thread();
    proc::Thread* child_of_leader = spawn_child();
    const u64 pid = tgid_of(*child_of_leader);
    end(*child_of_leader, 0);
    EXPECT_EQ(call_as(*thread, __NR_wait4, kAnyChild, 0, __WNOTHREAD | WNOHANG), -ECHILD);
    EXPECT_EQ(call_as(*thread, __NR_wait4, kAnyChild, 0, WNOHANG), static_cast<i64>(pid));
}

TEST_F(WaitTest, Blocks_UntilAChildExits)
{
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().process().child_waiters()), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_FALSE(ready());
            end(*child, 5 << 8);
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0), static_cast<i64>(pid));
    EXPECT_EQ(status(), 0x500);
}

TEST_F(WaitTest, SignalWhileWaiting_IsErestartsys)
{
    // A handler then makes it EINTR, or SA_RESTART restarts it (signal(7)).
    spawn_child();
    set_handler(caller(), SIGUSR1, 0x401000);
    EXPECT_CALL(scheduler, wait_until(Ref(caller().process().child_waiters()), hal::BlockMode::Interruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            signal::SignalInfo sent;
            sent.signo = SIGUSR1;
            sent.code = signal::kSiUser;
            EXPECT_TRUE(signal::send_signal(*kernel, sent, caller(), signal::SignalScope::Process, signal::SignalSender::kernel()).has_value());
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0), -ERESTARTSYS);
}

TEST_F(WaitTest, BadStatusPointer_IsEfaultButTheChildIsReaped)
{
    proc::Thread* child = spawn_child();
    end(*child, 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kBad, 0), -EFAULT);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), -ECHILD);
}

TEST_F(WaitTest, DeadNamespaceInit_IsNotWaitableUntilItsNamespaceIsEmpty)
{
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    proc::Thread* parent = m_caller;
    m_caller = ns_init;
    proc::Thread* inner = clone_ok(request_with(0));
    ASSERT_NE(inner, nullptr);
    m_caller = parent;
    const u64 pid = tgid_of(*ns_init);
    end(*ns_init, 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), 0);
    end(*inner, SIGKILL);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WNOHANG), static_cast<i64>(pid));
}

// --- exit and exit_group ---------------------------------------------------

TEST_F(WaitTest, Exit_StatusIsTruncatedToEightBits)
{
    // exit(3): "the value status & 0xFF is returned to the parent".
    proc::Thread* child = spawn_child();
    const u64 pid = tgid_of(*child);
    EXPECT_FALSE(run_as(*child, __NR_exit_group, 256 + 7));
    EXPECT_EQ(call(__NR_wait4, pid, kStatus, 0), static_cast<i64>(pid));
    EXPECT_EQ(status(), 7 << 8);
}

TEST_F(WaitTest, ExitGroup_FromAnyThread_EndsTheGroupWithItsStatus)
{
    proc::Thread* child = spawn_child();
    m_caller = child;
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    m_caller = child->process().parent()->leader();
    const u64 pid = tgid_of(*child);
    EXPECT_FALSE(run_as(*thread, __NR_exit_group, 5));
    // The leader has SIGKILL pending and ends when it next runs.
    EXPECT_TRUE(child->has_fatal_signal());
    EXPECT_EQ(call(__NR_wait4, pid, kStatus, WNOHANG), 0);
    EXPECT_EQ(signal::handle_signals(*kernel, *child, nullptr), signal::ReturnToUser::Exited);
    EXPECT_EQ(call(__NR_wait4, pid, kStatus, 0), static_cast<i64>(pid));
    EXPECT_EQ(status(), 5 << 8);
}

TEST_F(WaitTest, LeaderExitsFirst_TheParentSeesTheLastThreadsStatus)
{
    // synchronize_group_exit: the last thread to exit makes its code the
    // group's (tests/conformance/process/wait_rules.c shows 9, not 7).
    proc::Thread* child = spawn_child();
    m_caller = child;
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    m_caller = child->process().parent()->leader();
    const u64 pid = tgid_of(*child);
    EXPECT_FALSE(run_as(*child, __NR_exit, 7));
    EXPECT_EQ(call(__NR_wait4, pid, kStatus, WNOHANG), 0);
    EXPECT_FALSE(run_as(*thread, __NR_exit, 9));
    EXPECT_EQ(call(__NR_wait4, pid, kStatus, 0), static_cast<i64>(pid));
    EXPECT_EQ(status(), 9 << 8);
}

// --- getpid, getppid, gettid -------------------------------------------------

TEST_F(WaitTest, Ids_AreThoseOfTheCallersPidNamespace)
{
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(call(__NR_getpid), static_cast<i64>(tgid_of(caller())));
    EXPECT_EQ(call_as(*thread, __NR_getpid), static_cast<i64>(tgid_of(caller())));
    EXPECT_EQ(call_as(*thread, __NR_gettid), static_cast<i64>(tid_of(*thread)));
    EXPECT_EQ(call(__NR_getppid), 1);
    // pid_namespaces(7): the first process of a new namespace is 1, and
    // its parent, outside the namespace, shows as 0.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    EXPECT_EQ(call_as(*ns_init, __NR_getpid), 1);
    EXPECT_EQ(call_as(*ns_init, __NR_getppid), 0);
}

// --- rusage ---------------------------------------------------------------------------

struct WaitUsage {
    i64 user_us;
    i64 system_us;
    i64 maxrss;
};

class WaitUsageTest : public WaitTest {
protected:
    WaitUsage usage()
    {
        struct rusage value {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(kUsage), sizeof(value)).has_value());
        // In u64: an untouched buffer holds garbage that would overflow.
        auto microseconds = [](const struct timeval& time) {
            return static_cast<i64>(static_cast<u64>(time.tv_sec) * 1'000'000U + static_cast<u64>(time.tv_usec));
        };
        return WaitUsage { microseconds(value.ru_utime), microseconds(value.ru_stime), value.ru_maxrss };
    }
    void fill_usage(u8 byte)
    {
        u8 bytes[sizeof(struct rusage)];
        __builtin_memset(bytes, byte, sizeof(bytes));
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kUsage), bytes, sizeof(bytes)).has_value());
    }
    void charge(proc::Thread& thread, time::TickMode mode, int count)
    {
        for (int i = 0; i < count; ++i) {
            time::account_tick(*kernel, thread, mode);
        }
    }
    static constexpr i64 kTickUs = host::HostClock::kTickPeriod / 1'000;
};

TEST_F(WaitUsageTest, Wait4_Rusage_IsTheChildsAndItsWaitedForChildrensTimes)
{
    // wait4(2): "If rusage is not NULL, the struct rusage to which it
    // points will be filled with accounting information about the child"
    // - getrusage(p, RUSAGE_BOTH).
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::User, 1200);
    charge(*child, time::TickMode::System, 3);
    child->process().children_times() = time::CpuTimes { 5'000'000, 0 };
    const u64 pid = tgid_of(*child);
    end(*child, 0);
    fill_usage(0x5a);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0, kUsage), static_cast<i64>(pid));
    const WaitUsage result = usage();
    EXPECT_EQ(result.user_us, 1200 * kTickUs + 5'000);
    EXPECT_EQ(result.system_us, 3 * kTickUs);
    EXPECT_EQ(result.maxrss, 0); // not counted: see getrusage
}

TEST_F(WaitUsageTest, Waitid_Rusage_IsWrittenForAReportedChild)
{
    // waitid(2) with a fifth argument (the raw call): the same rusage.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::System, 40);
    end(*child, 0);
    syscall::SyscallContext context { *kernel, caller() };
    syscall::SyscallArguments args { { P_ALL, 0, kInfo, WEXITED, kUsage, 0 } };
    EXPECT_EQ(syscall::dispatch_syscall(context, __NR_waitid, args), 0);
    EXPECT_EQ(usage().system_us, 40 * kTickUs);
}

TEST_F(WaitUsageTest, WaitidWnohang_NothingToReport_LeavesTheRusageAlone)
{
    // sys_waitid: "if (err > 0) ... copy_to_user(ru, ...)" - only when a
    // child was reported.
    spawn_child();
    fill_usage(0x5a);
    syscall::SyscallContext context { *kernel, caller() };
    syscall::SyscallArguments args { { P_ALL, 0, kInfo, WEXITED | WNOHANG, kUsage, 0 } };
    EXPECT_EQ(syscall::dispatch_syscall(context, __NR_waitid, args), 0);
    EXPECT_EQ(usage().maxrss, 0x5a5a5a5a5a5a5a5a);
}

TEST_F(WaitUsageTest, StoppedChild_RusageIsReportedToo)
{
    // wait_task_stopped: "if (wo->wo_rusage) getrusage(p, RUSAGE_BOTH,
    // wo->wo_rusage);".
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::User, 7);
    child->process().group_signals().stopped = true;
    child->process().group_signals().stop_signal = SIGSTOP;
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, WUNTRACED, kUsage), static_cast<i64>(tgid_of(*child)));
    EXPECT_EQ(usage().user_us, 7 * kTickUs);
}

TEST_F(WaitUsageTest, ReapedChild_JoinsTheChildrenTimes_ButNotWithWnowait)
{
    // wait_task_zombie adds the child's times to the parent's cutime and
    // cstime only when it reaps it ("state == EXIT_DEAD"), not when
    // WNOWAIT leaves it waitable.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    charge(*child, time::TickMode::User, 9);
    end(*child, 0);
    EXPECT_EQ(call(__NR_waitid, P_ALL, 0, kInfo, WEXITED | WNOWAIT), 0);
    EXPECT_EQ(caller().process().children_times(), time::CpuTimes {});
    EXPECT_GT(call(__NR_wait4, kAnyChild, kStatus, 0, 0), 0);
    EXPECT_EQ(caller().process().children_times(), (time::CpuTimes { 9 * host::HostClock::kTickPeriod, 0 }));
}

TEST_F(WaitUsageTest, Wait4_BadRusagePointer_IsEfaultButTheChildIsReaped)
{
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const u64 pid = tgid_of(*child);
    end(*child, 0);
    EXPECT_EQ(call(__NR_wait4, kAnyChild, kStatus, 0, kBad), -EFAULT);
    EXPECT_EQ(call(__NR_kill, pid, 0), -ESRCH);
}

} // namespace
} // namespace sirius::testing
