#pragma once

// What the kernel knows about one sent signal (Linux siginfo_t, 128 bytes on
// x86_64): number, errno, code, and the code-dependent fields. The layout is
// the ABI's, pinned against <asm/siginfo.h> in signal_info.cpp, so it can be
// copied to user space as it is (rt_sigtimedwait, signal frames).
#include "core/base/utility.h"

namespace sirius::signal {

struct SignalInfo {
    i32 signo { 0 };
    i32 error { 0 };
    i32 code { 0 };
    i32 padding { 0 };
    u8 fields[112] {};

    // The sender for kill-like codes (si_pid, si_uid at the start of the union).
    [[nodiscard]] i32 sender_pid() const;
    [[nodiscard]] u32 sender_uid() const;
    void set_sender(i32 pid, u32 uid);
    // sigqueue(3)'s value (si_value, after si_pid and si_uid).
    [[nodiscard]] u64 value() const;
    void set_value(u64 value);
    // SIGCHLD's si_status (exit code or signal), after si_pid and si_uid;
    // then si_utime and si_stime, the child's CPU times in clock ticks.
    [[nodiscard]] i32 child_status() const;
    void set_child_status(i32 status);
    [[nodiscard]] i64 child_user_time() const;
    [[nodiscard]] i64 child_system_time() const;
    void set_child_times(i64 user_ticks, i64 system_ticks);
    // A fault's address (si_addr: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP).
    [[nodiscard]] u64 fault_address() const;
    void set_fault_address(u64 address);
};

// si_code values the core sets (pinned to <asm-generic/siginfo.h>).
inline constexpr i32 kSiUser = 0;   // SI_USER: kill(2)
inline constexpr i32 kSiKernel = 0x80; // SI_KERNEL
inline constexpr i32 kSiQueue = -1; // SI_QUEUE: sigqueue(3)
inline constexpr i32 kSiTkill = -6; // SI_TKILL: tkill(2), tgkill(2)

// SIGCHLD si_code values (CLD_*), pinned in signal_info.cpp.
inline constexpr i32 kChildExited = 1;
inline constexpr i32 kChildKilled = 2;
inline constexpr i32 kChildDumped = 3;
inline constexpr i32 kChildStopped = 5;
inline constexpr i32 kChildContinued = 6;

// How a dead child is reported in SIGCHLD and waitid: si_code and
// si_status from its wait(2) status - the signal in the low 7 bits, 0x80
// for a core dump, else the exit code in the second byte.
struct ChildExit {
    i32 code;   // CLD_EXITED, CLD_KILLED or CLD_DUMPED
    i32 status; // the exit code or the signal
};
[[nodiscard]] ChildExit decode_wait_status(int wait_status);

} // namespace sirius::signal
