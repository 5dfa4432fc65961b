#include "core/syscall/sysinfo.h"

#include <linux/sysinfo.h>

#include "core/hal/memory_statistics.h"
#include "core/ns/time_namespace.h"

namespace sirius::syscall {

namespace {

constexpr i64 kNanosecondsPerSecond = 1'000'000'000;

Result<i64> sysinfo(SyscallContext& context, UserAddress destination)
{
    struct sysinfo info {};
    // "ktime_get_boottime_ts64(&tp); timens_add_boottime(&tp); uptime =
    // tp.tv_sec + (tp.tv_nsec ? 1 : 0)": whole seconds, rounded up, in the
    // caller's time namespace. Nothing here suspends, so boottime is the
    // monotonic clock.
    const ns::TimeNamespace& time = *context.current.namespaces->namespaces().time;
    i64 boottime = context.kernel.clock().monotonic_now() + time.offsets().boottime_ns;
    info.uptime = boottime / kNanosecondsPerSecond + (boottime % kNanosecondsPerSecond != 0 ? 1 : 0);
    // loads[] stay 0: there is no load average yet (docs/syscalls.md).
    const hal::MemoryStatistics memory = hal::memory_statistics();
    info.totalram = memory.total_bytes;
    info.freeram = memory.free_bytes;
    // No page cache of shared memory, no block devices, no swap, no highmem.
    info.sharedram = 0;
    info.bufferram = 0;
    info.totalswap = 0;
    info.freeswap = 0;
    // "info->procs = nr_threads": every thread, in every namespace.
    info.procs = static_cast<u16>(context.kernel.thread_count());
    // On 64 bits the byte counts fit: do_sysinfo leaves mem_unit at 1.
    info.mem_unit = 1;
    TRY(memory_of(context).copy_to_user(destination, &info, sizeof(info)));
    return 0;
}

} // namespace

i64 sys_sysinfo(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(sysinfo(context, UserAddress(args[0])));
}

} // namespace sirius::syscall
