// The files of /proc about the whole system (Linux fs/proc/meminfo.c,
// uptime.c, loadavg.c, stat.c, version.c, arch/x86/kernel/cpu/proc.c,
// fs/filesystems.c, fs/proc_namespace.c), in Linux's formats.
#include <linux/utsname.h>

#include "core/fs/char_device.h"
#include "core/fs/d_path.h"
#include "core/fs/file_system_types.h"
#include "core/fs/fs_context.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/hal/memory_statistics.h"
#include "core/ns/time_namespace.h"
#include "core/proc/kernel.h"
#include "core/time/cpu_time.h"

namespace sirius::fs {

namespace {

constexpr i64 kNanosecondsPerSecond = 1'000'000'000;

// show_val_kb: the label padded to 16 columns ("MemTotal:       "), the
// value in kB right-aligned in 8, then " kB".
void append_meminfo_line(TextBuffer& text, const char* label, u64 kilobytes)
{
    const usize start = text.size();
    text.append(label).append_char(':');
    while (text.size() - start < 16) {
        text.append_char(' ');
    }
    text.append_unsigned(kilobytes, 8).append(" kB\n");
}

// The time since boot: the monotonic clock (nothing suspends).
i64 uptime_nanoseconds(const ProcSuperBlock& super_block)
{
    return super_block.kernel().clock().monotonic_now();
}

// "%lu.%02lu": seconds and hundredths.
void append_centiseconds(TextBuffer& text, i64 nanoseconds)
{
    text.append_unsigned(static_cast<u64>(nanoseconds / kNanosecondsPerSecond));
    text.append_char('.').append_unsigned(static_cast<u64>(nanoseconds % kNanosecondsPerSecond / (kNanosecondsPerSecond / 100)), 2, true);
}

// mangle (seq_escape with " \t\n\\"): octal escapes in /proc/mounts.
void append_mangled(TextBuffer& text, const u8* bytes, usize size)
{
    for (usize i = 0; i < size; ++i) {
        const u8 c = bytes[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
            text.append_char('\\').append_octal(c, 3);
        } else {
            text.append(&c, 1);
        }
    }
}

} // namespace

Result<void> write_meminfo(TextBuffer& text)
{
    const hal::MemoryStatistics memory = hal::memory_statistics();
    const u64 total = memory.total_bytes / 1024;
    const u64 free = memory.free_bytes / 1024;
    // meminfo_proc_show's lines that free(1), top(1) and busybox read,
    // in its order. There is no page cache, swap or slab accounting yet:
    // those are 0, and what is free is also what is available.
    append_meminfo_line(text, "MemTotal", total);
    append_meminfo_line(text, "MemFree", free);
    append_meminfo_line(text, "MemAvailable", free);
    append_meminfo_line(text, "Buffers", 0);
    append_meminfo_line(text, "Cached", 0);
    append_meminfo_line(text, "SwapCached", 0);
    append_meminfo_line(text, "Active", 0);
    append_meminfo_line(text, "Inactive", 0);
    append_meminfo_line(text, "Active(anon)", 0);
    append_meminfo_line(text, "Inactive(anon)", 0);
    append_meminfo_line(text, "Active(file)", 0);
    append_meminfo_line(text, "Inactive(file)", 0);
    append_meminfo_line(text, "Unevictable", 0);
    append_meminfo_line(text, "Mlocked", 0);
    append_meminfo_line(text, "SwapTotal", 0);
    append_meminfo_line(text, "SwapFree", 0);
    append_meminfo_line(text, "Dirty", 0);
    append_meminfo_line(text, "Writeback", 0);
    append_meminfo_line(text, "AnonPages", total - free);
    append_meminfo_line(text, "Mapped", 0);
    append_meminfo_line(text, "Shmem", 0);
    append_meminfo_line(text, "KReclaimable", 0);
    append_meminfo_line(text, "Slab", 0);
    append_meminfo_line(text, "SReclaimable", 0);
    append_meminfo_line(text, "SUnreclaim", 0);
    append_meminfo_line(text, "KernelStack", 0);
    append_meminfo_line(text, "PageTables", 0);
    append_meminfo_line(text, "CommitLimit", total / 2);
    append_meminfo_line(text, "Committed_AS", total - free);
    append_meminfo_line(text, "VmallocTotal", 34359738367);
    append_meminfo_line(text, "VmallocUsed", 0);
    append_meminfo_line(text, "VmallocChunk", 0);
    return text.status();
}

Result<void> write_uptime(const ProcSuperBlock& super_block, TextBuffer& text)
{
    // uptime_proc_show: "%lu.%02lu %lu.%02lu\n", the uptime (with the
    // reader's boottime offset) and the idle time of every CPU. Sirius does
    // not count idle time yet: 0.
    const i64 uptime = uptime_nanoseconds(super_block);
    append_centiseconds(text, uptime);
    text.append_char(' ');
    append_centiseconds(text, 0);
    text.append_char('\n');
    return text.status();
}

Result<void> write_cpuinfo(TextBuffer& text)
{
    // show_cpuinfo for the one CPU Sirius runs on.
    text.append("processor\t: 0\n");
    text.append("vendor_id\t: SiriusVirtual\n");
    text.append("cpu family\t: 6\n");
    text.append("model\t\t: 0\n");
    text.append("model name\t: Sirius virtual CPU\n");
    text.append("stepping\t: 0\n");
    text.append("cpu MHz\t\t: 1000.000\n");
    text.append("cache size\t: 0 KB\n");
    text.append("physical id\t: 0\n");
    text.append("siblings\t: 1\n");
    text.append("core id\t\t: 0\n");
    text.append("cpu cores\t: 1\n");
    text.append("apicid\t\t: 0\n");
    text.append("initial apicid\t: 0\n");
    text.append("fpu\t\t: yes\n");
    text.append("fpu_exception\t: yes\n");
    text.append("cpuid level\t: 1\n");
    text.append("wp\t\t: yes\n");
    text.append("flags\t\t: fpu tsc cx8 cmov pat fxsr sse sse2 syscall nx lm\n");
    text.append("bogomips\t: 2000.00\n");
    text.append("clflush size\t: 64\n");
    text.append("cache_alignment\t: 64\n");
    text.append("address sizes\t: 48 bits physical, 48 bits virtual\n");
    text.append("power management:\n\n");
    return text.status();
}

Result<void> write_loadavg(const ProcSuperBlock& super_block, TextBuffer& text)
{
    // loadavg_proc_show: "%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d\n" - the
    // averages (not kept: 0), running/total threads, the last pid handed
    // out in the reader's namespace.
    proc::Kernel& kernel = super_block.kernel();
    u64 last = 0;
    for (proc::Process& process : kernel.processes()) {
        last = max<u64>(last, static_cast<u64>(process.pid().nr_in(super_block.pid_namespace())));
    }
    text.append("0.00 0.00 0.00 1/").append_unsigned(kernel.thread_count()).append_char(' ').append_unsigned(last).append_char('\n');
    return text.status();
}

Result<void> write_stat(const ProcSuperBlock& super_block, TextBuffer& text)
{
    proc::Kernel& kernel = super_block.kernel();
    u64 user = 0;
    u64 system = 0;
    for (proc::Process& process : kernel.processes()) {
        const time::CpuTimes times = process.cpu_time().sample();
        user += times.user;
        system += times.system;
    }
    const i64 uptime = uptime_nanoseconds(super_block);
    const u64 busy = user + system;
    const u64 idle = static_cast<u64>(uptime) > busy ? static_cast<u64>(uptime) - busy : 0;
    // show_stat: "cpu  user nice system idle iowait irq softirq steal guest
    // guest_nice" in USER_HZ ticks, then each CPU, then the counters.
    auto append_cpu = [&](const char* label) {
        text.append(label).append_signed(time::to_clock_ticks(user)).append(" 0 ").append_signed(time::to_clock_ticks(system));
        text.append_char(' ').append_signed(time::to_clock_ticks(idle)).append(" 0 0 0 0 0 0\n");
    };
    append_cpu("cpu  ");
    append_cpu("cpu0 ");
    const i64 boot = kernel.clock().realtime_now() - uptime;
    text.append("intr 0\nctxt 0\nbtime ").append_unsigned(static_cast<u64>(boot / kNanosecondsPerSecond)).append_char('\n');
    text.append("processes ").append_unsigned(kernel.thread_count()).append_char('\n');
    text.append("procs_running 1\nprocs_blocked 0\n");
    text.append("softirq 0 0 0 0 0 0 0 0 0 0 0\n");
    return text.status();
}

Result<void> write_version(const ProcSuperBlock& super_block, TextBuffer& text)
{
    // version_proc_show: "%s version %s (%s@%s) (%s) %s\n".
    const new_utsname& names = super_block.kernel().initial_namespaces()->namespaces().uts->names();
    text.append(names.sysname).append(" version ").append(names.release).append(" (sirius@sirius) (clang) ").append(names.version).append_char('\n');
    return text.status();
}

Result<void> write_filesystems(TextBuffer& text)
{
    // filesystems_proc_show: "nodev\t" for a type without a device, then
    // the name.
    for (const FileSystemType& type : file_system_types()) {
        text.append(type.requires_device ? "\t" : "nodev\t").append(type.name).append_char('\n');
    }
    return text.status();
}

namespace {

// mounts_open_common's walk for /proc/<pid>/mounts and mountinfo: each
// mount of the task's own mount namespace that the task's root reaches
// (show_vfsmnt and show_mountinfo skip the others, seq_path_root
// answering SEQ_SKIP), with its path as seen from that root.
template<typename Show>
Result<void> for_each_visible_mount(const proc::Process& process, Show show)
{
    const proc::Thread* thread = process.leader() != nullptr ? process.leader() : process.first_thread();
    if (thread == nullptr || !thread->fs || !thread->namespaces) {
        return {};
    }
    const Path& root = thread->fs->root();
    const MountTable& mounts = thread->namespaces->namespaces().mount->mounts();
    for (usize i = 0; i < mounts.count(); ++i) {
        const RefPtr<Mount>& mount = mounts.at(i);
        const Path at { mount, mount->root() };
        PathText where;
        if (path_text(at, root, where, true).is_error() || (where.length() > 0 && where.data()[0] != '/')) {
            continue;
        }
        TRY(show(*mount, where));
    }
    return {};
}

} // namespace

Result<void> write_mounts(const ProcSuperBlock& /*super_block*/, const proc::Process& process, TextBuffer& text)
{
    TRY(for_each_visible_mount(process, [&](const Mount& mount, const PathText& where) -> Result<void> {
        const SuperBlock& file_system = mount.super_block();
        // The source mount(2) was given ("none" without one).
        if (mount.source_length() > 0) {
            append_mangled(text, mount.source(), mount.source_length());
        } else {
            text.append(file_system.source_name());
        }
        text.append_char(' ');
        append_mangled(text, where.data(), where.length());
        text.append_char(' ').append(file_system.type_name()).append_char(' ');
        append_mount_flags(text, mount.flags());
        file_system.show_options(text);
        text.append(" 0 0\n");
        return {};
    }));
    return text.status();
}

namespace {

// show_path(m, mnt->mnt_root): the mount's root dentry as a path from its
// super block's root ("/" for a whole file system, the directory for a
// bind mount).
Result<void> dentry_text(const Dentry& dentry, PathText& text)
{
    for (const Dentry* at = &dentry; at->parent() != nullptr; at = at->parent()) {
        const Name name = at->name();
        TRY(text.prepend(name.data, name.size));
        TRY(text.prepend(reinterpret_cast<const u8*>("/"), 1));
    }
    if (text.length() == 0) {
        TRY(text.prepend(reinterpret_cast<const u8*>("/"), 1));
    }
    return {};
}

} // namespace

Result<void> write_mountinfo(const proc::Process& process, TextBuffer& text)
{
    TRY(for_each_visible_mount(process, [&](const Mount& mount, const PathText& where) -> Result<void> {
        PathText mount_root;
        TRY(dentry_text(*mount.root(), mount_root));
        const SuperBlock& file_system = mount.super_block();
        // "%i %i %u:%u ": the ids, the parent's (the namespace's root is
        // its own parent), the super block's device.
        text.append_unsigned(mount.id()).append_char(' ');
        text.append_unsigned(mount.parent() ? mount.parent()->id() : mount.id()).append_char(' ');
        text.append_unsigned(device_major(file_system.device())).append_char(':').append_unsigned(device_minor(file_system.device())).append_char(' ');
        append_mangled(text, mount_root.data(), mount_root.length());
        text.append_char(' ');
        append_mangled(text, where.data(), where.length());
        text.append_char(' ');
        append_mount_flags(text, mount.flags());
        // The tagged fields: "shared:N", "master:N", "unbindable"
        // (propagate_from needs a dominating peer in the reader's root,
        // which Sirius does not track).
        if (mount.is_shared()) {
            text.append(" shared:").append_unsigned(mount.peers()->id());
        }
        if (mount.master()) {
            text.append(" master:").append_unsigned(mount.master()->id());
        }
        if (mount.is_unbindable()) {
            text.append(" unbindable");
        }
        text.append(" - ").append(file_system.type_name()).append_char(' ');
        if (mount.source_length() > 0) {
            append_mangled(text, mount.source(), mount.source_length());
        } else {
            text.append(file_system.source_name());
        }
        // The super block's own flags: Sirius has no read-only super
        // block, then show_options.
        text.append(" rw");
        file_system.show_options(text);
        text.append_char('\n');
        return {};
    }));
    return text.status();
}

} // namespace sirius::fs
