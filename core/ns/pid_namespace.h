#pragma once

// A pid namespace (pid_namespaces(7)): its own table of pid numbers, a parent
// (a task has one number in each namespace from its own up to the root), and
// an init process that reaps orphans and whose death ends the namespace.
#include "core/base/vector.h"
#include "core/ns/owned_namespace.h"

namespace sirius::proc {
class Pid;
class Process;
} // namespace sirius::proc

namespace sirius::ns {

// Linux MAX_PID_NS_LEVEL: at most 32 nested pid namespaces below the root.
inline constexpr u32 kMaxPidNamespaceLevel = 32;
// Linux PID_MAX_DEFAULT, PID_MAX_LIMIT (64-bit) and RESERVED_PIDS
// (include/linux/threads.h). Since Linux 6.14 pid_max is per namespace: the
// initial one starts at the default, a new one at the limit (the numbers it
// hands out are still bounded by every ancestor's own pid_max).
inline constexpr PidNr kDefaultPidMax = 32768;
inline constexpr PidNr kPidMaxLimit = 4 * 1024 * 1024;
inline constexpr PidNr kReservedPids = 300;

class PidNamespace
    : public RefCounted<PidNamespace>
    , public OwnedNamespace {
public:
    static Result<RefPtr<PidNamespace>> create_initial(RefPtr<UserNamespace> owner);
    // Errors: ENOSPC past kMaxPidNamespaceLevel (Linux create_pid_ns), ENOMEM.
    static Result<RefPtr<PidNamespace>> create_child(NamespaceInodeAllocator&, const RefPtr<PidNamespace>& parent, RefPtr<UserNamespace> owner);

    [[nodiscard]] PidNamespace* parent() const { return m_parent.get(); }
    [[nodiscard]] u32 level() const { return m_level; }
    [[nodiscard]] PidNr pid_max() const { return m_pid_max; }

    // The namespace's init (pid 1), or nullptr before it exists or after it
    // died. It reaps orphans of the namespace.
    [[nodiscard]] proc::Process* child_reaper() const { return m_child_reaper; }
    void set_child_reaper(proc::Process* reaper) { m_child_reaper = reaper; }

    // False once init has died: no new pids (Linux PIDNS_ADDING cleared).
    [[nodiscard]] bool is_accepting_pids() const { return m_accepting_pids; }
    void stop_accepting_pids() { m_accepting_pids = false; }

    // Reserves a number. `requested` == 0 picks the next free one cyclically
    // as Linux's idr_alloc_cyclic does (from 1, then from RESERVED_PIDS after
    // wrapping). Errors: EEXIST for a requested number in use, EAGAIN when
    // the namespace is full, ENOMEM.
    Result<PidNr> reserve(PidNr requested);
    // Binds a reserved number to its Pid, making it visible to find().
    void bind(PidNr nr, proc::Pid& pid);
    // Releases a reserved or bound number.
    void release(PidNr nr);

    [[nodiscard]] proc::Pid* find(PidNr nr) const;
    [[nodiscard]] usize count() const { return m_slots.size(); }
    // For each bound pid, in number order (e.g. kill(-1), /proc listing).
    template<typename Callback>
    void for_each_pid(Callback callback) const
    {
        for (const Slot& slot : m_slots) {
            if (slot.pid != nullptr) {
                callback(slot.nr, *slot.pid);
            }
        }
    }

    PidNamespace(RefPtr<PidNamespace> parent, u32 level, RefPtr<UserNamespace> owner, u32 inode);

private:
    struct Slot {
        PidNr nr;
        proc::Pid* pid; // nullptr while reserved but not yet bound
    };
    // Index of the first slot with number >= nr.
    [[nodiscard]] usize lower_bound(PidNr nr) const;
    // The first free number in [from, to), or 0.
    [[nodiscard]] PidNr first_free(PidNr from, PidNr to) const;

    RefPtr<PidNamespace> m_parent;
    u32 m_level;
    PidNr m_pid_max;
    PidNr m_next_cursor { 0 }; // Linux idr_next: where the cyclic search resumes
    Vector<Slot> m_slots;      // sorted by number
    proc::Process* m_child_reaper { nullptr };
    bool m_accepting_pids { true };
};

} // namespace sirius::ns
