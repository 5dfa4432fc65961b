#pragma once

// Pid: the identity of a task across pid namespaces (Linux struct pid). It has
// one number in each namespace from the one it was created in up to the root,
// and knows what is attached to it: a thread, a thread group, a process
// group, a session. Its numbers are released when nothing is attached any
// more; the object itself lives as long as someone (a pidfd) holds it.
#include "core/base/function_ref.h"
#include "core/hal/wait_queue.h"
#include "core/ns/pid_namespace.h"

namespace sirius::proc {

class Thread;
class Process;
class ProcessGroup;
class Session;

class Pid : public RefCounted<Pid> {
public:
    struct Number {
        PidNr nr { 0 };
        ns::PidNamespace* ns { nullptr };
    };

    // Allocates one number in `ns` and each of its ancestors (Linux
    // alloc_pid). `set_tid` gives requested numbers from the innermost
    // namespace outwards (clone3 set_tid); `may_set_tid(ns)` answers whether
    // the caller may choose numbers in a namespace (CAP_SYS_ADMIN or
    // CAP_CHECKPOINT_RESTORE over its owner).
    // Errors: EINVAL (set_tid longer than the nesting, a number out of range,
    // a number other than 1 in a namespace without init), EPERM, EEXIST,
    // EAGAIN (namespace full), ENOMEM (the namespace's init is dead).
    using MaySetTid = FunctionRef<bool(const ns::PidNamespace&)>;
    static Result<RefPtr<Pid>> allocate(const RefPtr<ns::PidNamespace>& ns, const PidNr* set_tid, usize set_tid_size, MaySetTid may_set_tid);

    ~Pid();

    [[nodiscard]] u32 level() const { return m_level; }
    [[nodiscard]] ns::PidNamespace& innermost_namespace() const { return *m_namespace; }
    // The number as `ns` sees it, or 0 when the pid is not visible there
    // (Linux pid_nr_ns).
    [[nodiscard]] PidNr nr_in(const ns::PidNamespace& ns) const;
    // The number in the namespace it was created in (pid_vnr of its task).
    [[nodiscard]] PidNr innermost_nr() const { return m_numbers_bound ? m_numbers[m_level].nr : 0; }
    // The number in the root namespace (Linux pid_nr).
    [[nodiscard]] PidNr global_nr() const { return m_numbers_bound ? m_numbers[0].nr : 0; }
    // The number `ns` saw, even once given back: Linux's struct pid keeps
    // its numbers after free_pid, so a System V IPC object's sempid or
    // msg_lspid still names a process that was reaped.
    [[nodiscard]] PidNr recorded_nr_in(const ns::PidNamespace& ns) const;

    // Pid 1 of its namespace: that namespace's init (Linux is_child_reaper).
    [[nodiscard]] bool is_namespace_init() const { return innermost_nr() == 1; }

    // Gives back every number (Linux free_pid); idempotent.
    void release_numbers();
    // Gives back the numbers once nothing is attached any more (Linux
    // __change_pid: a pid stays while a thread, thread group, process group
    // or session still uses it).
    void release_numbers_if_unused()
    {
        if (thread == nullptr && thread_group == nullptr && process_group == nullptr && session == nullptr) {
            release_numbers();
        }
    }
    [[nodiscard]] bool has_numbers() const { return m_numbers_bound; }

    // What is attached. Each pointer is set by the owner when attaching and
    // cleared when detaching.
    Thread* thread { nullptr };
    Process* thread_group { nullptr };
    ProcessGroup* process_group { nullptr };
    Session* session { nullptr };

    // Pollers of pidfds on this pid (Linux pid->wait_pidfd): woken when its
    // thread exits, its process becomes a zombie, and when it is reaped.
    hal::WaitQueue pidfd_waiters;

    Pid(RefPtr<ns::PidNamespace> ns);

private:
    RefPtr<ns::PidNamespace> m_namespace;
    u32 m_level;
    bool m_numbers_bound { false };
    Number m_numbers[ns::kMaxPidNamespaceLevel + 1];
};

} // namespace sirius::proc
