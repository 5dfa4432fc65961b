#pragma once

// Ending the machine. Under QEMU with `-device isa-debug-exit,iobase=0xf4,
// iosize=4` a write of `status` there makes QEMU exit with (status << 1) | 1,
// which is how a test run reports its result; without the device the ACPI
// power-off of QEMU's PC machine ends it, and failing that the CPU halts.
#include "core/base/types.h"

namespace sirius::baremetal {

// Status values the test runner decodes (scripts/qemu-run.sh): QEMU exits
// with 2 * status + 1.
inline constexpr u8 kExitStatusSuccess = 0x10; // QEMU exit 33
inline constexpr u8 kExitStatusFailure = 0x11; // QEMU exit 35
inline constexpr u8 kExitStatusPanic = 0x12; // QEMU exit 37

[[noreturn]] void power_off(u8 status);

} // namespace sirius::baremetal
