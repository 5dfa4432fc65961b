#include "platform/baremetal/panic.h"

#include "arch/x86_64/cpu.h"
#include "platform/baremetal/backtrace.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/power.h"

namespace sirius::baremetal {

void panic_with_backtrace(const char* message, u64 rip, u64 rbp)
{
    x86_64::disable_interrupts();
    print("\n*** Sirius kernel panic: ", message, "\n");
    print_backtrace(rip, rbp);
    print("*** halting\n");
    power_off(kExitStatusPanic);
}

void panic(const char* message)
{
    panic_with_backtrace(message, reinterpret_cast<u64>(__builtin_return_address(0)),
        reinterpret_cast<u64>(__builtin_frame_address(0)));
}

} // namespace sirius::baremetal
