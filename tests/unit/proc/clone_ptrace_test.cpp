// What a clone tells a tracer (kernel_clone's choice of PTRACE_EVENT_*) and
// whether the child is traced too (ptrace_init_task), per ptrace(2)'s
// PTRACE_O_TRACEFORK, PTRACE_O_TRACEVFORK, PTRACE_O_TRACECLONE and
// clone(2)'s CLONE_PTRACE and CLONE_UNTRACED.
#include <linux/ptrace.h>

#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

class ClonePtraceTest : public CloneTest {
protected:
    void trace_caller(u32 options)
    {
        caller().ptrace.tracer = init;
        caller().ptrace.options = options;
    }
    int event_of(const proc::CloneRequest& request)
    {
        auto result = clone_from_caller(request);
        EXPECT_TRUE(result.has_value());
        return result.has_value() ? result.value().ptrace_event : -1;
    }
};

TEST_F(ClonePtraceTest, Fork_WithTraceFork_IsForkEvent)
{
    trace_caller(PTRACE_O_TRACEFORK);
    EXPECT_EQ(event_of(request_with(0)), PTRACE_EVENT_FORK);
}

TEST_F(ClonePtraceTest, Vfork_WithTraceVfork_IsVforkEvent)
{
    trace_caller(PTRACE_O_TRACEVFORK);
    // The vfork parent waits until its child exits.
    proc::Thread* child = nullptr;
    EXPECT_CALL(scheduler, start_thread(_)).WillOnce([&](proc::Thread& started) { child = &started; });
    EXPECT_CALL(scheduler, wait_until(_, _, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        kernel->exit_thread(*child, 0);
        return hal::WakeReason::Woken;
    });
    EXPECT_EQ(event_of(request_with(CLONE_VFORK | CLONE_VM)), PTRACE_EVENT_VFORK);
}

TEST_F(ClonePtraceTest, CloneWithOtherExitSignal_WithTraceClone_IsCloneEvent)
{
    trace_caller(PTRACE_O_TRACECLONE);
    EXPECT_EQ(event_of(request_with(kThreadFlags, 0)), PTRACE_EVENT_CLONE);
}

TEST_F(ClonePtraceTest, EventWithoutItsOption_IsNoEventAndChildUntraced)
{
    trace_caller(PTRACE_O_TRACECLONE);
    auto result = clone_from_caller(request_with(0)); // a fork, but only clone events wanted
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result.value().ptrace_event, 0);
    EXPECT_EQ(kernel->find_thread(caller().active_pid_namespace(), result.value().pid)->ptrace.tracer, nullptr);
}

TEST_F(ClonePtraceTest, ClonePtrace_TracedCaller_ChildTracedWithoutEvent)
{
    trace_caller(0);
    proc::Thread* child = clone_ok(request_with(CLONE_PTRACE));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->ptrace.tracer, init);
}

TEST_F(ClonePtraceTest, ClonePtrace_UntracedCaller_ChildUntraced)
{
    proc::Thread* child = clone_ok(request_with(CLONE_PTRACE));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->ptrace.tracer, nullptr);
}

} // namespace
} // namespace sirius::testing
