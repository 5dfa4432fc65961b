// <linux/stat.h> first: the S_IF* constants are left out once a glibc header
// has been seen (the host build's <stdint.h>).
#include <asm/signal.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/cgroupfs/cgroup_fs.h"
#include "core/fs/permission.h"
#include "core/fs/text_buffer.h"
#include "core/fs/vfs.h"
#include "core/fs/vfs_file.h"
#include "core/proc/kernel.h"
#include "core/signal/kill.h"
#include "core/signal/send_signal.h"

namespace sirius::fs {

namespace {

constexpr i32 kIntMax = 0x7fffffff;
// kernfs_fop_write_iter: a write is cut to a page (no atomic_write_len).
constexpr usize kMaxWrite = 4096;

struct FileSpec {
    const char* name;
    u32 mode;
    CgroupFile file;
    bool not_on_root; // CFTYPE_NOT_ON_ROOT
};

// cgroup_base_files, in Linux's order (cgroup.pressure and the PSI files
// are not there: no PSI).
constexpr FileSpec kFiles[] = {
    { "cgroup.type", 0644, CgroupFile::Type, true },
    { "cgroup.procs", 0644, CgroupFile::Procs, false },
    { "cgroup.threads", 0644, CgroupFile::Threads, false },
    { "cgroup.controllers", 0444, CgroupFile::Controllers, false },
    { "cgroup.subtree_control", 0644, CgroupFile::SubtreeControl, false },
    { "cgroup.events", 0444, CgroupFile::Events, true },
    { "cgroup.max.descendants", 0644, CgroupFile::MaxDescendants, false },
    { "cgroup.max.depth", 0644, CgroupFile::MaxDepth, false },
    { "cgroup.stat", 0444, CgroupFile::Stat, false },
    { "cgroup.freeze", 0644, CgroupFile::Freeze, true },
    { "cgroup.kill", 0200, CgroupFile::Kill, true },
};

Name name_of(const char* text)
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return Name { reinterpret_cast<const u8*>(text), length };
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// strstrip: the text without leading and trailing white space (in place).
char* strip(char* text)
{
    while (is_space(*text)) {
        ++text;
    }
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    while (length > 0 && is_space(text[length - 1])) {
        text[--length] = '\0';
    }
    return text;
}

bool equal(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

// kstrtoint(text, 0, &value): an optional sign, then decimal, 0x hex or
// 0 octal digits, one trailing newline allowed; the whole of an int.
bool parse_int(const char* text, i32& value)
{
    bool negative = false;
    if (*text == '+' || *text == '-') {
        negative = *text == '-';
        ++text;
    }
    u32 base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    } else if (text[0] == '0' && text[1] != '\0' && text[1] != '\n') {
        base = 8;
        ++text;
    }
    u64 magnitude = 0;
    usize digits = 0;
    for (; *text != '\0' && *text != '\n'; ++text, ++digits) {
        u32 digit = 0;
        const char c = *text;
        if (c >= '0' && c <= '9') {
            digit = static_cast<u32>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = static_cast<u32>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = static_cast<u32>(c - 'A' + 10);
        } else {
            return false;
        }
        if (digit >= base) {
            return false;
        }
        magnitude = magnitude * base + digit;
        if (magnitude > u64 { 0x80000000 }) {
            return false;
        }
    }
    if (digits == 0 || (*text == '\n' && text[1] != '\0')) {
        return false;
    }
    if (!negative && magnitude > static_cast<u64>(kIntMax)) {
        return false;
    }
    value = negative ? static_cast<i32>(-static_cast<i64>(magnitude)) : static_cast<i32>(magnitude);
    return true;
}

// The common ancestor of two cgroups (the root at worst).
const proc::Cgroup* common_ancestor(const proc::Cgroup& a, const proc::Cgroup& b)
{
    const proc::Cgroup* ancestor = &a;
    while (!b.is_descendant_of(*ancestor)) {
        ancestor = ancestor->parent();
    }
    return ancestor;
}

// cgroup_check_hierarchy_limits: cgroup.max.descendants and
// cgroup.max.depth of every ancestor of a new child of `parent`.
bool within_limits(const proc::Cgroup& parent)
{
    u32 level = 0;
    for (const proc::Cgroup* at = &parent; at != nullptr; at = at->parent()) {
        if (at->descendant_count() >= static_cast<u32>(at->max_descendants) || level >= static_cast<u32>(at->max_depth)) {
            return false;
        }
        ++level;
    }
    return true;
}

} // namespace

Result<RefPtr<CgroupSuperBlock>> CgroupSuperBlock::create(proc::Kernel& kernel, u64 device, const RefPtr<proc::Cgroup>& root, Timestamp now)
{
    auto super_block = TRY(try_make_ref<CgroupSuperBlock>(kernel, device, false));
    // kernfs_create_root: the root directory is "S_IFDIR | S_IRUGO | S_IXUGO".
    auto root_dentry = TRY(super_block->populate(nullptr, root, Name {}, S_IFDIR | 0555, 0, 0, now));
    super_block->set_root(move(root_dentry));
    return super_block;
}

Result<RefPtr<Dentry>> CgroupSuperBlock::populate(const RefPtr<Dentry>& parent, const RefPtr<proc::Cgroup>& cgroup, Name name, u32 mode, u32 uid, u32 gid, Timestamp now)
{
    auto directory_inode = TRY(try_make_ref<CgroupInode>(*this, allocate_ino(), cgroup, CgroupFile::Directory));
    directory_inode->mode = mode;
    directory_inode->uid = uid;
    directory_inode->gid = gid;
    directory_inode->nlink = 2;
    directory_inode->atime = directory_inode->mtime = directory_inode->ctime = directory_inode->btime = now;
    auto directory = TRY(Dentry::create(parent, name, RefPtr<Inode>(move(directory_inode))));
    for (const FileSpec& spec : kFiles) {
        if (spec.not_on_root && cgroup->is_root()) {
            continue;
        }
        auto inode = TRY(try_make_ref<CgroupInode>(*this, allocate_ino(), cgroup, spec.file));
        inode->mode = S_IFREG | spec.mode;
        inode->uid = uid;
        inode->gid = gid;
        inode->nlink = 1;
        inode->atime = inode->mtime = inode->ctime = inode->btime = now;
        auto file = TRY(Dentry::create(directory, name_of(spec.name), RefPtr<Inode>(move(inode))));
        auto added = directory->add_child(move(file));
        if (added.is_error()) {
            directory->drop_children();
            return added.error();
        }
    }
    return directory;
}

Result<RefPtr<SuperBlock>> CgroupSuperBlock::super_block_for(const ns::CgroupNamespace& ns)
{
    const proc::Cgroup* root = ns.root();
    if (root == nullptr || root->is_root()) {
        return RefPtr<SuperBlock>(this);
    }
    RefPtr<Dentry> directory = directory_of(*root);
    if (!directory) {
        return errno_error(ENOENT);
    }
    auto view = TRY(try_make_ref<CgroupSuperBlock>(m_kernel, device(), true));
    view->set_root(move(directory));
    return RefPtr<SuperBlock>(move(view));
}

u64 CgroupSuperBlock::magic() const
{
    return CGROUP2_SUPER_MAGIC;
}

Result<RefPtr<Inode>> CgroupSuperBlock::create_inode(u32 mode, u32 /*uid*/, u32 /*gid*/, u64 /*rdev*/, Timestamp /*now*/)
{
    return errno_error(S_ISREG(mode) ? EACCES : EPERM);
}

void CgroupSuperBlock::destroy()
{
    if (!m_view) {
        SuperBlock::kill();
    }
}

RefPtr<Dentry> CgroupSuperBlock::directory_of(const proc::Cgroup& cgroup) const
{
    if (cgroup.is_dead() || !root()) {
        return nullptr;
    }
    // From the root down by names, without recursion: a hierarchy may be
    // deeper than a kernel stack.
    RefPtr<Dentry> directory = root();
    for (u32 level = 1; level <= cgroup.level(); ++level) {
        const proc::Cgroup* at = &cgroup;
        for (u32 up = cgroup.level(); up > level; --up) {
            at = at->parent();
        }
        directory = directory->find_child(Name { at->name(), at->name_length() });
        if (!directory || &static_cast<CgroupInode&>(directory->inode_ref()).cgroup() != at) {
            return nullptr;
        }
    }
    return directory;
}

Result<void> CgroupInode::make_directory(const VfsCaller& caller, const Path& directory, const Name& name, u32 mode)
{
    // cgroup_mkdir: "do not accept '\n' to prevent making /proc/<pid>/cgroup
    // unparsable".
    for (usize i = 0; i < name.size; ++i) {
        if (name.data[i] == '\n') {
            return errno_error(EINVAL);
        }
    }
    // cgroup_kn_lock_live: a removed parent is ENODEV.
    if (m_cgroup->is_dead()) {
        return errno_error(ENODEV);
    }
    if (!within_limits(*m_cgroup)) {
        return errno_error(EAGAIN);
    }
    TRY(directory.dentry->add_child_room());
    auto child = TRY(proc::Cgroup::create_child(m_cgroup, name.data, name.size));
    // cgroup_create: the directory and its files belong to the creator's
    // fsuid and fsgid (kernfs_create_dir_ns, cgroup_add_file).
    const proc::Credentials& credentials = caller.credentials();
    auto made = hierarchy().populate(directory.dentry, child, name, mode, credentials.uid.filesystem, credentials.gid.filesystem, caller.now);
    if (made.is_error()) {
        child->mark_dead();
        return made.error();
    }
    (void)directory.dentry->add_child(made.release_value());
    ++nlink;
    mtime = ctime = caller.now;
    return {};
}

Result<void> CgroupInode::remove_directory(const VfsCaller& caller, const Path& directory, Dentry& victim)
{
    auto& inode = static_cast<CgroupInode&>(victim.inode_ref());
    proc::Cgroup& cgroup = inode.cgroup();
    // cgroup_destroy_locked: "if (cgroup_is_populated(cgrp)) return -EBUSY;"
    // and "if (css_has_online_children(&cgrp->self)) return -EBUSY;".
    if (cgroup.is_populated() || cgroup.child_count() > 0) {
        return errno_error(EBUSY);
    }
    cgroup.mark_dead();
    RefPtr<Dentry> keep(&victim);
    directory.dentry->remove_child(victim);
    victim.drop_children();
    inode.nlink = 0;
    --nlink;
    mtime = ctime = caller.now;
    return {};
}

Result<void> CgroupInode::show(const proc::Thread* reader, TextBuffer& text) const
{
    proc::Kernel& kernel = hierarchy().kernel();
    const ns::PidNamespace& pid_namespace = reader != nullptr ? reader->active_pid_namespace() : kernel.root_pid_namespace();
    const proc::Cgroup& cgroup = *m_cgroup;
    switch (m_file) {
    case CgroupFile::Type:
        text.append("domain\n");
        break;
    case CgroupFile::Procs:
    case CgroupFile::Threads:
        // css_task_iter: members with a live thread; cgroup.procs one line
        // per process, cgroup.threads one per live thread, each its number
        // in the reader's pid namespace (0 where it has none).
        for (proc::Process& process : kernel.processes()) {
            if (&process.cgroup() != &cgroup || process.live_thread_count() == 0) {
                continue;
            }
            if (m_file == CgroupFile::Procs) {
                text.append_signed(process.pid().nr_in(pid_namespace)).append_char('\n');
                continue;
            }
            process.for_each_thread([&](proc::Thread& thread) {
                if (!thread.exiting) {
                    text.append_signed(thread.pid().nr_in(pid_namespace)).append_char('\n');
                }
            });
        }
        break;
    case CgroupFile::Controllers:
    case CgroupFile::SubtreeControl:
        // No controllers: cgroup_print_ss_mask prints nothing.
        break;
    case CgroupFile::Events:
        text.append("populated ").append_unsigned(cgroup.is_populated() ? 1 : 0).append("\nfrozen 0\n");
        break;
    case CgroupFile::MaxDescendants:
    case CgroupFile::MaxDepth: {
        const i32 value = m_file == CgroupFile::MaxDepth ? cgroup.max_depth : cgroup.max_descendants;
        if (value == kIntMax) {
            text.append("max\n");
        } else {
            text.append_signed(value).append_char('\n');
        }
        break;
    }
    case CgroupFile::Stat:
        text.append("nr_descendants ").append_unsigned(cgroup.descendant_count()).append("\nnr_dying_descendants 0\n");
        break;
    case CgroupFile::Freeze:
        text.append("0\n");
        break;
    case CgroupFile::Kill:
    case CgroupFile::Directory:
        // cgroup_seqfile_show without a show operation.
        return errno_error(EINVAL);
    }
    return text.status();
}

Result<usize> CgroupInode::read_as(IoContext& io, u64 offset, IoBuffer buffer, usize count)
{
    // seq_file: the text is made for each read and the part at the
    // position copied (a reader taking it in pieces may see it change).
    TextBuffer text;
    TRY(show(&io.caller, text));
    if (offset >= text.size()) {
        return usize { 0 };
    }
    const usize available = text.size() - static_cast<usize>(offset);
    const usize length = count < available ? count : available;
    TRY(buffer.copy_out(0, text.data() + offset, length));
    return length;
}

Result<usize> CgroupInode::read(u64 offset, IoBuffer buffer, usize count)
{
    TextBuffer text;
    TRY(show(nullptr, text));
    if (offset >= text.size()) {
        return usize { 0 };
    }
    const usize available = text.size() - static_cast<usize>(offset);
    const usize length = count < available ? count : available;
    TRY(buffer.copy_out(0, text.data() + offset, length));
    return length;
}

Result<usize> CgroupInode::write(u64 /*offset*/, IoBuffer /*buffer*/, usize /*count*/)
{
    return errno_error(EINVAL);
}

Result<usize> CgroupInode::write_as(IoContext& io, u64 /*offset*/, IoBuffer buffer, usize count)
{
    // kernfs_fop_write_iter: the bytes, cut to a page, as one string (on
    // the heap: a page is too much for a kernel stack).
    const usize length = count < kMaxWrite ? count : kMaxWrite;
    Vector<char> bytes;
    TRY(bytes.try_reserve(length + 1));
    for (usize i = 0; i <= length; ++i) {
        (void)bytes.try_append('\0');
    }
    TRY(buffer.copy_in(bytes.begin(), 0, length));
    TRY(command(&io.caller, bytes.begin()));
    return length;
}

Result<void> CgroupInode::command(proc::Thread* writer, char* bytes)
{
    char* text = strip(bytes);
    proc::Cgroup& cgroup = *m_cgroup;
    switch (m_file) {
    case CgroupFile::Procs:
    case CgroupFile::Threads: {
        const bool threadgroup = m_file == CgroupFile::Procs;
        // __cgroup_procs_write: cgroup_kn_lock_live, then
        // cgroup_procs_write_start.
        if (cgroup.is_dead()) {
            return errno_error(ENODEV);
        }
        i32 number = 0;
        if (!parse_int(text, number) || number < 0) {
            return errno_error(EINVAL);
        }
        proc::Thread* task = writer;
        if (number != 0) {
            task = hierarchy().kernel().find_thread(writer->active_pid_namespace(), number);
            if (task == nullptr) {
                return errno_error(ESRCH);
            }
        }
        proc::Process& process = task->process();
        // "Check permissions using the credentials from file open": Sirius
        // checks the writer's.
        TRY(check_attach(hierarchy(), *writer->credentials, process.cgroup(), cgroup, threadgroup));
        // cgroup_migrate_add_task: "if (task->flags & PF_EXITING) return;"
        // - a process that is exiting stays where it is, silently.
        if (process.live_thread_count() == 0 || &process.cgroup() == &cgroup) {
            return {};
        }
        process.move_to_cgroup(m_cgroup);
        return {};
    }
    case CgroupFile::SubtreeControl: {
        // cgroup_subtree_control_write: each token is "+name" or "-name"
        // of an enabled controller; there are none.
        for (char* at = text; *at != '\0'; ++at) {
            if (!is_space(*at)) {
                return errno_error(EINVAL);
            }
        }
        return {};
    }
    case CgroupFile::Type:
        // cgroup_type_write: "only switching to threaded mode is
        // supported"; Sirius has no threaded mode.
        return errno_error(equal(text, "threaded") ? EOPNOTSUPP : EINVAL);
    case CgroupFile::MaxDescendants:
    case CgroupFile::MaxDepth: {
        // cgroup_max_descendants_write: "max" or a number >= 0.
        i32 value = kIntMax;
        if (!equal(text, "max")) {
            if (!parse_int(text, value)) {
                return errno_error(EINVAL);
            }
            if (value < 0) {
                return errno_error(ERANGE);
            }
        }
        (m_file == CgroupFile::MaxDepth ? cgroup.max_depth : cgroup.max_descendants) = value;
        return {};
    }
    case CgroupFile::Freeze: {
        // cgroup_freeze_write: 0 or 1 (ERANGE otherwise). No freezer here.
        i32 value = 0;
        if (!parse_int(text, value)) {
            return errno_error(EINVAL);
        }
        if (value < 0 || value > 1) {
            return errno_error(ERANGE);
        }
        return value == 0 ? Result<void> {} : errno_error(EOPNOTSUPP);
    }
    case CgroupFile::Kill: {
        // cgroup_kill_write: only "1" (ERANGE otherwise).
        i32 value = 0;
        if (!parse_int(text, value)) {
            return errno_error(EINVAL);
        }
        if (value != 1) {
            return errno_error(ERANGE);
        }
        kill_subtree(*writer);
        return {};
    }
    default:
        // cgroup_file_write without a write operation.
        return errno_error(EINVAL);
    }
}

void CgroupInode::kill_subtree(proc::Thread& writer)
{
    // cgroup_kill: "send_sig(SIGKILL, task, 0)" to every process of this
    // cgroup and those below - as from the writer, so a pid namespace's
    // init is spared unless the writer is outside its namespace.
    proc::Kernel& kernel = hierarchy().kernel();
    for (proc::Process& process : kernel.processes()) {
        if (process.live_thread_count() == 0 || !process.cgroup().is_descendant_of(*m_cgroup)) {
            continue;
        }
        proc::Thread* target = nullptr;
        process.for_each_thread([&](proc::Thread& thread) {
            if (target == nullptr && !thread.exiting) {
                target = &thread;
            }
        });
        if (target != nullptr) {
            (void)signal::send_signal(kernel, signal::sender_info(writer, SIGKILL, signal::kSiUser), *target, signal::SignalScope::Process, signal::SignalSender::user(writer));
        }
    }
}

Result<RefPtr<proc::Cgroup>> cgroup_from_file(File& file)
{
    // css_tryget_online_from_dir: "is @dentry a cgroup dir?" (EBADF), and
    // a cgroup that is no longer online (ENOENT).
    VfsFile* vfs_file = as_vfs_file(&file);
    if (vfs_file == nullptr || vfs_file->device() != nullptr) {
        return errno_error(EBADF);
    }
    Inode& inode = vfs_file->inode();
    if (inode.super_block().magic() != CGROUP2_SUPER_MAGIC || !inode.is_directory()) {
        return errno_error(EBADF);
    }
    auto& directory = static_cast<CgroupInode&>(inode);
    if (directory.cgroup().is_dead()) {
        return errno_error(ENOENT);
    }
    return directory.cgroup_ref();
}

Result<void> may_write_procs(const CgroupSuperBlock& hierarchy, const proc::Credentials& credentials, const proc::Cgroup& cgroup)
{
    RefPtr<Dentry> directory = hierarchy.directory_of(cgroup);
    RefPtr<Dentry> procs = directory ? directory->find_child(name_of("cgroup.procs")) : nullptr;
    if (!procs) {
        return errno_error(ENOENT);
    }
    return check_permission(credentials, procs->inode_ref(), kMayWrite);
}

Result<void> check_attach(const CgroupSuperBlock& hierarchy, const proc::Credentials& credentials, const proc::Cgroup& source, const proc::Cgroup& destination, bool threadgroup)
{
    // cgroup_procs_write_permission: "%current should be authorized to
    // migrate to the common ancestor". (The nsdelegate mount option's
    // namespace rule is not there: Sirius has no mount options here.)
    TRY(may_write_procs(hierarchy, credentials, *common_ancestor(source, destination)));
    // cgroup_migrate_vet_dst: the root is mixable; elsewhere, controllers
    // enabled for the children forbid processes here.
    if (!destination.is_root() && destination.has_subtree_control()) {
        return errno_error(EBUSY);
    }
    // "if (!threadgroup && (src_cgrp->dom_cgrp != dst_cgrp->dom_cgrp))
    // ret = -EOPNOTSUPP;" - every cgroup is its own domain here.
    if (!threadgroup && &source != &destination) {
        return errno_error(EOPNOTSUPP);
    }
    return {};
}

Result<void> append_cgroup_path(TextBuffer& text, const proc::Cgroup& cgroup, const proc::Cgroup* root)
{
    const proc::Cgroup* from = root;
    if (from == nullptr) {
        from = &cgroup;
        while (from->parent() != nullptr) {
            from = from->parent();
        }
    }
    const proc::Cgroup* common = common_ancestor(*from, cgroup);
    // kernfs_path_from_node: "/.." for each level from the root up to the
    // common ancestor, then the names down to the cgroup.
    usize length = 0;
    for (const proc::Cgroup* at = from; at != common; at = at->parent()) {
        text.append("/..");
        ++length;
    }
    const u32 depth = cgroup.level() - common->level();
    for (u32 i = depth; i > 0; --i) {
        const proc::Cgroup* at = &cgroup;
        for (u32 j = 1; j < i; ++j) {
            at = at->parent();
        }
        text.append_char('/').append(at->name(), at->name_length());
        ++length;
    }
    if (length == 0) {
        text.append_char('/');
    }
    return text.status();
}

} // namespace sirius::fs
