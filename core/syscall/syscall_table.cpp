#include "core/syscall/syscall_table.h"

#include <asm/unistd_64.h>

#include "core/syscall/arch_prctl.h"
#include "core/syscall/capability.h"
#include "core/syscall/clone.h"
#include "core/syscall/credentials.h"
#include "core/syscall/directory_entries.h"
#include "core/syscall/execve.h"
#include "core/syscall/exit.h"
#include "core/syscall/fcntl.h"
#include "core/syscall/file_attributes.h"
#include "core/syscall/file_descriptors.h"
#include "core/syscall/futex.h"
#include "core/syscall/getrandom.h"
#include "core/syscall/interval_timer.h"
#include "core/syscall/ioctl.h"
#include "core/syscall/kill.h"
#include "core/syscall/memory.h"
#include "core/syscall/mount.h"
#include "core/syscall/names.h"
#include "core/syscall/open.h"
#include "core/syscall/pause.h"
#include "core/syscall/pidfd.h"
#include "core/syscall/pipe.h"
#include "core/syscall/pivot_root.h"
#include "core/syscall/poll.h"
#include "core/syscall/prctl.h"
#include "core/syscall/priority.h"
#include "core/syscall/process_group.h"
#include "core/syscall/process_ids.h"
#include "core/syscall/read_write.h"
#include "core/syscall/resource_limits.h"
#include "core/syscall/resource_usage.h"
#include "core/syscall/sched_affinity.h"
#include "core/syscall/sched_yield.h"
#include "core/syscall/select.h"
#include "core/syscall/set_tid_address.h"
#include "core/syscall/setns.h"
#include "core/syscall/sigaltstack.h"
#include "core/syscall/signal.h"
#include "core/syscall/sleep.h"
#include "core/syscall/stat.h"
#include "core/syscall/sysinfo.h"
#include "core/syscall/sysv_msg.h"
#include "core/syscall/sysv_shm.h"
#include "core/syscall/sysv_sem.h"
#include "core/syscall/time.h"
#include "core/syscall/umask.h"
#include "core/syscall/unshare.h"
#include "core/syscall/uts.h"
#include "core/syscall/wait.h"
#include "core/syscall/working_directory.h"

namespace sirius::syscall {

namespace {

constexpr SyscallEntry kEntries[] = {
#define SIRIUS_SYSCALL(name, handler, status, note) { #name, handler, note, __NR_##name, SyscallStatus::status },
#include "core/syscall/syscall_table.def"
#undef SIRIUS_SYSCALL
};
constexpr usize kEntryCount = sizeof(kEntries) / sizeof(kEntries[0]);

constexpr bool is_sorted_by_number()
{
    for (usize i = 1; i < kEntryCount; ++i) {
        if (kEntries[i - 1].number >= kEntries[i].number) {
            return false;
        }
    }
    return true;
}
static_assert(is_sorted_by_number(), "syscall_table.def lists each syscall once, in number order");

// Number -> entry index, built at compile time (x86_64 numbers are dense
// below 512).
constexpr u32 kMaxNumber = 512;
struct Index {
    i16 slot[kMaxNumber];
};
constexpr Index build_index()
{
    Index index {};
    for (i16& slot : index.slot) {
        slot = -1;
    }
    for (usize i = 0; i < kEntryCount; ++i) {
        index.slot[kEntries[i].number] = static_cast<i16>(i);
    }
    return index;
}
constexpr Index kIndex = build_index();

} // namespace

SyscallTable syscall_table()
{
    return SyscallTable { kEntries, kEntryCount };
}

const SyscallEntry* find_syscall(u64 number)
{
    if (number >= kMaxNumber || kIndex.slot[number] < 0) {
        return nullptr;
    }
    return &kEntries[kIndex.slot[number]];
}

i64 dispatch_syscall(SyscallContext& context, u64 number, const SyscallArguments& args)
{
    const SyscallEntry* entry = find_syscall(number);
    if (entry == nullptr || entry->handler == nullptr) {
        return -static_cast<i64>(ENOSYS);
    }
    return entry->handler(context, args);
}

} // namespace sirius::syscall
