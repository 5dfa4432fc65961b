// Host clone oracle -- see host_clone_oracle.h.
//
// Process layout of one oracle call:
//
//   T   the test process (caller of host_clone_errno)
//   └─ C0  "reaper": clone(CLONE_VM|CLONE_VFORK, own stack, exit_signal 0),
//      │   so T sleeps until C0 is gone and never gets a SIGCHLD.  Own
//      │   process group, child subreaper, PR_SET_PDEATHSIG(SIGKILL),
//      │   ITIMER_REAL backstop (SIGALRM, default action).  Reaps every
//      │   descendant (wait4(-1, __WALL|WUNTRACED)); SIGKILLs stopped ones.
//      └─ C1  throw-away caller: blocks all signals, establishes the
//         │   CallerState, issues the clone with inline asm, writes the result
//         │   to the pipe, exit_group().  (PidNamespaceInit: C1 unshares the
//         │   pid ns and spawns G, pid 1 of the new ns, which does the call.)
//         └─ N  the task created by the call under test: in the same asm
//               block it writes a constant "success" message to the pipe
//               (only *reading* memory: a constant in .rodata) and then
//               calls exit(0) -- it never touches the (possibly shared)
//               stack, TLS or any writable memory.
//
// Memory: C0 always shares T's mm (it only runs raw syscalls on its own
// stack in a per-thread arena).  C1 shares T's mm too ("fast path": no mm
// copy, which costs ~0.7 ms on the reference VM) unless one of the raw
// pointers the kernel may *write* through (pidfd, parent_tid, child_tid) is
// mapped in T -- then C1 gets a private copy of the mm ("isolated path") so
// that junk pointers can never corrupt T.  Clone's errno does not depend on
// whether the caller's mm is shared (the smoke tool compares both paths).
// The one per-mm side effect of a caller state, the "dumpable" flag reset by
// setresuid() (CallerState::Unprivileged), is restored in T afterwards.
//
// Why N reports too: with exit_signal SIGKILL/SIGSTOP, N's exit can kill or
// stop C1 before C1 got to write the result.  N writes its message before it
// exits, so a successful call always leaves a message in the pipe, and the
// two possible messages of a successful call are identical.  A failed call
// never creates N, and C1 (all blockable signals blocked, no children) then
// always reports.
//
// CLONE_PARENT siblings of C1 are children of C0; orphans (C1 exits right
// after reporting) are reparented to C0 (subreaper).  New pid namespaces are
// torn down by the kernel when their init exits.  Only raw syscalls are used
// in C0/C1/G, so no libc state (locks, TCB tid, errno) is touched.

#include "host_clone_oracle.h"

#include <algorithm>
#include <asm/unistd_64.h> // __NR_* (UAPI)
#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <new>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

namespace sirius::differential {
namespace {

    // ---------------------------------------------------------------------------
    // Raw syscalls (no errno, no libc state).
    // ---------------------------------------------------------------------------
    inline long sys(long n, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0,
        long a6 = 0)
    {
        register long r10 asm("r10") = a4;
        register long r8 asm("r8") = a5;
        register long r9 asm("r9") = a6;
        long ret;
        asm volatile("syscall"
            : "=a"(ret)
            : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
            : "rcx", "r11", "memory");
        return ret;
    }

    template<typename P>
    inline long ptr(P* p)
    {
        return static_cast<long>(reinterpret_cast<std::uintptr_t>(p));
    }

    inline bool is_err(long r) { return r < 0 && r >= -4095; }

    [[noreturn]] inline void sys_exit_group(int status)
    {
        for (;;)
            sys(__NR_exit_group, status);
    }

    // ---------------------------------------------------------------------------
    // Pipe protocol: fixed 8-byte messages (atomic pipe writes).
    // ---------------------------------------------------------------------------
    struct Msg {
        std::int32_t kind;
        std::int32_t value;
    };
    static_assert(sizeof(Msg) == 8);

    constexpr std::int32_t kMsgResult = 1; // value: 0 or positive errno
    constexpr std::int32_t kMsgSetupFailed = 2; // value: (step << 16) | errno

    // The only memory the created task ever accesses (read-only, by write(2)).
    alignas(8) constinit const Msg kNewTaskSuccessMsg { kMsgResult, 0 };

    enum SetupStep : int {
        kStepSigmask = 1,
        kStepSpawnCaller,
        kStepSetgroups,
        kStepSetresgid,
        kStepSetresuid,
        kStepCapget,
        kStepCapsNotDropped,
        kStepUnsharePid,
        kStepSpawnPidInit,
        kStepNotPid1,
        kStepUnshareTime,
        kStepBadState,
    };

    const char* step_name(int step)
    {
        switch (step) {
        case kStepSigmask:
            return "rt_sigprocmask";
        case kStepSpawnCaller:
            return "clone of the throw-away caller";
        case kStepSetgroups:
            return "setgroups(0)";
        case kStepSetresgid:
            return "setresgid(65534)";
        case kStepSetresuid:
            return "setresuid(65534)";
        case kStepCapget:
            return "capget";
        case kStepCapsNotDropped:
            return "capabilities not all dropped after setresuid";
        case kStepUnsharePid:
            return "unshare(CLONE_NEWPID)";
        case kStepSpawnPidInit:
            return "clone of the pid-namespace init";
        case kStepNotPid1:
            return "pid-namespace init is not pid 1";
        case kStepUnshareTime:
            return "unshare(CLONE_NEWTIME)";
        case kStepBadState:
            return "unknown CallerState";
        default:
            return "?";
        }
    }

    struct KernelSigaction {
        unsigned long handler;
        unsigned long flags;
        unsigned long restorer;
        unsigned long mask;
    };

    // Everything the children need.  Lives in the per-thread arena (never on
    // T's stack), so a straggler after a timeout can only scribble on memory
    // that is abandoned.
    struct Plan {
        CallerState state;
        bool isolate_caller_mm;
        long nr; // __NR_clone3 or __NR_clone
        long a1, a2, a3, a4, a5;
        int wfd;
        long parent_tgid;
        long timeout_us;
        unsigned char* caller_stack_top;
        unsigned char* init_stack_top;
        // Targets for the *_points_to_valid options.
        alignas(8) int pidfd;
        int parent_tid;
        int child_tid;
    };

    // Per-thread arena: three 64 KiB stacks (C0, C1, G) and the Plan.
    constexpr std::size_t kStackSize = 64 * 1024;
    constexpr std::size_t kArenaSize = 3 * kStackSize + 4096;

    struct Arena {
        unsigned char* base = nullptr;
        ~Arena()
        {
            if (base)
                munmap(base, kArenaSize);
        }
        unsigned char* stack_top(int i) const { return base + (i + 1) * kStackSize; }
        Plan* plan() const { return reinterpret_cast<Plan*>(base + 3 * kStackSize); }
    };

    // ---------------------------------------------------------------------------
    // Creates a task running fn(arg) on stack_top (fn must never return).
    // ---------------------------------------------------------------------------
    using EntryFn = void (*)(const Plan*);

    long spawn(unsigned long flags, unsigned char* stack_top, EntryFn fn, const Plan* arg)
    {
        register long rax asm("rax") = __NR_clone;
        register long rdi asm("rdi") = static_cast<long>(flags);
        register long rsi asm("rsi") = ptr(stack_top);
        register long rdx asm("rdx") = 0; // parent_tid
        register long r10 asm("r10") = 0; // child_tid
        register long r8 asm("r8") = 0; // tls
        register long r12 asm("r12") = static_cast<long>(reinterpret_cast<std::uintptr_t>(fn));
        register long r13 asm("r13") = ptr(arg);
        asm volatile(
            "syscall\n\t"
            "testq %%rax, %%rax\n\t"
            "jnz 1f\n\t"
            // --- new task, on stack_top ---
            "xorl %%ebp, %%ebp\n\t"
            "andq $-16, %%rsp\n\t"
            "movq %%r13, %%rdi\n\t"
            "callq *%%r12\n\t"
            "ud2\n\t"
            "1:\n\t"
            : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
            : "r"(r12), "r"(r13)
            : "rcx", "r11", "memory", "cc");
        return rax;
    }

    // ---------------------------------------------------------------------------
    // The call under test.  In the new task (rax == 0) it writes the constant
    // success message and exits, touching neither stack nor writable memory.
    // ---------------------------------------------------------------------------
    [[gnu::noinline]] long clone_under_test(long nr, long a1, long a2, long a3, long a4, long a5,
        int report_fd)
    {
        register long rax asm("rax") = nr;
        register long rdi asm("rdi") = a1;
        register long rsi asm("rsi") = a2;
        register long rdx asm("rdx") = a3;
        register long r10 asm("r10") = a4;
        register long r8 asm("r8") = a5;
        register long r12 asm("r12") = report_fd;
        register long r13 asm("r13") = ptr(&kNewTaskSuccessMsg);
        asm volatile(
            "syscall\n\t"
            "testq %%rax, %%rax\n\t"
            "jnz 1f\n\t"
            // --- new task ---
            "movl %[nr_write], %%eax\n\t"
            "movq %%r12, %%rdi\n\t"
            "movq %%r13, %%rsi\n\t"
            "movl %[msg_len], %%edx\n\t"
            "syscall\n\t"
            "movl %[nr_exit], %%eax\n\t"
            "xorl %%edi, %%edi\n\t"
            "syscall\n\t"
            "ud2\n\t"
            // --- caller ---
            "1:\n\t"
            : "+r"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
            : "r"(r12), "r"(r13), [nr_write] "i"(__NR_write), [nr_exit] "i"(__NR_exit),
            [msg_len] "i"(sizeof(Msg))
            : "rcx", "r11", "memory", "cc");
        return rax;
    }

    void send(int fd, std::int32_t kind, std::int32_t value)
    {
        Msg m { kind, value };
        sys(__NR_write, fd, ptr(&m), sizeof m);
    }

    [[noreturn]] void setup_failed(const Plan* p, int step, long err)
    {
        send(p->wfd, kMsgSetupFailed, (step << 16) | static_cast<int>(is_err(err) ? -err : 0));
        sys_exit_group(0);
    }

    [[noreturn]] void perform_call(const Plan* p)
    {
        const long r = clone_under_test(p->nr, p->a1, p->a2, p->a3, p->a4, p->a5, p->wfd);
        send(p->wfd, kMsgResult, is_err(r) ? static_cast<std::int32_t>(-r) : 0);
        sys_exit_group(0);
    }

    // G: pid 1 of a fresh pid namespace (CallerState::PidNamespaceInit).
    [[noreturn]] void pid_init_main(const Plan* p)
    {
        if (sys(__NR_getpid) != 1)
            setup_failed(p, kStepNotPid1, 0);
        perform_call(p);
    }

    // C1: the throw-away caller.
    [[noreturn]] void caller_main(const Plan* p)
    {
        const std::uint64_t all = ~std::uint64_t { 0 };
        long r = sys(__NR_rt_sigprocmask, SIG_SETMASK, ptr(&all), 0, sizeof all);
        if (r != 0)
            setup_failed(p, kStepSigmask, r);

        switch (p->state) {
        case CallerState::Root:
            break; // credentials/namespace verified by T
        case CallerState::Unprivileged: {
            if ((r = sys(__NR_setgroups, 0, 0)) != 0)
                setup_failed(p, kStepSetgroups, r);
            if ((r = sys(__NR_setresgid, 65534, 65534, 65534)) != 0)
                setup_failed(p, kStepSetresgid, r);
            if ((r = sys(__NR_setresuid, 65534, 65534, 65534)) != 0)
                setup_failed(p, kStepSetresuid, r);
            __user_cap_header_struct hdr { _LINUX_CAPABILITY_VERSION_3, 0 };
            __user_cap_data_struct data[2] {};
            if ((r = sys(__NR_capget, ptr(&hdr), ptr(data))) != 0)
                setup_failed(p, kStepCapget, r);
            for (const auto& d : data)
                if (d.effective != 0 || d.permitted != 0 || d.inheritable != 0)
                    setup_failed(p, kStepCapsNotDropped, 0);
            break;
        }
        case CallerState::AfterUnsharePid:
            if ((r = sys(__NR_unshare, CLONE_NEWPID)) != 0)
                setup_failed(p, kStepUnsharePid, r);
            break;
        case CallerState::PidNamespaceInit: {
            if ((r = sys(__NR_unshare, CLONE_NEWPID)) != 0)
                setup_failed(p, kStepUnsharePid, r);
            // G shares C1's mm (T's on the fast path, a private copy otherwise).
            const long g = spawn(CLONE_VM | SIGCHLD, p->init_stack_top, pid_init_main, p);
            if (is_err(g))
                setup_failed(p, kStepSpawnPidInit, g);
            sys_exit_group(0); // G is reparented to C0 (subreaper) and reaped there
        }
        case CallerState::AfterUnshareTime:
            if ((r = sys(__NR_unshare, CLONE_NEWTIME)) != 0)
                setup_failed(p, kStepUnshareTime, r);
            break;
        default:
            setup_failed(p, kStepBadState, 0);
        }
        perform_call(p);
    }

    // C0: the reaper.
    [[noreturn]] void reaper_main(const Plan* p)
    {
        // SIGALRM: default action (terminate) whatever T installed; all else
        // blocked.  SIGCHLD back to SIG_DFL so T's SIG_IGN/SA_NOCLDWAIT cannot
        // change how C0/C1 children are reaped.
        KernelSigaction dfl {}; // SIG_DFL
        sys(__NR_rt_sigaction, SIGALRM, ptr(&dfl), 0, sizeof(std::uint64_t));
        sys(__NR_rt_sigaction, SIGCHLD, ptr(&dfl), 0, sizeof(std::uint64_t));
        const std::uint64_t mask = ~(std::uint64_t { 1 } << (SIGALRM - 1));
        sys(__NR_rt_sigprocmask, SIG_SETMASK, ptr(&mask), 0, sizeof mask);
        sys(__NR_setpgid, 0, 0);
        sys(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
        if (sys(__NR_getppid) != p->parent_tgid)
            sys_exit_group(1); // T already gone
        sys(__NR_prctl, PR_SET_CHILD_SUBREAPER, 1);
        itimerval it {};
        it.it_value.tv_sec = p->timeout_us / 1000000;
        it.it_value.tv_usec = p->timeout_us % 1000000;
        sys(__NR_setitimer, ITIMER_REAL, ptr(&it), 0);

        const unsigned long flags = (p->isolate_caller_mm ? 0 : CLONE_VM) | SIGCHLD;
        const long c1 = spawn(flags, p->caller_stack_top, caller_main, p);
        if (is_err(c1))
            setup_failed(p, kStepSpawnCaller, c1);
        sys(__NR_close, p->wfd);

        for (;;) {
            int status = 0;
            const long w = sys(__NR_wait4, -1, ptr(&status), __WALL | WUNTRACED, 0);
            if (w == -EINTR)
                continue;
            if (is_err(w))
                break; // ECHILD: no descendants left
            if ((status & 0xff) == 0x7f)
                sys(__NR_kill, w, SIGKILL); // stopped (exit_signal SIGSTOP)
        }
        sys_exit_group(0);
    }

    // ---------------------------------------------------------------------------
    // Test-process side.
    // ---------------------------------------------------------------------------
    thread_local std::string t_diag;
    thread_local Arena t_arena;
    std::atomic<int> g_timeout_ms { 5000 };
    std::atomic<bool> g_always_isolate { false };

    constexpr unsigned long kInitPidNsInode = 0xEFFFFFFCUL; // PROC_PID_INIT_INO

    void set_diag(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
    void set_diag(const char* fmt, ...)
    {
        char buf[512];
        va_list ap;
        va_start(ap, fmt);
        std::vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        t_diag = buf;
    }

    const void* inaccessible_page()
    {
        static const void* const page = [] {
            void* p = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            return p == MAP_FAILED ? reinterpret_cast<void*>(0x10) : p; // 0x10: never mapped either
        }();
        return page;
    }

    // Root precondition: euid 0, the capabilities the states need, initial pid ns.
    bool check_root_preconditions(std::string& why)
    {
        if (geteuid() != 0) {
            why = "test process is not euid 0";
            return false;
        }
        __user_cap_header_struct hdr { _LINUX_CAPABILITY_VERSION_3, 0 };
        __user_cap_data_struct data[2] {};
        if (sys(__NR_capget, ptr(&hdr), ptr(data)) != 0) {
            why = "capget failed";
            return false;
        }
        for (int cap : { CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID }) {
            if (!(data[cap / 32].effective & (1u << (cap % 32)))) {
                why = "test process lacks capability " + std::to_string(cap);
                return false;
            }
        }
        static const int init_ns = [] {
            struct stat st {};
            if (stat("/proc/self/ns/pid", &st) != 0)
                return -1;
            return st.st_ino == kInitPidNsInode ? 1 : 0;
        }();
        if (init_ns != 1) {
            why = init_ns < 0 ? "cannot stat /proc/self/ns/pid"
                              : "test process is not in the initial pid namespace";
            return false;
        }
        return true;
    }

    // True if the 4-byte object at user address p is (even partly) mapped in T.
    bool mapped_in_self(std::uint64_t p)
    {
        if (p == 0)
            return false;
        for (std::uint64_t a : { p, p + sizeof(int) - 1 }) {
            unsigned char vec = 0;
            if (sys(__NR_mincore, static_cast<long>(a & ~std::uint64_t { 4095 }), 4096, ptr(&vec)) == 0)
                return true;
        }
        return false;
    }

    long now_us()
    {
        timespec ts {};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000L + ts.tv_nsec / 1000L;
    }

} // namespace

const char* caller_state_name(CallerState state)
{
    switch (state) {
    case CallerState::Root:
        return "Root";
    case CallerState::Unprivileged:
        return "Unprivileged";
    case CallerState::AfterUnsharePid:
        return "AfterUnsharePid";
    case CallerState::PidNamespaceInit:
        return "PidNamespaceInit";
    case CallerState::AfterUnshareTime:
        return "AfterUnshareTime";
    }
    return "?";
}

const std::string& host_clone_last_diagnostic() { return t_diag; }

void set_host_clone_timeout_ms(int timeout_ms) { g_timeout_ms.store(std::max(timeout_ms, 1)); }

void set_host_clone_always_isolate(bool always) { g_always_isolate.store(always); }

int host_clone_errno(CallerState state, const HostCloneCall& call)
{
    t_diag.clear();
    {
        std::string why;
        if (!check_root_preconditions(why)) {
            set_diag("setup failed in test process: %s", why.c_str());
            return kOracleSetupFailed;
        }
    }
    if (!t_arena.base) {
        void* m = mmap(nullptr, kArenaSize, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (m == MAP_FAILED) {
            set_diag("mmap of the oracle arena failed: %s", std::strerror(errno));
            return kOracleHostError;
        }
        t_arena.base = static_cast<unsigned char*>(m);
    }

    // ---- Everything the children use is prepared here, before any clone. ----
    Plan* plan = new (t_arena.plan()) Plan {};
    plan->state = state;
    plan->caller_stack_top = t_arena.stack_top(1);
    plan->init_stack_top = t_arena.stack_top(2);

    struct clone_args a = call.args;
    std::vector<pid_t> set_tid_buf;
    if (!call.set_tid_values.empty()) {
        const std::size_t n = std::max<std::size_t>(
            call.set_tid_values.size(), std::min<std::uint64_t>(call.args.set_tid_size, 64));
        set_tid_buf.assign(n, 0);
        std::copy(call.set_tid_values.begin(), call.set_tid_values.end(), set_tid_buf.begin());
        a.set_tid = reinterpret_cast<std::uintptr_t>(set_tid_buf.data());
    }
    if (call.pidfd_points_to_valid)
        a.pidfd = reinterpret_cast<std::uintptr_t>(&plan->pidfd);
    if (call.parent_tid_points_to_valid)
        a.parent_tid = reinterpret_cast<std::uintptr_t>(&plan->parent_tid);
    if (call.child_tid_points_to_valid)
        a.child_tid = reinterpret_cast<std::uintptr_t>(&plan->child_tid);

    // Raw pointers the kernel may write through in the caller's mm.
    std::uint64_t raw_written[3] = { 0, 0, 0 };
    std::vector<unsigned char> argbuf;
    if (call.legacy_clone) {
        plan->nr = __NR_clone;
        plan->a1 = static_cast<long>(a.flags | a.exit_signal);
        plan->a2 = static_cast<long>(a.stack);
        // Legacy clone passes the pidfd pointer in parent_tidptr.
        if (call.pidfd_points_to_valid || call.parent_tid_points_to_valid) {
            plan->a3 = ptr(&plan->parent_tid);
        } else {
            plan->a3 = static_cast<long>(call.args.parent_tid);
            raw_written[0] = call.args.parent_tid;
        }
        plan->a4 = static_cast<long>(a.child_tid);
        if (!call.child_tid_points_to_valid)
            raw_written[1] = a.child_tid;
        plan->a5 = static_cast<long>(a.tls);
    } else {
        plan->nr = __NR_clone3;
        if (call.args_pointer_invalid) {
            plan->a1 = ptr(inaccessible_page());
        } else {
            // The kernel rejects size > PAGE_SIZE before reading anything, so the
            // buffer never needs to be larger than 2 pages to cover `size`.
            const std::size_t len = std::max(sizeof(clone_args) + call.trailing.size(),
                std::min<std::size_t>(call.size, 2 * 4096));
            argbuf.assign(len, 0);
            std::memcpy(argbuf.data(), &a, sizeof a);
            if (!call.trailing.empty())
                std::memcpy(argbuf.data() + sizeof a, call.trailing.data(), call.trailing.size());
            plan->a1 = ptr(argbuf.data());
            if (!call.pidfd_points_to_valid)
                raw_written[0] = a.pidfd;
            if (!call.parent_tid_points_to_valid)
                raw_written[1] = a.parent_tid;
            if (!call.child_tid_points_to_valid)
                raw_written[2] = a.child_tid;
        }
        plan->a2 = static_cast<long>(call.size);
    }
    plan->isolate_caller_mm = g_always_isolate.load();
    for (std::uint64_t p : raw_written)
        if (!plan->isolate_caller_mm && mapped_in_self(p))
            plan->isolate_caller_mm = true;
    // The dumpable flag lives in the mm: setresuid() in a caller that shares
    // T's mm resets it to fs.suid_dumpable.  Restore it afterwards; if it is
    // not restorable via PR_SET_DUMPABLE (only 0/1 are), isolate instead.
    long dumpable_before = -1;
    if (state == CallerState::Unprivileged && !plan->isolate_caller_mm) {
        dumpable_before = sys(__NR_prctl, PR_GET_DUMPABLE);
        if (dumpable_before != 0 && dumpable_before != 1) {
            plan->isolate_caller_mm = true;
            dumpable_before = -1;
        }
    }

    const int timeout_ms = g_timeout_ms.load();
    plan->timeout_us = static_cast<long>(timeout_ms) * 1000;
    plan->parent_tgid = getpid();

    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        set_diag("pipe2 failed: %s", std::strerror(errno));
        return kOracleHostError;
    }
    plan->wfd = fds[1];

    // T sleeps here until C0 has exited (CLONE_VFORK); exit_signal 0.
    const long c0 = spawn(CLONE_VM | CLONE_VFORK, t_arena.stack_top(0), reaper_main, plan);
    close(fds[1]);
    if (dumpable_before >= 0 && sys(__NR_prctl, PR_GET_DUMPABLE) != dumpable_before)
        sys(__NR_prctl, PR_SET_DUMPABLE, dumpable_before);
    if (is_err(c0)) {
        close(fds[0]);
        set_diag("clone of the reaper process failed: %s", std::strerror(static_cast<int>(-c0)));
        return kOracleHostError;
    }

    Msg msg {};
    ssize_t got;
    do
        got = read(fds[0], &msg, sizeof msg);
    while (got < 0 && errno == EINTR);

    // Did C0 finish cleanly?  (Peek without reaping: the zombie pins the pgid.)
    siginfo_t si {};
    long r;
    do
        r = sys(__NR_waitid, P_PID, c0, ptr(&si), WEXITED | WNOWAIT | __WALL, 0);
    while (r == -EINTR);
    const bool clean = r == 0 && si.si_code == CLD_EXITED && si.si_status == 0;
    bool stragglers = false;
    if (!clean) {
        // Timeout (SIGALRM) or C0 killed: take the whole process group down and
        // wait (bounded) until it is gone; the arena is abandoned regardless,
        // because stragglers may share our mm.
        sys(__NR_kill, -c0, SIGKILL);
        const long until = now_us() + 2000000;
        while (sys(__NR_kill, -c0, 0) == 0 && now_us() < until)
            usleep(1000);
        stragglers = true;
    }
    int status = 0;
    do
        r = sys(__NR_wait4, c0, ptr(&status), __WALL, 0);
    while (r == -EINTR);
    close(fds[0]);
    if (stragglers)
        t_arena.base = nullptr; // leak on purpose

    const bool have_msg = got == static_cast<ssize_t>(sizeof msg);
    if (!have_msg) {
        if (!clean && si.si_code == CLD_KILLED && si.si_status == SIGALRM) {
            set_diag("timeout after %d ms (state %s)", timeout_ms, caller_state_name(state));
            return kOracleTimeout;
        }
        set_diag("throw-away process died without reporting (read returned %zd, reaper %s %d)", got,
            si.si_code == CLD_EXITED ? "exit" : "signal", si.si_status);
        return kOracleNoReport;
    }
    if (msg.kind == kMsgSetupFailed) {
        const int step = msg.value >> 16;
        const int err = msg.value & 0xffff;
        set_diag("setup of state %s failed at %s: %s", caller_state_name(state), step_name(step),
            err ? std::strerror(err) : "-");
        return kOracleSetupFailed;
    }
    if (msg.kind != kMsgResult || msg.value < 0) {
        set_diag("garbled report (kind %d value %d)", msg.kind, msg.value);
        return kOracleNoReport;
    }
    if (!clean) // result is valid, but reaping did not finish in time
        set_diag("note: reaper did not finish cleanly (%s %d); process group killed",
            si.si_code == CLD_EXITED ? "exit" : "signal", si.si_status);
    return msg.value;
}

int host_clone_probe_selftest()
{
    struct Check {
        const char* what;
        CallerState state;
        HostCloneCall call;
        int expect;
    };
    auto c3 = [](std::uint64_t flags, std::uint64_t exit_signal) {
        HostCloneCall c;
        c.args.flags = flags;
        c.args.exit_signal = exit_signal;
        return c;
    };
    std::vector<Check> checks;
    checks.push_back({ "clone3 fork-like, SIGCHLD", CallerState::Root, c3(0, SIGCHLD), 0 });
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.size = 0;
        checks.push_back({ "clone3 size 0", CallerState::Root, c, EINVAL });
    }
    checks.push_back({ "CLONE_THREAD without CLONE_SIGHAND", CallerState::Root,
        c3(CLONE_THREAD, 0), EINVAL });
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.args_pointer_invalid = true;
        checks.push_back({ "clone3 bad args pointer", CallerState::Root, c, EFAULT });
    }
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.size = 89;
        c.trailing = { 1 };
        checks.push_back({ "clone3 non-zero byte past struct", CallerState::Root, c, E2BIG });
    }
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.legacy_clone = true;
        checks.push_back({ "legacy clone fork-like", CallerState::Root, c, 0 });
    }
    checks.push_back({ "clone3 CLONE_VM on the caller's stack", CallerState::Root,
        c3(CLONE_VM, SIGCHLD), 0 });
    checks.push_back({ "clone3 CLONE_VM|CLONE_VFORK", CallerState::Root,
        c3(CLONE_VM | CLONE_VFORK, SIGCHLD), 0 });
    checks.push_back({ "clone3 thread", CallerState::Root,
        c3(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, 0), 0 });
    checks.push_back({ "clone3 CLONE_PARENT sibling", CallerState::Root, c3(CLONE_PARENT, 0), 0 });
    checks.push_back({ "exit_signal SIGKILL", CallerState::Root, c3(0, SIGKILL), 0 });
    checks.push_back({ "exit_signal SIGSTOP", CallerState::Root, c3(0, SIGSTOP), 0 });
    {
        HostCloneCall c = c3(CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PIDFD | CLONE_VM,
            SIGCHLD);
        c.pidfd_points_to_valid = c.parent_tid_points_to_valid = c.child_tid_points_to_valid = true;
        checks.push_back({ "all tid/pidfd pointers valid", CallerState::Root, c, 0 });
    }
    checks.push_back({ "unprivileged fork-like", CallerState::Unprivileged, c3(0, SIGCHLD), 0 });
    checks.push_back({ "unprivileged CLONE_NEWPID", CallerState::Unprivileged,
        c3(CLONE_NEWPID, SIGCHLD), EPERM });
    checks.push_back({ "after unshare(NEWPID) fork-like", CallerState::AfterUnsharePid,
        c3(0, SIGCHLD), 0 });
    checks.push_back({ "after unshare(NEWPID) CLONE_THREAD", CallerState::AfterUnsharePid,
        c3(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, 0), EINVAL });
    checks.push_back({ "pid-ns init fork-like", CallerState::PidNamespaceInit, c3(0, SIGCHLD), 0 });
    checks.push_back({ "pid-ns init CLONE_PARENT", CallerState::PidNamespaceInit,
        c3(CLONE_PARENT, 0), EINVAL });
    checks.push_back({ "after unshare(NEWTIME) fork-like", CallerState::AfterUnshareTime,
        c3(0, SIGCHLD), 0 });

    for (std::size_t i = 0; i < checks.size(); ++i) {
        const Check& ck = checks[i];
        const int got = host_clone_errno(ck.state, ck.call);
        if (got != ck.expect) {
            std::string inner = t_diag;
            set_diag("selftest check %zu (%s, state %s): expected %d, got %d%s%s", i + 1, ck.what,
                caller_state_name(ck.state), ck.expect, got, inner.empty() ? "" : ": ",
                inner.c_str());
            return static_cast<int>(i + 1);
        }
    }
    t_diag.clear();
    return 0;
}

} // namespace sirius::differential
