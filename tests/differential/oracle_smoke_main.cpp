// Manual tool: exercises the host clone oracle and prints what the real
// kernel of this machine answers.  Must run as root.
//
//   clang++-19 -std=c++23 -O1 -Wall -Wextra host_clone_oracle.cpp
//       oracle_smoke_main.cpp -o oracle_smoke   # then, as root: ./oracle_smoke
//
// Options: --no-bits (skip the per-bit tables), --bench N (timing loop size,
// 0 = none), --isolate (always give the caller a private mm copy; the output
// tables must be identical to the default run).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/sched.h>
#include <signal.h>
#include <string>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <vector>

#include "host_clone_oracle.h"

using namespace sirius::differential;

namespace {

constexpr CallerState kStates[] = { CallerState::Root, CallerState::Unprivileged,
    CallerState::AfterUnsharePid, CallerState::PidNamespaceInit,
    CallerState::AfterUnshareTime };
constexpr const char* kStateShort[] = { "Root", "Unpriv", "UnshPid", "PidInit", "UnshTime" };

long g_calls = 0;
double g_seconds = 0;

std::string result_name(int r)
{
    switch (r) {
    case 0:
        return "0";
    case kOracleSetupFailed:
        return "SETUP_FAIL";
    case kOracleTimeout:
        return "TIMEOUT";
    case kOracleNoReport:
        return "NO_REPORT";
    case kOracleHostError:
        return "HOST_ERR";
    }
    if (r > 0) {
        const char* n = strerrorname_np(r);
        return n ? n : std::to_string(r);
    }
    return std::to_string(r);
}

int run(CallerState s, const HostCloneCall& c)
{
    const auto t0 = std::chrono::steady_clock::now();
    const int r = host_clone_errno(s, c);
    g_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++g_calls;
    if (r < 0)
        std::fprintf(stderr, "  [oracle %s/%s: %s]\n", caller_state_name(s), result_name(r).c_str(),
            host_clone_last_diagnostic().c_str());
    return r;
}

const char* flag_name(int bit)
{
    static const char* names[64] = {};
    static bool init = false;
    if (!init) {
        init = true;
        struct {
            std::uint64_t f;
            const char* n;
        } const tab[] = {
            { CLONE_NEWTIME, "CLONE_NEWTIME" },
            { CLONE_VM, "CLONE_VM" },
            { CLONE_FS, "CLONE_FS" },
            { CLONE_FILES, "CLONE_FILES" },
            { CLONE_SIGHAND, "CLONE_SIGHAND" },
            { CLONE_PIDFD, "CLONE_PIDFD" },
            { CLONE_PTRACE, "CLONE_PTRACE" },
            { CLONE_VFORK, "CLONE_VFORK" },
            { CLONE_PARENT, "CLONE_PARENT" },
            { CLONE_THREAD, "CLONE_THREAD" },
            { CLONE_NEWNS, "CLONE_NEWNS" },
            { CLONE_SYSVSEM, "CLONE_SYSVSEM" },
            { CLONE_SETTLS, "CLONE_SETTLS" },
            { CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
            { CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
            { CLONE_DETACHED, "CLONE_DETACHED" },
            { CLONE_UNTRACED, "CLONE_UNTRACED" },
            { CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
            { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
            { CLONE_NEWUTS, "CLONE_NEWUTS" },
            { CLONE_NEWIPC, "CLONE_NEWIPC" },
            { CLONE_NEWUSER, "CLONE_NEWUSER" },
            { CLONE_NEWPID, "CLONE_NEWPID" },
            { CLONE_NEWNET, "CLONE_NEWNET" },
            { CLONE_IO, "CLONE_IO" },
            { CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND" },
            { CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP" },
        };
        for (const auto& e : tab)
            names[__builtin_ctzll(e.f)] = e.n;
    }
    if (names[bit])
        return names[bit];
    return bit < 8 ? "(CSIGNAL bit)" : "(unknown)";
}

void print_header(const char* title)
{
    std::printf("\n== %s\n%-4s %-22s", title, "bit", "flag");
    for (const char* s : kStateShort)
        std::printf(" %-9s", s);
    std::printf("\n");
}

void per_bit_tables()
{
    print_header(
        "clone3, one flag bit alone; exit_signal SIGCHLD (0 with CLONE_THREAD/CLONE_PARENT), "
        "size 88, other fields 0");
    for (int bit = 0; bit < 64; ++bit) {
        HostCloneCall c;
        c.args.flags = std::uint64_t { 1 } << bit;
        c.args.exit_signal = (c.args.flags & (CLONE_THREAD | CLONE_PARENT)) ? 0 : SIGCHLD;
        std::printf("%-4d %-22s", bit, flag_name(bit));
        for (CallerState s : kStates)
            std::printf(" %-9s", result_name(run(s, c)).c_str());
        std::printf("\n");
    }
    print_header(
        "legacy clone, one flag bit alone; flags|SIGCHLD for bits 8..63 (bits 0..7 ARE the "
        "exit_signal, passed alone); ptr args 0");
    for (int bit = 0; bit < 64; ++bit) {
        HostCloneCall c;
        c.legacy_clone = true;
        c.args.flags = std::uint64_t { 1 } << bit;
        c.args.exit_signal = bit < 8 ? 0 : SIGCHLD;
        std::printf("%-4d %-22s", bit, flag_name(bit));
        for (CallerState s : kStates)
            std::printf(" %-9s", result_name(run(s, c)).c_str());
        std::printf("\n");
    }
}

struct Case {
    std::string name;
    HostCloneCall call;
};

HostCloneCall c3(std::uint64_t flags, std::uint64_t exit_signal)
{
    HostCloneCall c;
    c.args.flags = flags;
    c.args.exit_signal = exit_signal;
    return c;
}
HostCloneCall legacy(std::uint64_t flags, std::uint64_t exit_signal)
{
    HostCloneCall c = c3(flags, exit_signal);
    c.legacy_clone = true;
    return c;
}

std::vector<Case> hand_picked()
{
    std::vector<Case> v;
    auto add = [&](std::string n, HostCloneCall c) { v.push_back({ std::move(n), std::move(c) }); };
    constexpr std::uint64_t kThread = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;

    add("NEWPID|THREAD|SIGHAND|VM", c3(CLONE_NEWPID | kThread, 0));
    add("NEWUSER|THREAD|SIGHAND|VM", c3(CLONE_NEWUSER | kThread, 0));
    add("THREAD|SIGHAND|VM", c3(kThread, 0));
    add("PARENT", c3(CLONE_PARENT, 0));
    add("PARENT exit_signal=SIGCHLD", c3(CLONE_PARENT, SIGCHLD));
    add("PARENT|THREAD|SIGHAND|VM", c3(CLONE_PARENT | kThread, 0));
    add("NEWUSER|FS", c3(CLONE_NEWUSER | CLONE_FS, SIGCHLD));
    add("NEWNS|FS", c3(CLONE_NEWNS | CLONE_FS, SIGCHLD));
    add("NEWUSER|NEWPID", c3(CLONE_NEWUSER | CLONE_NEWPID, SIGCHLD));
    add("NEWUSER|NEWNS|NEWUTS|NEWIPC|NEWNET|NEWCGROUP|NEWTIME",
        c3(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME,
            SIGCHLD));
    add("NEWIPC|SYSVSEM", c3(CLONE_NEWIPC | CLONE_SYSVSEM, SIGCHLD));
    add("NEWTIME|VM", c3(CLONE_NEWTIME | CLONE_VM, SIGCHLD));
    add("VM (caller stack)", c3(CLONE_VM, SIGCHLD));
    add("VM|VFORK", c3(CLONE_VM | CLONE_VFORK, SIGCHLD));
    add("SIGHAND (no VM)", c3(CLONE_SIGHAND, SIGCHLD));
    add("CLEAR_SIGHAND|SIGHAND|VM", c3(CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM, SIGCHLD));
    {
        HostCloneCall c = c3(CLONE_PIDFD | kThread, 0);
        c.pidfd_points_to_valid = true;
        add("PIDFD|THREAD|SIGHAND|VM pidfd valid", c);
    }
    add("PIDFD|THREAD|SIGHAND|VM pidfd=NULL", c3(CLONE_PIDFD | kThread, 0));
    {
        HostCloneCall c = c3(CLONE_PIDFD, SIGCHLD);
        c.pidfd_points_to_valid = true;
        add("PIDFD pidfd valid", c);
    }
    add("PIDFD pidfd=NULL", c3(CLONE_PIDFD, SIGCHLD));
    {
        HostCloneCall c = c3(CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
        c.pidfd_points_to_valid = c.parent_tid_points_to_valid = true;
        add("PIDFD|PARENT_SETTID (distinct ptrs)", c);
    }
    {
        HostCloneCall c = legacy(CLONE_PIDFD | kThread, 0);
        c.pidfd_points_to_valid = true;
        add("legacy PIDFD|THREAD|SIGHAND|VM valid", c);
    }
    {
        HostCloneCall c = legacy(CLONE_PIDFD, SIGCHLD);
        c.pidfd_points_to_valid = true;
        add("legacy PIDFD valid", c);
    }
    {
        HostCloneCall c = legacy(CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
        c.pidfd_points_to_valid = c.parent_tid_points_to_valid = true;
        add("legacy PIDFD|PARENT_SETTID", c);
    }
    {
        HostCloneCall c = legacy(CLONE_PIDFD | CLONE_DETACHED, SIGCHLD);
        c.pidfd_points_to_valid = true;
        add("legacy PIDFD|DETACHED", c);
    }
    add("legacy DETACHED", legacy(CLONE_DETACHED, SIGCHLD));
    add("legacy NEWTIME (=exit_signal 128)", legacy(CLONE_NEWTIME, 0));
    add("legacy exit_signal 65", legacy(0, 65));
    add("legacy flags bit32 (ignored?)", legacy(std::uint64_t { 1 } << 32, SIGCHLD));
    for (std::size_t sz : { std::size_t { 0 }, std::size_t { 63 }, std::size_t { 64 }, std::size_t { 72 },
             std::size_t { 80 }, std::size_t { 88 } })
        if (true) {
            HostCloneCall c = c3(0, SIGCHLD);
            c.size = sz;
            add("size " + std::to_string(sz), c);
        }
    for (std::size_t sz : { std::size_t { 89 }, std::size_t { 96 }, std::size_t { 4096 } }) {
        HostCloneCall c = c3(0, SIGCHLD);
        c.size = sz;
        c.trailing.assign(std::min<std::size_t>(sz - 88, 8), 0);
        add("size " + std::to_string(sz) + " trailing zero", c);
        c.trailing.assign(std::min<std::size_t>(sz - 88, 8), 0);
        c.trailing.back() = 1;
        add("size " + std::to_string(sz) + " trailing non-zero (last byte)", c);
    }
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.size = 4097;
        add("size 4097", c);
        c.size = ~std::size_t { 0 };
        add("size SIZE_MAX", c);
    }
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.args_pointer_invalid = true;
        add("bad args pointer", c);
        c.size = 0;
        add("bad args pointer, size 0", c);
        c.size = 4097;
        add("bad args pointer, size 4097", c);
    }
    add("exit_signal 64", c3(0, 64));
    add("exit_signal 65", c3(0, 65));
    add("exit_signal 0", c3(0, 0));
    add("exit_signal SIGKILL", c3(0, SIGKILL));
    add("exit_signal SIGSTOP", c3(0, SIGSTOP));
    add("exit_signal 1<<32", c3(0, std::uint64_t { 1 } << 32));
    add("exit_signal (1<<32)|SIGCHLD", c3(0, (std::uint64_t { 1 } << 32) | SIGCHLD));
    add("THREAD|SIGHAND|VM exit_signal SIGCHLD", c3(kThread, SIGCHLD));
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.args.set_tid_size = 33;
        add("set_tid_size 33 (set_tid NULL)", c);
        c.args.set_tid_size = 32;
        add("set_tid_size 32 (set_tid NULL)", c);
        c.args.set_tid_size = 1;
        add("set_tid_size 1 (set_tid NULL)", c);
        c.args.set_tid_size = 0;
        c.args.set_tid = 0x1000;
        add("set_tid!=0 set_tid_size 0", c);
        c.args.set_tid = 0;
        c.args.set_tid_size = 1;
        c.set_tid_values = { 1 };
        add("set_tid {1}", c);
        c.set_tid_values = { 0 };
        add("set_tid {0}", c);
        c.set_tid_values = { -1 };
        add("set_tid {-1}", c);
        c.set_tid_values = { 4000000 };
        add("set_tid {4000000} (>pid_max)", c);
        c.set_tid_values = { 31000 };
        add("set_tid {31000}", c);
        c.args.set_tid_size = 2;
        c.set_tid_values = { 31001, 31001 };
        add("set_tid {31001,31001} size 2", c);
    }
    {
        HostCloneCall c = c3(CLONE_INTO_CGROUP, SIGCHLD);
        c.args.cgroup = ~std::uint64_t { 0 };
        c.size = 88;
        add("INTO_CGROUP cgroup=-1 size 88", c);
        c.size = 80;
        add("INTO_CGROUP cgroup=-1 size 80", c);
        c.args.cgroup = 1000;
        c.size = 88;
        add("INTO_CGROUP cgroup=1000(not open) size 88", c);
        c.args.cgroup = 0;
        add("INTO_CGROUP cgroup=0(stdin) size 88", c);
        c.args.cgroup = 0x7fffffff;
        add("INTO_CGROUP cgroup=INT_MAX size 88", c);
        c.args.cgroup = 0x80000000;
        add("INTO_CGROUP cgroup=INT_MAX+1 size 88", c);
    }
    add("cgroup=-1 without INTO_CGROUP", [] {
        HostCloneCall c = c3(0, SIGCHLD);
        c.args.cgroup = ~std::uint64_t { 0 };
        return c;
    }());
    {
        HostCloneCall c = c3(CLONE_SETTLS, SIGCHLD);
        c.args.tls = 0;
        add("SETTLS tls=0", c);
        c.args.tls = 0x00007ffffffff000;
        add("SETTLS tls=0x7ffffffff000", c);
        c.args.tls = 0x0000800000000000;
        add("SETTLS tls=0x800000000000 (>=TASK_SIZE)", c);
        c.args.tls = 0xdeadbeefdeadbeef;
        add("SETTLS tls=0xdeadbeefdeadbeef", c);
    }
    {
        HostCloneCall c = c3(0, SIGCHLD);
        c.args.stack = 0x10000;
        add("stack!=0 stack_size 0", c);
        c.args.stack = 0;
        c.args.stack_size = 4096;
        add("stack 0 stack_size 4096", c);
        c.args.stack = 0x10000;
        add("stack 0x10000 size 4096 (unmapped)", c);
        c.args.stack = 0x00007ffffffff000;
        c.args.stack_size = 0x2000;
        add("stack beyond TASK_SIZE", c);
    }
    {
        HostCloneCall c = c3(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID, SIGCHLD);
        c.args.child_tid = 0x10;
        c.args.parent_tid = 0x10;
        add("CHILD_SETTID|CHILD_CLEARTID|PARENT_SETTID junk ptrs", c);
    }
    add("VFORK|PARENT", c3(CLONE_VFORK | CLONE_PARENT, 0));
    add("PTRACE|UNTRACED", c3(CLONE_PTRACE | CLONE_UNTRACED, SIGCHLD));
    add("NEWNET|NEWUTS|NEWIPC|NEWNS|NEWCGROUP",
        c3(CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWCGROUP, SIGCHLD));
    return v;
}

void bench(int n)
{
    std::printf("\n== timing (%d calls each, fork-like clone3 SIGCHLD)\n", n);
    for (std::size_t i = 0; i < std::size(kStates); ++i) {
        const HostCloneCall c = c3(0, SIGCHLD);
        int bad = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int k = 0; k < n; ++k)
            bad += host_clone_errno(kStates[i], c) != 0;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%-9s %.3f ms/call (%d unexpected)\n", kStateShort[i], 1e3 * s / n, bad);
    }
    {
        const HostCloneCall c = c3(CLONE_THREAD, 0); // EINVAL, no task created
        const auto t0 = std::chrono::steady_clock::now();
        for (int k = 0; k < n; ++k)
            (void)host_clone_errno(CallerState::Root, c);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%-9s %.3f ms/call (failing call, EINVAL)\n", "Root", 1e3 * s / n);
    }
}

} // namespace

int main(int argc, char** argv)
{
    bool bits = true;
    int bench_n = 300;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--no-bits"))
            bits = false;
        else if (!std::strcmp(argv[i], "--bench") && i + 1 < argc)
            bench_n = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--isolate"))
            set_host_clone_always_isolate(true);
        else {
            std::fprintf(stderr, "usage: %s [--no-bits] [--bench N] [--isolate]\n", argv[0]);
            return 2;
        }
    }

    utsname u {};
    uname(&u);
    struct stat st {};
    stat("/proc/self/ns/pid", &st);
    std::printf("host: %s %s, pid ns inode %lu%s\n", u.sysname, u.release,
        static_cast<unsigned long>(st.st_ino),
        st.st_ino == 0xEFFFFFFCUL ? " (initial)" : " (NOT initial)");

    const int self = host_clone_probe_selftest();
    std::printf("selftest: %s%s\n", self == 0 ? "PASS" : "FAIL ", self == 0 ? "" : host_clone_last_diagnostic().c_str());

    if (bits)
        per_bit_tables();

    std::printf("\n== hand-picked cases (clone3 size 88 unless noted)\n%-52s", "case");
    for (const char* s : kStateShort)
        std::printf(" %-10s", s);
    std::printf("\n");
    for (const Case& k : hand_picked()) {
        std::printf("%-52s", k.name.c_str());
        for (CallerState s : kStates)
            std::printf(" %-10s", result_name(run(s, k.call)).c_str());
        std::printf("\n");
    }
    std::printf("\n%ld oracle calls, average %.3f ms/call\n", g_calls, 1e3 * g_seconds / g_calls);
    if (bench_n > 0)
        bench(bench_n);
    return self == 0 ? 0 : 1;
}
