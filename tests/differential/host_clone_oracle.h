// Host clone oracle: asks the *real* Linux kernel of the build/test machine
// which errno a given clone3()/clone() call returns for a given caller state.
//
// It is the reference side of a differential test: the Sirius kernel core's
// decision for the same (state, call) pair is compared against it.
//
// Requirements on the calling (test) process: x86_64 Linux, running as root
// (euid 0 with CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID) in the initial pid
// namespace -- checked on every call; if it does not hold,
// host_clone_errno() returns kOracleSetupFailed.  It should not run under a
// tracer that follows forks (not checked).  The oracle never
// touches the calling process' other children, never sends it signals
// (helper processes use exit_signal 0) and leaves no zombies.  Thread-safe.
#pragma once

#include <cstddef>
#include <linux/sched.h> // struct clone_args, CLONE_* flags (UAPI)
#include <string>
#include <sys/types.h>
#include <vector>

namespace sirius::differential {

enum class CallerState {
    Root, // as the test process is: uid 0, full capabilities, initial pid namespace
    Unprivileged, // uid/gid 65534 (setgroups(0), setresgid, setresuid), so no capabilities at all
    AfterUnsharePid, // root, after unshare(CLONE_NEWPID) (so pid_ns_for_children != active pid ns)
    PidNamespaceInit, // root, the caller is pid 1 of a fresh pid namespace (its SIGNAL_UNKILLABLE init)
    AfterUnshareTime, // root, after unshare(CLONE_NEWTIME) (time_ns_for_children != time ns)
};

const char* caller_state_name(CallerState state);

struct HostCloneCall {
    // false: clone3(args, size).
    // true:  raw clone(args.flags | args.exit_signal, args.stack, parent_tid,
    //        child_tid, args.tls) in x86_64 argument order
    //        (flags, newsp, parent_tidptr, child_tidptr, tls).  The legacy call
    //        has no separate pidfd argument (the kernel writes the pidfd through
    //        parent_tidptr), so args.pidfd is ignored unless
    //        pidfd_points_to_valid is set (see below).  size, trailing,
    //        args_pointer_invalid, stack_size, set_tid*, cgroup are ignored.
    bool legacy_clone = false;

    struct clone_args args {}; // from <linux/sched.h>
    std::size_t size = sizeof(struct clone_args);

    // Raw bytes placed right after the struct (at offset sizeof(clone_args))
    // when size > sizeof(clone_args).  Bytes between the end of `trailing` and
    // `size` are zero.  Used to test "non-zero bytes past the known struct".
    std::vector<unsigned char> trailing;

    // Pass a pointer to an inaccessible (PROT_NONE) page instead of the struct.
    bool args_pointer_invalid = false;

    // When non-empty, the values are put in a buffer (zero-padded up to
    // min(args.set_tid_size, 64) entries) and args.set_tid points to it,
    // overriding args.set_tid.  args.set_tid_size is always passed as given.
    // When empty, args.set_tid is passed raw.
    std::vector<pid_t> set_tid_values;

    // When true, the field points to a valid, zero-initialised int in the
    // caller.  Otherwise the raw value from args is passed.  For the legacy
    // call, the parent_tidptr argument is the valid int when either flag is
    // set (both flags -> the SAME int: that is how legacy clone passes pidfd).
    bool pidfd_points_to_valid = false;
    bool parent_tid_points_to_valid = false;
    bool child_tid_points_to_valid = false;
};

// Return value of host_clone_errno():
//   0                       the call succeeded (the created task exited at once and was reaped)
//   > 0                     the errno the kernel returned
inline constexpr int kOracleSetupFailed = -1; // the caller state could not be established
inline constexpr int kOracleTimeout = -2; // no answer within the timeout (everything was killed)
inline constexpr int kOracleNoReport = -3; // the throw-away process died without reporting
inline constexpr int kOracleHostError = -4; // pipe()/clone() failed in the test process itself

int host_clone_errno(CallerState state, const HostCloneCall& call);

// Human-readable reason for the last negative result of host_clone_errno()
// in this thread (empty after a non-negative result).
const std::string& host_clone_last_diagnostic();

// Timeout for one oracle call (default 5000 ms).  On expiry every process
// the call created is SIGKILLed and host_clone_errno() returns kOracleTimeout.
void set_host_clone_timeout_ms(int timeout_ms);

// By default the throw-away caller shares the test process' mm (no mm copy:
// much faster) unless a raw pidfd/parent_tid/child_tid pointer the kernel
// may write through is mapped in the test process; then the caller gets a
// private copy.  true: always give the caller a private copy (slower; for
// cross-checking that both paths agree).
void set_host_clone_always_isolate(bool always);

// Self-test of the oracle on a few well-known facts (plain clone3 with
// SIGCHLD succeeds, size 0 -> EINVAL, CLONE_THREAD without CLONE_SIGHAND ->
// EINVAL, bad args pointer -> EFAULT, legacy fork-like clone succeeds,
// CLONE_VM without a stack succeeds, unprivileged CLONE_NEWPID -> EPERM,
// ...).  Returns 0 if all pass, otherwise the 1-based number of the first
// failing check; host_clone_last_diagnostic() then describes it.
int host_clone_probe_selftest();

} // namespace sirius::differential
