#pragma once

// The 16550 UART, polled: the serial console (COM1 on a PC). Output waits
// for the transmit holding register; input is read when the line status
// says a byte is there.
#include "core/base/types.h"

namespace sirius::baremetal {

class Uart16550 {
public:
    static constexpr u16 kCom1 = 0x3f8;

    explicit constexpr Uart16550(u16 base)
        : m_base(base)
    {
    }

    // 115200 baud, 8N1, FIFOs on, interrupts off.
    void initialize() const;
    void write(char c) const;
    // A byte if one has arrived, else -1.
    [[nodiscard]] int try_read() const;

private:
    u16 m_base;
};

} // namespace sirius::baremetal
