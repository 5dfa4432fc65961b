// The life of a task after clone, as far as the foundation has it: exit makes
// a zombie, reaping frees its pid, orphans go to the namespace's init, and
// the per-user task count follows (Linux do_exit, release_task,
// forget_original_parent).
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

class KernelLifecycleTest : public CloneTest { };

TEST_F(KernelLifecycleTest, Exit_LastThreadMakesZombie_ReapFreesPid)
{
    const u32 threads = kernel->thread_count();
    const usize pids = kernel->root_pid_namespace().count();
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    const PidNr nr = child->pid().nr_in(kernel->root_pid_namespace());
    proc::Process& process = child->process();
    process.ref(); // keep it observable across exit
    kernel->exit_thread(*child, 3);
    EXPECT_EQ(process.state(), proc::ProcessState::Zombie);
    EXPECT_EQ(process.exit_status(), 3);
    EXPECT_EQ(kernel->thread_count(), threads);
    // A zombie keeps its pid until reaped.
    EXPECT_NE(kernel->root_pid_namespace().find(nr), nullptr);
    kernel->reap(process);
    EXPECT_EQ(process.state(), proc::ProcessState::Reaped);
    process.unref();
    EXPECT_EQ(kernel->root_pid_namespace().find(nr), nullptr);
    EXPECT_EQ(kernel->root_pid_namespace().count(), pids);
}

TEST_F(KernelLifecycleTest, Exit_OneThreadOfMany_ProcessLives)
{
    proc::Thread* thread = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(thread, nullptr);
    const PidNr tid = thread->pid().nr_in(kernel->root_pid_namespace());
    kernel->exit_thread(*thread, 0);
    EXPECT_EQ(caller().process().state(), proc::ProcessState::Alive);
    EXPECT_EQ(caller().process().thread_count(), 1U);
    // A thread's own number is freed at once: nothing waits for it.
    EXPECT_EQ(kernel->root_pid_namespace().find(tid), nullptr);
}

TEST_F(KernelLifecycleTest, Exit_Parent_ReparentsChildrenToInit)
{
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    kernel->exit_thread(caller(), 0);
    EXPECT_EQ(child->process().parent(), &init->process());
    EXPECT_TRUE(init->process().children().size() >= 1U);
}

TEST_F(KernelLifecycleTest, Exit_NamespaceInit_KillsTheNamespaceAndTakesNoNewPids)
{
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    m_caller = ns_init;
    proc::Thread* inner = clone_ok(request_with(0));
    ASSERT_NE(inner, nullptr);
    ns::PidNamespace& ns = ns_init->active_pid_namespace();
    ns.ref();
    m_caller = init;
    kernel->exit_thread(*ns_init, 0);
    // pid_namespaces(7): "If the "init" process of a PID namespace
    // terminates, the kernel terminates all of the processes in the namespace
    // via a SIGKILL signal", and fork in the namespace is ENOMEM.
    EXPECT_TRUE(inner->has_fatal_signal());
    EXPECT_TRUE(inner->process().group_signals().exiting);
    EXPECT_FALSE(ns.is_accepting_pids());
    EXPECT_EQ(ns.child_reaper(), nullptr);
    // As for a process that joined later with setns(2):
    inner->pending.clear();
    inner->process().shared_pending().clear();
    EXPECT_EQ(errno_of(proc::kernel_clone(*kernel, *inner, request_with(0))), ENOMEM);
    ns.unref();
}

TEST_F(KernelLifecycleTest, Exit_NamespaceInit_ParentHearsOnlyOnceTheNamespaceIsEmpty)
{
    // zap_pid_ns_processes: init's exit waits for every other process of
    // its namespace, so its parent cannot collect it while they live.
    proc::Thread* parent = m_caller;
    proc::Thread* ns_init = clone_ok(request_with(CLONE_NEWPID));
    ASSERT_NE(ns_init, nullptr);
    m_caller = ns_init;
    proc::Thread* inner = clone_ok(request_with(0));
    ASSERT_NE(inner, nullptr);
    m_caller = parent;
    proc::Process& init_process = ns_init->process();
    init_process.ref();
    // The parent catches SIGCHLD, so it is left pending when sent.
    parent->signal_actions->action(SIGCHLD).handler = 0x401000;
    kernel->exit_thread(*ns_init, 0);
    EXPECT_TRUE(init_process.is_awaiting_namespace_exit());
    EXPECT_FALSE(parent->process().shared_pending().set().contains(SIGCHLD));
    kernel->exit_thread(*inner, SIGKILL);
    EXPECT_FALSE(init_process.is_awaiting_namespace_exit());
    EXPECT_TRUE(parent->process().shared_pending().set().contains(SIGCHLD));
    init_process.unref();
}

TEST_F(KernelLifecycleTest, ThreadsOfUser_CountsLiveThreadsByRealUid)
{
    const u32 before = kernel->threads_of_user(0);
    proc::Thread* child = clone_ok(request_with(kThreadFlags, 0));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(kernel->threads_of_user(0), before + 1);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(kernel->threads_of_user(0), before);
    EXPECT_EQ(kernel->threads_of_user(4242), 0U);
}

TEST_F(KernelLifecycleTest, Fork_InheritsSubreaperAncestry)
{
    caller().process().set_child_subreaper(true);
    proc::Thread* child = clone_ok(request_with(0));
    ASSERT_NE(child, nullptr);
    EXPECT_TRUE(child->process().has_child_subreaper());
    m_caller = child;
    proc::Thread* grandchild = clone_ok(request_with(0));
    ASSERT_NE(grandchild, nullptr);
    EXPECT_TRUE(grandchild->process().has_child_subreaper());
}

TEST_F(KernelLifecycleTest, FinishCloneInChild_WithoutSettid_WritesNothing)
{
    proc::Thread* child = clone_ok(request_with(CLONE_VM));
    ASSERT_NE(child, nullptr);
    EXPECT_CALL(caller_space(), copy_to_user(_, _, _)).Times(0);
    proc::finish_clone_in_child(*child);
}

} // namespace
} // namespace sirius::testing
