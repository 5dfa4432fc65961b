#include "core/signal/signal_actions.h"

namespace sirius::signal {

Result<RefPtr<SignalActions>> SignalActions::clone() const
{
    auto copy = TRY(create());
    for (int signal = 1; signal <= kSignalCount; ++signal) {
        copy->action(signal) = action(signal);
    }
    return copy;
}

void SignalActions::reset_handlers(bool force_default)
{
    for (SignalAction& entry : m_actions) {
        if (force_default || entry.handler != kSigIgnore) {
            entry.handler = kSigDefault;
        }
        entry.flags = 0;
        entry.restorer = 0;
        entry.mask = SignalSet();
    }
}

} // namespace sirius::signal
