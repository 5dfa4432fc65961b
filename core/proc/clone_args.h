#pragma once

// Decoding of the clone family's user arguments into a CloneRequest, with the
// checks Linux makes before it starts copying anything (kernel/fork.c
// copy_clone_args_from_user, clone3_args_valid, and the clone/fork/vfork
// SYSCALL_DEFINEs).
#include "core/hal/address_space.h"
#include "core/proc/clone_request.h"

namespace sirius::proc {

// clone(2), x86_64 argument order: flags, newsp, parent_tid, child_tid, tls.
// Only the low 32 bits of `flags` count; their low byte is the exit signal.
// The pidfd of CLONE_PIDFD goes to parent_tid.
[[nodiscard]] CloneRequest clone_request_from_clone(u64 flags, u64 newsp, u64 parent_tid, u64 child_tid, u64 tls);

// fork(2): clone with SIGCHLD and nothing shared.
[[nodiscard]] CloneRequest clone_request_for_fork();

// vfork(2): CLONE_VFORK | CLONE_VM with SIGCHLD.
[[nodiscard]] CloneRequest clone_request_for_vfork();

// clone3(2): reads struct clone_args of `size` bytes at `address`.
// The Mmu gives the page size and the end of the user range (access_ok).
// Errors, in Linux's order: E2BIG (size above a page, or non-zero bytes past
// the struct this kernel knows), EINVAL (size below CLONE_ARGS_SIZE_VER0,
// set_tid rules, exit_signal rules, cgroup rules, unknown or clone3-invalid
// flags, stack rules), EFAULT (unreadable struct or set_tid array).
[[nodiscard]] Result<CloneRequest> clone_request_from_clone3(UserMemory& memory, UserAddress address, u64 size, const hal::Mmu& mmu);

} // namespace sirius::proc
