#pragma once

// The fixture of the signal tests: a CloneTest with a few more processes
// and threads to signal, syscalls run as any thread, and shorthands for
// handlers, masks and what is pending.
#include <asm/unistd_64.h>

#include "core/signal/pending_signals.h"
#include "core/syscall/syscall_table.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {

class SignalTest : public CloneTest {
protected:
    // The scheduler expectations of a test are about the test's own calls,
    // not about the teardown's (where every process is killed).
    void TearDown() override
    {
        ::testing::Mock::VerifyAndClearExpectations(&scheduler);
        CloneTest::TearDown();
    }

    // A syscall made by `thread`.
    i64 call_as(proc::Thread& thread, u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0)
    {
        syscall::SyscallContext context { *kernel, thread };
        syscall::SyscallArguments args;
        args.values[0] = a0;
        args.values[1] = a1;
        args.values[2] = a2;
        args.values[3] = a3;
        args.values[4] = a4;
        return syscall::dispatch_syscall(context, number, args);
    }
    i64 call(u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0) { return call_as(caller(), number, a0, a1, a2, a3, a4); }

    // A new thread in the caller's group.
    proc::Thread* spawn_thread() { return clone_ok(request_with(kThreadFlags, 0)); }
    // A forked child of the caller.
    proc::Thread* spawn_child() { return fork_from(caller()); }

    // Numbers as the root pid namespace (the caller's) sees them.
    static u64 tgid_of(const proc::Thread& thread) { return thread.process().pid().global_nr(); }
    static u64 tid_of(const proc::Thread& thread) { return thread.pid().global_nr(); }

    // As libc's sigaction() installs it: with SA_RESTORER and a restorer.
    static void set_handler(proc::Thread& thread, int signal, u64 handler, u64 flags = 0)
    {
        constexpr u64 kSaRestorer = 0x04000000;
        signal::SignalAction& action = thread.signal_actions->action(signal);
        action.handler = handler;
        action.flags = flags | kSaRestorer;
        action.restorer = 0x403000;
    }
    static void block(proc::Thread& thread, int signal) { thread.blocked.add(signal); }

    static bool thread_pending(const proc::Thread& thread, int signal) { return thread.pending.set().contains(signal); }
    static bool group_pending(const proc::Thread& thread, int signal) { return thread.process().shared_pending().set().contains(signal); }

    // The siginfo the group would deliver next for `signal` (dequeued).
    static signal::SignalInfo take_group(proc::Thread& thread, int signal)
    {
        signal::SignalSet others(~u64 { 0 });
        others.remove(signal);
        return thread.process().shared_pending().dequeue(others);
    }
    static signal::SignalInfo take_thread(proc::Thread& thread, int signal)
    {
        signal::SignalSet others(~u64 { 0 });
        others.remove(signal);
        return thread.pending.dequeue(others);
    }

    // Writes a siginfo into the caller's memory at `address`.
    void store_info(u64 address, const signal::SignalInfo& info)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &info, sizeof(info)).has_value());
    }
};

} // namespace sirius::testing
