#pragma once

// The 16550 UART: the serial console (COM1 on a PC, IRQ 4). Output is
// polled: it waits for the transmit holding register. Input is read when the
// line status says a byte is there - polled, or from the receive interrupt
// once enable_receive_interrupt() has turned it on.
#include "core/base/types.h"

namespace sirius::baremetal {

class Uart16550 {
public:
    static constexpr u16 kCom1 = 0x3f8;
    static constexpr u8 kCom1Irq = 4;

    explicit constexpr Uart16550(u16 base)
        : m_base(base)
    {
    }

    // 115200 baud, 8N1, FIFOs on, interrupts off.
    void initialize() const;
    void write(char c) const;
    // A byte if one has arrived, else -1.
    [[nodiscard]] int try_read() const;
    // "Received data available" raises the IRQ; OUT2 connects the UART's
    // interrupt line to the PIC on a PC.
    void enable_receive_interrupt() const;

private:
    u16 m_base;
};

} // namespace sirius::baremetal
