#include "platform/baremetal/power.h"

#include "arch/x86_64/cpu.h"

namespace sirius::baremetal {

namespace {
constexpr u16 kDebugExitPort = 0xf4;
// QEMU's PIIX4 ACPI PM1a control block and its S5 sleep command.
constexpr u16 kAcpiPm1aControl = 0x604;
constexpr u16 kAcpiSleepS5 = 0x2000;
} // namespace

void power_off(u8 status)
{
    x86_64::disable_interrupts();
    x86_64::out32(kDebugExitPort, status);
    x86_64::out16(kAcpiPm1aControl, kAcpiSleepS5);
    x86_64::halt_forever();
}

} // namespace sirius::baremetal
