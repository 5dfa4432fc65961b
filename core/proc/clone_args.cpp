#include "core/proc/clone_args.h"

#include <asm/signal.h>
#include <linux/sched.h>

#include "core/base/user_ptr.h"
#include "core/signal/signal_set.h"

namespace sirius::proc {

namespace {

// The struct this kernel knows is the UAPI one: its size is the newest
// CLONE_ARGS_SIZE_VER*.
static_assert(sizeof(clone_args) == CLONE_ARGS_SIZE_VER2);
static_assert(__builtin_offsetof(clone_args, set_tid) == CLONE_ARGS_SIZE_VER0);
static_assert(__builtin_offsetof(clone_args, cgroup) == CLONE_ARGS_SIZE_VER1);

// CSIGNAL: the low byte of the legacy flags is the exit signal.
constexpr u64 kExitSignalMask = CSIGNAL;
constexpr u64 kLegacyFlags = 0xffffffffULL; // CLONE_LEGACY_FLAGS
constexpr u64 kIntMax = 0x7fffffff;

// Linux check_zeroed_user over the bytes past the known struct: E2BIG if any
// is non-zero, EFAULT if any cannot be read.
Result<void> check_trailing_bytes_zero(UserMemory& memory, UserAddress start, u64 count)
{
    u8 chunk[64];
    u64 done = 0;
    while (done < count) {
        const u64 step = min<u64>(sizeof(chunk), count - done);
        const UserAddress at = TRY(start.offset(done));
        TRY(memory.copy_from_user(chunk, at, step));
        for (u64 i = 0; i < step; ++i) {
            if (chunk[i] != 0) {
                return errno_error(E2BIG);
            }
        }
        done += step;
    }
    return {};
}

// Linux clone3_args_valid: flag and stack rules that only clone3 has.
Result<void> validate_clone3_request(CloneRequest& request, u64 user_limit)
{
    // "Verify that no unknown flags are passed along."
    if ((request.flags & ~(kLegacyFlags | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) != 0) {
        return errno_error(EINVAL);
    }
    // "make the CLONE_DETACHED bit reusable for clone3; make the CSIGNAL bits
    // reusable for clone3" (CLONE_NEWTIME lives inside CSIGNAL).
    if ((request.flags & (CLONE_DETACHED | (CSIGNAL & ~static_cast<u64>(CLONE_NEWTIME)))) != 0) {
        return errno_error(EINVAL);
    }
    // clone(2): "CLONE_SIGHAND and CLONE_CLEAR_SIGHAND ... in the same call" is EINVAL.
    if ((request.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) {
        return errno_error(EINVAL);
    }
    // A thread or a sibling has no exit signal of its own to ask for.
    if ((request.flags & (CLONE_THREAD | CLONE_PARENT)) != 0 && request.exit_signal != 0) {
        return errno_error(EINVAL);
    }
    // clone3_stack_valid: stack and stack_size go together and must be user
    // memory; the child's stack pointer is the top (stacks grow down).
    if (request.stack == 0) {
        if (request.stack_size > 0) {
            return errno_error(EINVAL);
        }
    } else {
        if (request.stack_size == 0) {
            return errno_error(EINVAL);
        }
        if (!is_user_range(request.stack, request.stack_size, user_limit)) {
            return errno_error(EINVAL);
        }
        request.stack += request.stack_size;
    }
    return {};
}

} // namespace

CloneRequest clone_request_from_clone(u64 flags, u64 newsp, u64 parent_tid, u64 child_tid, u64 tls)
{
    // SYSCALL_DEFINE5(clone): lower_32_bits(clone_flags) split into flags and
    // exit signal; CLONE_PIDFD reuses parent_tid.
    const u64 low = flags & kLegacyFlags;
    CloneRequest request;
    request.flags = low & ~kExitSignalMask;
    request.exit_signal = static_cast<int>(low & kExitSignalMask);
    request.pidfd = UserAddress(parent_tid);
    request.child_tid = UserAddress(child_tid);
    request.parent_tid = UserAddress(parent_tid);
    request.stack = newsp;
    request.tls = tls;
    return request;
}

CloneRequest clone_request_for_fork()
{
    CloneRequest request;
    request.exit_signal = SIGCHLD;
    return request;
}

CloneRequest clone_request_for_vfork()
{
    CloneRequest request;
    request.flags = CLONE_VFORK | CLONE_VM;
    request.exit_signal = SIGCHLD;
    return request;
}

Result<CloneRequest> clone_request_from_clone3(UserMemory& memory, UserAddress address, u64 size, const hal::Mmu& mmu)
{
    // copy_clone_args_from_user, in its order.
    if (size > mmu.page_size()) {
        return errno_error(E2BIG);
    }
    if (size < CLONE_ARGS_SIZE_VER0) {
        return errno_error(EINVAL);
    }
    // copy_struct_from_user: a larger struct from a newer user space is fine
    // if everything past what we know is zero; a smaller one is zero-extended.
    clone_args args {};
    const u64 known = sizeof(clone_args);
    if (size > known) {
        const UserAddress trailing = TRY(address.offset(known));
        TRY(check_trailing_bytes_zero(memory, trailing, size - known));
    }
    TRY(memory.copy_from_user(&args, address, min(size, known)));

    if (args.set_tid_size > ns::kMaxPidNamespaceLevel) {
        return errno_error(EINVAL);
    }
    if (args.set_tid == 0 && args.set_tid_size > 0) {
        return errno_error(EINVAL);
    }
    if (args.set_tid != 0 && args.set_tid_size == 0) {
        return errno_error(EINVAL);
    }
    // "Verify that higher 32bits of exit_signal are unset and that it is a
    // valid signal."
    if ((args.exit_signal & ~kExitSignalMask) != 0 || !signal::is_valid_signal(args.exit_signal)) {
        return errno_error(EINVAL);
    }
    // The cgroup fd must be an int, and the struct must be new enough to hold it.
    if ((args.flags & CLONE_INTO_CGROUP) != 0 && (args.cgroup > kIntMax || size < CLONE_ARGS_SIZE_VER2)) {
        return errno_error(EINVAL);
    }

    CloneRequest request;
    request.flags = args.flags;
    request.exit_signal = static_cast<int>(args.exit_signal);
    request.pidfd = UserAddress(args.pidfd);
    request.child_tid = UserAddress(args.child_tid);
    request.parent_tid = UserAddress(args.parent_tid);
    request.stack = args.stack;
    request.stack_size = args.stack_size;
    request.tls = args.tls;
    request.set_tid_size = args.set_tid_size;
    request.cgroup = args.cgroup;
    if (args.set_tid != 0) {
        const UserPtr<PidNr> set_tid(args.set_tid);
        TRY(set_tid.read_array(memory, request.set_tid, request.set_tid_size));
    }

    // SYSCALL_DEFINE2(clone3): "if (!clone3_args_valid(&kargs)) return -EINVAL".
    TRY(validate_clone3_request(request, mmu.user_address_limit()));
    return request;
}

} // namespace sirius::proc
