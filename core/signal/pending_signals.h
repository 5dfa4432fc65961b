#pragma once

// Signals sent but not yet delivered: one set per thread, one per process
// (shared). A clone child starts with none (fork(2): "the child's set of
// pending signals is initially empty"). The signals issue adds queued
// real-time siginfo.
#include "core/signal/signal_set.h"

namespace sirius::signal {

class PendingSignals {
public:
    [[nodiscard]] const SignalSet& set() const { return m_set; }
    void add(int signal) { m_set.add(signal); }
    void remove(int signal) { m_set.remove(signal); }
    void clear() { m_set = SignalSet(); }

private:
    SignalSet m_set;
};

} // namespace sirius::signal
