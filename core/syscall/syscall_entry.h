#pragma once

// One syscall from entry to the return to user space, as the platform's
// entry code runs it (Linux do_syscall_64 and syscall_exit_to_user_mode):
// the handler, its result into the return register, then the signal work
// that decides whether an interrupted call restarts.
#include "core/signal/delivery.h"
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

// Runs syscall `number` for `context.current`. Returns whether the thread
// goes back to user space (it may have been killed on the way).
// Preconditions: the thread has a user context whose registers hold the
// call (the platform saved them at entry).
signal::ReturnToUser run_syscall(SyscallContext& context, u64 number, const SyscallArguments& args);

} // namespace sirius::syscall
