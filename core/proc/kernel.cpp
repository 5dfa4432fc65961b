#include "core/proc/kernel.h"

#include <linux/resource.h>

namespace sirius::proc {

Kernel::Kernel(hal::Mmu& mmu, hal::Scheduler& scheduler, hal::Clock& clock)
    : m_mmu(mmu)
    , m_scheduler(scheduler)
    , m_clock(clock)
{
}

Kernel::~Kernel()
{
    // Tear down whatever is still alive (tests end with running processes).
    while (Thread* thread = m_threads.first()) {
        exit_thread(*thread, 0);
    }
}

Result<void> Kernel::initialize(u32 max_threads)
{
    m_max_threads = max_threads;
    m_initial_user_ns = TRY(ns::UserNamespace::create_initial());
    m_initial_namespaces = TRY(ns::NsProxy::create_initial(m_namespace_inodes, m_initial_user_ns));
    m_root_cgroup = TRY(Cgroup::create_root());
    return {};
}

Result<Thread*> Kernel::create_init(RefPtr<hal::AddressSpace> space, OwnPtr<hal::UserContext> context)
{
    auto pid_namespace = m_initial_namespaces->namespaces().pid_for_children;
    auto pid = TRY(Pid::allocate(pid_namespace, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    auto session = TRY(Session::create(pid));
    auto group = TRY(ProcessGroup::create(pid, session));
    auto process = TRY(try_make_ref<Process>(pid, m_root_cgroup));
    process->set_process_group(group);
    process->limits() = ResourceLimits::initial();
    process->limits().get(RLIMIT_NPROC) = { m_max_threads / 2, m_max_threads / 2 };
    process->limits().get(RLIMIT_SIGPENDING) = { m_max_threads / 2, m_max_threads / 2 };
    process->set_exit_signal(0);

    auto thread = TRY(try_make_ref<Thread>(process, pid));
    thread->memory = TRY(mm::MemoryDescriptor::create(move(space)));
    thread->fs = TRY(fs::FsContext::create());
    thread->files = TRY(fs::FdTable::create());
    thread->signal_actions = TRY(signal::SignalActions::create());
    thread->credentials = TRY(Credentials::create_root(m_initial_user_ns));
    thread->namespaces = m_initial_namespaces;
    thread->context = move(context);
    copy_bytes(thread->name, "init", 5);
    TRY(reserve_thread_accounting());
    TRY(m_scheduler.prepare_thread(*thread));

    // The root namespace's init cannot be killed and reaps orphans.
    pid_namespace->set_child_reaper(process.get());
    process->set_unkillable(true);
    publish_thread(*thread, nullptr);
    Thread* raw = thread.get();
    m_scheduler.start_thread(*raw);
    return raw;
}

u32 Kernel::threads_of_user(u32 uid) const
{
    for (const UserCount& count : m_user_counts) {
        if (count.uid == uid) {
            return count.threads;
        }
    }
    return 0;
}

Result<void> Kernel::reserve_thread_accounting()
{
    return m_user_counts.try_reserve(m_user_counts.size() + 1);
}

void Kernel::account_user(u32 uid, int delta)
{
    for (usize i = 0; i < m_user_counts.size(); ++i) {
        if (m_user_counts[i].uid == uid) {
            m_user_counts[i].threads += static_cast<u32>(delta);
            if (m_user_counts[i].threads == 0) {
                m_user_counts.remove(i);
            }
            return;
        }
    }
    // A new user. Only a thread being published gets here (an exiting one
    // was counted), and reserve_thread_accounting() made room for it.
    (void)m_user_counts.try_append(UserCount { uid, static_cast<u32>(delta) });
}

void Kernel::publish_thread(Thread& thread, Process* parent)
{
    Process& process = thread.process();
    // Pid::allocate bound the numbers; attaching makes the thread and its
    // group reachable through them.
    Pid& pid = thread.pid();
    pid.thread = &thread;
    if (process.m_leader == nullptr) {
        process.m_leader = &thread;
        pid.thread_group = &process;
        process.m_parent = parent;
        if (parent != nullptr) {
            process.ref(); // held by the parent's list of children
            parent->children().append(process);
        }
    }
    ++process.m_thread_count;
    ++process.m_live_threads;
    thread.ref(); // held by the list of all threads
    m_threads.append(thread);
    ++m_thread_count;
    thread.accounted_uid = thread.credentials->uid.real;
    account_user(thread.accounted_uid, 1);
}

Thread* Kernel::find_thread(const ns::PidNamespace& ns, PidNr nr) const
{
    Pid* pid = ns.find(nr);
    return pid != nullptr ? pid->thread : nullptr;
}

void Kernel::reparent_children(Process& dying)
{
    // Orphans go to the init of the dying process's pid namespace (the
    // signals and wait issues add subreapers and SIGCHLD).
    Process* reaper = dying.pid().innermost_namespace().child_reaper();
    if (reaper == &dying) {
        reaper = nullptr;
    }
    while (Process* child = dying.children().first()) {
        child->m_sibling_node.unlink();
        child->m_parent = reaper;
        if (reaper != nullptr) {
            reaper->children().append(*child);
        } else {
            // No reaper left: the namespace is going away; a zombie orphan is
            // collected at once, a live one becomes parentless.
            if (child->state() == ProcessState::Zombie) {
                child->m_state = ProcessState::Reaped;
            }
            child->unref();
        }
    }
}

void Kernel::exit_thread(Thread& thread, int status)
{
    Process& process = thread.process();
    if (VforkCompletion* completion = exchange(thread.vfork_done, nullptr)) {
        completion->done = true;
        m_scheduler.wake_all(completion->waiters);
    }
    // CLONE_CHILD_CLEARTID: "clear the child thread ID at the location
    // child_tid in child memory when the child exits" (clone(2)); the futex
    // wake comes with the futex issue. A bad address is ignored, as in Linux.
    if (!thread.clear_child_tid.is_null()) {
        const i32 zero = 0;
        (void)thread.memory->address_space().copy_to_user(thread.clear_child_tid, &zero, sizeof(zero));
    }
    account_user(thread.accounted_uid, -1);
    thread.memory.clear();
    thread.files.clear();
    thread.fs.clear();
    thread.signal_actions.clear();
    thread.namespaces.clear();
    thread.context = OwnPtr<hal::UserContext>();
    thread.m_task_node.unlink();
    --m_thread_count;
    --process.m_live_threads;
    --process.m_thread_count;

    if (process.m_live_threads == 0) {
        process.set_exit_status(status);
        reparent_children(process);
        if (process.pid().is_namespace_init()) {
            // pid_namespaces(7): when init ends, the namespace takes no new
            // processes (fork fails with ENOMEM).
            process.pid().innermost_namespace().stop_accepting_pids();
            process.pid().innermost_namespace().set_child_reaper(nullptr);
        }
        process.set_state(ProcessState::Zombie);
        if (process.parent() == nullptr) {
            // Nobody to report to (init, or an orphan of a dead namespace).
            process.set_state(ProcessState::Reaped);
        }
    }
    thread.unref();
}

void Kernel::reap(Process& process)
{
    process.m_sibling_node.unlink();
    process.m_parent = nullptr;
    process.set_state(ProcessState::Reaped);
    process.unref();
}

} // namespace sirius::proc
