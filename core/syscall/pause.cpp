#include "core/syscall/pause.h"

namespace sirius::syscall {

i64 sys_pause(SyscallContext& context, const SyscallArguments&)
{
    proc::Thread& current = context.current;
    // "while (!signal_pending(current)) { __set_current_state(
    // TASK_INTERRUPTIBLE); schedule(); }": only a signal the thread will act
    // on ends the sleep - an ignored one is dropped when sent, a blocked one
    // stays pending. A wake-up that finds none (another thread took the
    // signal) sleeps again. Nothing wakes signal_wait; a signal interrupts
    // the wait.
    while (!current.has_deliverable_signal()) {
        (void)context.kernel.scheduler().wait_until(current.signal_wait, hal::BlockMode::Interruptible, [&] { return current.has_deliverable_signal(); });
    }
    // pause(2): "returns only when a signal was caught and the
    // signal-catching function returned. In this case, pause() returns -1,
    // and errno is set to EINTR." ERESTARTNOHAND is EINTR to a handler; a
    // signal that only stopped and continued the thread, or whose action
    // was to ignore it, restarts the sleep.
    return -static_cast<i64>(ERESTARTNOHAND);
}

} // namespace sirius::syscall
