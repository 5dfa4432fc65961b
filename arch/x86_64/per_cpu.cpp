#include "arch/x86_64/per_cpu.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/segments.h"

extern "C" void syscall_entry();

namespace sirius::x86_64 {

namespace {
PerCpu g_boot_cpu;
// Linux's SYSCALL flag mask (syscall_init): TF, DF, IF, IOPL, AC, NT are
// clear in the kernel whatever user space had.
constexpr u64 kSyscallFlagMask = 0x47700;
} // namespace

void initialize_this_cpu()
{
    g_boot_cpu.self = &g_boot_cpu;
    write_msr(kMsrGsBase, reinterpret_cast<u64>(&g_boot_cpu));
    write_msr(kMsrKernelGsBase, 0);
    write_msr(kMsrEfer, read_msr(kMsrEfer) | kEferSyscall);
    // SYSCALL loads CS = STAR[47:32] (SS = +8); SYSRET CS = STAR[63:48] + 16
    // (SS = +8), which with kUserCode32 gives kUserCode and kUserData.
    write_msr(kMsrStar, (static_cast<u64>(kUserCode32) << 48) | (static_cast<u64>(kKernelCode) << 32));
    write_msr(kMsrLstar, reinterpret_cast<u64>(&syscall_entry));
    write_msr(kMsrSyscallMask, kSyscallFlagMask);
}

} // namespace sirius::x86_64
