// pidfd_open(2), pidfd_send_signal(2) and pidfd_getfd(2) as Linux
// (kernel/pid.c, kernel/signal.c, 6.9 and later) has them: one test per rule.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>

#include "core/proc/pidfd_file.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kInfo = KernelTest::kUserData + 0x300;
constexpr u64 kBad = 0xdead0000;
constexpr u64 kPidfdThread = O_EXCL;
constexpr u64 kSignalThread = 1;
constexpr u64 kSignalThreadGroup = 2;
constexpr u64 kSignalProcessGroup = 4;

class PidfdTest : public SignalTest {
protected:
    int open_pidfd(const proc::Thread& thread, u64 flags = 0)
    {
        const i64 fd = call(__NR_pidfd_open, flags & kPidfdThread ? tid_of(thread) : tgid_of(thread), flags);
        EXPECT_GE(fd, 0);
        return static_cast<int>(fd);
    }
};

TEST_F(PidfdTest, Open_BadFlagsOrPid_IsEinval)
{
    EXPECT_EQ(call(__NR_pidfd_open, tgid_of(caller()), 0x1), -EINVAL);
    EXPECT_EQ(call(__NR_pidfd_open, 0, 0), -EINVAL);
    EXPECT_EQ(call(__NR_pidfd_open, static_cast<u64>(-1), 0), -EINVAL);
}

TEST_F(PidfdTest, Open_NoSuchPid_IsEsrch)
{
    EXPECT_EQ(call(__NR_pidfd_open, 30000, 0), -ESRCH);
}

TEST_F(PidfdTest, Open_ThreadThatIsNotALeader_NeedsPidfdThread)
{
    // pidfd_open(2) EINVAL: "pid refers to a thread that is not a thread-group
    // leader" (unless PIDFD_THREAD).
    proc::Thread* thread = spawn_thread();
    EXPECT_EQ(call(__NR_pidfd_open, tid_of(*thread), 0), -EINVAL);
    EXPECT_GE(call(__NR_pidfd_open, tid_of(*thread), kPidfdThread), 0);
}

TEST_F(PidfdTest, Open_GivesACloseOnExecPidfd)
{
    proc::Thread* child = spawn_child();
    const int fd = open_pidfd(*child, O_NONBLOCK);
    RefPtr<fs::File> file = caller().files->get(fd);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->kind(), fs::FileKind::Pidfd);
    EXPECT_EQ(static_cast<proc::PidfdFile&>(*file).pid().get(), &child->process().pid());
    EXPECT_NE(file->status_flags() & O_NONBLOCK, 0U);
}

TEST_F(PidfdTest, SendSignal_ToTheProcess)
{
    proc::Thread* child = spawn_child();
    set_handler(*child, SIGUSR1, 0x401000);
    const int fd = open_pidfd(*child);
    ASSERT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, 0, 0), 0);
    const signal::SignalInfo info = take_group(*child, SIGUSR1);
    EXPECT_EQ(info.code, signal::kSiUser);
    EXPECT_EQ(info.sender_pid(), static_cast<i32>(tgid_of(caller())));
}

TEST_F(PidfdTest, SendSignal_ThreadPidfd_TargetsTheThreadWithSiTkill)
{
    proc::Thread* thread = spawn_thread();
    set_handler(caller(), SIGUSR1, 0x401000);
    const int fd = open_pidfd(*thread, kPidfdThread);
    ASSERT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, 0, 0), 0);
    EXPECT_EQ(take_thread(*thread, SIGUSR1).code, signal::kSiTkill);
    // PIDFD_SIGNAL_THREAD_GROUP overrides the pidfd's own scope.
    ASSERT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, 0, kSignalThreadGroup), 0);
    EXPECT_TRUE(group_pending(caller(), SIGUSR1));
}

TEST_F(PidfdTest, SendSignal_ProcessGroupScope)
{
    proc::Thread* leader = spawn_child();
    proc::Process& process = leader->process();
    ASSERT_OK_AND_ASSIGN(auto group, proc::ProcessGroup::create(process.pid_ref(), process.process_group().session_ref()));
    process.set_process_group(group);
    proc::Thread* member = spawn_child();
    member->process().set_process_group(group);
    set_handler(*leader, SIGUSR2, 0x401000);
    set_handler(*member, SIGUSR2, 0x401000);
    const int fd = open_pidfd(*leader);
    ASSERT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR2, 0, kSignalProcessGroup), 0);
    EXPECT_TRUE(group_pending(*leader, SIGUSR2));
    EXPECT_TRUE(group_pending(*member, SIGUSR2));
}

TEST_F(PidfdTest, SendSignal_UnknownOrSeveralScopeFlags_AreEinval)
{
    const int fd = open_pidfd(*spawn_child());
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, 0, 0, 8), -EINVAL);
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, 0, 0, kSignalThread | kSignalThreadGroup), -EINVAL);
}

TEST_F(PidfdTest, SendSignal_NotAPidfd_IsEbadf)
{
    EXPECT_EQ(call(__NR_pidfd_send_signal, 0, 0, 0, 0), -EBADF); // the console
    EXPECT_EQ(call(__NR_pidfd_send_signal, 77, 0, 0, 0), -EBADF);
    EXPECT_EQ(call(__NR_pidfd_send_signal, static_cast<u64>(-1), 0, 0, 0), -EBADF);
}

TEST_F(PidfdTest, SendSignal_ExitedAndReaped_IsEsrch)
{
    // pidfd_send_signal(2) ESRCH: "The target process does not exist (i.e., it
    // has terminated and been waited on)."
    proc::Thread* child = spawn_child();
    const int fd = open_pidfd(*child);
    proc::Process& process = child->process();
    kernel->exit_thread(*child, 0);
    kernel->reap(process);
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, 0, 0, 0), -ESRCH);
}

TEST_F(PidfdTest, SendSignal_InfoRules)
{
    proc::Thread* child = spawn_child();
    set_handler(*child, SIGUSR1, 0x401000);
    const int fd = open_pidfd(*child);
    signal::SignalInfo info;
    info.signo = SIGUSR2;
    info.code = signal::kSiQueue;
    store_info(kInfo, info);
    // "sig ... must match info->si_signo".
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, kInfo, 0), -EINVAL);
    info.signo = SIGUSR1;
    info.code = signal::kSiUser;
    store_info(kInfo, info);
    // "Only allow sending arbitrary signals to yourself."
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, kInfo, 0), -EPERM);
    info.code = signal::kSiQueue;
    info.set_value(5);
    store_info(kInfo, info);
    ASSERT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, kInfo, 0), 0);
    EXPECT_EQ(take_group(*child, SIGUSR1).value(), 5U);
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, kBad, 0), -EFAULT);
}

TEST_F(PidfdTest, SendSignal_WithoutPermission_IsEperm)
{
    proc::Thread* root_child = spawn_child();
    const int fd = open_pidfd(*root_child);
    become_user(1000);
    EXPECT_EQ(call(__NR_pidfd_send_signal, fd, SIGUSR1, 0, 0), -EPERM);
}

TEST_F(PidfdTest, SendSignal_ProcessOutsideTheCallersPidNamespace_IsEinval)
{
    // access_pidfd_pidns: the target must be in the caller's pid namespace
    // or below it.
    const int fd = open_pidfd(*init);
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID | CLONE_FILES));
    ASSERT_NE(ns_init, nullptr);
    EXPECT_EQ(call_as(*ns_init, __NR_pidfd_send_signal, fd, 0, 0, 0), -EINVAL);
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

// --- poll(2) on a pidfd (pidfd_poll) ---

using ::testing::_;

// pidfd_getfd(2), kernel/pid.c's pidfd_getfd and __pidfd_fget.
TEST_F(PidfdTest, Getfd_NonzeroFlags_IsEinval)
{
    // "flags is currently unused - make sure it's unset", before the fd.
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(-1), 0, 1), -EINVAL);
}

TEST_F(PidfdTest, Getfd_BadPidfd_IsEbadf)
{
    // pidfd_getfd(2) EBADF: "pidfd is not a valid PID file descriptor."
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(-1), 0, 0), -EBADF);
    EXPECT_EQ(call(__NR_pidfd_getfd, 60, 0, 0), -EBADF);
    ASSERT_EQ(call(__NR_pipe2, kInfo, 0), 0);
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(peek(kInfo)), 0, 0), -EBADF);
}

TEST_F(PidfdTest, Getfd_TargetFdNotOpen_IsEbadf)
{
    // pidfd_getfd(2) EBADF: "targetfd is not an open file descriptor in
    // the process referred to by pidfd."
    const int pidfd = open_pidfd(*spawn_child());
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), 55, 0), -EBADF);
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), static_cast<u64>(-1), 0), -EBADF);
}

TEST_F(PidfdTest, Getfd_DuplicatesTheFileCloseOnExec)
{
    // "The close-on-exec flag (FD_CLOEXEC) is set on the file descriptor
    // returned by pidfd_getfd()."
    ASSERT_EQ(call(__NR_pipe2, kInfo, 0), 0);
    const int write_end = peek(kInfo + 4);
    proc::Thread* child = spawn_child();
    const int pidfd = open_pidfd(*child);
    const i64 fd = call(__NR_pidfd_getfd, static_cast<u64>(pidfd), static_cast<u64>(write_end), 0);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(caller().files->get(static_cast<int>(fd)), child->files->get(write_end));
    EXPECT_TRUE(caller().files->close_on_exec(static_cast<int>(fd)));
}

TEST_F(PidfdTest, Getfd_WithoutPtraceAttachAccess_IsEperm)
{
    // pidfd_getfd(2) EPERM: "The calling process did not have
    // PTRACE_MODE_ATTACH_REALCREDS permissions".
    proc::Thread* child = spawn_child();
    const int pidfd = open_pidfd(*child);
    become_user(1000);
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), 0, 0), -EPERM);
}

TEST_F(PidfdTest, Getfd_NotDumpableTarget_IsEpermWithoutCapSysPtrace)
{
    proc::Thread* child = spawn_child();
    const int pidfd = open_pidfd(*child);
    child->memory->set_dumpable(mm::Dumpable::Disabled);
    proc::CapabilitySet capabilities;
    capabilities.add(CAP_SYS_ADMIN);
    become_user(0, capabilities);
    child->credentials = caller().credentials;
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), 0, 0), -EPERM);
}

TEST_F(PidfdTest, Getfd_ExitedTarget_IsEsrch)
{
    // pidfd_getfd(2) ESRCH: "The process referred to by pidfd does not
    // exist (i.e., it has terminated and been waited on)" - and one that
    // is exiting, whose files are gone.
    proc::Thread* child = spawn_child();
    const int pidfd = open_pidfd(*child);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), 0, 0), -ESRCH);
}

TEST_F(PidfdTest, Getfd_NoFreeFd_IsEmfile)
{
    const int pidfd = open_pidfd(*spawn_child());
    caller().process().limits().get(RLIMIT_NOFILE).soft = static_cast<u64>(pidfd) + 1;
    EXPECT_EQ(call(__NR_pidfd_getfd, static_cast<u64>(pidfd), 0, 0), -EMFILE);
}

class PidfdPollTest : public PidfdTest {
protected:
    u32 poll_pidfd(int fd) { return caller().files->get(fd)->poll(nullptr); }
};

TEST_F(PidfdPollTest, Poll_LiveProcess_IsNotReady)
{
    // pidfd_open(2): "the file descriptor becomes readable when the process
    // terminates".
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(poll_pidfd(open_pidfd(*child)), 0U);
}

TEST_F(PidfdPollTest, Poll_Zombie_IsReadable_Reaped_IsAlsoHungUp)
{
    // "if (!task) poll_flags = EPOLLIN | EPOLLRDNORM | EPOLLHUP; else if
    // (task->exit_state && ...) poll_flags = EPOLLIN | EPOLLRDNORM;"
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    const int fd = open_pidfd(*child);
    proc::Process& process = child->process();
    const RefPtr<proc::Process> keep(&process);
    // do_notify_pidfd wakes the pid's pollers (the parent's wait(2)
    // queue is woken too).
    EXPECT_CALL(scheduler, wake_all(_)).Times(::testing::AnyNumber());
    EXPECT_CALL(scheduler, wake_all(::testing::Ref(process.pid().pidfd_waiters))).Times(::testing::AtLeast(1));
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(poll_pidfd(fd), u32 { EPOLLIN | EPOLLRDNORM });
    kernel->reap(process);
    EXPECT_EQ(poll_pidfd(fd), u32 { EPOLLIN | EPOLLRDNORM | EPOLLHUP });
}

TEST_F(PidfdPollTest, Poll_ProcessWithAThreadLeft_IsNotReadyUntilTheLastExits)
{
    // thread_group_empty: the process's pidfd waits for every thread.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    const int fd = open_pidfd(caller());
    kernel->exit_thread(*thread, 0);
    EXPECT_EQ(poll_pidfd(fd), 0U);
}

} // namespace
} // namespace sirius::testing
