#include "core/proc/exit.h"

#include "core/proc/kernel.h"
#include "core/signal/send_signal.h"

namespace sirius::proc {

void exit_thread_group(Kernel& kernel, Thread& current, int status)
{
    const int group_status = signal::start_group_exit(kernel, current.process(), status);
    kernel.exit_thread(current, group_status);
}

} // namespace sirius::proc
