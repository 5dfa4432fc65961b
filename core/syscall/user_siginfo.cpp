#include "core/syscall/user_siginfo.h"

#include <asm/siginfo.h>
#include <asm/signal.h>

namespace sirius::syscall {

namespace {

// The kernel's view of a user siginfo: the first 48 bytes (struct
// kernel_siginfo: signo, errno, code and the largest union member the
// kernel uses). The rest of the 128 must be zero unless the layout is one
// the kernel knows (post_copy_siginfo_from_user).
constexpr usize kKernelSiginfoSize = 48;

// Linux known_siginfo_layout.
bool is_known_layout(i32 signal, i32 code)
{
    if (code == SI_KERNEL) {
        return true;
    }
    if (code > SI_USER) {
        // The per-signal code ranges (sig_sicodes), else the SIGPOLL ones.
        struct CodeRange {
            i32 signal;
            i32 limit;
        };
        constexpr CodeRange kRanges[] = {
            { SIGILL, NSIGILL }, { SIGFPE, NSIGFPE }, { SIGSEGV, NSIGSEGV }, { SIGBUS, NSIGBUS },
            { SIGTRAP, NSIGTRAP }, { SIGCHLD, NSIGCHLD }, { SIGSYS, NSIGSYS },
        };
        i32 limit = NSIGPOLL;
        for (const CodeRange& range : kRanges) {
            if (range.signal == signal) {
                limit = range.limit;
            }
        }
        return code <= limit;
    }
    return code >= SI_DETHREAD || code == SI_ASYNCNL;
}

} // namespace

// copy_siginfo_from_user. Errors: EFAULT, E2BIG (an unknown layout with
// non-zero bytes past what the kernel reads).
Result<signal::SignalInfo> read_user_siginfo(SyscallContext& context, u64 address)
{
    signal::SignalInfo info;
    TRY(memory_of(context).copy_from_user(&info, UserAddress(address), sizeof(info)));
    if (!is_known_layout(info.signo, info.code)) {
        const u8* bytes = reinterpret_cast<const u8*>(&info);
        for (usize i = kKernelSiginfoSize; i < sizeof(info); ++i) {
            if (bytes[i] != 0) {
                return errno_error(E2BIG);
            }
        }
    }
    // Only the first 48 bytes are the kernel's; the signal is the
    // syscall's argument, whatever si_signo said.
    for (usize i = kKernelSiginfoSize - 16; i < sizeof(info.fields); ++i) {
        info.fields[i] = 0;
    }
    return info;
}

} // namespace sirius::syscall
