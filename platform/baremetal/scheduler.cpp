#include "platform/baremetal/scheduler.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/per_cpu.h"
#include "arch/x86_64/segments.h"
#include "arch/x86_64/trap_frame.h"
#include "core/base/heap_object.h"
#include "core/mm/memory_descriptor.h"
#include "platform/baremetal/panic.h"
#include "platform/baremetal/user_mode.h"

extern "C" void switch_kernel_stacks(sirius::u64* save_rsp, sirius::u64 load_rsp);
extern "C" void new_thread_start();

namespace sirius::hal {

u64 SchedulerThread::stack_top() const { return reinterpret_cast<u64>(stack) + baremetal::KernelScheduler::kKernelStackSize; }

} // namespace sirius::hal

namespace sirius::baremetal {

namespace {

// What switch_kernel_stacks pops for a thread that has never run: the six
// callee-saved registers, then the address `ret` goes to.
struct InitialSwitchFrame {
    u64 r15, r14, r13, r12, rbx, rbp;
    u64 return_address;
};

bool interrupts_wait(hal::BlockMode mode, const proc::Thread& thread, bool interrupted)
{
    switch (mode) {
    case hal::BlockMode::Interruptible:
        return interrupted || thread.has_deliverable_signal() || thread.has_fatal_signal();
    case hal::BlockMode::Killable:
        return thread.has_fatal_signal();
    case hal::BlockMode::Uninterruptible:
        return false;
    }
    return false;
}

} // namespace

void KernelScheduler::initialize()
{
    m_idle.state = hal::SchedulerThread::State::Running;
    m_current = &m_idle;
}

Result<void> KernelScheduler::prepare_thread(proc::Thread& thread)
{
    auto* state = TRY(try_create<hal::SchedulerThread>());
    state->stack = static_cast<u8*>(hal::allocate(kKernelStackSize));
    if (state->stack == nullptr) {
        delete state;
        return errno_error(ENOMEM);
    }
    state->thread = &thread;
    // The first switch to the thread "returns" into new_thread_start with
    // the user register frame right above: it fills the frame from the
    // thread's UserContext and irets to user space.
    u64 frame = state->stack_top() - sizeof(x86_64::TrapFrame);
    auto* initial = reinterpret_cast<InitialSwitchFrame*>(frame - sizeof(InitialSwitchFrame));
    *initial = InitialSwitchFrame { 0, 0, 0, 0, 0, 0, reinterpret_cast<u64>(&new_thread_start) };
    state->saved_rsp = reinterpret_cast<u64>(initial);
    thread.scheduler_thread = state;
    return {};
}

void KernelScheduler::discard_thread(proc::Thread& thread)
{
    hal::SchedulerThread* state = thread.scheduler_thread;
    if (state == nullptr) {
        return;
    }
    thread.scheduler_thread = nullptr;
    hal::deallocate(state->stack, kKernelStackSize);
    delete state;
}

void KernelScheduler::start_thread(proc::Thread& thread)
{
    hal::SchedulerThread& state = *thread.scheduler_thread;
    state.keep_alive = RefPtr<proc::Thread>(&thread);
    bool enable = m_lock.lock();
    make_runnable_locked(state);
    m_lock.unlock(enable);
}

void KernelScheduler::make_runnable_locked(hal::SchedulerThread& thread)
{
    thread.woken = true;
    if (thread.state == hal::SchedulerThread::State::Blocked) {
        thread.state = hal::SchedulerThread::State::Runnable;
        if (thread.timed_node.is_linked()) {
            TimedList::remove(thread);
        }
    }
    if (thread.state == hal::SchedulerThread::State::Runnable && !thread.run_node.is_linked() && &thread != m_current) {
        m_run_queue.append(thread);
    }
}

// Preconditions: m_lock held, interrupts off. Returns (to this thread) with
// the lock still held, once it is chosen to run again.
void KernelScheduler::schedule_locked()
{
    hal::SchedulerThread* previous = m_current;
    hal::SchedulerThread* next = m_run_queue.first();
    if (next == nullptr) {
        if (previous->state == hal::SchedulerThread::State::Running || previous->state == hal::SchedulerThread::State::Runnable) {
            previous->state = hal::SchedulerThread::State::Running;
            return;
        }
        next = &m_idle;
    } else {
        RunQueue::remove(*next);
    }
    if (previous->state == hal::SchedulerThread::State::Running) {
        previous->state = hal::SchedulerThread::State::Runnable;
        if (previous != &m_idle) {
            m_run_queue.append(*previous);
        }
    }
    if (next == previous) {
        previous->state = hal::SchedulerThread::State::Running;
        return;
    }
    next->state = hal::SchedulerThread::State::Running;
    m_slice_ticks = 0;
    m_need_reschedule = false;
    if (next->thread != nullptr) {
        // A syscall's FPU registers may still be live (arch/x86_64/fpu.h):
        // the next thread's return to user space loads its own.
        x86_64::save_live_fpu();
        x86_64::set_kernel_stack(next->stack_top());
        x86_64::this_cpu().kernel_stack_top = next->stack_top();
        // Its address space (the idle thread keeps whichever is loaded:
        // it only touches the kernel half).
        if (next->thread->memory) {
            u64 root = next->thread->memory->address_space().page_table_root();
            if (x86_64::read_cr3() != root) {
                x86_64::write_cr3(root);
            }
        }
    }
    if (previous->state == hal::SchedulerThread::State::Dead) {
        m_dead = previous;
    }
    m_current = next;
    switch_kernel_stacks(&previous->saved_rsp, next->saved_rsp);
    finish_switch();
}

// Runs on the new thread right after a switch, the lock still held: the
// thread switched away from, if it died, is off its stack now and goes on
// the list reap_dead_threads() frees outside the lock.
void KernelScheduler::finish_switch()
{
    if (hal::SchedulerThread* dead = m_dead; dead != nullptr) {
        m_dead = nullptr;
        m_reapable.append(*dead);
    }
}

void KernelScheduler::reap_dead_threads()
{
    for (;;) {
        bool enable = m_lock.lock();
        hal::SchedulerThread* dead = m_reapable.first();
        if (dead != nullptr) {
            RunQueue::remove(*dead);
        }
        m_lock.unlock(enable);
        if (dead == nullptr) {
            return;
        }
        // The core may still hold the Thread (a zombie awaiting wait());
        // it has no scheduler state any more.
        if (dead->thread != nullptr) {
            dead->thread->scheduler_thread = nullptr;
        }
        hal::deallocate(dead->stack, kKernelStackSize);
        RefPtr<proc::Thread> thread = move(dead->keep_alive);
        delete dead;
    }
}

void KernelScheduler::start_new_thread_locked() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    finish_switch();
    // Interrupts come back on with the iretq to user space.
    m_lock.unlock(false);
    reap_dead_threads();
}

void KernelScheduler::yield()
{
    bool enable = m_lock.lock();
    schedule_locked();
    m_lock.unlock(enable);
    reap_dead_threads();
}

hal::WakeReason KernelScheduler::wait(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds deadline)
{
    proc::Thread* thread = current_thread();
    if (thread == nullptr) {
        panic("the idle thread cannot block");
    }
    hal::SchedulerThread& me = *m_current;
    hal::WaitQueueEntry& entry = thread->wait_entry;
    entry.thread = thread;
    me.interrupted = false;
    me.timed_out = false;
    for (;;) {
        bool enable = m_lock.lock();
        if (!entry.node.is_linked()) {
            queue.waiters().append(entry);
        }
        me.woken = false;
        m_lock.unlock(enable);

        hal::WakeReason reason = hal::WakeReason::Woken;
        bool done = true;
        if (ready()) {
            reason = hal::WakeReason::Woken;
        } else if (interrupts_wait(mode, *thread, me.interrupted)) {
            reason = hal::WakeReason::Interrupted;
        } else if (me.timed_out) {
            reason = hal::WakeReason::TimedOut;
        } else {
            done = false;
        }
        enable = m_lock.lock();
        if (done) {
            hal::WaitQueue::List::remove(entry);
            m_lock.unlock(enable);
            return reason;
        }
        if (!me.woken) {
            me.state = hal::SchedulerThread::State::Blocked;
            me.block_mode = mode;
            if (deadline != 0 && !me.timed_node.is_linked()) {
                me.deadline = deadline;
                m_timed.append(me);
            }
            schedule_locked();
        }
        m_lock.unlock(enable);
        reap_dead_threads();
    }
}

hal::WakeReason KernelScheduler::wait_until(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready)
{
    return wait(queue, mode, ready, 0);
}

hal::WakeReason KernelScheduler::wait_until_deadline(hal::WaitQueue& queue, hal::BlockMode mode, FunctionRef<bool()> ready, hal::Nanoseconds deadline)
{
    // A deadline of 0 or less has passed already: one check, no sleep.
    return wait(queue, mode, ready, deadline > 0 ? deadline : 1);
}

void KernelScheduler::wake_entry_locked(hal::WaitQueueEntry& entry)
{
    if (entry.thread != nullptr && entry.thread->scheduler_thread != nullptr) {
        make_runnable_locked(*entry.thread->scheduler_thread);
    }
}

void KernelScheduler::wake_all(hal::WaitQueue& queue)
{
    bool enable = m_lock.lock();
    for (hal::WaitQueueEntry& entry : queue.waiters()) {
        wake_entry_locked(entry);
    }
    m_lock.unlock(enable);
}

void KernelScheduler::wake_one(hal::WaitQueue& queue)
{
    bool enable = m_lock.lock();
    // Waiters leave the queue themselves when they return, so the first
    // one still blocked is the one to wake.
    for (hal::WaitQueueEntry& entry : queue.waiters()) {
        if (entry.polling) {
            continue;
        }
        hal::SchedulerThread* state = entry.thread != nullptr ? entry.thread->scheduler_thread : nullptr;
        if (state != nullptr && state->state == hal::SchedulerThread::State::Blocked) {
            make_runnable_locked(*state);
            break;
        }
    }
    m_lock.unlock(enable);
}

void KernelScheduler::add_waiter(hal::WaitQueue& queue, hal::WaitQueueEntry& entry)
{
    bool enable = m_lock.lock();
    entry.polling = true;
    queue.waiters().append(entry);
    m_lock.unlock(enable);
}

void KernelScheduler::remove_waiter(hal::WaitQueue&, hal::WaitQueueEntry& entry)
{
    bool enable = m_lock.lock();
    if (entry.node.is_linked()) {
        hal::WaitQueue::List::remove(entry);
    }
    m_lock.unlock(enable);
}

void KernelScheduler::interrupt(proc::Thread& thread, hal::InterruptKind kind)
{
    hal::SchedulerThread* state = thread.scheduler_thread;
    if (state == nullptr) {
        return;
    }
    bool enable = m_lock.lock();
    if (state->state == hal::SchedulerThread::State::Blocked) {
        bool allowed = state->block_mode == hal::BlockMode::Interruptible
            || (state->block_mode == hal::BlockMode::Killable && kind == hal::InterruptKind::FatalSignal);
        if (allowed) {
            state->interrupted = true;
            make_runnable_locked(*state);
        }
    }
    // A running or runnable thread looks at its signals on its way back
    // to user space; with one CPU there is no other CPU to kick.
    m_lock.unlock(enable);
}

void KernelScheduler::tick(hal::Nanoseconds now)
{
    bool enable = m_lock.lock();
    for (hal::SchedulerThread* sleeper = m_timed.first(); sleeper != nullptr;) {
        hal::SchedulerThread* next = m_timed.next_after(*sleeper);
        if (sleeper->deadline <= now) {
            sleeper->timed_out = true;
            make_runnable_locked(*sleeper);
        }
        sleeper = next;
    }
    if (++m_slice_ticks >= kTicksPerSlice && !m_run_queue.is_empty()) {
        m_need_reschedule = true;
    }
    if (m_current == &m_idle && !m_run_queue.is_empty()) {
        m_need_reschedule = true;
    }
    m_lock.unlock(enable);
}

void KernelScheduler::exit_current_thread() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    (void)m_lock.lock();
    m_current->state = hal::SchedulerThread::State::Dead;
    schedule_locked();
    panic("a dead thread was scheduled");
}

void KernelScheduler::run_idle() SIRIUS_NO_THREAD_SAFETY_ANALYSIS
{
    for (;;) {
        // Interrupts stay off after the unlock: they come on with the halt.
        (void)m_lock.lock();
        if (!m_run_queue.is_empty()) {
            schedule_locked();
        }
        m_lock.unlock(false);
        reap_dead_threads();
        x86_64::disable_interrupts();
        if (m_idle_work != nullptr) {
            m_idle_work();
            x86_64::disable_interrupts();
        }
        if (!m_run_queue.is_empty()) {
            continue;
        }
        // sti; hlt: no interrupt slips in between the check and the halt.
        x86_64::wait_for_interrupt();
    }
}

KernelScheduler& kernel_scheduler()
{
    static KernelScheduler scheduler;
    return scheduler;
}

} // namespace sirius::baremetal

// A new thread's first instructions after the switch (context_switch.S
// returns here through its initial frame): the lock is still held from the
// switch, and the user register frame lies at the top of the stack.
extern "C" void start_new_thread(sirius::x86_64::TrapFrame* frame)
{
    using namespace sirius::baremetal;
    kernel_scheduler().start_new_thread_locked();
    enter_user_mode_first_time(*frame);
}
