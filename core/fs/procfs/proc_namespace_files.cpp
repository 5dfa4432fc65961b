// The namespace files of /proc/<pid>: uid_map, gid_map and setgroups
// (Linux kernel/user_namespace.c uid_m_show, proc_setgroups_show and their
// writers) and timens_offsets (fs/proc/base.c, kernel/time/namespace.c
// proc_timens_show_offsets). The rules of the writes are in core/proc.
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/proc/id_map_write.h"
#include "core/proc/kernel.h"
#include "core/proc/time_offsets_write.h"
#include "core/time/ktime.h"

namespace sirius::fs {

namespace {

const proc::Thread* thread_of(const proc::Process& process)
{
    return process.leader() != nullptr ? process.leader() : process.first_thread();
}

ns::TimeNamespace* time_for_children_of(const proc::Process& process)
{
    const proc::Thread* thread = thread_of(process);
    if (thread == nullptr || !thread->namespaces) {
        return nullptr;
    }
    return thread->namespaces->namespaces().time_for_children.get();
}

// seq_printf's "%-10s %10lld %9ld\n" for one clock.
void append_offset(TextBuffer& text, const char* clock, i64 offset)
{
    // The offset was written as seconds and nanoseconds in [0, 1e9): the
    // floor of the quotient gives them back.
    i64 seconds = offset / time::kNanosecondsPerSecond;
    i64 nanoseconds = offset % time::kNanosecondsPerSecond;
    if (nanoseconds < 0) {
        --seconds;
        nanoseconds += time::kNanosecondsPerSecond;
    }
    usize length = 0;
    while (clock[length] != '\0') {
        ++length;
    }
    text.append(clock);
    for (; length < 10; ++length) {
        text.append_char(' ');
    }
    text.append_char(' ');
    // %10lld: a minus sign counts in the width.
    const u64 magnitude = seconds < 0 ? 0 - static_cast<u64>(seconds) : static_cast<u64>(seconds);
    usize digits = 1;
    for (u64 rest = magnitude / 10; rest != 0; rest /= 10) {
        ++digits;
    }
    for (usize width = digits + (seconds < 0 ? 1 : 0); width < 10; ++width) {
        text.append_char(' ');
    }
    text.append_signed(seconds);
    text.append_char(' ').append_unsigned(static_cast<u64>(nanoseconds), 9).append_char('\n');
}

// The bytes of a write, copied in (memdup_user_nul without the NUL: the
// parsers add it). Errors: EFAULT, ENOMEM.
Result<Vector<u8>> copy_in(IoBuffer buffer, usize count)
{
    Vector<u8> bytes;
    TRY(bytes.try_reserve(count));
    for (usize i = 0; i < count; ++i) {
        TRY(bytes.try_append(u8 { 0 }));
    }
    TRY(buffer.copy_in(bytes.begin(), 0, count));
    return bytes;
}

} // namespace

Result<void> write_id_map_text(const ns::UserNamespace& map_ns, const ns::UserNamespace& reader_ns, bool uid, TextBuffer& text)
{
    // uid_m_show: "if ((lower_ns == ns) && lower_ns->parent) lower_ns =
    // lower_ns->parent;" - a reader inside sees the lower ids as its parent
    // names them, a reader elsewhere as it names them itself.
    const ns::UserNamespace* lower_ns = &reader_ns;
    if (lower_ns == &map_ns && map_ns.parent() != nullptr) {
        lower_ns = map_ns.parent();
    }
    const ns::UserNamespace* parent = map_ns.parent();
    for (const ns::IdMapExtent& extent : uid ? map_ns.uid_map() : map_ns.gid_map()) {
        u32 kernel_id = extent.lower_first;
        if (parent != nullptr) {
            kernel_id = uid ? parent->uid_to_kernel(extent.lower_first) : parent->gid_to_kernel(extent.lower_first);
        }
        const u32 lower = uid ? lower_ns->uid_from_kernel(kernel_id) : lower_ns->gid_from_kernel(kernel_id);
        // "%10u %10u %10u\n".
        text.append_unsigned(extent.first, 10).append_char(' ').append_unsigned(lower, 10).append_char(' ').append_unsigned(extent.count, 10).append_char('\n');
    }
    return text.status();
}

Result<void> write_setgroups_text(const ns::UserNamespace& ns, TextBuffer& text)
{
    // proc_setgroups_show: "allow" unless "deny" was written.
    text.append(ns.setgroups_allowed() ? "allow\n" : "deny\n");
    return text.status();
}

Result<void> write_timens_offsets_text(const proc::Process& process, TextBuffer& text)
{
    const ns::TimeNamespace* ns = time_for_children_of(process);
    if (ns == nullptr) {
        return {};
    }
    append_offset(text, "monotonic", ns->offsets().monotonic_ns);
    append_offset(text, "boottime", ns->offsets().boottime_ns);
    return text.status();
}

Result<usize> write_namespace_file(proc::Kernel& kernel, const NamespaceFileWrite& request, u64 offset, IoBuffer buffer, usize count)
{
    switch (request.entry) {
    case ProcEntry::PidUidMap:
    case ProcEntry::PidGidMap: {
        if (request.map_ns == nullptr) {
            return errno_error(EINVAL);
        }
        const proc::IdMapWriter writer { request.opener, request.writer };
        TRY(proc::check_id_map_write(*request.map_ns, writer, offset, count));
        const Vector<u8> bytes = TRY(copy_in(buffer, count));
        const proc::IdMapKind kind = request.entry == ProcEntry::PidUidMap ? proc::IdMapKind::Uid : proc::IdMapKind::Gid;
        TRY(proc::write_id_map(kind, *request.map_ns, writer, bytes.begin(), count));
        return count;
    }
    case ProcEntry::PidSetgroups: {
        if (request.map_ns == nullptr) {
            return errno_error(EINVAL);
        }
        TRY(proc::check_setgroups_write(offset, count));
        const Vector<u8> bytes = TRY(copy_in(buffer, count));
        TRY(proc::write_setgroups(*request.map_ns, bytes.begin(), count));
        return count;
    }
    case ProcEntry::PidTimensOffsets: {
        TRY(proc::check_time_offsets_write(offset, count));
        const Vector<u8> bytes = TRY(copy_in(buffer, count));
        const proc::TimeOffsetLines lines = TRY(proc::parse_time_offsets(bytes.begin(), count));
        // "p = get_proc_task(inode); if (!p) goto out;" with -ESRCH.
        ns::TimeNamespace* ns = request.process != nullptr ? time_for_children_of(*request.process) : nullptr;
        if (ns == nullptr) {
            return errno_error(ESRCH);
        }
        TRY(proc::set_time_offsets(*ns, request.opener, kernel.clock().monotonic_now(), lines));
        return lines.consumed;
    }
    default:
        return errno_error(EINVAL);
    }
}

} // namespace sirius::fs
