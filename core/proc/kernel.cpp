#include "core/proc/kernel.h"

#include <asm/signal.h>
#include <linux/futex.h>
#include <linux/mount.h>
#include <linux/resource.h>

#include "core/fs/devtmpfs.h"
#include "core/fs/fs_context.h"
#include "core/fs/nsfs.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/vfs.h"
#include "core/fs/ramfs.h"
#include "core/ipc/sem.h"
#include "core/proc/process_group.h"
#include "core/proc/set_process_group.h"
#include "core/signal/child_notification.h"
#include "core/signal/group_stop.h"
#include "core/signal/kill.h"
#include "core/signal/orphaned_group.h"
#include "core/signal/send_signal.h"
#include "core/tty/controlling_terminal.h"

namespace sirius::proc {

Kernel::Kernel(hal::Mmu& mmu, hal::Scheduler& scheduler, hal::Clock& clock, hal::EntropySource& entropy)
    : m_mmu(mmu)
    , m_scheduler(scheduler)
    , m_clock(clock)
    , m_crng(entropy, clock, scheduler)
    , m_futexes(mmu, scheduler)
    , m_timers(clock)
{
}

Kernel::~Kernel()
{
    // Tear down whatever is still alive (tests end with running processes).
    while (Thread* thread = m_threads.first()) {
        exit_thread(*thread, 0);
    }
    // Zombies still hold nothing of the file systems; what open files keep
    // goes with them. Other mount namespaces died with their last task.
    if (m_initial_namespaces) {
        mounts().clear();
    }
    // devtmpfs lives on without a mount (mount_boot_file_systems may not
    // have run): its tree goes too.
    if (m_devtmpfs) {
        m_devtmpfs->kill();
    }
    // nsfs's root dentry and its inode hold each other through the super
    // block: killing it breaks the cycle.
    if (m_nsfs_mount) {
        m_nsfs_mount->super_block().kill();
    }
    // So does the cgroup hierarchy, mounted or not.
    if (m_cgroup_hierarchy) {
        m_cgroup_hierarchy->destroy();
    }
}

Result<fs::UnpackReport> Kernel::unpack_initramfs(fs::CpioBytes archive)
{
    RefPtr<Credentials> root = TRY(Credentials::create_root(m_initial_user_ns));
    const fs::VfsCaller caller { fs::WalkContext { *root, mounts().root() }, file_time(), 0 };
    return fs::unpack_initramfs(caller, archive);
}

fs::Timestamp Kernel::file_time() const
{
    constexpr i64 kNanosecondsPerSecond = 1'000'000'000;
    const hal::Nanoseconds now = m_clock.realtime_now();
    return fs::Timestamp { now / kNanosecondsPerSecond, now % kNanosecondsPerSecond };
}

Result<void> Kernel::initialize(u32 max_threads)
{
    m_max_threads = max_threads;
    m_crng.initialize();
    m_initial_user_ns = TRY(ns::UserNamespace::create_initial());
    m_initial_namespaces = TRY(ns::NsProxy::create_initial(m_namespace_inodes, m_initial_user_ns, m_mount_numbers));
    m_root_cgroup = TRY(Cgroup::create_root());
    m_cgroup_hierarchy = TRY(fs::CgroupSuperBlock::create(*this, m_mount_numbers.allocate_device(), m_root_cgroup, file_time()));
    // init_mount_tree's rootfs: a tmpfs with a root directory of mode 0755
    // (init_rootfs / rootfs_init_fs_context), which the initramfs fills.
    auto root = TRY(fs::RamfsSuperBlock::create(m_mount_numbers.allocate_device(), 0755, file_time()));
    TRY(mounts().set_root(move(root)));
    // chr_dev_init and tty_init: the memory devices and /dev/tty.
    TRY(m_memory_devices.register_in(m_char_devices));
    TRY(m_char_devices.add(tty::ControllingTerminalDevice::kMajor, tty::ControllingTerminalDevice::kMinor, m_controlling_terminal_device));
    m_devtmpfs = TRY(fs::create_devtmpfs(m_mount_numbers.allocate_device(), file_time()));
    // devtmpfs's internal mount keeps it when no namespace shows it.
    m_devtmpfs->keep_without_mounts();
    // nsfs_init: its one instance, mounted internally.
    m_nsfs_mount = TRY(fs::create_nsfs_mount(m_mount_numbers.allocate_device()));
    return {};
}

Result<void> Kernel::mount_boot_file_systems()
{
    RefPtr<Credentials> root = TRY(Credentials::create_root(m_initial_user_ns));
    const fs::VfsCaller caller { fs::WalkContext { *root, mounts().root() }, file_time(), 0 };
    auto mount_on = [&](const char* name, RefPtr<fs::SuperBlock> super_block, u32 flags) -> Result<void> {
        fs::PathName path;
        usize length = 0;
        while (name[length] != '\0') {
            ++length;
        }
        TRY(path.copy_from_kernel(reinterpret_cast<const u8*>(name), length));
        auto made = fs::make_directory(caller, mounts().root(), path, 0755);
        if (made.is_error() && made.error().code() != EEXIST) {
            return made.error();
        }
        fs::Path at = TRY(fs::lookup(caller, mounts().root(), path, true));
        if (!at.inode().is_directory()) {
            return errno_error(ENOTDIR);
        }
        TRY(mounts().mount(at, move(super_block), flags));
        return {};
    };
    // devtmpfs_mount: "mount("devtmpfs", "dev", "devtmpfs", MS_SILENT, NULL)";
    // init mounts proc with MS_RELATIME like every mount without an atime flag.
    TRY(mount_on("/dev", RefPtr<fs::SuperBlock>(m_devtmpfs), MS_RELATIME));
    Thread* init = m_threads.first();
    RefPtr<ns::PidNamespace> pid_namespace(init != nullptr ? &init->active_pid_namespace() : &root_pid_namespace());
    auto proc = TRY(fs::ProcSuperBlock::create(*this, m_mount_numbers.allocate_device(), move(pid_namespace), file_time()));
    TRY(mount_on("/proc", RefPtr<fs::SuperBlock>(move(proc)), MS_RELATIME));
    return {};
}

Result<Thread*> Kernel::create_init(RefPtr<hal::AddressSpace> space, OwnPtr<hal::UserContext> context)
{
    auto pid_namespace = m_initial_namespaces->namespaces().pid_for_children;
    auto pid = TRY(Pid::allocate(pid_namespace, nullptr, 0, [](const ns::PidNamespace&) { return true; }));
    // Linux's init inherits the session and process group of the idle task,
    // init_struct_pid, whose number is 0 everywhere: getsid(2) and
    // getpgrp(2) say 0 until init calls setsid(2), which it may (it is no
    // session leader, and no group has its pid). A pid with no numbers is
    // that pid 0.
    auto idle_pid = TRY(try_make_ref<Pid>(pid_namespace));
    auto session = TRY(Session::create(idle_pid));
    auto group = TRY(ProcessGroup::create(idle_pid, session));
    auto process = TRY(try_make_ref<Process>(pid, m_root_cgroup));
    process->set_process_group(group);
    process->limits() = ResourceLimits::initial();
    process->limits().get(RLIMIT_NPROC) = { m_max_threads / 2, m_max_threads / 2 };
    process->limits().get(RLIMIT_SIGPENDING) = { m_max_threads / 2, m_max_threads / 2 };
    process->set_exit_signal(0);

    auto thread = TRY(try_make_ref<Thread>(process, pid));
    thread->memory = TRY(mm::MemoryDescriptor::create(move(space), m_mmu, m_scheduler));
    thread->fs = TRY(fs::FsContext::create());
    thread->fs->set_root(mounts().root());
    thread->fs->set_cwd(mounts().root());
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
    publish_thread(*thread, nullptr, nullptr);
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

void Kernel::publish_thread(Thread& thread, Process* parent, Thread* parent_thread)
{
    Process& process = thread.process();
    // Pid::allocate bound the numbers; attaching makes the thread and its
    // group reachable through them.
    Pid& pid = thread.pid();
    pid.thread = &thread;
    if (process.m_leader == nullptr) {
        process.m_leader = &thread;
        thread.ref(); // the leader's task stays until the process is reaped
        process.m_held_leader = &thread;
        pid.thread_group = &process;
        process.m_parent = parent;
        process.m_parent_thread = parent_thread;
        m_processes.append(process);
        if (parent != nullptr) {
            process.ref(); // held by the parent's list of children
            parent->children().append(process);
        }
    }
    ++process.m_thread_count;
    ++process.m_live_threads;
    process.m_threads.append(thread.m_group_link);
    if (process.m_signal_target == nullptr) {
        process.m_signal_target = &thread;
    }
    thread.ref(); // held by the list of all threads
    m_threads.append(thread);
    ++m_thread_count;
    thread.accounted_uid = thread.credentials->uid.real;
    account_user(thread.accounted_uid, 1);
}

namespace {

// cred_cap_issubset: `next`'s permitted capabilities are within `previous`'s
// (in the same user namespace), or `next` is in a namespace below
// `previous`'s whose owner (or an ancestor's up to it) is `previous`'s euid.
bool capabilities_are_subset(const Credentials& previous, const Credentials& next)
{
    if (previous.user_ns == next.user_ns) {
        return (next.permitted.bits() & ~previous.permitted.bits()) == 0;
    }
    for (const ns::UserNamespace* level = next.user_ns.get(); level != nullptr && level->parent() != nullptr; level = level->parent()) {
        if (level->parent() == previous.user_ns.get() && level->owner_uid() == previous.uid.effective) {
            return true;
        }
    }
    return false;
}

// commit_creds's test before "set_dumpable(task->mm, suid_dumpable);
// task->pdeath_signal = 0;".
bool keeps_privilege_level(const Credentials& previous, const Credentials& next)
{
    return previous.uid.effective == next.uid.effective && previous.gid.effective == next.gid.effective &&
        previous.uid.filesystem == next.uid.filesystem && previous.gid.filesystem == next.gid.filesystem && capabilities_are_subset(previous, next);
}

} // namespace

Result<void> Kernel::commit_credentials(Thread& thread, RefPtr<Credentials> credentials)
{
    const u32 uid = credentials->uid.real;
    if (uid != thread.accounted_uid) {
        if (reserve_thread_accounting().is_error()) {
            return errno_error(EAGAIN);
        }
        account_user(thread.accounted_uid, -1);
        account_user(uid, 1);
        thread.accounted_uid = uid;
    }
    if (thread.credentials && !keeps_privilege_level(*thread.credentials, *credentials)) {
        if (thread.memory) {
            thread.memory->set_dumpable(mm::Dumpable::Disabled);
        }
        thread.parent_death_signal = 0;
    }
    thread.credentials = move(credentials);
    return {};
}

Result<RefPtr<signal::SignalQuota>> Kernel::signal_quota(u32 uid)
{
    for (signal::SignalQuota& quota : m_signal_quotas) {
        if (quota.uid() == uid) {
            return RefPtr<signal::SignalQuota>(&quota);
        }
    }
    auto quota = TRY(try_make_ref<signal::SignalQuota>(uid));
    m_signal_quotas.append(*quota);
    return quota;
}

Thread* Kernel::find_thread(const ns::PidNamespace& ns, PidNr nr) const
{
    Pid* pid = ns.find(nr);
    return pid != nullptr ? pid->thread : nullptr;
}

void Kernel::release_process(Process& process)
{
    process.set_state(ProcessState::Reaped);
    // A pidfd's process is gone: its pollers see a hang-up.
    m_scheduler.wake_all(process.pid().pidfd_waiters);
    if (process.m_process_node.is_linked()) {
        process.m_process_node.unlink();
    }
    // The leader's task was kept for the pid and the credentials; the
    // caller holds a reference to the process, so it outlives this.
    if (Thread* leader = exchange(process.m_held_leader, nullptr)) {
        leader->unref();
    }
}

Process* Kernel::find_new_reaper(Process& dying)
{
    // find_new_reaper: the nearest living ancestor in the same pid
    // namespace that is a child subreaper (prctl(2) PR_SET_CHILD_SUBREAPER),
    // else the namespace's init.
    if (dying.has_child_subreaper()) {
        const u32 level = dying.pid().level();
        for (Process* ancestor = dying.parent(); ancestor != nullptr && ancestor->pid().level() == level; ancestor = ancestor->parent()) {
            if (ancestor->is_child_subreaper() && ancestor->live_thread_count() > 0) {
                return ancestor;
            }
        }
    }
    Process* reaper = dying.pid().innermost_namespace().child_reaper();
    return reaper != &dying ? reaper : nullptr;
}

void Kernel::send_parent_death_signals(Thread& exiting, Process& child)
{
    // prctl(2) PR_SET_PDEATHSIG: "the signal that the calling process will
    // get when its parent dies" - when the parent *thread* ends.
    child.for_each_thread([&](Thread& thread) {
        if (thread.parent_death_signal != 0) {
            signal::SignalInfo info = signal::sender_info(exiting, thread.parent_death_signal, signal::kSiUser);
            info.set_sender(static_cast<i32>(exiting.process().pid().nr_in(thread.active_pid_namespace())), info.sender_uid());
            if (signal::check_kill_permission(exiting, thread, info.signo, info).has_value()) {
                (void)signal::send_signal(*this, info, thread, signal::SignalScope::Process, signal::SignalSender::user(exiting));
            }
        }
    });
}

void Kernel::forget_original_parent(Thread& exiting)
{
    Process& dying = exiting.process();
    // Children created by this thread go to another live thread of its
    // group; when none is left, to the new reaper (Linux
    // forget_original_parent and reparent_leader).
    Thread* sibling = dying.first_thread();
    Process* reaper = sibling == nullptr ? find_new_reaper(dying) : nullptr;
    for (Process& child : dying.children()) {
        if (child.m_parent_thread != &exiting && sibling != nullptr) {
            continue;
        }
        send_parent_death_signals(exiting, child);
        if (sibling != nullptr) {
            child.m_parent_thread = sibling;
            continue;
        }
        child.m_sibling_node.unlink();
        child.m_parent = reaper;
        if (reaper == nullptr) {
            // No reaper left: the namespace is going away; a zombie orphan
            // is collected at once, a live one becomes parentless.
            child.m_parent_thread = nullptr;
            if (child.state() == ProcessState::Zombie) {
                release_process(child);
            }
            child.unref();
            continue;
        }
        reaper->children().append(child);
        child.m_parent_thread = reaper->first_thread();
        // "We don't want people slaying init."
        child.set_exit_signal(SIGCHLD);
        // "If it has exited notify the new parent about this child's death."
        if (child.state() == ProcessState::Zombie && signal::notify_parent_of_exit(*this, child)) {
            reap(child);
            continue;
        }
        // The child's group may have lost its last link to a job-control
        // parent (POSIX 3.2.2.2, case ii).
        signal::kill_orphaned_process_group(*this, child, &dying);
    }
}

void Kernel::kill_namespace(const ns::PidNamespace& ns, const Process& init)
{
    // zap_pid_ns_processes: when a namespace's init dies, everything else
    // in the namespace gets SIGKILL (pid_namespaces(7)).
    for (Process& process : m_processes) {
        if (&process != &init && process.pid().nr_in(ns) != 0 && process.live_thread_count() > 0) {
            signal::SignalInfo info;
            info.signo = SIGKILL;
            info.code = signal::kSiKernel;
            (void)signal::send_signal(*this, info, *process.first_thread(), signal::SignalScope::Process, signal::SignalSender::kernel());
        }
    }
}

void Kernel::release_memory(Thread& thread)
{
    // futex_exit_release / futex_exec_release come first: locks the thread
    // held on its robust list are marked FUTEX_OWNER_DIED.
    m_futexes.exit_robust_list(thread);
    if (VforkCompletion* completion = exchange(thread.vfork_done, nullptr)) {
        completion->done = true;
        m_scheduler.wake_all(completion->waiters);
    }
    // CLONE_CHILD_CLEARTID: "clear the child thread ID at the location
    // child_tid in child memory when the child exits, and do a wakeup on the
    // futex at that address" (clone(2)) - only while another task uses the
    // memory (mm_release: "if (atomic_read(&mm->mm_users) > 1)"): a process
    // that ends alone leaves the word as it was. The wake is a shared
    // FUTEX_WAKE of one waiter, which pthread_join waits for. A bad address
    // is ignored, as in Linux. Once done, the address is forgotten (an
    // exec'd program sets its own).
    if (UserAddress address = exchange(thread.clear_child_tid, UserAddress()); !address.is_null() && thread.memory->ref_count() > 1) {
        const i32 zero = 0;
        (void)thread.memory->address_space().copy_to_user(address, &zero, sizeof(zero));
        (void)m_futexes.wake(thread, address, FutexScope::Shared, 1, FUTEX_BITSET_MATCH_ANY);
    }
}

void Kernel::exit_thread(Thread& thread, int status)
{
    Process& process = thread.process();
    signal::exit_signals(*this, thread);
    release_memory(thread);
    // do_exit: exit_sem after exit_mm.
    ipc::exit_semaphores(*this, thread);
    account_user(thread.accounted_uid, -1);
    thread.m_task_node.unlink();
    // __exit_signal: "if (tsk == sig->curr_target) sig->curr_target = next_thread(tsk)".
    if (process.m_signal_target == &thread) {
        Thread* next = process.next_thread_after(thread.m_group_link);
        process.m_signal_target = next != &thread ? next : nullptr;
    }
    thread.m_group_link.node.unlink();
    --m_thread_count;
    --process.m_live_threads;
    --process.m_thread_count;
    thread.pending.clear();

    forget_original_parent(thread);
    thread.memory.clear();
    thread.files.clear();
    thread.fs.clear();
    thread.signal_actions.clear();
    thread.namespaces.clear();
    thread.context = OwnPtr<hal::UserContext>();

    // exit_notify: "if (unlikely(tsk->signal->notify_count < 0))
    // wake_up_process(tsk->signal->group_exec_task);" - an exec waits for
    // the other threads to be gone.
    if (process.group_signals().exec_thread != nullptr) {
        m_scheduler.wake_all(process.group_signals().exec_waiters);
    }
    if (process.m_live_threads == 0) {
        // do_exit, group_dead: "hrtimer_cancel(&tsk->signal->real_timer)";
        // nothing of the process's fires after it.
        process.interval_timers().cancel_all();
        // "if (group_dead) disassociate_ctty(1);": a session leader's exit
        // hangs up its controlling terminal's foreground group (SIGHUP),
        // and the session has no terminal any more.
        if (is_session_leader(process)) {
            tty::disassociate_controlling_terminal(*this, process.process_group().session(), true);
        }
        // Our own group may have lost its last link (POSIX 3.2.2.2, case i).
        signal::kill_orphaned_process_group(*this, process, nullptr);
        // synchronize_group_exit: the last thread to go makes its exit a
        // group exit unless one is under way, so wait(2) and SIGCHLD report
        // the group's code, or else this thread's (Linux >= 6.15, whose
        // SIGCHLD and wait agree).
        signal::GroupSignalState& group = process.group_signals();
        if (!group.exiting) {
            group.exiting = true;
            group.exit_code = status;
        }
        process.set_exit_status(group.exit_code);
        process.shared_pending().clear();
        if (process.pid().is_namespace_init()) {
            // pid_namespaces(7): when init ends, the namespace takes no new
            // processes (fork fails with ENOMEM) and the rest are killed.
            ns::PidNamespace& ns = process.pid().innermost_namespace();
            ns.stop_accepting_pids();
            ns.set_child_reaper(nullptr);
            kill_namespace(ns, process);
        }
        process.set_state(ProcessState::Zombie);
        // cgroup_exit: the cgroup counts live tasks only.
        process.leave_cgroup();
        if (process.pid().is_namespace_init() && namespace_has_other_live_process(process)) {
            // zap_pid_ns_processes: a namespace's init is not reported
            // until every other process of its namespace has gone.
            process.m_awaiting_namespace_exit = true;
        } else {
            report_exit(process);
        }
        report_inits_of_emptied_namespaces();
    }
    // do_notify_pidfd: pollers of this thread's pidfds, and of the
    // process's once it is a zombie.
    m_scheduler.wake_all(thread.pid().pidfd_waiters);
    if (process.m_live_threads == 0) {
        m_scheduler.wake_all(process.pid().pidfd_waiters);
    }
    thread.unref();
}

void Kernel::take_over_leader(Thread& thread)
{
    Process& process = thread.process();
    Thread* old_leader = process.m_leader;
    thread.exchange_pid(*old_leader);
    process.m_leader = &thread;
    // The reference that keeps the leader's task until the process is
    // reaped moves to the new leader; dropping the old one's releases it
    // and, with it, the number the exec'ing thread had.
    thread.ref();
    if (Thread* held = exchange(process.m_held_leader, &thread)) {
        held->unref();
    }
}

bool Kernel::namespace_has_other_live_process(const Process& init)
{
    const ns::PidNamespace& ns = init.pid().innermost_namespace();
    for (Process& process : m_processes) {
        if (&process != &init && process.live_thread_count() > 0 && process.pid().nr_in(ns) != 0) {
            return true;
        }
    }
    return false;
}

void Kernel::report_inits_of_emptied_namespaces()
{
    for (Process& process : m_processes) {
        if (process.m_awaiting_namespace_exit && !namespace_has_other_live_process(process)) {
            process.m_awaiting_namespace_exit = false;
            report_exit(process);
        }
    }
}

void Kernel::report_exit(Process& process)
{
    if (process.parent() == nullptr) {
        // Nobody to report to (init, or an orphan of a dead namespace).
        release_process(process);
    } else if (signal::notify_parent_of_exit(*this, process)) {
        reap(process);
    }
}

void Kernel::reap(Process& process)
{
    process.m_sibling_node.unlink();
    process.m_parent = nullptr;
    process.m_parent_thread = nullptr;
    release_process(process);
    process.unref();
}

} // namespace sirius::proc
