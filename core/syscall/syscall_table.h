#pragma once

// The syscall table (generated from syscall_table.def) and the dispatcher.
#include "core/syscall/syscall_context.h"

namespace sirius::syscall {

enum class SyscallStatus : u8 { Supported, Partial, Missing };

struct SyscallEntry {
    const char* name;
    SyscallHandler handler; // nullptr: -ENOSYS
    const char* note;
    u32 number;
    SyscallStatus status;
};

// Every entry, in number order.
struct SyscallTable {
    const SyscallEntry* entries;
    usize count;
};
[[nodiscard]] SyscallTable syscall_table();

// The entry for `number`, or nullptr for a number Linux does not define.
[[nodiscard]] const SyscallEntry* find_syscall(u64 number);

// Runs syscall `number`: its handler, or -ENOSYS when there is none (an
// unknown number or a missing syscall).
i64 dispatch_syscall(SyscallContext& context, u64 number, const SyscallArguments& args);

} // namespace sirius::syscall
