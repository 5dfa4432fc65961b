#pragma once

// A spin lock that also keeps interrupts off while held, for state an
// interrupt handler touches too (the run queue: the timer wakes sleepers).
// On one CPU the interrupt flag alone would do; the spin lock is there for
// the second one.
#include "arch/x86_64/cpu.h"
#include "core/base/spin_lock.h"

namespace sirius::baremetal {

class SIRIUS_CAPABILITY("irq spin lock") IrqSpinLock {
public:
    // Returns whether interrupts were on, for unlock().
    [[nodiscard]] bool lock() SIRIUS_ACQUIRE()
    {
        bool were_enabled = x86_64::interrupts_enabled();
        x86_64::disable_interrupts();
        m_lock.lock();
        return were_enabled;
    }
    void unlock(bool enable_interrupts) SIRIUS_RELEASE()
    {
        m_lock.unlock();
        if (enable_interrupts) {
            x86_64::enable_interrupts();
        }
    }
    [[nodiscard]] bool is_locked() const { return m_lock.is_locked(); }

private:
    SpinLock m_lock;
};

} // namespace sirius::baremetal
