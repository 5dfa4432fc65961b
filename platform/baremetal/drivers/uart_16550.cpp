#include "platform/baremetal/drivers/uart_16550.h"

#include "arch/x86_64/cpu.h"

namespace sirius::baremetal {

namespace {
// Register offsets from the base port (with DLAB = 0 unless noted).
constexpr u16 kData = 0; // DLAB = 1: divisor low byte
constexpr u16 kInterruptEnable = 1; // DLAB = 1: divisor high byte
constexpr u16 kFifoControl = 2;
constexpr u16 kLineControl = 3;
constexpr u16 kModemControl = 4;
constexpr u16 kLineStatus = 5;

constexpr u8 kLineControlDlab = 0x80;
constexpr u8 kLineControl8N1 = 0x03;
constexpr u8 kFifoEnableAndClear = 0x07;
constexpr u8 kModemDtrRts = 0x03;
constexpr u8 kModemOut2 = 0x08;
constexpr u8 kInterruptReceivedData = 0x01;
constexpr u8 kLineStatusDataReady = 0x01;
constexpr u8 kLineStatusTransmitEmpty = 0x20;
constexpr u16 kDivisor115200 = 1; // 115200 / 115200
} // namespace

void Uart16550::initialize() const
{
    x86_64::out8(m_base + kInterruptEnable, 0);
    x86_64::out8(m_base + kLineControl, kLineControlDlab);
    x86_64::out8(m_base + kData, kDivisor115200 & 0xff);
    x86_64::out8(m_base + kInterruptEnable, kDivisor115200 >> 8);
    x86_64::out8(m_base + kLineControl, kLineControl8N1);
    x86_64::out8(m_base + kFifoControl, kFifoEnableAndClear);
    x86_64::out8(m_base + kModemControl, kModemDtrRts);
}

void Uart16550::write(char c) const
{
    while ((x86_64::in8(m_base + kLineStatus) & kLineStatusTransmitEmpty) == 0) {
    }
    x86_64::out8(m_base + kData, static_cast<u8>(c));
}

int Uart16550::try_read() const
{
    if ((x86_64::in8(m_base + kLineStatus) & kLineStatusDataReady) == 0) {
        return -1;
    }
    return x86_64::in8(m_base + kData);
}

} // namespace sirius::baremetal

namespace sirius::baremetal {

void Uart16550::enable_receive_interrupt() const
{
    x86_64::out8(m_base + kModemControl, kModemDtrRts | kModemOut2);
    x86_64::out8(m_base + kInterruptEnable, kInterruptReceivedData);
}

} // namespace sirius::baremetal
