// /proc/sysvipc/msg, sem and shm (Linux ipc/util.c sysvipc_proc_show with
// the sysvipc_*_proc_show of ipc/msg.c, ipc/sem.c and ipc/shm.c):
// one line per object of the reader's IPC namespace, in index order, the
// ids and pids as the reader sees them. busybox ipcs reads them.
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/ipc/ipc_get.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

namespace {

usize digit_count(u64 value, u32 base)
{
    usize count = 1;
    while (value >= base) {
        value /= base;
        ++count;
    }
    return count;
}

// printf's "%*d".
void append_signed_width(TextBuffer& text, i64 value, usize width)
{
    const u64 magnitude = value < 0 ? 0 - static_cast<u64>(value) : static_cast<u64>(value);
    const usize length = digit_count(magnitude, 10) + (value < 0 ? 1 : 0);
    for (usize i = length; i < width; ++i) {
        text.append_char(' ');
    }
    text.append_signed(value);
}

// printf's "%*o".
void append_octal_width(TextBuffer& text, u64 value, usize width)
{
    for (usize i = digit_count(value, 8); i < width; ++i) {
        text.append_char(' ');
    }
    text.append_octal(value);
}

// The reader: the thread running the read. The text is made at the first
// read (ProcInode::generate), by the reader, as seq_file's show is.
const proc::Thread* reader_of(const ProcSuperBlock& super_block)
{
    return super_block.kernel().scheduler().current_thread();
}

const ns::IpcNamespace& namespace_of(const ProcSuperBlock& super_block)
{
    const proc::Thread* reader = reader_of(super_block);
    if (reader != nullptr && reader->namespaces) {
        return ipc::ipc_namespace_of(*reader);
    }
    return *super_block.kernel().initial_namespaces()->namespaces().ipc;
}

// The key, the id and the mode, as both files start.
void append_permission(TextBuffer& text, const ipc::IpcPermission& perm)
{
    append_signed_width(text, perm.key, 10);
    text.append_char(' ');
    append_signed_width(text, perm.id, 10);
    text.append("  ");
    append_octal_width(text, perm.mode, 4);
}

// The four ids ("%5u %5u %5u %5u") as the reader's user namespace names them.
void append_owners(TextBuffer& text, const ipc::IpcPermission& perm, const ns::UserNamespace& viewer)
{
    text.append_unsigned(viewer.uid_from_kernel_munged(perm.uid), 5).append_char(' ');
    text.append_unsigned(viewer.gid_from_kernel_munged(perm.gid), 5).append_char(' ');
    text.append_unsigned(viewer.uid_from_kernel_munged(perm.cuid), 5).append_char(' ');
    text.append_unsigned(viewer.gid_from_kernel_munged(perm.cgid), 5);
}

const ns::UserNamespace& user_namespace_of(const ProcSuperBlock& super_block)
{
    const proc::Thread* reader = reader_of(super_block);
    if (reader != nullptr && reader->credentials) {
        return *reader->credentials->user_ns;
    }
    return super_block.kernel().initial_namespaces()->namespaces().ipc->owner();
}

} // namespace

Result<void> write_sysvipc_messages(const ProcSuperBlock& super_block, TextBuffer& text)
{
    text.append("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
    const ns::UserNamespace& users = user_namespace_of(super_block);
    const ns::PidNamespace& pids = super_block.pid_namespace();
    namespace_of(super_block).message_queues.for_each([&](const ipc::MessageQueue& queue) {
        // "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n"
        append_permission(text, queue.perm);
        text.append("  ");
        text.append_unsigned(queue.cbytes, 10).append_char(' ');
        text.append_unsigned(queue.qnum, 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(ipc::pid_as_seen(queue.lspid, pids)), 5).append_char(' ');
        text.append_unsigned(static_cast<u64>(ipc::pid_as_seen(queue.lrpid, pids)), 5).append_char(' ');
        append_owners(text, queue.perm, users);
        text.append_char(' ');
        text.append_unsigned(static_cast<u64>(queue.stime), 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(queue.rtime), 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(queue.ctime), 10).append_char('\n');
    });
    return text.status();
}

Result<void> write_sysvipc_semaphores(const ProcSuperBlock& super_block, TextBuffer& text)
{
    text.append("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
    const ns::UserNamespace& users = user_namespace_of(super_block);
    namespace_of(super_block).semaphore_sets.for_each([&](const ipc::SemaphoreSet& set) {
        // "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n"
        append_permission(text, set.perm);
        text.append_char(' ');
        text.append_unsigned(set.sems.size(), 10).append_char(' ');
        append_owners(text, set.perm, users);
        text.append_char(' ');
        text.append_unsigned(static_cast<u64>(set.last_operation_time()), 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(set.ctime), 10).append_char('\n');
    });
    return text.status();
}

Result<void> write_sysvipc_shared_memory(const ProcSuperBlock& super_block, TextBuffer& text)
{
    text.append("       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
    const ns::UserNamespace& users = user_namespace_of(super_block);
    const ns::PidNamespace& pids = super_block.pid_namespace();
    constexpr u64 kPageSize = 4096;
    namespace_of(super_block).shared_memory.for_each([&](const ipc::SharedMemorySegment& segment) {
        // "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu
        // %10llu %21lu %21lu\n"; rss and swap in bytes (no swap here).
        append_permission(text, segment.perm);
        text.append_char(' ');
        text.append_unsigned(segment.size, 21).append_char(' ');
        text.append_unsigned(static_cast<u64>(ipc::pid_as_seen(segment.cpid, pids)), 5).append_char(' ');
        text.append_unsigned(static_cast<u64>(ipc::pid_as_seen(segment.lpid, pids)), 5).append("  ");
        text.append_unsigned(segment.attaches, 5).append_char(' ');
        append_owners(text, segment.perm, users);
        text.append_char(' ');
        text.append_unsigned(static_cast<u64>(segment.atime), 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(segment.dtime), 10).append_char(' ');
        text.append_unsigned(static_cast<u64>(segment.ctime), 10).append_char(' ');
        text.append_unsigned(segment.memory->resident_pages() * kPageSize, 21).append_char(' ');
        text.append_unsigned(0, 21).append_char('\n');
    });
    return text.status();
}

} // namespace sirius::fs
