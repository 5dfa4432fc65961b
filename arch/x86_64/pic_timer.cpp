#include "arch/x86_64/pic_timer.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"

namespace sirius::x86_64 {

namespace {
constexpr u16 kPic1Command = 0x20;
constexpr u16 kPic1Data = 0x21;
constexpr u16 kPic2Command = 0xa0;
constexpr u16 kPic2Data = 0xa1;
constexpr u8 kEndOfInterrupt = 0x20;
constexpr u8 kInit = 0x11; // ICW1: edge-triggered, cascade, ICW4 follows
constexpr u8 kMode8086 = 0x01; // ICW4
constexpr u16 kPitChannel0 = 0x40;
constexpr u16 kPitCommand = 0x43;
constexpr u8 kPitRateGenerator = 0x34; // channel 0, lobyte/hibyte, mode 2
constexpr u32 kPitFrequency = 1193182;
u16 g_mask = 0xffff;
} // namespace

void initialize_pic()
{
    out8(kPic1Command, kInit);
    out8(kPic2Command, kInit);
    out8(kPic1Data, kFirstIrqVector);
    out8(kPic2Data, kFirstIrqVector + 8);
    out8(kPic1Data, 4); // the slave is on IRQ 2
    out8(kPic2Data, 2);
    out8(kPic1Data, kMode8086);
    out8(kPic2Data, kMode8086);
    g_mask = 0xffff & ~(1U << 2);
    out8(kPic1Data, static_cast<u8>(g_mask));
    out8(kPic2Data, static_cast<u8>(g_mask >> 8));
}

void unmask_irq(u8 irq)
{
    g_mask &= static_cast<u16>(~(1U << irq));
    out8(kPic1Data, static_cast<u8>(g_mask));
    out8(kPic2Data, static_cast<u8>(g_mask >> 8));
}

void acknowledge_irq(u8 irq)
{
    if (irq >= 8) {
        out8(kPic2Command, kEndOfInterrupt);
    }
    out8(kPic1Command, kEndOfInterrupt);
}

void start_pit_timer()
{
    u32 divisor = kPitFrequency / kTimerHz;
    out8(kPitCommand, kPitRateGenerator);
    out8(kPitChannel0, static_cast<u8>(divisor));
    out8(kPitChannel0, static_cast<u8>(divisor >> 8));
    unmask_irq(0);
}

} // namespace sirius::x86_64
