// <linux/stat.h> and <linux/magic.h> first: the S_IF* constants are left out
// once a glibc header has been seen (the host build's <stdint.h>).
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/d_path.h"
#include "core/fs/dentry.h"
#include "core/fs/fd_table.h"
#include "core/fs/fs_context.h"
#include "core/fs/nsfs.h"
#include "core/fs/path_walk.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/fs/vfs_file.h"
#include "core/proc/kernel.h"
#include "core/proc/ptrace_access.h"

namespace sirius::fs {

namespace {

// DT_* of a mode ("#define S_DT(mode) (((mode) & S_IFMT) >> S_DT_SHIFT)").
constexpr u8 kDtDir = S_IFDIR >> 12;
constexpr u8 kDtReg = S_IFREG >> 12;
constexpr u8 kDtLnk = S_IFLNK >> 12;

// proc_root_readdir: the process directories come after the fixed
// entries, at "TGID_OFFSET + tgid" (FIRST_PROCESS_ENTRY 256, plus 2).
constexpr i64 kTgidOffset = 258;

struct EntrySpec {
    const char* name;
    ProcEntry entry;
};

// proc_root's fixed entries, in Linux's order where both have them.
constexpr EntrySpec kRootEntries[] = {
    { "self", ProcEntry::Self },
    { "thread-self", ProcEntry::ThreadSelf },
    { "filesystems", ProcEntry::Filesystems },
    { "net", ProcEntry::Net },
    { "sys", ProcEntry::SysDirectory },
    { "mounts", ProcEntry::Mounts },
    { "meminfo", ProcEntry::Meminfo },
    { "uptime", ProcEntry::Uptime },
    { "cpuinfo", ProcEntry::Cpuinfo },
    { "loadavg", ProcEntry::Loadavg },
    { "stat", ProcEntry::Stat },
    { "version", ProcEntry::Version },
    { "sysvipc", ProcEntry::SysvipcDirectory },
};

// tgid_base_stuff's entries that Sirius has.
constexpr EntrySpec kPidEntries[] = {
    { "task", ProcEntry::TaskDirectory },
    { "fd", ProcEntry::FdDirectory },
    { "ns", ProcEntry::NsDirectory },
    { "net", ProcEntry::NetDirectory },
    { "environ", ProcEntry::PidEnviron },
    { "status", ProcEntry::PidStatus },
    { "cmdline", ProcEntry::PidCmdline },
    { "comm", ProcEntry::PidComm },
    { "maps", ProcEntry::PidMaps },
    { "mounts", ProcEntry::PidMounts },
    { "mountinfo", ProcEntry::PidMountinfo },
    { "cgroup", ProcEntry::PidCgroup },
    { "cwd", ProcEntry::Cwd },
    { "root", ProcEntry::RootLink },
    { "exe", ProcEntry::Exe },
    { "stat", ProcEntry::PidStat },
    { "uid_map", ProcEntry::PidUidMap },
    { "gid_map", ProcEntry::PidGidMap },
    { "setgroups", ProcEntry::PidSetgroups },
    { "timens_offsets", ProcEntry::PidTimensOffsets },
};

constexpr EntrySpec kSysEntries[] = {
    { "kernel", ProcEntry::SysKernelDirectory },
};

// ipc/util.c ipc_init_proc_interface: shm has no file until shared memory
// exists.
constexpr EntrySpec kSysvipcEntries[] = {
    { "msg", ProcEntry::SysvipcMessages },
    { "sem", ProcEntry::SysvipcSemaphores },
    { "shm", ProcEntry::SysvipcSharedMemory },
};

// The files of a network namespace's proc directory (net->proc_net) that
// Sirius has.
constexpr EntrySpec kNetEntries[] = {
    { "dev", ProcEntry::PidNetDev },
};

constexpr EntrySpec kSysKernelEntries[] = {
    { "hostname", ProcEntry::Hostname },
    { "ostype", ProcEntry::Ostype },
    { "osrelease", ProcEntry::Osrelease },
};

// fs/proc/namespaces.c ns_entries, in its order.
constexpr const char* kNamespaceNames[] = {
    "net", "uts", "ipc", "pid", "pid_for_children", "user", "mnt", "cgroup", "time", "time_for_children",
};
constexpr u32 kNamespaceCount = sizeof(kNamespaceNames) / sizeof(kNamespaceNames[0]);

usize length_of(const char* text)
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return length;
}

bool name_is(const u8* name, usize size, const char* text)
{
    const usize length = length_of(text);
    if (length != size) {
        return false;
    }
    for (usize i = 0; i < size; ++i) {
        if (name[i] != static_cast<u8>(text[i])) {
            return false;
        }
    }
    return true;
}

// A decimal number without sign or leading zeros (name_to_int), or -1.
i64 parse_number(const u8* name, usize size)
{
    if (size == 0 || size > 10 || (name[0] == '0' && size > 1)) {
        return -1;
    }
    i64 value = 0;
    for (usize i = 0; i < size; ++i) {
        if (name[i] < '0' || name[i] > '9') {
            return -1;
        }
        value = value * 10 + (name[i] - '0');
    }
    return value > 0x7fffffff ? -1 : value;
}

u32 mode_of(ProcEntry entry)
{
    switch (entry) {
    case ProcEntry::Root:
    case ProcEntry::PidDirectory:
    case ProcEntry::FdDirectory:
    case ProcEntry::NsDirectory:
    case ProcEntry::TaskDirectory:
    case ProcEntry::SysDirectory:
    case ProcEntry::SysKernelDirectory:
    case ProcEntry::SysvipcDirectory:
    case ProcEntry::NetDirectory:
        return S_IFDIR | 0555;
    case ProcEntry::Self:
    case ProcEntry::ThreadSelf:
    case ProcEntry::Mounts:
    case ProcEntry::Net:
    case ProcEntry::Cwd:
    case ProcEntry::Exe:
    case ProcEntry::RootLink:
    case ProcEntry::FdLink:
    case ProcEntry::NsLink:
        // "S_IFLNK|S_IRWXUGO" for every link (Linux gives the fd links the
        // file's access bits; Sirius does not yet).
        return S_IFLNK | 0777;
    case ProcEntry::PidEnviron:
        return S_IFREG | 0400;
    case ProcEntry::Hostname:
    case ProcEntry::PidComm:
    // "S_IRUGO|S_IWUSR" for the namespace files (tgid_base_stuff).
    case ProcEntry::PidUidMap:
    case ProcEntry::PidGidMap:
    case ProcEntry::PidSetgroups:
    case ProcEntry::PidTimensOffsets:
        return S_IFREG | 0644;
    default:
        return S_IFREG | 0444;
    }
}

u8 type_of(ProcEntry entry)
{
    const u32 mode = mode_of(entry);
    return S_ISDIR(mode) ? kDtDir : S_ISLNK(mode) ? kDtLnk : kDtReg;
}

const proc::Thread* live_thread_of(const proc::Process& process)
{
    if (process.leader() != nullptr) {
        return process.leader();
    }
    return process.first_thread();
}

// The namespace a link of /proc/<pid>/ns names (the proc_ns_operations'
// ->get), or a null handle for one the task does not have: its
// pid_for_children before that namespace has an init (pidns_for_children_get:
// "if (!ns->child_reaper) ... ns = NULL"), which readlink and open answer
// with ENOENT.
ns::NamespaceHandle namespace_handle(const proc::Thread& thread, u32 index)
{
    const ns::NamespaceSet& set = thread.namespaces->namespaces();
    switch (index) {
    case 0:
        return ns::NamespaceHandle(set.net);
    case 1:
        return ns::NamespaceHandle(set.uts);
    case 2:
        return ns::NamespaceHandle(set.ipc);
    case 3:
        return ns::NamespaceHandle(RefPtr<ns::PidNamespace>(&thread.active_pid_namespace()));
    case 4:
        if (!set.pid_for_children || set.pid_for_children->child_reaper() == nullptr) {
            return {};
        }
        return ns::NamespaceHandle(set.pid_for_children);
    case 5:
        return ns::NamespaceHandle(thread.credentials->user_ns);
    case 6:
        return ns::NamespaceHandle(set.mount);
    case 7:
        return ns::NamespaceHandle(set.cgroup);
    case 8:
        return ns::NamespaceHandle(set.time);
    case 9:
        return ns::NamespaceHandle(set.time_for_children);
    default:
        return {};
    }
}

// proc_ns_get_link and proc_ns_readlink: "if (!ptrace_may_access(task,
// PTRACE_MODE_READ_FSCREDS))" the link is EACCES to follow and to read. A
// walk without a task (the kernel's own) may.
bool may_see_namespaces(const proc::Thread* caller, const proc::Thread& target)
{
    return caller == nullptr || proc::ptrace_may_access(*caller, target, proc::PtraceMode::ReadFsCreds);
}

// The text of an fd's link (proc_fd_link: the file's path; a file without
// one is named as its pseudo file system names it).
Result<void> fd_link_text(const File& file, const Path& root, TextBuffer& text)
{
    if (const VfsFile* vfs = as_vfs_file(const_cast<File*>(&file))) {
        // A namespace file (O_PATH too): nsfs's ns_dname, "type:[inode]".
        if (const ns::NamespaceHandle* handle = namespace_of(vfs->inode())) {
            text.append(handle->type_name()).append(":[").append_unsigned(handle->inode()).append("]");
            return {};
        }
        PathText path;
        TRY(path_text(vfs->path(), root, path, false));
        text.append(path.data(), path.length());
        return {};
    }
    switch (file.kind()) {
    case FileKind::Pipe:
        text.append("pipe:[0]");
        break;
    case FileKind::Pidfd:
        text.append("anon_inode:[pidfd]");
        break;
    case FileKind::Console:
    case FileKind::Terminal:
        text.append("/dev/console");
        break;
    default:
        text.append("anon_inode:[unknown]");
        break;
    }
    return {};
}

} // namespace

Result<RefPtr<ProcSuperBlock>> ProcSuperBlock::create(proc::Kernel& kernel, u64 device, RefPtr<ns::PidNamespace> pid_namespace, Timestamp now)
{
    auto super_block = TRY(try_make_ref<ProcSuperBlock>(kernel, device, move(pid_namespace), now));
    auto root_inode = TRY(ProcInode::create(*super_block, ProcEntry::Root, nullptr, 0));
    auto root = TRY(Dentry::create(nullptr, Name {}, RefPtr<Inode>(move(root_inode))));
    super_block->set_root(move(root));
    return super_block;
}

u64 ProcSuperBlock::magic() const
{
    return PROC_SUPER_MAGIC;
}

Result<RefPtr<Inode>> ProcSuperBlock::create_inode(u32 /*mode*/, u32 /*uid*/, u32 /*gid*/, u64 /*rdev*/, Timestamp /*now*/)
{
    return errno_error(EPERM);
}

Result<RefPtr<ProcInode>> ProcInode::create(ProcSuperBlock& super_block, ProcEntry entry, RefPtr<proc::Pid> pid, u32 index)
{
    auto inode = TRY(try_make_ref<ProcInode>(super_block, super_block.allocate_ino(), entry, move(pid), index));
    inode->mode = mode_of(entry);
    inode->nlink = inode->is_directory() ? 2 : 1;
    const Timestamp now = super_block.kernel().file_time();
    inode->atime = inode->mtime = inode->ctime = inode->btime = now;
    // task_dump_owner: a process's entries belong to its effective ids; a
    // non-dumpable one's to the root of the user namespace its memory was
    // made in (global root where that has no root mapped).
    if (const proc::Process* owner = inode->process()) {
        if (const proc::Thread* thread = live_thread_of(*owner); thread != nullptr && thread->credentials) {
            inode->uid = thread->credentials->uid.effective;
            inode->gid = thread->credentials->gid.effective;
            if (thread->memory && thread->memory->dumpable() != mm::Dumpable::User) {
                const ns::UserNamespace* user_ns = thread->memory->user_namespace();
                const u32 root_uid = user_ns != nullptr ? user_ns->uid_to_kernel(0) : 0;
                const u32 root_gid = user_ns != nullptr ? user_ns->gid_to_kernel(0) : 0;
                inode->uid = root_uid == ns::kInvalidId ? 0 : root_uid;
                inode->gid = root_gid == ns::kInvalidId ? 0 : root_gid;
            }
        }
    }
    return inode;
}

proc::Process* ProcInode::process() const
{
    if (!m_pid) {
        return nullptr;
    }
    const ns::PidNamespace& ns = proc_super_block().pid_namespace();
    const PidNr nr = m_pid->nr_in(ns);
    if (nr == 0) {
        return nullptr;
    }
    for (proc::Process& process : proc_super_block().kernel().processes()) {
        if (process.state() == proc::ProcessState::Reaped) {
            continue;
        }
        if (&process.pid() == m_pid.get()) {
            return &process;
        }
        // A thread's entry (task/<tid>) is of its thread group.
        proc::Process* found = nullptr;
        process.for_each_thread([&](proc::Thread& thread) {
            if (&thread.pid() == m_pid.get()) {
                found = &process;
            }
        });
        if (found != nullptr) {
            return found;
        }
    }
    return nullptr;
}

Result<ByteView> ProcInode::link_target() const
{
    if (m_link_error != 0) {
        return errno_error(m_link_error);
    }
    // proc_self_get_link: "if (!tgid) return ERR_PTR(-ENOENT);" - a caller
    // outside the instance's pid namespace has no self.
    if (m_text.is_empty() && (m_entry == ProcEntry::Self || m_entry == ProcEntry::ThreadSelf)) {
        return errno_error(ENOENT);
    }
    return ByteView { m_text.begin(), m_text.size() };
}

Result<bool> ProcInode::jump_link(const WalkContext& context, Path& target) const
{
    if (m_entry != ProcEntry::NsLink) {
        return false;
    }
    // proc_ns_get_link: "task = get_proc_task(inode); if (!task) return
    // ERR_PTR(-EACCES);", then the access check, then ns_get_path, which is
    // ENOENT for a namespace the task does not have (any, once it exited).
    const proc::Process* process = this->process();
    if (process == nullptr) {
        return errno_error(EACCES);
    }
    const proc::Thread* thread = live_thread_of(*process);
    if (thread == nullptr || !thread->namespaces) {
        return errno_error(ENOENT);
    }
    if (!may_see_namespaces(context.thread, *thread)) {
        return errno_error(EACCES);
    }
    ns::NamespaceHandle handle = namespace_handle(*thread, m_index);
    if (handle.is_null()) {
        return errno_error(ENOENT);
    }
    proc::Kernel& kernel = proc_super_block().kernel();
    target = TRY(namespace_path(kernel.nsfs_mount(), move(handle), kernel.file_time()));
    return true;
}

Result<void> ProcInode::set_text(const TextBuffer& text)
{
    TRY(text.status());
    m_text.clear();
    TRY(m_text.try_reserve(text.size()));
    for (usize i = 0; i < text.size(); ++i) {
        TRY(m_text.try_append(text.data()[i]));
    }
    m_generated = true;
    size = is_symlink() ? text.size() : 0;
    return {};
}

Result<usize> ProcInode::read(u64 offset, IoBuffer buffer, usize count)
{
    if (!is_regular()) {
        return errno_error(EINVAL);
    }
    if (!m_generated) {
        TextBuffer text;
        TRY(generate(text));
        TRY(set_text(text));
    }
    if (offset >= m_text.size()) {
        return usize { 0 };
    }
    const usize done = min<u64>(count, m_text.size() - offset);
    TRY(buffer.copy_out(0, m_text.begin() + offset, done));
    return done;
}

const ns::UserNamespace& ProcInode::reader_ns() const
{
    // seq_user_ns: the opener's; a file read without an open (the kernel's
    // own reads) sees kernel ids, as the initial namespace names them.
    if (m_opener) {
        return *m_opener->user_ns;
    }
    return *proc_super_block().kernel().initial_user_namespace();
}

Result<void> ProcInode::open(const proc::Credentials& opener, bool writable)
{
    m_opener = RefPtr<const proc::Credentials>(&opener);
    if (m_entry != ProcEntry::PidUidMap && m_entry != ProcEntry::PidGidMap && m_entry != ProcEntry::PidSetgroups) {
        return {};
    }
    // proc_id_map_open / proc_setgroups_open: the namespace of the task's
    // credentials, kept for the file's life.
    const proc::Process* process = this->process();
    const proc::Thread* thread = process != nullptr ? live_thread_of(*process) : nullptr;
    if (thread == nullptr || !thread->credentials) {
        // proc_id_map_open fails with its initial "-EINVAL", setgroups
        // with "-ESRCH".
        return errno_error(m_entry == ProcEntry::PidSetgroups ? ESRCH : EINVAL);
    }
    m_user_ns = thread->credentials->user_ns;
    // proc_setgroups_open: "if (file->f_mode & FMODE_WRITE) { ret = -EACCES;
    // if (!ns_capable(ns, CAP_SYS_ADMIN)) goto err_put_ns; }".
    if (m_entry == ProcEntry::PidSetgroups && writable && !proc::has_capability_in(opener, *m_user_ns, CAP_SYS_ADMIN)) {
        m_user_ns = nullptr;
        return errno_error(EACCES);
    }
    return {};
}

Result<usize> ProcInode::write_as(IoContext& io, u64 offset, IoBuffer buffer, usize count)
{
    const proc::Credentials& writer = *io.caller.credentials;
    switch (m_entry) {
    case ProcEntry::PidUidMap:
    case ProcEntry::PidGidMap:
    case ProcEntry::PidSetgroups:
    case ProcEntry::PidTimensOffsets: {
        const NamespaceFileWrite request { m_entry, process(), m_user_ns.get(), m_opener ? *m_opener : writer, writer };
        return write_namespace_file(proc_super_block().kernel(), request, offset, buffer, count);
    }
    default:
        return write(offset, buffer, count);
    }
}

Result<void> ProcInode::generate(TextBuffer& text) const
{
    const ProcSuperBlock& super_block = proc_super_block();
    switch (m_entry) {
    case ProcEntry::Meminfo:
        return write_meminfo(text);
    case ProcEntry::Uptime:
        return write_uptime(super_block, text);
    case ProcEntry::Cpuinfo:
        return write_cpuinfo(text);
    case ProcEntry::Loadavg:
        return write_loadavg(super_block, text);
    case ProcEntry::Stat:
        return write_stat(super_block, text);
    case ProcEntry::Version:
        return write_version(super_block, text);
    case ProcEntry::Filesystems:
        return write_filesystems(text);
    case ProcEntry::SysvipcMessages:
        return write_sysvipc_messages(super_block, text);
    case ProcEntry::SysvipcSemaphores:
        return write_sysvipc_semaphores(super_block, text);
    case ProcEntry::SysvipcSharedMemory:
        return write_sysvipc_shared_memory(super_block, text);
    case ProcEntry::PidNetDev:
        // The namespace found at lookup, even if the task has gone since:
        // the file holds it, as seq_open_net's get_net does.
        if (!m_net_ns) {
            return errno_error(ESRCH);
        }
        return write_net_dev(*m_net_ns, text);
    default:
        break;
    }
    const proc::Process* process = this->process();
    switch (m_entry) {
    case ProcEntry::Hostname:
    case ProcEntry::Ostype:
    case ProcEntry::Osrelease: {
        // The reader's UTS namespace, as proc_do_uts_string has it; the
        // reader is not known here, so the initial one.
        const new_utsname& names = super_block.kernel().initial_namespaces()->namespaces().uts->names();
        text.append(m_entry == ProcEntry::Hostname ? names.nodename : m_entry == ProcEntry::Ostype ? names.sysname : names.release);
        text.append_char('\n');
        return text.status();
    }
    default:
        break;
    }
    // A process that went away between the lookup and the read: ESRCH, as
    // Linux's get_proc_task failing gives.
    if (process == nullptr) {
        return errno_error(ESRCH);
    }
    switch (m_entry) {
    case ProcEntry::PidStat:
        return write_process_stat(super_block, *process, text);
    case ProcEntry::PidStatus:
        return write_process_status(super_block, *process, reader_ns(), text);
    case ProcEntry::PidUidMap:
    case ProcEntry::PidGidMap:
        if (!m_user_ns) {
            return errno_error(EINVAL);
        }
        return write_id_map_text(*m_user_ns, reader_ns(), m_entry == ProcEntry::PidUidMap, text);
    case ProcEntry::PidSetgroups:
        if (!m_user_ns) {
            return errno_error(EINVAL);
        }
        return write_setgroups_text(*m_user_ns, text);
    case ProcEntry::PidTimensOffsets:
        return write_timens_offsets_text(*process, text);
    case ProcEntry::PidComm:
        return write_process_comm(*process, text);
    case ProcEntry::PidMaps:
        return write_process_maps(*process, text);
    case ProcEntry::PidMounts:
        return write_mounts(super_block, *process, text);
    case ProcEntry::PidMountinfo:
        return write_mountinfo(*process, text);
    case ProcEntry::PidCmdline:
    case ProcEntry::PidEnviron:
        return write_process_strings(*process, m_entry == ProcEntry::PidCmdline, text);
    default:
        return errno_error(EINVAL);
    }
}

Result<RefPtr<Dentry>> ProcInode::lookup(const RefPtr<Dentry>& directory, const u8* name, usize size, const WalkContext& context)
{
    // proc_root_lookup and proc_pident_lookup answer a missing name with
    // ERR_PTR(-ENOENT), not a negative dentry: creating a name in /proc is
    // ENOENT (mkdir(2) there included).
    auto found = find_entry(directory, name, size, context);
    if (!found.is_error() && !found.value()) {
        return errno_error(ENOENT);
    }
    return found;
}

Result<RefPtr<Dentry>> ProcInode::find_entry(const RefPtr<Dentry>& directory, const u8* name, usize size, const WalkContext& context)
{
    ProcSuperBlock& super_block = proc_super_block();
    const Name entry_name { name, size };
    auto make = [&](ProcEntry entry, RefPtr<proc::Pid> pid, u32 index) -> Result<RefPtr<ProcInode>> {
        return ProcInode::create(super_block, entry, move(pid), index);
    };
    auto finish = [&](RefPtr<ProcInode> inode) -> Result<RefPtr<Dentry>> {
        return Dentry::create(directory, entry_name, RefPtr<Inode>(move(inode)));
    };
    auto find_in = [&](const EntrySpec* specs, usize count) -> const EntrySpec* {
        for (usize i = 0; i < count; ++i) {
            if (name_is(name, size, specs[i].name)) {
                return &specs[i];
            }
        }
        return nullptr;
    };
    const ns::PidNamespace& ns = super_block.pid_namespace();
    switch (m_entry) {
    case ProcEntry::Root: {
        if (const EntrySpec* spec = find_in(kRootEntries, sizeof(kRootEntries) / sizeof(kRootEntries[0]))) {
            auto inode = TRY(make(spec->entry, nullptr, 0));
            TextBuffer text;
            if (spec->entry == ProcEntry::Mounts) {
                text.append("self/mounts");
            } else if (spec->entry == ProcEntry::Net) {
                // proc_net_init: "proc_symlink("net", NULL, "self/net")".
                text.append("self/net");
            } else if (spec->entry == ProcEntry::Self || spec->entry == ProcEntry::ThreadSelf) {
                // proc_self_get_link: "tgid = task_tgid_nr_ns(current, ns);
                // if (!tgid) return ERR_PTR(-ENOENT);" - an empty target,
                // which the walk answers with ENOENT.
                if (context.thread != nullptr) {
                    const PidNr tgid = context.thread->process().pid().nr_in(ns);
                    const PidNr tid = context.thread->pid().nr_in(ns);
                    if (tgid != 0) {
                        text.append_unsigned(static_cast<u64>(tgid));
                        if (spec->entry == ProcEntry::ThreadSelf) {
                            text.append("/task/").append_unsigned(static_cast<u64>(tid));
                        }
                    }
                }
            }
            if (inode->is_symlink()) {
                TRY(inode->set_text(text));
            }
            return finish(move(inode));
        }
        const i64 number = parse_number(name, size);
        if (number <= 0) {
            return RefPtr<Dentry>();
        }
        for (proc::Process& process : super_block.kernel().processes()) {
            if (process.state() != proc::ProcessState::Reaped && process.pid().nr_in(ns) == number) {
                auto inode = TRY(make(ProcEntry::PidDirectory, RefPtr<proc::Pid>(&process.pid()), 0));
                return finish(move(inode));
            }
        }
        return RefPtr<Dentry>();
    }
    case ProcEntry::PidDirectory: {
        const EntrySpec* spec = find_in(kPidEntries, sizeof(kPidEntries) / sizeof(kPidEntries[0]));
        if (spec == nullptr) {
            return RefPtr<Dentry>();
        }
        proc::Process* process = this->process();
        if (process == nullptr) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(spec->entry, m_pid, 0));
        if (spec->entry == ProcEntry::PidCgroup) {
            // proc_cgroup_show answers for the reader's cgroup namespace;
            // the walker is the reader, so the text is made here.
            TextBuffer text;
            TRY(write_process_cgroup(*process, context.thread, text));
            TRY(inode->set_text(text));
        }
        if (inode->is_symlink()) {
            // The links of a zombie (no fs context, no executable) cannot
            // be followed: proc_cwd_link's "-ENOENT".
            const proc::Thread* thread = live_thread_of(*process);
            TextBuffer text;
            if (thread == nullptr || !thread->fs) {
                return RefPtr<Dentry>();
            }
            PathText path;
            if (spec->entry == ProcEntry::Exe) {
                // proc_exe_link: get_task_exe_file, ENOENT without one.
                if (!thread->memory || !thread->memory->executable().dentry) {
                    return RefPtr<Dentry>();
                }
                TRY(path_text(thread->memory->executable(), context.root, path, false));
            } else {
                TRY(path_text(spec->entry == ProcEntry::Cwd ? thread->fs->cwd() : thread->fs->root(), context.root, path, false));
            }
            text.append(path.data(), path.length());
            TRY(inode->set_text(text));
        }
        return finish(move(inode));
    }
    case ProcEntry::FdDirectory: {
        const i64 fd = parse_number(name, size);
        proc::Process* process = this->process();
        const proc::Thread* thread = process != nullptr ? live_thread_of(*process) : nullptr;
        if (fd < 0 || thread == nullptr || !thread->files) {
            return RefPtr<Dentry>();
        }
        RefPtr<File> file = thread->files->get(static_cast<int>(fd));
        if (!file) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(ProcEntry::FdLink, m_pid, static_cast<u32>(fd)));
        TextBuffer text;
        TRY(fd_link_text(*file, context.root, text));
        TRY(inode->set_text(text));
        return finish(move(inode));
    }
    case ProcEntry::TaskDirectory: {
        // proc_task_lookup: a thread of this group by its number here.
        const i64 tid = parse_number(name, size);
        proc::Process* process = this->process();
        if (tid <= 0 || process == nullptr) {
            return RefPtr<Dentry>();
        }
        RefPtr<proc::Pid> found;
        process->for_each_thread([&](proc::Thread& thread) {
            if (thread.pid().nr_in(ns) == tid) {
                found = thread.pid_ref();
            }
        });
        if (!found) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(ProcEntry::PidDirectory, move(found), 0));
        return finish(move(inode));
    }
    case ProcEntry::NsDirectory: {
        proc::Process* process = this->process();
        const proc::Thread* thread = process != nullptr ? live_thread_of(*process) : nullptr;
        if (thread == nullptr || !thread->namespaces) {
            return RefPtr<Dentry>();
        }
        for (u32 index = 0; index < kNamespaceCount; ++index) {
            if (!name_is(name, size, kNamespaceNames[index])) {
                continue;
            }
            // proc_ns_instantiate makes the link whatever the caller may
            // do with it; reading it is checked (proc_ns_readlink).
            auto inode = TRY(make(ProcEntry::NsLink, m_pid, index));
            const ns::NamespaceHandle handle = namespace_handle(*thread, index);
            if (!may_see_namespaces(context.thread, *thread)) {
                inode->m_link_error = EACCES;
            } else if (handle.is_null()) {
                inode->m_link_error = ENOENT;
            }
            // ns_get_name: "%s:[%u]" with the type's name, where both
            // pid links say "pid" and both time links "time".
            TextBuffer text;
            if (!handle.is_null()) {
                text.append(handle.type_name()).append(":[").append_unsigned(handle.inode()).append("]");
            }
            TRY(inode->set_text(text));
            return finish(move(inode));
        }
        return RefPtr<Dentry>();
    }
    case ProcEntry::SysDirectory:
    case ProcEntry::SysKernelDirectory: {
        const bool kernel_directory = m_entry == ProcEntry::SysKernelDirectory;
        const EntrySpec* spec = kernel_directory ? find_in(kSysKernelEntries, sizeof(kSysKernelEntries) / sizeof(kSysKernelEntries[0]))
                                                 : find_in(kSysEntries, sizeof(kSysEntries) / sizeof(kSysEntries[0]));
        if (spec == nullptr) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(spec->entry, nullptr, 0));
        return finish(move(inode));
    }
    case ProcEntry::SysvipcDirectory: {
        const EntrySpec* spec = find_in(kSysvipcEntries, sizeof(kSysvipcEntries) / sizeof(kSysvipcEntries[0]));
        if (spec == nullptr) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(spec->entry, nullptr, 0));
        return finish(move(inode));
    }
    case ProcEntry::NetDirectory: {
        // proc_tgid_net_lookup: the entries of the network namespace of
        // this task itself (get_proc_task_net: the task of the pid, for
        // /proc/<pid> its thread-group leader), ENOENT once it has exited
        // (no nsproxy).
        const proc::Thread* thread = m_pid ? m_pid->thread : nullptr;
        const EntrySpec* spec = find_in(kNetEntries, sizeof(kNetEntries) / sizeof(kNetEntries[0]));
        if (spec == nullptr || thread == nullptr || !thread->namespaces) {
            return RefPtr<Dentry>();
        }
        auto inode = TRY(make(spec->entry, m_pid, 0));
        inode->m_net_ns = thread->namespaces->namespaces().net;
        // The files under net->proc_net are GLOBAL_ROOT_UID's and
        // GLOBAL_ROOT_GID's (__proc_create), not the task's.
        inode->uid = 0;
        inode->gid = 0;
        return finish(move(inode));
    }
    default:
        return RefPtr<Dentry>();
    }
}

Result<void> ProcInode::list(i64& position, DirectoryEmitter emit)
{
    ProcSuperBlock& super_block = proc_super_block();
    // Each entry's number is made up for the listing; Linux's are too
    // (proc_fill_cache allocates inodes as it lists).
    auto emit_fixed = [&](const EntrySpec* specs, usize count) -> Result<bool> {
        while (position >= 2 && static_cast<usize>(position - 2) < count) {
            const EntrySpec& spec = specs[position - 2];
            if (!TRY(emit(super_block.allocate_ino(), type_of(spec.entry), reinterpret_cast<const u8*>(spec.name), length_of(spec.name), position + 1))) {
                return false;
            }
            ++position;
        }
        return true;
    };
    u8 digits[16];
    auto number_name = [&](u64 value) -> usize {
        usize count = 0;
        u8 reversed[16];
        do {
            reversed[count++] = static_cast<u8>('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (usize i = 0; i < count; ++i) {
            digits[i] = reversed[count - 1 - i];
        }
        return count;
    };
    switch (m_entry) {
    case ProcEntry::Root: {
        if (!TRY(emit_fixed(kRootEntries, sizeof(kRootEntries) / sizeof(kRootEntries[0])))) {
            return {};
        }
        position = max(position, kTgidOffset);
        const ns::PidNamespace& ns = super_block.pid_namespace();
        for (;;) {
            // next_tgid: the smallest tgid at or after the position.
            u64 best = 0;
            for (proc::Process& process : super_block.kernel().processes()) {
                const u64 nr = process.state() == proc::ProcessState::Reaped ? 0 : process.pid().nr_in(ns);
                if (nr != 0 && static_cast<i64>(nr) + kTgidOffset >= position && (best == 0 || nr < best)) {
                    best = nr;
                }
            }
            if (best == 0) {
                return {};
            }
            const usize length = number_name(best);
            const i64 next = static_cast<i64>(best) + kTgidOffset + 1;
            if (!TRY(emit(super_block.allocate_ino(), kDtDir, digits, length, next))) {
                return {};
            }
            position = next;
        }
    }
    case ProcEntry::PidDirectory:
        (void)TRY(emit_fixed(kPidEntries, sizeof(kPidEntries) / sizeof(kPidEntries[0])));
        return {};
    case ProcEntry::SysDirectory:
        (void)TRY(emit_fixed(kSysEntries, sizeof(kSysEntries) / sizeof(kSysEntries[0])));
        return {};
    case ProcEntry::SysKernelDirectory:
        (void)TRY(emit_fixed(kSysKernelEntries, sizeof(kSysKernelEntries) / sizeof(kSysKernelEntries[0])));
        return {};
    case ProcEntry::SysvipcDirectory:
        (void)TRY(emit_fixed(kSysvipcEntries, sizeof(kSysvipcEntries) / sizeof(kSysvipcEntries[0])));
        return {};
    case ProcEntry::NetDirectory:
        // proc_tgid_net_readdir: "ret = -EINVAL; net = get_proc_task_net(...);
        // if (net != NULL) ..." - EINVAL for a task that has exited, and
        // getdents64 returns it whatever "." and ".." put in the buffer.
        if (!m_pid || m_pid->thread == nullptr || !m_pid->thread->namespaces) {
            return errno_error(EINVAL);
        }
        (void)TRY(emit_fixed(kNetEntries, sizeof(kNetEntries) / sizeof(kNetEntries[0])));
        return {};
    case ProcEntry::NsDirectory:
        while (position >= 2 && static_cast<usize>(position - 2) < kNamespaceCount) {
            const char* name = kNamespaceNames[position - 2];
            if (!TRY(emit(super_block.allocate_ino(), kDtLnk, reinterpret_cast<const u8*>(name), length_of(name), position + 1))) {
                return {};
            }
            ++position;
        }
        return {};
    case ProcEntry::TaskDirectory: {
        // proc_task_readdir: the live threads, tid order being creation
        // order here; position 2 + index.
        proc::Process* process = this->process();
        if (process == nullptr) {
            return {};
        }
        const ns::PidNamespace& ns = super_block.pid_namespace();
        i64 index = 2;
        bool stopped = false;
        Result<void> failed {};
        process->for_each_thread([&](proc::Thread& thread) {
            if (stopped || index++ < position) {
                return;
            }
            const usize length = number_name(static_cast<u64>(thread.pid().nr_in(ns)));
            auto emitted = emit(super_block.allocate_ino(), kDtDir, digits, length, index);
            if (emitted.is_error()) {
                failed = emitted.error();
                stopped = true;
            } else if (!emitted.value()) {
                stopped = true;
            } else {
                position = index;
            }
        });
        return failed;
    }
    case ProcEntry::FdDirectory: {
        proc::Process* process = this->process();
        const proc::Thread* thread = process != nullptr ? live_thread_of(*process) : nullptr;
        if (thread == nullptr || !thread->files) {
            return {};
        }
        // proc_readfd_common: fd n at position n + 2.
        const i64 slots = static_cast<i64>(thread->files->slot_count());
        for (i64 fd = max<i64>(position - 2, 0); fd < slots; ++fd) {
            if (!thread->files->get(static_cast<int>(fd))) {
                continue;
            }
            const usize length = number_name(static_cast<u64>(fd));
            if (!TRY(emit(super_block.allocate_ino(), kDtLnk, digits, length, fd + 3))) {
                return {};
            }
            position = fd + 3;
        }
        return {};
    }
    default:
        return {};
    }
}

} // namespace sirius::fs
