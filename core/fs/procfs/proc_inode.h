#pragma once

// procfs (Linux fs/proc): a file system whose entries are made when looked
// up and whose files are text generated from the kernel's state. One
// instance per mount (proc_fill_super), tied to the pid namespace of the
// task that mounted it: /proc lists that namespace's processes by their
// numbers there, and /proc/self names the caller's tgid as seen there.
//
// Every lookup makes a fresh inode (Linux revalidates pid dentries on each
// use; Sirius does not keep them), so a file's text is made at its first
// read after the open and kept: reads and lseek then see one snapshot, as
// seq_file's buffer gives.
#include "core/base/vector.h"
#include "core/fs/super_block.h"
#include "core/ns/net_namespace.h"
#include "core/ns/pid_namespace.h"
#include "core/proc/pid.h"

namespace sirius::proc {
class Credentials;
class Kernel;
class Process;
} // namespace sirius::proc

namespace sirius::fs {

class TextBuffer;

// What an entry of /proc is.
enum class ProcEntry : u8 {
    // Directories.
    Root,
    PidDirectory,
    FdDirectory,
    NsDirectory,
    TaskDirectory,
    SysDirectory,
    SysKernelDirectory,
    SysvipcDirectory,
    NetDirectory, // /proc/<pid>/net
    // Links.
    Self,
    ThreadSelf,
    Mounts, // /proc/mounts -> self/mounts
    Net, // /proc/net -> self/net
    Cwd,
    Exe,
    RootLink,
    FdLink,
    NsLink,
    // Files of the system.
    Meminfo,
    Uptime,
    Cpuinfo,
    Loadavg,
    Stat,
    Version,
    Filesystems,
    Hostname,
    Ostype,
    Osrelease,
    SysvipcMessages,
    SysvipcSemaphores,
    SysvipcSharedMemory,
    // Files of a process.
    PidStat,
    PidStatus,
    PidCmdline,
    PidComm,
    PidMaps,
    PidEnviron,
    PidMounts,
    PidMountinfo,
    // Files of a process's namespaces (proc_namespace_files.cpp).
    PidUidMap,
    PidGidMap,
    PidSetgroups,
    PidTimensOffsets,
    PidCgroup,
    // Files of a process's network namespace (proc_net.cpp).
    PidNetDev,
};

class ProcSuperBlock final : public SuperBlock {
public:
    // A procfs showing `pid_namespace`. Errors: ENOMEM.
    static Result<RefPtr<ProcSuperBlock>> create(proc::Kernel& kernel, u64 device, RefPtr<ns::PidNamespace> pid_namespace, Timestamp now);

    [[nodiscard]] u64 magic() const override;
    [[nodiscard]] const char* type_name() const override { return "proc"; }
    // procfs makes no files (no ->create, ->mknod, ->mkdir): EPERM... which
    // Linux answers for mkdir and mknod in /proc as EPERM too
    // (vfs_mkdir: "if (!dir->i_op->mkdir) return -EPERM").
    Result<RefPtr<Inode>> create_inode(u32 mode, u32 uid, u32 gid, u64 rdev, Timestamp now) override;

    [[nodiscard]] proc::Kernel& kernel() const { return m_kernel; }
    [[nodiscard]] ns::PidNamespace& pid_namespace() const { return *m_pid_namespace; }
    [[nodiscard]] Timestamp mount_time() const { return m_mount_time; }

    ProcSuperBlock(proc::Kernel& kernel, u64 device, RefPtr<ns::PidNamespace> pid_namespace, Timestamp now)
        : SuperBlock(device)
        , m_kernel(kernel)
        , m_pid_namespace(move(pid_namespace))
        , m_mount_time(now)
    {
    }

private:
    proc::Kernel& m_kernel;
    RefPtr<ns::PidNamespace> m_pid_namespace;
    Timestamp m_mount_time;
};

class ProcInode final : public Inode {
public:
    ProcInode(ProcSuperBlock& super_block, u64 ino, ProcEntry entry, RefPtr<proc::Pid> pid, u32 index)
        : Inode(super_block, ino)
        , m_entry(entry)
        , m_pid(move(pid))
        , m_index(index)
    {
    }

    // A new inode for `entry`: of process `pid` (nullptr for the system's
    // entries), `index` the fd or the namespace kind. Errors: ENOMEM.
    static Result<RefPtr<ProcInode>> create(ProcSuperBlock& super_block, ProcEntry entry, RefPtr<proc::Pid> pid, u32 index);

    Result<usize> read(u64 offset, IoBuffer buffer, usize count) override;
    Result<usize> write_as(IoContext& io, u64 offset, IoBuffer buffer, usize count) override;
    // The namespace files parse even an empty write (EINVAL, as map_write
    // and the others find no line in it).
    [[nodiscard]] bool sees_empty_writes() const override
    {
        return m_entry == ProcEntry::PidUidMap || m_entry == ProcEntry::PidGidMap || m_entry == ProcEntry::PidSetgroups || m_entry == ProcEntry::PidTimensOffsets;
    }
    // Keeps the opener's credentials (f_cred: the reader's user namespace
    // that uid_map and status translate ids to) and, for the user namespace
    // files, the process's user namespace (proc_id_map_open's seq->private).
    Result<void> open(const proc::Credentials& opener, bool writable) override;
    Result<ByteView> link_target() const override;
    // /proc/<pid>/ns/<type> is a magic link to the namespace's file.
    Result<bool> jump_link(const WalkContext& context, Path& target) const override;
    // Every generated file but cmdline and environ is a seq_file in Linux.
    [[nodiscard]] bool allows_pwrite() const override { return m_entry == ProcEntry::PidCmdline || m_entry == ProcEntry::PidEnviron; }
    Result<RefPtr<Dentry>> lookup(const RefPtr<Dentry>& directory, const u8* name, usize size, const WalkContext& context) override;
    [[nodiscard]] bool lists_itself() const override { return is_directory(); }
    Result<void> list(i64& position, DirectoryEmitter emit) override;

    [[nodiscard]] ProcEntry entry() const { return m_entry; }
    [[nodiscard]] ProcSuperBlock& proc_super_block() const { return static_cast<ProcSuperBlock&>(super_block()); }
    // The process this entry is of, if it is still there.
    [[nodiscard]] proc::Process* process() const;
    // A link's target, made at lookup. Errors: ENOMEM.
    Result<void> set_text(const TextBuffer& text);

private:
    Result<RefPtr<Dentry>> find_entry(const RefPtr<Dentry>& directory, const u8* name, usize size, const WalkContext& context);
    // The user namespace the file's ids are shown in (seq_user_ns).
    [[nodiscard]] const ns::UserNamespace& reader_ns() const;
    // The file's text: made at the first read (the snapshot).
    Result<void> generate(TextBuffer& text) const;

    ProcEntry m_entry;
    RefPtr<proc::Pid> m_pid;
    u32 m_index;
    bool m_generated { false };
    // A link's errno to readlink (a namespace link the caller may not
    // read, or one of a namespace the task does not have), or 0.
    int m_link_error { 0 };
    Vector<u8> m_text;
    // Set by open(): one inode per lookup, so per open file.
    RefPtr<const proc::Credentials> m_opener;
    RefPtr<ns::UserNamespace> m_user_ns;
    // The network namespace a /proc/<pid>/net file is of, taken from the
    // task at lookup (the proc_dir_entry of that namespace Linux finds).
    RefPtr<ns::NetNamespace> m_net_ns;
};

// The text of /proc files (proc_system_files.cpp, proc_process_files.cpp).
Result<void> write_meminfo(TextBuffer& text);
Result<void> write_uptime(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_cpuinfo(TextBuffer& text);
Result<void> write_loadavg(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_stat(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_version(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_filesystems(TextBuffer& text);
// /proc/sysvipc/msg, sem and shm, of the reader's IPC namespace
// (proc_sysvipc.cpp).
Result<void> write_sysvipc_messages(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_sysvipc_semaphores(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_sysvipc_shared_memory(const ProcSuperBlock& super_block, TextBuffer& text);
Result<void> write_mounts(const ProcSuperBlock& super_block, const proc::Process& process, TextBuffer& text);
// show_mountinfo's lines for the process's mount namespace, seen from its
// root.
Result<void> write_mountinfo(const proc::Process& process, TextBuffer& text);
Result<void> write_process_stat(const ProcSuperBlock& super_block, const proc::Process& process, TextBuffer& text);
Result<void> write_process_maps(const proc::Process& process, TextBuffer& text);
Result<void> write_process_comm(const proc::Process& process, TextBuffer& text);
// /proc/<pid>/cmdline (`arguments`) or environ: the strings exec left.
Result<void> write_process_strings(const proc::Process& process, bool arguments, TextBuffer& text);
// /proc/<pid>/status with ids as `reader_ns` names them (seq_user_ns).
Result<void> write_process_status(const ProcSuperBlock& super_block, const proc::Process& process, const ns::UserNamespace& reader_ns, TextBuffer& text);

// /proc/<pid>/uid_map or gid_map (`uid`) of `map_ns`, lower ids as
// `reader_ns` (the opener's) names them.
Result<void> write_id_map_text(const ns::UserNamespace& map_ns, const ns::UserNamespace& reader_ns, bool uid, TextBuffer& text);
Result<void> write_setgroups_text(const ns::UserNamespace& ns, TextBuffer& text);
// /proc/<pid>/timens_offsets: of the process's time_for_children namespace.
Result<void> write_timens_offsets_text(const proc::Process& process, TextBuffer& text);
// A write to one of those files (`entry`) of `process`, by `writer` on a
// file `opener` opened, `map_ns` the user namespace kept at open. Returns
// the bytes consumed.
struct NamespaceFileWrite {
    ProcEntry entry;
    proc::Process* process;
    ns::UserNamespace* map_ns;
    const proc::Credentials& opener;
    const proc::Credentials& writer;
};
Result<usize> write_namespace_file(proc::Kernel& kernel, const NamespaceFileWrite& request, u64 offset, IoBuffer buffer, usize count);
// /proc/<pid>/cgroup as `reader` sees it (its cgroup namespace's root).
Result<void> write_process_cgroup(const proc::Process& process, const proc::Thread* reader, TextBuffer& text);
// /proc/<pid>/net/dev: the devices of `net` and their counters.
Result<void> write_net_dev(const ns::NetNamespace& net, TextBuffer& text);

} // namespace sirius::fs
