#pragma once

// The kernel's scheduler behind hal::Scheduler: round robin over runnable
// threads, each with its own kernel stack; the timer ends a time slice,
// and a thread is switched out only on its way back to user space or when
// it blocks (the kernel itself is not preempted: core code may hold a spin
// lock anywhere). Wait queues, deadlines and signal interruption follow
// Linux's wait_event: the thread is on the queue before the condition is
// checked, so no wake-up is lost.
#include "core/base/intrusive_list.h"
#include "core/base/ref_ptr.h"
#include "core/hal/scheduler.h"
#include "core/proc/thread.h"
#include "platform/baremetal/irq_spin_lock.h"

namespace sirius::hal {

struct SchedulerThread : public HeapObject {
    enum class State : u8 { Runnable,
        Running,
        Blocked,
        Dead };

    proc::Thread* thread { nullptr }; // nullptr: the boot CPU's idle thread
    RefPtr<proc::Thread> keep_alive; // from start until switched away dead
    u8* stack { nullptr };
    u64 saved_rsp { 0 };
    State state { State::Runnable };
    BlockMode block_mode { BlockMode::Uninterruptible };
    bool woken { false };
    bool interrupted { false };
    bool timed_out { false };
    Nanoseconds deadline { 0 }; // while on the timed list
    IntrusiveListNode run_node;
    IntrusiveListNode timed_node;

    [[nodiscard]] u64 stack_top() const;
};

} // namespace sirius::hal

namespace sirius::baremetal {

class KernelScheduler final : public hal::Scheduler {
public:
    static constexpr usize kKernelStackSize = 16384;
    static constexpr u32 kTicksPerSlice = 10;

    // The boot context becomes this CPU's idle thread.
    void initialize();

    Result<void> prepare_thread(proc::Thread& thread) override;
    void discard_thread(proc::Thread& thread) override;
    void start_thread(proc::Thread& thread) override;
    proc::Thread* current_thread() override { return m_current->thread; }
    hal::WakeReason wait_until(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready) override;
    hal::WakeReason wait_until_deadline(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) override;
    void wake_all(hal::WaitQueue& queue) override;
    void wake_one(hal::WaitQueue& queue) override;
    void add_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry) override;
    void remove_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry) override;
    void yield() override;
    void interrupt(proc::Thread& thread, hal::InterruptKind kind) override;

    // The timer interrupt: counts the slice and wakes timed-out sleepers.
    void tick(hal::Nanoseconds now);
    // Set when the running thread should give up the CPU at its next
    // return to user space.
    [[nodiscard]] bool needs_reschedule() const { return m_need_reschedule; }
    // Ends the current thread for good (its core side has exited).
    [[noreturn]] void exit_current_thread();
    // Runs the idle loop on the boot context: never returns.
    [[noreturn]] void run_idle();
    // Work the idle loop does after each wake-up, with interrupts off and
    // every thread blocked (so core state is between operations): the
    // core's timer work and the console's received bytes, whose signal
    // characters must reach a foreground group that is not reading. Either
    // may wake a thread, which the loop then runs.
    void set_idle_work(void (*work)()) { m_idle_work = work; }

    // A new thread's first step (start_new_thread): releases the lock the
    // switch to it held.
    void start_new_thread_locked();
    // Frees the stacks and state of threads that have died (each is freed
    // by whichever thread runs after it, outside the lock).
    void reap_dead_threads();

private:
    using RunQueue = IntrusiveList<hal::SchedulerThread, &hal::SchedulerThread::run_node>;
    using TimedList = IntrusiveList<hal::SchedulerThread, &hal::SchedulerThread::timed_node>;

    hal::WakeReason wait(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds deadline);
    void make_runnable_locked(hal::SchedulerThread& thread);
    void schedule_locked();
    void wake_entry_locked(hal::WaitQueueEntry& entry);
    void finish_switch();

    IrqSpinLock m_lock;
    RunQueue m_run_queue;
    TimedList m_timed;
    hal::SchedulerThread m_idle;
    hal::SchedulerThread* m_current { &m_idle };
    hal::SchedulerThread* m_dead { nullptr }; // just switched away from, dead
    void (*m_idle_work)() { nullptr };
    RunQueue m_reapable; // dead, off their stacks
    u32 m_slice_ticks { 0 };
    bool m_need_reschedule { false };
};

KernelScheduler& kernel_scheduler();

} // namespace sirius::baremetal
