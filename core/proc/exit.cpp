#include "core/proc/exit.h"

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"

namespace sirius::proc {

void exit_thread_group(Kernel& kernel, Thread& current, int status)
{
    const signal::GroupSignalState& group = current.process().group_signals();
    // do_group_exit: "else if (sig->group_exec_task) exit_code = 0;" - a
    // thread that an exec kills ends alone, without killing the exec'ing
    // thread.
    if (!group.exiting && group.exec_thread != nullptr) {
        kernel.exit_thread(current, 0);
        return;
    }
    const int group_status = signal::start_group_exit(kernel, current.process(), status);
    kernel.exit_thread(current, group_status);
}

} // namespace sirius::proc
