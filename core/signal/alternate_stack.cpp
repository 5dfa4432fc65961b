#include "core/signal/alternate_stack.h"

#include <asm/signal.h>
#include <linux/signal.h>

namespace sirius::signal {

namespace {

// Linux on_sig_stack (stacks grow down): strictly above the base, at most
// size bytes above it. SS_AUTODISARM stacks are never "in use": the
// handler runs with the stack disarmed, so it may set a new one.
bool is_on_stack(const AlternateStack& stack, u64 stack_pointer)
{
    if ((stack.flags & SS_AUTODISARM) != 0) {
        return false;
    }
    return stack_pointer > stack.base && stack_pointer - stack.base <= stack.size;
}

} // namespace

AlternateStack describe_alternate_stack(const AlternateStack& stack, u64 stack_pointer)
{
    AlternateStack report;
    report.base = stack.base;
    report.size = stack.size;
    // sas_ss_flags: SS_DISABLE when there is none, SS_ONSTACK when in use.
    if (stack.size == 0) {
        report.flags = SS_DISABLE;
    } else {
        report.flags = is_on_stack(stack, stack_pointer) ? SS_ONSTACK : 0;
    }
    report.flags |= stack.flags & SS_FLAG_BITS;
    return report;
}

Result<void> change_alternate_stack(AlternateStack& stack, const AlternateStack& requested, u64 stack_pointer)
{
    // sigaltstack(2) EPERM: "An attempt was made to change the alternate
    // signal stack while it was active".
    if (is_on_stack(stack, stack_pointer)) {
        return errno_error(EPERM);
    }
    const u32 mode = requested.flags & ~static_cast<u32>(SS_FLAG_BITS);
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0) {
        return errno_error(EINVAL);
    }
    if (stack.base == requested.base && stack.size == requested.size && stack.flags == requested.flags) {
        return {};
    }
    AlternateStack next = requested;
    if (mode == SS_DISABLE) {
        next.base = 0;
        next.size = 0;
    } else if (requested.size < MINSIGSTKSZ) {
        // sigaltstack(2) ENOMEM: "The specified size of the new alternate
        // signal stack ss.ss_size was less than MINSIGSTKSZ."
        return errno_error(ENOMEM);
    }
    stack = next;
    return {};
}

} // namespace sirius::signal
