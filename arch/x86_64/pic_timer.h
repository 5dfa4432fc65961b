#pragma once

// The PC's legacy interrupt hardware, as QEMU's pc machine has it: the two
// 8259 PICs (remapped to vectors 32-47, everything masked except what is
// asked for) and the 8254 PIT's channel 0 as the periodic tick on IRQ 0.
// The local APIC timer replaces this when there is more than one CPU.
#include "core/base/types.h"

namespace sirius::x86_64 {

inline constexpr u32 kTimerHz = 1000;

void initialize_pic();
void unmask_irq(u8 irq);
void acknowledge_irq(u8 irq);
// Starts IRQ 0 at kTimerHz.
void start_pit_timer();

} // namespace sirius::x86_64
