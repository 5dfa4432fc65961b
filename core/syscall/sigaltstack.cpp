#include "core/syscall/sigaltstack.h"

#include <asm/signal.h>

#include "core/base/user_ptr.h"
#include "core/signal/alternate_stack.h"

namespace sirius::syscall {

namespace {

// x86_64 stack_t: ss_sp, ss_flags (int, padded), ss_size.
static_assert(sizeof(stack_t) == 24);
static_assert(__builtin_offsetof(stack_t, ss_sp) == 0);
static_assert(__builtin_offsetof(stack_t, ss_flags) == 8);
static_assert(__builtin_offsetof(stack_t, ss_size) == 16);

Result<i64> sigaltstack(SyscallContext& context, const SyscallArguments& args)
{
    const UserPtr<stack_t> new_pointer(args[0]);
    const UserPtr<stack_t> old_pointer(args[1]);
    hal::AddressSpace& memory = memory_of(context);
    const u64 stack_pointer = context.current.context->stack_pointer();
    signal::AlternateStack& stack = context.current.alternate_stack;
    // The old state is taken before the change and stored after it.
    const signal::AlternateStack old = signal::describe_alternate_stack(stack, stack_pointer);
    if (!new_pointer.is_null()) {
        const stack_t user = TRY(new_pointer.read(memory));
        signal::AlternateStack requested;
        requested.base = reinterpret_cast<u64>(user.ss_sp);
        requested.size = user.ss_size;
        requested.flags = static_cast<u32>(user.ss_flags);
        TRY(signal::change_alternate_stack(stack, requested, stack_pointer));
    }
    if (!old_pointer.is_null()) {
        stack_t user {};
        user.ss_sp = reinterpret_cast<void*>(old.base);
        user.ss_size = old.size;
        user.ss_flags = static_cast<int>(old.flags);
        TRY(old_pointer.write(memory, user));
    }
    return 0;
}

} // namespace

i64 sys_sigaltstack(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(sigaltstack(context, args));
}

} // namespace sirius::syscall
