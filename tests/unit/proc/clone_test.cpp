// The rules of clone(2) as Linux's kernel/fork.c applies them (kernel_clone,
// copy_process and its copy_* helpers), one test per rule, named after it.
// Rejected calls must leave the machine exactly as it was; accepted ones must
// share or copy each resource as the flag says, which the mocks verify.
#include <linux/sched.h>
#include <signal.h>
#include <sys/resource.h>

#include "core/proc/clone_args.h"
#include "core/proc/pidfd_file.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::_;
using ::testing::Return;

// --- validation order of copy_process -----------------------------------

TEST_F(CloneTest, Clone_NewnsWithFs_IsEinval)
{
    expect_rejected(request_with(CLONE_NEWNS | CLONE_FS), EINVAL);
}

TEST_F(CloneTest, Clone_NewuserWithFs_IsEinval)
{
    expect_rejected(request_with(CLONE_NEWUSER | CLONE_FS), EINVAL);
}

TEST_F(CloneTest, Clone_ThreadWithoutSighand_IsEinval)
{
    expect_rejected(request_with(CLONE_THREAD | CLONE_VM, 0), EINVAL);
}

TEST_F(CloneTest, Clone_SighandWithoutVm_IsEinval)
{
    expect_rejected(request_with(CLONE_SIGHAND), EINVAL);
}

TEST_F(CloneTest, Clone_ParentFromGlobalInit_IsEinval)
{
    m_caller = init;
    expect_rejected(request_with(CLONE_PARENT, 0), EINVAL);
}

TEST_F(CloneTest, Clone_ThreadWithNewuser_IsEinval)
{
    expect_rejected(request_with(kThreadFlags | CLONE_NEWUSER, 0), EINVAL);
}

TEST_F(CloneTest, Clone_ThreadWithNewpid_IsEinval)
{
    expect_rejected(request_with(kThreadFlags | CLONE_NEWPID, 0), EINVAL);
}

TEST_F(CloneTest, Clone_ThreadAfterUnsharePid_IsEinval)
{
    // unshare(CLONE_NEWPID) leaves the caller in place but gives its children
    // a new namespace; a thread must stay in the caller's.
    ASSERT_OK_AND_ASSIGN(auto pid_ns, ns::PidNamespace::create_child(kernel->namespace_inodes(), caller().namespaces->namespaces().pid_for_children, kernel->initial_user_namespace()));
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, 0, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    proxy->namespaces().pid_for_children = pid_ns;
    caller().namespaces = proxy;
    expect_rejected(request_with(kThreadFlags, 0), EINVAL);
}

TEST_F(CloneTest, Clone_VmAfterUnshareTime_ChildStaysInCallersTimeNamespace)
{
    // Linux >= 6.x (measured on the host): CLONE_VM and CLONE_THREAD are
    // allowed after unshare(CLONE_NEWTIME); only a child with its own memory
    // enters the new time namespace.
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, CLONE_NEWTIME, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    caller().namespaces = proxy;
    proc::Thread* sibling = clone_ok(request_with(CLONE_VM));
    ASSERT_NE(sibling, nullptr);
    EXPECT_EQ(sibling->namespaces->namespaces().time, caller().namespaces->namespaces().time);
    proc::Thread* thread = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ(thread->namespaces, caller().namespaces);
}

TEST_F(CloneTest, Clone_PidfdWithThread_GivesThreadPidfd)
{
    // Linux >= 6.9: CLONE_PIDFD with CLONE_THREAD returns a pidfd for the thread.
    proc::CloneRequest request = request_with(kThreadFlags | CLONE_PIDFD, 0);
    request.pidfd = UserAddress(kUserData);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    RefPtr<fs::File> file = caller().files->get(peek(kUserData));
    ASSERT_TRUE(file);
    EXPECT_EQ(static_cast<proc::PidfdFile&>(*file).pid(), child->pid_ref());
}

TEST_F(CloneTest, Clone_PidfdWithDetached_IsEinval)
{
    expect_rejected(request_with(CLONE_PIDFD | CLONE_DETACHED), EINVAL);
}

TEST_F(CloneTest, Clone_PidfdWithParentSettidAtSameAddress_IsEinval)
{
    // Legacy clone passes the pidfd through parent_tid.
    expect_rejected(proc::clone_request_from_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, kUserData, 0, 0), EINVAL);
}

TEST_F(CloneTest, Clone3_PidfdWithParentSettidAtDifferentAddresses_Succeeds)
{
    proc::CloneRequest request = request_with(CLONE_PIDFD | CLONE_PARENT_SETTID);
    request.pidfd = UserAddress(kUserData);
    request.parent_tid = UserAddress(kUserData + 8);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(peek(kUserData + 8), child->pid().nr_in(caller().active_pid_namespace()));
    const int fd = peek(kUserData);
    ASSERT_TRUE(caller().files->get(fd));
    EXPECT_EQ(caller().files->get(fd)->kind(), fs::FileKind::Pidfd);
    EXPECT_TRUE(caller().files->close_on_exec(fd));
}

TEST_F(CloneTest, Clone_NewnamespaceWithoutCapSysAdmin_IsEperm)
{
    become_user(1000);
    for (u64 flag : std::initializer_list<u64> { CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME }) {
        SCOPED_TRACE(flag);
        expect_rejected(request_with(flag), EPERM, AddressSpace::CopiedThenDropped);
    }
}

TEST_F(CloneTest, Clone_NewuserWithoutCapabilities_Succeeds)
{
    become_user(1000);
    proc::Thread* child = clone_ok(request_with(CLONE_NEWUSER));
    ASSERT_NE(child, nullptr);
    // user_namespaces(7): "the child process ... has a full set of capabilities in the new user namespace".
    EXPECT_EQ(child->credentials->effective, proc::CapabilitySet::full());
    EXPECT_EQ(child->credentials->user_ns->parent(), caller().credentials->user_ns.get());
    EXPECT_EQ(child->credentials->user_ns->owner_uid(), 1000U);
}

TEST_F(CloneTest, Clone_NewuserThenNewpidWithoutCapabilities_Succeeds)
{
    become_user(1000);
    proc::Thread* child = clone_ok(request_with(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->pid().innermost_nr(), 1);
}

TEST_F(CloneTest, Clone_NewuserWhenChrooted_IsEperm)
{
    caller().fs->set_chrooted(true);
    expect_rejected(request_with(CLONE_NEWUSER), EPERM);
}

TEST_F(CloneTest, Clone_NewipcWithSysvsem_IsEinval)
{
    expect_rejected(request_with(CLONE_NEWIPC | CLONE_SYSVSEM), EINVAL, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone_NewpidAfterUnsharePid_IsEinval)
{
    ASSERT_OK_AND_ASSIGN(auto pid_ns, ns::PidNamespace::create_child(kernel->namespace_inodes(), caller().namespaces->namespaces().pid_for_children, kernel->initial_user_namespace()));
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, 0, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    proxy->namespaces().pid_for_children = pid_ns;
    caller().namespaces = proxy;
    expect_rejected(request_with(CLONE_NEWPID), EINVAL, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone_PendingSignal_IsRestartedTransparently)
{
    caller().pending.add(SIGUSR1);
    expect_rejected(request_with(0), ERESTARTNOINTR);
}

TEST_F(CloneTest, Clone_BlockedPendingSignal_DoesNotStopFork)
{
    caller().pending.add(SIGUSR1);
    caller().blocked.add(SIGUSR1);
    EXPECT_NE(clone_ok(request_with(0)), nullptr);
}

TEST_F(CloneTest, Clone_OverRlimitNproc_IsEagain)
{
    become_user(1000);
    // The caller is the one task of uid 1000 the kernel counted when it was
    // forked as root; count it as 1000's now.
    caller().process().limits().get(RLIMIT_NPROC).soft = 0;
    proc::Thread* first = clone_ok(request_with(0)); // 0 tasks of uid 1000 counted: not over
    ASSERT_NE(first, nullptr);
    expect_rejected(request_with(0), EAGAIN); // 1 > 0
}

TEST_F(CloneTest, Clone_OverRlimitNprocAsRoot_Succeeds)
{
    caller().process().limits().get(RLIMIT_NPROC).soft = 0;
    EXPECT_NE(clone_ok(request_with(0)), nullptr);
}

TEST_F(CloneTest, Clone_AtMaxThreads_IsEagain)
{
    kernel->set_max_threads(kernel->thread_count());
    expect_rejected(request_with(0), EAGAIN);
}

TEST_F(CloneTest, Clone_SettlsOutsideUserHalf_IsEperm)
{
    proc::CloneRequest request = request_with(CLONE_SETTLS);
    request.tls = mmu.user_address_limit();
    expect_rejected(request, EPERM, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone_KilledDuringClone_IsEintrAndLeavesNothing)
{
    // "Let kill terminate clone/fork in the middle": SIGKILL arrives while the
    // child is being built (here: while the scheduler prepares it).
    EXPECT_CALL(scheduler, prepare_thread(_)).WillOnce([&](proc::Thread&) {
        caller().pending.add(SIGKILL);
        return Result<void>();
    });
    EXPECT_CALL(scheduler, discard_thread(_)).Times(1);
    EXPECT_CALL(scheduler, start_thread(_)).Times(0);
    const KernelSnapshot before = snapshot();
    EXPECT_EQ(errno_of(clone_from_caller(request_with(0))), EINTR);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CloneTest, Clone_ProcessKilledDuringClone_IsEintr)
{
    // A process-wide SIGKILL (kill(2) to the thread group) counts too.
    EXPECT_CALL(scheduler, prepare_thread(_)).WillOnce([&](proc::Thread&) {
        caller().process().shared_pending().add(SIGKILL);
        return Result<void>();
    });
    EXPECT_CALL(scheduler, discard_thread(_)).Times(1);
    EXPECT_EQ(errno_of(clone_from_caller(request_with(0))), EINTR);
}

TEST_F(CloneTest, Clone_NamespaceInitDiesDuringClone_IsEnomem)
{
    // The namespace's init may die while the child is being built (on
    // another CPU): the check is repeated before the child is published.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    m_caller = ns_init;
    EXPECT_CALL(scheduler, prepare_thread(_)).WillOnce([&](proc::Thread&) {
        ns_init->active_pid_namespace().stop_accepting_pids();
        return Result<void>();
    });
    EXPECT_CALL(scheduler, discard_thread(_)).Times(1);
    EXPECT_EQ(errno_of(clone_from_caller(request_with(0))), ENOMEM);
}

TEST_F(CloneTest, Clone_OverRlimitNprocWithCapSysResourceOrCapSysAdmin_Succeeds)
{
    for (int capability : { CAP_SYS_RESOURCE, CAP_SYS_ADMIN }) {
        SCOPED_TRACE(capability);
        proc::CapabilitySet capabilities;
        capabilities.add(capability);
        become_user(1000, capabilities);
        caller().process().limits().get(RLIMIT_NPROC).soft = 0;
        ASSERT_NE(clone_ok(request_with(0)), nullptr);
        EXPECT_NE(clone_ok(request_with(0)), nullptr);
    }
}

TEST_F(CloneTest, FindThread_UnknownPid_IsNull)
{
    EXPECT_EQ(kernel->find_thread(kernel->root_pid_namespace(), 31999), nullptr);
}

// --- what the child shares and what it copies ---------------------------

TEST_F(CloneTest, Clone_Vm_SharesAddressSpaceAndNeverClonesIt)
{
    EXPECT_CALL(caller_space(), clone_for_fork()).Times(0);
    proc::Thread* child = clone_ok(request_with(CLONE_VM));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->memory, caller().memory);
}

TEST_F(CloneTest, Clone_WithoutVm_ClonesAddressSpaceOnce)
{
    EXPECT_CALL(caller_space(), clone_for_fork()).Times(1);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_NE(child->memory, caller().memory);
    EXPECT_NE(&child->memory->address_space(), &caller().memory->address_space());
}

TEST_F(CloneTest, Clone_AddressSpaceCloneFails_IsEnomemAndLeavesNothing)
{
    EXPECT_CALL(caller_space(), clone_for_fork()).WillOnce(Return(::testing::ByMove(Result<RefPtr<hal::AddressSpace>>(errno_error(ENOMEM)))));
    EXPECT_CALL(scheduler, prepare_thread(_)).Times(0);
    const KernelSnapshot before = snapshot();
    EXPECT_EQ(errno_of(clone_from_caller(request_with(0))), ENOMEM);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(CloneTest, Clone_Files_SharesFdTable)
{
    proc::Thread* child = clone_ok(request_with(CLONE_FILES));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->files, caller().files);
}

TEST_F(CloneTest, Clone_WithoutFiles_CopiesFdTable)
{
    ASSERT_OK_AND_ASSIGN(auto pid, proc::Pid::allocate(kernel->initial_namespaces()->namespaces().pid_for_children, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    ASSERT_OK_AND_ASSIGN(auto file, try_make_ref<proc::PidfdFile>(pid, 0U));
    ASSERT_OK_AND_ASSIGN(int fd, caller().files->reserve(0, 1024));
    caller().files->install(fd, file, false);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_NE(child->files, caller().files);
    EXPECT_EQ(child->files->get(fd), caller().files->get(fd)); // same open file description
}

TEST_F(CloneTest, Clone_Fs_SharesFsContext)
{
    proc::Thread* child = clone_ok(request_with(CLONE_FS));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->fs, caller().fs);
}

TEST_F(CloneTest, Clone_WithoutFs_CopiesUmask)
{
    caller().fs->set_umask(077);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_NE(child->fs, caller().fs);
    EXPECT_EQ(child->fs->umask(), 077U);
}

TEST_F(CloneTest, Clone_Sighand_SharesSignalActions)
{
    proc::Thread* child = clone_ok(request_with(CLONE_SIGHAND | CLONE_VM));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->signal_actions, caller().signal_actions);
}

TEST_F(CloneTest, Clone_WithoutSighand_CopiesSignalActions)
{
    caller().signal_actions->action(SIGUSR1).handler = 0x401234;
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_NE(child->signal_actions, caller().signal_actions);
    EXPECT_EQ(child->signal_actions->action(SIGUSR1).handler, 0x401234U);
}

TEST_F(CloneTest, Clone_ClearSighand_ResetsHandlersButKeepsIgnored)
{
    caller().signal_actions->action(SIGUSR1).handler = 0x401234;
    caller().signal_actions->action(SIGUSR1).flags = SA_RESTART;
    caller().signal_actions->action(SIGUSR2).handler = signal::kSigIgnore;
    proc::Thread* child = clone_ok(request_with(CLONE_CLEAR_SIGHAND));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->signal_actions->action(SIGUSR1).handler, signal::kSigDefault);
    EXPECT_EQ(child->signal_actions->action(SIGUSR1).flags, 0U);
    EXPECT_EQ(child->signal_actions->action(SIGUSR2).handler, signal::kSigIgnore);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR1).handler, 0x401234U);
}

TEST_F(CloneTest, Clone_Thread_JoinsCallersThreadGroup)
{
    proc::Thread* child = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(&child->process(), &caller().process());
    EXPECT_EQ(child->credentials, caller().credentials);
    EXPECT_EQ(caller().process().thread_count(), 2U);
    EXPECT_FALSE(child->is_group_leader());
}

TEST_F(CloneTest, Clone_WithoutThread_StartsNewProcessAsCallersChild)
{
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_NE(&child->process(), &caller().process());
    EXPECT_EQ(child->process().parent(), &caller().process());
    EXPECT_EQ(child->process().exit_signal(), SIGCHLD);
    EXPECT_EQ(&child->process().process_group(), &caller().process().process_group());
    EXPECT_NE(child->credentials, caller().credentials);
}

TEST_F(CloneTest, Clone_Parent_MakesSiblingWithParentsExitSignal)
{
    caller().process().set_exit_signal(SIGUSR2);
    proc::Thread* child = clone_ok(request_with(CLONE_PARENT, 0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->process().parent(), caller().process().parent());
    EXPECT_EQ(child->process().exit_signal(), SIGUSR2);
}

TEST_F(CloneTest, Clone_Settls_SetsChildTlsOnly)
{
    proc::CloneRequest request = request_with(CLONE_SETTLS);
    request.tls = 0x7000'1000;
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->context->tls(), 0x7000'1000U);
    EXPECT_EQ(caller().context->tls(), 0U);
}

TEST_F(CloneTest, Clone_Stack_SetsChildStackPointerAndZeroReturn)
{
    proc::CloneRequest request = request_with(CLONE_VM);
    request.stack = 0x5000'0000;
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->context->stack_pointer(), 0x5000'0000U);
    EXPECT_EQ(child->context->return_value(), 0U);
}

TEST_F(CloneTest, Clone_NoStack_ChildUsesCallersStackPointer)
{
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->context->stack_pointer(), caller().context->stack_pointer());
}

TEST_F(CloneTest, Clone_ParentSettid_StoresChildTidInCallerMemory)
{
    proc::CloneRequest request = request_with(CLONE_PARENT_SETTID);
    request.parent_tid = UserAddress(kUserData + 16);
    auto result = clone_from_caller(request);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(peek(kUserData + 16), result.value().pid);
}

TEST_F(CloneTest, Clone_ParentSettidBadAddress_StillSucceeds)
{
    proc::CloneRequest request = request_with(CLONE_PARENT_SETTID);
    request.parent_tid = UserAddress(0xdead0000);
    EXPECT_TRUE(clone_from_caller(request).has_value());
}

TEST_F(CloneTest, Clone_ChildSettid_WrittenInChildMemoryOnFirstRun)
{
    proc::CloneRequest request = request_with(CLONE_VM | CLONE_CHILD_SETTID);
    request.child_tid = UserAddress(kUserData + 32);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(peek(kUserData + 32), 0);
    proc::finish_clone_in_child(*child);
    EXPECT_EQ(peek(kUserData + 32), child->pid().nr_in(child->active_pid_namespace()));
}

TEST_F(CloneTest, Clone_ChildCleartid_ClearedWhenChildExits)
{
    poke(kUserData + 48, 777);
    proc::CloneRequest request = request_with(kThreadFlags | CLONE_CHILD_CLEARTID, 0);
    request.child_tid = UserAddress(kUserData + 48);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->clear_child_tid, UserAddress(kUserData + 48));
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(peek(kUserData + 48), 0);
}

TEST_F(CloneTest, Clone_Pidfd_BadAddress_IsEfaultAndLeavesNoFd)
{
    proc::CloneRequest request = request_with(CLONE_PIDFD);
    request.pidfd = UserAddress(0xdead0000);
    expect_rejected(request, EFAULT, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone_Pidfd_NoFreeDescriptor_IsEmfile)
{
    caller().process().limits().get(RLIMIT_NOFILE).soft = 0;
    proc::CloneRequest request = request_with(CLONE_PIDFD);
    request.pidfd = UserAddress(kUserData);
    expect_rejected(request, EMFILE, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone_Pidfd_NotInheritedByChildWithCopiedTable)
{
    proc::CloneRequest request = request_with(CLONE_PIDFD);
    request.pidfd = UserAddress(kUserData);
    proc::Thread* child = clone_ok(request);
    ASSERT_NE(child, nullptr);
    const int fd = peek(kUserData);
    EXPECT_TRUE(caller().files->get(fd));
    EXPECT_FALSE(child->files->get(fd));
}

TEST_F(CloneTest, Clone_Vfork_ParentBlocksUntilChildExits)
{
    proc::Thread* child = nullptr;
    EXPECT_CALL(scheduler, start_thread(_)).WillOnce([&](proc::Thread& started) { child = &started; });
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_FALSE(ready());
        EXPECT_NE(child->vfork_done, nullptr);
        kernel->exit_thread(*child, 0);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    EXPECT_TRUE(clone_from_caller(proc::clone_request_for_vfork()).has_value());
}

TEST_F(CloneTest, Clone_Vfork_KilledParentStopsWaiting)
{
    // Linux wait_for_vfork_done waits killable: only a fatal signal ends it.
    proc::Thread* child = nullptr;
    EXPECT_CALL(scheduler, start_thread(_)).WillOnce([&](proc::Thread& started) { child = &started; });
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        caller().pending.add(SIGKILL);
        return hal::WakeReason::Interrupted;
    });
    EXPECT_TRUE(clone_from_caller(proc::clone_request_for_vfork()).has_value());
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->vfork_done, nullptr);
}

TEST_F(CloneTest, Clone_Vfork_NonFatalInterruptionKeepsWaiting)
{
    proc::Thread* child = nullptr;
    EXPECT_CALL(scheduler, start_thread(_)).WillOnce([&](proc::Thread& started) { child = &started; });
    EXPECT_CALL(scheduler, wait_until(_, _, _))
        .WillOnce(Return(hal::WakeReason::Interrupted))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
            kernel->exit_thread(*child, 0);
            return hal::WakeReason::Woken;
        });
    EXPECT_TRUE(clone_from_caller(proc::clone_request_for_vfork()).has_value());
}

// --- inheritance --------------------------------------------------------

TEST_F(CloneTest, Fork_InheritsMaskButNotPendingSignals)
{
    caller().blocked.add(SIGUSR1);
    caller().pending.add(SIGUSR1);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_TRUE(child->blocked.contains(SIGUSR1));
    EXPECT_TRUE(child->pending.set().is_empty());
}

TEST_F(CloneTest, Fork_ClearsParentDeathSignalAndKeepsTheRest)
{
    caller().parent_death_signal = SIGTERM;
    caller().no_new_privs = true;
    caller().personality = 0x0040000; // ADDR_NO_RANDOMIZE
    caller().nice = 5;
    caller().memory->set_dumpable(mm::Dumpable::Disabled);
    caller().process().limits().get(RLIMIT_CORE).soft = 1234;
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->parent_death_signal, 0);
    EXPECT_TRUE(child->no_new_privs);
    EXPECT_EQ(child->personality, 0x0040000U);
    EXPECT_EQ(child->nice, 5);
    EXPECT_EQ(child->memory->dumpable(), mm::Dumpable::Disabled);
    EXPECT_EQ(child->process().limits().get(RLIMIT_CORE).soft, 1234U);
    EXPECT_EQ(child->credentials->uid.effective, caller().credentials->uid.effective);
}

TEST_F(CloneTest, Clone_TracedCallerWithTraceforkOption_ReportsForkEventAndTracesChild)
{
    caller().ptrace.tracer = init;
    caller().ptrace.options = 1U << 1; // PTRACE_O_TRACEFORK = 1 << PTRACE_EVENT_FORK
    auto result = clone_from_caller(request_with(0));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result.value().ptrace_event, 1); // PTRACE_EVENT_FORK
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), result.value().pid);
    EXPECT_EQ(child->ptrace.tracer, init);
}

TEST_F(CloneTest, Clone_Untraced_NoEventAndChildNotTraced)
{
    caller().ptrace.tracer = init;
    caller().ptrace.options = ~0U;
    auto result = clone_from_caller(request_with(CLONE_UNTRACED));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result.value().ptrace_event, 0);
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), result.value().pid);
    EXPECT_EQ(child->ptrace.tracer, nullptr);
}

// --- namespaces ---------------------------------------------------------

TEST_F(CloneTest, Clone_Newpid_ChildIsPid1OfNewNamespaceAndItsInit)
{
    proc::Thread* child = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->pid().innermost_nr(), 1);
    EXPECT_EQ(child->pid().level(), 1U);
    EXPECT_EQ(child->active_pid_namespace().child_reaper(), &child->process());
    EXPECT_TRUE(child->process().is_unkillable());
    EXPECT_NE(child->pid().nr_in(kernel->root_pid_namespace()), 1);
}

TEST_F(CloneTest, Clone_UnsharePidThenFork_ChildIsPid1CallerStaysPut)
{
    ASSERT_OK_AND_ASSIGN(auto pid_ns, ns::PidNamespace::create_child(kernel->namespace_inodes(), caller().namespaces->namespaces().pid_for_children, kernel->initial_user_namespace()));
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, 0, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    proxy->namespaces().pid_for_children = pid_ns;
    caller().namespaces = proxy;
    ns::PidNamespace* own = &caller().active_pid_namespace();
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(&caller().active_pid_namespace(), own);
    EXPECT_EQ(child->pid().innermost_nr(), 1);
    EXPECT_EQ(&child->active_pid_namespace(), pid_ns.get());
}

TEST_F(CloneTest, Clone_EachNewFlag_GivesFreshNamespaceOfThatKindOnly)
{
    proc::Thread* child = clone_ok(request_with(CLONE_NEWUTS | CLONE_NEWNET));
    ASSERT_NE(child, nullptr);
    const ns::NamespaceSet& mine = caller().namespaces->namespaces();
    const ns::NamespaceSet& theirs = child->namespaces->namespaces();
    EXPECT_NE(theirs.uts, mine.uts);
    EXPECT_NE(theirs.net, mine.net);
    EXPECT_NE(theirs.uts->inode(), mine.uts->inode());
    EXPECT_EQ(theirs.ipc, mine.ipc);
    EXPECT_EQ(theirs.mount, mine.mount);
    EXPECT_EQ(theirs.pid_for_children, mine.pid_for_children);
    EXPECT_EQ(theirs.cgroup, mine.cgroup);
    EXPECT_EQ(theirs.time, mine.time);
}

TEST_F(CloneTest, Clone_Newuts_CopiesHostnameIntoNewNamespace)
{
    copy_bytes(caller().namespaces->namespaces().uts->names().nodename, "sirius", 7);
    proc::Thread* child = clone_ok(request_with(CLONE_NEWUTS));
    ASSERT_NE(child, nullptr);
    EXPECT_STREQ(child->namespaces->namespaces().uts->names().nodename, "sirius");
    child->namespaces->namespaces().uts->names().nodename[0] = 'S';
    EXPECT_STREQ(caller().namespaces->namespaces().uts->names().nodename, "sirius");
}

TEST_F(CloneTest, Clone_NoNewFlags_SharesNsProxy)
{
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->namespaces, caller().namespaces);
}

TEST_F(CloneTest, Fork_AfterUnshareTime_ChildEntersNewTimeNamespace)
{
    ASSERT_OK_AND_ASSIGN(auto proxy, ns::NsProxy::create_for_clone(kernel->namespace_inodes(), *caller().namespaces, CLONE_NEWTIME, kernel->initial_user_namespace(), caller().active_pid_namespace()));
    caller().namespaces = proxy;
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->namespaces->namespaces().time, proxy->namespaces().time_for_children);
    EXPECT_NE(caller().namespaces->namespaces().time, proxy->namespaces().time_for_children);
}

TEST_F(CloneTest, Clone_InNamespaceWhoseInitDied_IsEnomem)
{
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    ns::PidNamespace& inner = ns_init->active_pid_namespace();
    inner.stop_accepting_pids();
    m_caller = ns_init;
    expect_rejected(request_with(0), ENOMEM, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone3_SetTid_ChoosesNumbersPerNamespaceLevel)
{
    // From the init of a child namespace: set_tid[0] is the number in the
    // child namespace, set_tid[1] in the root one.
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    m_caller = ns_init;
    proc::CloneRequest request = request_with(0);
    request.set_tid[0] = 4'000'000; // a new namespace's pid_max is PID_MAX_LIMIT
    request.set_tid[1] = 30'000;
    request.set_tid_size = 2;
    auto result = clone_from_caller(request);
    ASSERT_TRUE(result.has_value()) << result.error().code();
    EXPECT_EQ(result.value().pid, 4'000'000);
    proc::Thread* child = kernel->find_thread(kernel->root_pid_namespace(), 30'000);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->pid().innermost_nr(), 4'000'000);
}

TEST_F(CloneTest, Clone3_SetTidRules_InLinuxOrder)
{
    proc::CloneRequest request = request_with(0);
    request.set_tid_size = 1;
    request.set_tid[0] = 1; // in use by init
    expect_rejected(request, EEXIST, AddressSpace::CopiedThenDropped);
    request.set_tid[0] = 0;
    expect_rejected(request, EINVAL, AddressSpace::CopiedThenDropped);
    request.set_tid[0] = ns::kDefaultPidMax; // >= the root namespace's pid_max
    expect_rejected(request, EINVAL, AddressSpace::CopiedThenDropped);
    request.set_tid_size = 2; // more levels than the caller's namespace has
    expect_rejected(request, EINVAL, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone3_SetTidWithoutCapability_IsEperm)
{
    become_user(1000);
    proc::CloneRequest request = request_with(0);
    request.set_tid_size = 1;
    request.set_tid[0] = 5000;
    expect_rejected(request, EPERM, AddressSpace::CopiedThenDropped);
}

TEST_F(CloneTest, Clone3_SetTidInNewNamespaceOtherThanOne_IsEinval)
{
    // alloc_pid: "fail if a PID != 1 is requested and no PID 1 exists".
    proc::CloneRequest request = request_with(CLONE_NEWPID);
    request.set_tid_size = 1;
    request.set_tid[0] = 2;
    expect_rejected(request, EINVAL, AddressSpace::CopiedThenDropped);
    request.set_tid[0] = 1;
    EXPECT_NE(clone_ok(request), nullptr);
}

// --- rollback -----------------------------------------------------------

// Every allocation clone makes, failed in turn, gives ENOMEM and leaves the
// machine exactly as before.
TEST_F(CloneTest, Clone_AllocationFailureAtEveryStep_LeavesNothingBehind)
{
    const u64 flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNS | CLONE_PIDFD | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP;
    proc::CloneRequest request = request_with(flags);
    request.pidfd = UserAddress(kUserData);
    int failures = 0;
    for (std::int64_t step = 0; step < 200; ++step) {
        const KernelSnapshot before = snapshot();
        Result<proc::CloneResult> result = [&] {
            host::AllocationFailureScope inject(step);
            return clone_from_caller(request);
        }();
        if (result.has_value()) {
            break;
        }
        ++failures;
        EXPECT_EQ(result.error().code(), ENOMEM) << "step " << step;
        EXPECT_EQ(snapshot(), before) << "step " << step;
    }
    EXPECT_GT(failures, 10);
}

} // namespace
} // namespace sirius::testing
