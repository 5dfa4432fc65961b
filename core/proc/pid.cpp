#include "core/proc/pid.h"

namespace sirius::proc {

Pid::Pid(RefPtr<ns::PidNamespace> ns)
    : m_namespace(move(ns))
    , m_level(m_namespace->level())
{
}

Result<RefPtr<Pid>> Pid::allocate(const RefPtr<ns::PidNamespace>& ns, const PidNr* set_tid, usize set_tid_size, MaySetTid may_set_tid)
{
    // alloc_pid: "set_tid_size must never be greater than the current
    // ns->level + 1".
    if (set_tid_size > ns->level() + 1) {
        return errno_error(EINVAL);
    }
    auto pid = TRY(try_make_ref<Pid>(ns));
    // On an error return `pid` is dropped, and ~Pid gives back the numbers
    // reserved so far.
    ns::PidNamespace* level_ns = ns.get();
    for (u32 i = 0; i <= ns->level(); ++i, level_ns = level_ns->parent()) {
        const u32 level = ns->level() - i;
        PidNr requested = 0;
        if (i < set_tid_size) {
            requested = set_tid[i];
            if (requested < 1 || requested >= level_ns->pid_max()) {
                return errno_error(EINVAL);
            }
            // "Also fail if a PID != 1 is requested and no PID 1 exists."
            if (requested != 1 && level_ns->child_reaper() == nullptr) {
                return errno_error(EINVAL);
            }
            if (!may_set_tid(*level_ns)) {
                return errno_error(EPERM);
            }
        }
        const PidNr nr = TRY(level_ns->reserve(requested));
        pid->m_numbers[level] = Number { nr, level_ns };
        pid->m_numbers_bound = true;
    }
    // "Don't start children in a dying pid namespace": ENOMEM, as Linux.
    if (!ns->is_accepting_pids()) {
        return errno_error(ENOMEM);
    }
    for (u32 level = 0; level <= pid->m_level; ++level) {
        pid->m_numbers[level].ns->bind(pid->m_numbers[level].nr, *pid);
    }
    return pid;
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

PidNr Pid::recorded_nr_in(const ns::PidNamespace& ns) const
{
    if (ns.level() > m_level) {
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
            // The number stays recorded (recorded_nr_in); m_numbers_bound
            // says it is no longer this pid's.
            number.ns->release(number.nr);
        }
    }
    m_numbers_bound = false;
}

} // namespace sirius::proc
