#pragma once

// Scheduler: what the core needs from the platform's scheduler. The core
// decides when a thread exists, blocks or must be woken; the platform decides
// who runs. Threads are the core's proc::Thread objects.
#include "core/base/function_ref.h"
#include "core/base/result.h"
#include "core/hal/clock.h"
#include "core/hal/wait_queue.h"

namespace sirius::proc {
class Thread;
}

namespace sirius::hal {

// The platform's per-thread scheduling state (kernel stack, saved context,
// run-queue links): defined by each platform, reached from proc::Thread.
struct SchedulerThread;

// How a block may end early (Linux TASK_INTERRUPTIBLE / TASK_KILLABLE /
// TASK_UNINTERRUPTIBLE).
enum class BlockMode {
    Interruptible, // any signal interrupts
    Killable,      // only a fatal signal interrupts
    Uninterruptible,
};

// Why a thread is interrupted: a signal to handle, or one that kills it.
enum class InterruptKind {
    Signal,
    FatalSignal,
};

enum class WakeReason {
    Woken,       // wake_one/wake_all on the queue (or a spurious wakeup)
    Interrupted, // interrupt() on the thread, per BlockMode
    TimedOut,    // the deadline passed
};

class Scheduler {
public:
    // Creates the platform's state for a new thread (kernel stack, run-queue
    // entry) without making it runnable.
    // Preconditions: the thread is fully built and unknown to the scheduler.
    // Errors: ENOMEM. On error nothing is left to undo.
    virtual Result<void> prepare_thread(proc::Thread& thread) = 0;

    // Undoes prepare_thread for a thread that was never started.
    virtual void discard_thread(proc::Thread& thread) = 0;

    // Makes a prepared thread runnable. Cannot fail.
    virtual void start_thread(proc::Thread& thread) = 0;

    // The thread running on this CPU, or nullptr before the first one exists.
    [[nodiscard]] virtual proc::Thread* current_thread() = 0;

    // Blocks the current thread on `queue` until `ready()` returns true, or,
    // per `mode`, it is interrupted (Linux wait_event). The thread is on the
    // queue before `ready` is evaluated, so a wake between the check and the
    // sleep is not lost. `ready` may run several times; it must not block.
    // Returns Woken once `ready()` was true. Preconditions: thread context.
    virtual WakeReason wait_until(WaitQueue& queue, BlockMode mode, FunctionRef<bool()> ready) = 0;

    // As wait_until, but also ends with TimedOut at `deadline` (monotonic
    // clock) if `ready()` is still false.
    virtual WakeReason wait_until_deadline(WaitQueue& queue, BlockMode mode, FunctionRef<bool()> ready, Nanoseconds deadline) = 0;

    // Wakes every thread blocked on `queue`.
    virtual void wake_all(WaitQueue& queue) = 0;

    // Wakes one thread blocked on `queue`, if any.
    virtual void wake_one(WaitQueue& queue) = 0;

    // Links `entry` into `queue` without blocking (Linux add_wait_queue, as
    // poll_wait does it): until remove_waiter, a wake_all on `queue` wakes
    // entry.thread from whatever wait it is in then, so one thread can wait
    // for any of several queues (poll(2), select(2)). wake_one never picks
    // such an entry: poll entries are not exclusive waiters. Preconditions:
    // `entry` is unlinked and its thread set.
    virtual void add_waiter(WaitQueue& queue, WaitQueueEntry& entry) = 0;
    // Unlinks an entry add_waiter linked (Linux remove_wait_queue).
    virtual void remove_waiter(WaitQueue& queue, WaitQueueEntry& entry) = 0;

    // Gives up the CPU to another runnable thread, if there is one.
    virtual void yield() = 0;

    // Makes a blocked `thread` return Interrupted from its wait if the wait's
    // mode allows it: an Interruptible wait for any signal, a Killable one
    // only for a fatal signal (Linux signal_wake_up_state). A running thread
    // on another CPU is made to look at its signals before it returns to
    // user space; otherwise no effect.
    virtual void interrupt(proc::Thread& thread, InterruptKind kind) = 0;

protected:
    ~Scheduler() = default;
};

} // namespace sirius::hal
