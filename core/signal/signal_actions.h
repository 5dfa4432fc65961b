#pragma once

// The table of signal dispositions (Linux struct sighand_struct): shared by
// CLONE_SIGHAND, copied otherwise. The signals issue adds delivery; clone
// needs sharing, copying and the CLONE_CLEAR_SIGHAND reset.
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/signal/signal_set.h"

namespace sirius::signal {

// Kernel form of struct sigaction on x86_64 (handler, flags, restorer, mask).
struct SignalAction {
    u64 handler { 0 }; // SIG_DFL (0), SIG_IGN (1) or a user address
    u64 flags { 0 };
    u64 restorer { 0 };
    SignalSet mask;
};

inline constexpr u64 kSigDefault = 0; // SIG_DFL
inline constexpr u64 kSigIgnore = 1;  // SIG_IGN

class SignalActions : public RefCounted<SignalActions> {
public:
    static Result<RefPtr<SignalActions>> create() { return try_make_ref<SignalActions>(); }
    // A private copy for a child without CLONE_SIGHAND (Linux copy_sighand).
    Result<RefPtr<SignalActions>> clone() const;

    // Preconditions: 1 <= signal <= 64.
    [[nodiscard]] const SignalAction& action(int signal) const { return m_actions[signal - 1]; }
    SignalAction& action(int signal) { return m_actions[signal - 1]; }

    // Linux flush_signal_handlers(t, force_default): every handler becomes
    // SIG_DFL (ignored ones stay ignored unless force_default), and flags,
    // restorer and mask are cleared. CLONE_CLEAR_SIGHAND and execve use it.
    void reset_handlers(bool force_default);

    SignalActions() = default;

private:
    SignalAction m_actions[kSignalCount] {};
};

} // namespace sirius::signal
