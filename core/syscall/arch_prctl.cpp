#include "core/syscall/arch_prctl.h"

#include <asm/prctl.h>

#include "core/base/user_ptr.h"

namespace sirius::syscall {

namespace {

Result<i64> store_base(SyscallContext& context, u64 address, u64 base)
{
    // "ret = put_user(base, (unsigned long __user *)arg2);"
    TRY(UserPtr<u64>(address).write(memory_of(context), base));
    return 0;
}

Result<i64> arch_prctl(SyscallContext& context, const SyscallArguments& args)
{
    // SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2).
    const int option = static_cast<int>(args[0]);
    const u64 argument = args[1];
    hal::UserContext& registers = *context.current.context;
    switch (option) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        // "if (unlikely(arg2 >= TASK_SIZE_MAX)) return -EPERM;" - a base in
        // the kernel half, or non-canonical, is refused.
        if (argument >= context.kernel.mmu().user_address_limit()) {
            return errno_error(EPERM);
        }
        if (option == ARCH_SET_FS) {
            registers.set_tls(argument);
        } else {
            registers.set_gs_base(argument);
        }
        return 0;
    case ARCH_GET_FS:
        return store_base(context, argument, registers.tls());
    case ARCH_GET_GS:
        return store_base(context, argument, registers.gs_base());
    case ARCH_GET_CPUID:
        // get_cpuid_mode: "return !test_thread_flag(TIF_NOCPUID);" - CPUID
        // never faults in Sirius, so it is always enabled.
        return 1;
    case ARCH_SET_CPUID:
        // set_cpuid_mode: "if (!boot_cpu_has(X86_FEATURE_CPUID_FAULT))
        // return -ENODEV;" - Sirius does not use CPUID faulting.
        return errno_error(ENODEV);
    default:
        // Not here, as in a Linux without them: the vDSO mapping
        // (ARCH_MAP_VDSO_*), the xstate permissions (ARCH_GET_XCOMP_SUPP,
        // ARCH_REQ_XCOMP_PERM...), shadow stacks (ARCH_SHSTK_*) and linear
        // address masking (ARCH_ENABLE_TAGGED_ADDR...).
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_arch_prctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(arch_prctl(context, args));
}

} // namespace sirius::syscall
