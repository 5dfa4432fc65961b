#pragma once

// What every syscall handler gets: the machine, the calling thread, and the
// six raw argument registers (x86_64: rdi, rsi, rdx, r10, r8, r9). One
// signature for all handlers; each decodes its own arguments.
#include "core/fs/io_context.h"
#include "core/mm/memory_descriptor.h"
#include "core/proc/kernel.h"

namespace sirius::syscall {

struct SyscallContext {
    proc::Kernel& kernel;
    proc::Thread& current;
};

struct SyscallArguments {
    u64 values[6] {};
    [[nodiscard]] u64 operator[](usize index) const { return values[index]; }
};

// The caller's user memory: where a handler reads its arguments and
// writes its results.
inline hal::AddressSpace& memory_of(SyscallContext& context)
{
    return context.current.memory->address_space();
}

// The caller as a file operation sees it (read, write, ioctl).
inline fs::IoContext io_of(SyscallContext& context)
{
    return fs::IoContext { context.kernel, context.current, memory_of(context) };
}

// A handler returns the value for rax: >= 0 on success, -errno on failure.
using SyscallHandler = i64 (*)(SyscallContext&, const SyscallArguments&);

// The syscall boundary: a Result becomes a value or -errno.
template<typename T>
i64 to_syscall_return(const Result<T>& result)
{
    if (result.is_error()) {
        return -static_cast<i64>(result.error().code());
    }
    return static_cast<i64>(result.value());
}

} // namespace sirius::syscall
