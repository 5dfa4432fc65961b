#pragma once

// The alternate signal stack of a thread (sigaltstack(2)): where handlers
// with SA_ONSTACK run. Inherited by fork; cleared for a CLONE_VM child that
// is not a vfork child (it would share the parent's stack memory).
#include "core/base/result.h"

namespace sirius::signal {

struct AlternateStack {
    u64 base { 0 };  // ss_sp
    u64 size { 0 };  // ss_size; 0: no alternate stack
    u32 flags { 0 }; // as set: SS_DISABLE or 0/SS_ONSTACK, plus SS_AUTODISARM
};

// What sigaltstack(2) reports: base, size and flags, where the flags say
// SS_DISABLE (none), SS_ONSTACK (the thread runs on it now, by
// `stack_pointer`) or 0, plus SS_AUTODISARM if it was set.
[[nodiscard]] AlternateStack describe_alternate_stack(const AlternateStack& stack, u64 stack_pointer);

// Replaces `stack` with `requested` (Linux do_sigaltstack).
// Errors: EPERM while running on the current alternate stack; EINVAL for a
// mode other than 0, SS_ONSTACK or SS_DISABLE; ENOMEM for a size below
// MINSIGSTKSZ (unless disabling).
Result<void> change_alternate_stack(AlternateStack& stack, const AlternateStack& requested, u64 stack_pointer);

} // namespace sirius::signal
