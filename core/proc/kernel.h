#pragma once

// Kernel: the core's state for one machine, and the services of the platform
// it runs on. Linux keeps this in globals (init_task, init_nsproxy,
// nr_threads); here it is one object, so a unit test or a fuzzer can build a
// fresh machine per case over mocked hal services.
#include "core/fs/cgroupfs/cgroup_fs.h"
#include "core/fs/char_device.h"
#include "core/fs/cpio_archive.h"
#include "core/fs/initramfs.h"
#include "core/fs/memory_devices.h"
#include "core/fs/ramfs.h"
#include "core/fs/mount.h"
#include "core/hal/address_space.h"
#include "core/hal/clock.h"
#include "core/hal/entropy_source.h"
#include "core/hal/scheduler.h"
#include "core/proc/futex.h"
#include "core/proc/program_environment.h"
#include "core/proc/thread.h"
#include "core/random/crng.h"
#include "core/signal/signal_quota.h"
#include "core/time/timer_queue.h"
#include "core/tty/terminal_devices.h"

namespace sirius::proc {

class Kernel {
public:
    Kernel(hal::Mmu& mmu, hal::Scheduler& scheduler, hal::Clock& clock, hal::EntropySource& entropy);
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    // Builds the initial namespaces, credentials and cgroup root, and seeds
    // the random generator from the entropy source. `max_threads`
    // bounds the number of threads (Linux fork_init: from the memory size); it
    // also sets init's RLIMIT_NPROC and RLIMIT_SIGPENDING to half of it.
    // Errors: ENOMEM.
    Result<void> initialize(u32 max_threads);

    // Creates init: pid 1 of the root pid namespace, in session and process
    // group 0 (Linux init_struct_pid), with root credentials, running on
    // `space` with `context`.
    // Preconditions: initialize() succeeded; called once.
    // Errors: ENOMEM (nothing is left behind).
    Result<Thread*> create_init(RefPtr<hal::AddressSpace> space, OwnPtr<hal::UserContext> context);

    // The mounts of the initial mount namespace (init_mnt_ns), with an
    // empty tmpfs as the root from initialize() on, which the initramfs
    // fills. A task sees its own namespace's (NsProxy's mount): this is
    // for the boot and for tests.
    // Preconditions: initialize() succeeded.
    [[nodiscard]] fs::MountTable& mounts() { return m_initial_namespaces->namespaces().mount->mounts(); }
    // Mount ids, peer group ids and anonymous devices, for every namespace.
    [[nodiscard]] fs::MountNumbers& mount_numbers() { return m_mount_numbers; }
    // The character device drivers by number (chrdev_open): the memory
    // devices and /dev/tty from initialize(), the console from the
    // platform.
    [[nodiscard]] fs::CharDeviceTable& char_devices() { return m_char_devices; }
    // populate_rootfs: unpacks the initramfs into the root, as root.
    // Preconditions: initialize() succeeded. Errors: the archive's (EINVAL,
    // EOPNOTSUPP; what came before stays), ENOMEM.
    Result<fs::UnpackReport> unpack_initramfs(fs::CpioBytes archive);
    // The kernel's one devtmpfs (every mount of type devtmpfs shows it),
    // made by initialize().
    [[nodiscard]] const RefPtr<fs::RamfsSuperBlock>& devtmpfs() const { return m_devtmpfs; }
    // nsfs's internal mount, where namespace files live (core/fs/nsfs.h),
    // made by initialize().
    [[nodiscard]] const RefPtr<fs::Mount>& nsfs_mount() const { return m_nsfs_mount; }
    // After the initramfs: devtmpfs on /dev (devtmpfs_mount) and procfs on
    // /proc, each directory made (0755) when the initramfs has none.
    // Preconditions: initialize() succeeded; init exists (procfs shows its
    // pid namespace). Errors: ENOMEM, ENOTDIR (the name is a file).
    Result<void> mount_boot_file_systems();
    // The time file timestamps take (current_time: CLOCK_REALTIME).
    [[nodiscard]] fs::Timestamp file_time() const;
    ProgramEnvironment& program_environment() { return m_program_environment; }

    [[nodiscard]] hal::Mmu& mmu() const { return m_mmu; }
    [[nodiscard]] hal::Scheduler& scheduler() const { return m_scheduler; }
    [[nodiscard]] hal::Clock& clock() const { return m_clock; }
    // The kernel's random generator (getrandom(2), /dev/urandom).
    random::Crng& crng() { return m_crng; }
    FutexTable& futexes() { return m_futexes; }
    // The armed kernel timers (ITIMER_REAL), which the platform runs from
    // its tick (core/time/tick.h).
    time::TimerQueue& timers() { return m_timers; }
    // Where sleeps on CPU-time clocks wait (clock_nanosleep(2)): woken as
    // CPU time is charged, each looks at its clock again.
    hal::WaitQueue& cpu_clock_sleepers() { return m_cpu_clock_sleepers; }
    ns::NamespaceInodeAllocator& namespace_inodes() { return m_namespace_inodes; }
    [[nodiscard]] const RefPtr<ns::UserNamespace>& initial_user_namespace() const { return m_initial_user_ns; }
    [[nodiscard]] const RefPtr<ns::NsProxy>& initial_namespaces() const { return m_initial_namespaces; }
    [[nodiscard]] ns::PidNamespace& root_pid_namespace() const { return *m_initial_namespaces->namespaces().pid_for_children; }
    [[nodiscard]] const RefPtr<Cgroup>& root_cgroup() const { return m_root_cgroup; }
    // The cgroup v2 hierarchy's file system (every cgroup2 mount shows
    // it), made by initialize().
    [[nodiscard]] const RefPtr<fs::CgroupSuperBlock>& cgroup_hierarchy() const { return m_cgroup_hierarchy; }

    // Every live thread, across all namespaces.
    [[nodiscard]] u32 thread_count() const { return m_thread_count; }
    [[nodiscard]] u32 max_threads() const { return m_max_threads; }
    void set_max_threads(u32 value) { m_max_threads = value; }
    // Threads whose real uid is `uid` (RLIMIT_NPROC accounting, Linux
    // UCOUNT_RLIMIT_NPROC).
    [[nodiscard]] u32 threads_of_user(u32 uid) const;

    // Makes room to count one more thread per user, so that publishing a
    // thread cannot fail. Errors: ENOMEM.
    Result<void> reserve_thread_accounting();

    // Makes a fully built thread part of the system: its numbers become
    // visible, it joins its parent's children (a new process, created by
    // `parent_thread`) or its thread group, and is counted under its real
    // uid. Cannot fail.
    // Preconditions: reserve_thread_accounting() succeeded since the last
    // publish; the thread's process has its process group and cgroup.
    void publish_thread(Thread& thread, Process* parent, Thread* parent_thread);

    // commit_creds: `thread` runs with `credentials` from now on. A change
    // of real uid moves the thread's RLIMIT_NPROC count to the new user. A
    // change of effective or filesystem uid or gid, or permitted
    // capabilities that are not a subset of the old ones, makes the memory
    // not dumpable (fs.suid_dumpable, 0) and clears the thread's
    // parent-death signal (prctl(2) PR_SET_DUMPABLE, PR_SET_PDEATHSIG).
    // Errors: EAGAIN (no memory to count the new user, as Linux's
    // set_user). Nothing changes on error.
    Result<void> commit_credentials(Thread& thread, RefPtr<Credentials> credentials);

    // The count of siginfo queued for user `uid` (RLIMIT_SIGPENDING),
    // created on first use. Errors: ENOMEM.
    Result<RefPtr<signal::SignalQuota>> signal_quota(u32 uid);

    // The thread with number `nr` in `ns`, or nullptr.
    [[nodiscard]] Thread* find_thread(const ns::PidNamespace& ns, PidNr nr) const;

    // A thread leaves its memory, by exit or exec (Linux exit_mm_release,
    // exec_mm_release): its robust futexes are released, a vfork parent
    // waiting for it is released, and CHILD_CLEARTID is cleared there and
    // its futex woken if another task shares the memory (then forgotten).
    void release_memory(Thread& thread);

    // A thread ends (Linux do_exit): it takes no more signals, leaves its
    // memory (release_memory), hands its children to another thread
    // of its group or, with the last thread, to the new reaper (sending
    // parent-death signals). The last thread makes the process a zombie and
    // tells the parent (exit signal, or reaped at once under SIG_IGN or
    // SA_NOCLDWAIT). `status` is the wait(2) status: the exit code << 8, or
    // the killing signal (| 0x80 with a core dump).
    void exit_thread(Thread& thread, int status);

    // de_thread's end for a thread that execs while not the leader: it
    // trades pids with the leader, which has exited (exchange_tids), becomes
    // the leader the process is reaped with, and the old leader's task is
    // released with the thread's old pid (release_task). Preconditions:
    // `thread` is the only live thread of its process and not its leader.
    void take_over_leader(Thread& thread);

    // The parent collects a zombie (Linux release_task): it leaves the tree
    // and its pid numbers are freed. Preconditions: state() == Zombie.
    void reap(Process& process);

    // Every process not yet reaped (zombies included), oldest first.
    using ProcessList = IntrusiveList<Process, &Process::m_process_node>;
    ProcessList& processes() { return m_processes; }

    // For iteration by tests and /proc.
    using ThreadList = IntrusiveList<Thread, &Thread::m_task_node>;
    ThreadList& threads() { return m_threads; }

private:
    void account_user(u32 uid, int delta);
    void release_process(Process& process);
    Process* find_new_reaper(Process& dying);
    void send_parent_death_signals(Thread& exiting, Process& child);
    void forget_original_parent(Thread& exiting);
    void kill_namespace(const ns::PidNamespace& ns, const Process& init);
    bool namespace_has_other_live_process(const Process& init);
    void report_inits_of_emptied_namespaces();
    // The process is a zombie: its parent hears of it (or it is released).
    void report_exit(Process& process);

    hal::Mmu& m_mmu;
    hal::Scheduler& m_scheduler;
    hal::Clock& m_clock;
    random::Crng m_crng;
    FutexTable m_futexes;
    time::TimerQueue m_timers;
    hal::WaitQueue m_cpu_clock_sleepers;
    ns::NamespaceInodeAllocator m_namespace_inodes;
    // Before the namespaces: their mount tables draw on it.
    fs::MountNumbers m_mount_numbers;
    RefPtr<ns::UserNamespace> m_initial_user_ns;
    RefPtr<ns::NsProxy> m_initial_namespaces;
    RefPtr<Cgroup> m_root_cgroup;
    RefPtr<fs::CgroupSuperBlock> m_cgroup_hierarchy;
    fs::CharDeviceTable m_char_devices;
    RefPtr<fs::RamfsSuperBlock> m_devtmpfs;
    RefPtr<fs::Mount> m_nsfs_mount;
    fs::MemoryDevices m_memory_devices;
    tty::ControllingTerminalDevice m_controlling_terminal_device;
    ProgramEnvironment m_program_environment;
    ThreadList m_threads;
    ProcessList m_processes;
    struct UserCount {
        u32 uid;
        u32 threads;
    };
    Vector<UserCount> m_user_counts;
    IntrusiveList<signal::SignalQuota, &signal::SignalQuota::m_node> m_signal_quotas;
    u32 m_thread_count { 0 };
    u32 m_max_threads { 0 };
};

} // namespace sirius::proc
