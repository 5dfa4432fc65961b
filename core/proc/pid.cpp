#include "core/proc/pid.h"

namespace sirius::proc {

Pid::Pid(RefPtr<ns::PidNamespace> ns)
    : m_namespace(move(ns))
    , m_level(m_namespace->level())
{
}

Pid::~Pid()
{
    release_numbers();
}

PidNr Pid::nr_in(const ns::PidNamespace& ns) const
{
    if (ns.level() > m_level || !m_numbers_bound) {
        return 0;
    }
    const Number& number = m_numbers[ns.level()];
    return number.ns == &ns ? number.nr : 0;
}

void Pid::release_numbers()
{
    if (!m_numbers_bound) {
        return;
    }
    for (Number& number : m_numbers) {
        if (number.ns != nullptr) {
            number.ns->release(number.nr);
            number = Number {};
        }
    }
    m_numbers_bound = false;
}

} // namespace sirius::proc
