// <linux/mount.h> first: its MS_* constants are what mount(2) takes.
#include <linux/capability.h>
#include <linux/fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/stat.h>
#include <asm/statfs.h>

// The rest after it.
#include "core/base/scope_guard.h"
#include "core/fs/dentry.h"
#include "core/fs/file_system_types.h"
#include "core/fs/fs_context.h"
#include "core/hal/allocator.h"
#include "core/proc/credentials.h"
#include "core/syscall/mount.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// umount2(2)'s flags (include/linux/fs.h, not exported to the UAPI
// headers; <sys/mount.h> has the same values).
constexpr u64 kMntForce = 0x1;
constexpr u64 kMntDetach = 0x2;
constexpr u64 kMntExpire = 0x4;
constexpr u64 kUmountNofollow = 0x8;

// statfs f_flags (include/linux/statfs.h, kernel-internal; <sys/statvfs.h>
// has the same values).
constexpr u64 kStRdonly = 0x0001;
constexpr u64 kStNosuid = 0x0002;
constexpr u64 kStNodev = 0x0004;
constexpr u64 kStNoexec = 0x0008;
constexpr u64 kStValid = 0x0020;
constexpr u64 kStNoatime = 0x0400;
constexpr u64 kStNodiratime = 0x0800;
constexpr u64 kStRelatime = 0x1000;

constexpr usize kPageSize = 4096;

// The per-mount flags Sirius keeps (Linux's MNT_* of mnt_flags, here in
// their MS_* spelling).
constexpr u32 kMountFlags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME;
constexpr u32 kAtimeFlags = MS_NOATIME | MS_NODIRATIME | MS_RELATIME;

// copy_mount_string: strndup_user(data, PATH_MAX) - EFAULT, and EINVAL for
// a string that does not end within PATH_MAX; nullptr stays absent.
Result<bool> copy_mount_string(SyscallContext& context, u64 address, fs::PathName& text)
{
    if (address == 0) {
        return false;
    }
    auto copied = text.copy_from_user(memory_of(context), UserAddress(address), true);
    if (copied.is_error()) {
        return copied.error().code() == ENAMETOOLONG ? errno_error(EINVAL) : copied.error();
    }
    return true;
}

// A page of mount options (copy_mount_options): "copy_from_user" of up to
// a page, whatever part can be read; EFAULT only when none can.
class OptionsPage {
public:
    OptionsPage() = default;
    ~OptionsPage() { hal::deallocate(m_bytes, kPageSize); }
    OptionsPage(const OptionsPage&) = delete;
    OptionsPage& operator=(const OptionsPage&) = delete;

    Result<void> copy_from_user(UserMemory& memory, u64 address)
    {
        m_bytes = static_cast<char*>(hal::allocate(kPageSize));
        if (m_bytes == nullptr) {
            return errno_error(ENOMEM);
        }
        for (usize i = 0; i < kPageSize; ++i) {
            m_bytes[i] = '\0';
        }
        // The bytes up to the end of the first page, then the rest.
        const usize first = kPageSize - (address % kPageSize);
        if (memory.copy_from_user(m_bytes, UserAddress(address), first).is_error()) {
            return errno_error(EFAULT);
        }
        if (first < kPageSize) {
            (void)memory.copy_from_user(m_bytes + first, UserAddress(address + first), kPageSize - first);
        }
        // path_mount: "((char *)data_page)[PAGE_SIZE - 1] = 0".
        m_bytes[kPageSize - 1] = '\0';
        return {};
    }
    [[nodiscard]] const char* text() const { return m_bytes; }

private:
    char* m_bytes { nullptr };
};

// may_mount: "ns_capable(current->nsproxy->mnt_ns->user_ns, CAP_SYS_ADMIN)".
bool may_mount(const SyscallContext& context)
{
    const ns::MountNamespace& mounts = *context.current.namespaces->namespaces().mount;
    return proc::has_capability_in(*context.current.credentials, mounts.owner(), CAP_SYS_ADMIN);
}

// The caller's mount namespace's table.
fs::MountTable& caller_mounts(const SyscallContext& context)
{
    return context.current.namespaces->namespaces().mount->mounts();
}

// check_mnt: the mount is in the caller's mount namespace (a path reached
// through a descriptor or working directory from another is not).
bool check_mnt(const SyscallContext& context, const fs::Mount& mount)
{
    return mount.table() == &caller_mounts(context);
}

bool capable_in_initial(const SyscallContext& context, int capability)
{
    return proc::has_capability_in(*context.current.credentials, *context.kernel.initial_user_namespace(), capability);
}

// path_mounted: the path is the root of its mount.
bool is_mount_root(const fs::Path& path)
{
    return path.dentry == path.mount->root();
}

// lock_mount and graft_tree: a mountpoint that is still linked, of the
// same kind (directory or not) as what goes on it.
Result<void> check_mountpoint(const fs::Path& at, const fs::Dentry& root)
{
    if (at.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    // graft_tree: "if (d_is_dir(mp->m_dentry) != d_is_dir(mnt->mnt.mnt_root)) return -ENOTDIR;"
    if (at.inode().is_directory() != root.inode_ref().is_directory()) {
        return errno_error(ENOTDIR);
    }
    return {};
}

bool equal_name(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

// do_new_mount and do_add_mount.
Result<void> new_mount(SyscallContext& context, const fs::Path& at, const fs::PathName* type_name, const fs::PathName* source, u32 mount_flags, const char* options)
{
    // "if (!fstype) return -EINVAL;"
    if (type_name == nullptr) {
        return errno_error(EINVAL);
    }
    const fs::FileSystemType* type = fs::find_file_system_type(reinterpret_cast<const char*>(type_name->data()));
    if (type == nullptr) {
        return errno_error(ENODEV);
    }
    // mount_capable: a type without FS_USERNS_MOUNT (devtmpfs) takes
    // CAP_SYS_ADMIN in the initial user namespace; the others in the
    // fs_context's user namespace: the caller's own, and for proc the
    // owner of the pid namespace it shows (proc_init_fs_context:
    // "fc->user_ns = get_user_ns(ctx->pid_ns->user_ns)").
    const ns::UserNamespace& instance_owner = equal_name(type->name, "proc") ? context.current.active_pid_namespace().owner() : *context.current.credentials->user_ns;
    const bool capable = type->userns_mount ? proc::has_capability_in(*context.current.credentials, instance_owner, CAP_SYS_ADMIN)
                                            : capable_in_initial(context, CAP_SYS_ADMIN);
    // parse_monolithic_mount_data comes before mount_capable.
    RefPtr<fs::SuperBlock> super_block = TRY(fs::make_super_block(context.kernel, context.current, *type, options));
    // A new instance that is not mounted after all goes (deactivate_super);
    // the kernel's devtmpfs stays.
    ScopeGuard discard([&] {
        if (super_block && super_block.get() != context.kernel.devtmpfs().get()) {
            super_block->kill();
        }
    });
    if (!capable) {
        return errno_error(EPERM);
    }
    // do_add_mount: "Refuse the same filesystem on the same mount point".
    if (&at.mount->super_block() == super_block.get() && is_mount_root(at)) {
        return errno_error(EBUSY);
    }
    // do_add_mount: "if (unlikely(!check_mnt(parent)) ...) return -EINVAL;"
    if (!check_mnt(context, *at.mount)) {
        return errno_error(EINVAL);
    }
    TRY(check_mountpoint(at, *super_block->root()));
    auto mount = TRY(caller_mounts(context).mount(at, super_block, mount_flags));
    discard.disarm();
    if (source != nullptr) {
        mount->set_source(source->data(), source->length());
    } else {
        // A mount without a source shows "none" (mnt_devname's default).
        mount->set_source(reinterpret_cast<const u8*>("none"), 4);
    }
    return {};
}

// has_locked_children: a locked mount on `dentry` or below it, in `mount`.
bool has_locked_children(const fs::MountTable& mounts, const fs::Mount& mount, const fs::Dentry& dentry)
{
    for (usize i = 1; i < mounts.count(); ++i) {
        const fs::Mount& child = *mounts.at(i);
        if (child.parent().get() != &mount || !child.is_locked()) {
            continue;
        }
        for (const fs::Dentry* up = child.mountpoint().get(); up != nullptr; up = up->parent()) {
            if (up == &dentry) {
                return true;
            }
        }
    }
    return false;
}

// do_loopback: what `source` names shows at `at` too, with the flags of
// the mount it came from (clone_mnt). MS_REC copies only the top mount.
Result<void> bind_mount(SyscallContext& context, const fs::Path& at, const fs::PathName* source)
{
    // "if (!old_name || !*old_name) return -EINVAL;"
    if (source == nullptr || source->is_empty()) {
        return errno_error(EINVAL);
    }
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), *source));
    fs::Path old = TRY(fs::lookup(vfs_caller(context), start, *source, true));
    // __do_loopback: "if (IS_MNT_UNBINDABLE(old)) return mnt;" (-EINVAL),
    // then "if (!check_mnt(old_path->mnt) && ...)" and, graft_tree's,
    // the mountpoint in our namespace.
    if (old.mount->is_unbindable() || !check_mnt(context, *old.mount) || !check_mnt(context, *at.mount)) {
        return errno_error(EINVAL);
    }
    // "if (!recurse && has_locked_children(old, old_path->dentry))": a
    // locked mount below would be revealed by the copy's lack of it.
    if (has_locked_children(caller_mounts(context), *old.mount, *old.dentry)) {
        return errno_error(EINVAL);
    }
    TRY(check_mountpoint(at, *old.dentry));
    auto mount = TRY(caller_mounts(context).bind(at, old, old.mount->flags()));
    if (old.mount->source_length() > 0) {
        mount->set_source(old.mount->source(), old.mount->source_length());
    }
    return {};
}

// do_move_mount_old and do_move_mount: the mount at `source` (its root,
// not the namespace's root) goes to `at`, never below itself.
Result<void> move_mount(SyscallContext& context, const fs::Path& at, const fs::PathName* source)
{
    // "if (!old_name || !*old_name) return -EINVAL;"
    if (source == nullptr || source->is_empty()) {
        return errno_error(EINVAL);
    }
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), *source));
    fs::Path old = TRY(fs::lookup(vfs_caller(context), start, *source, true));
    // "if (!check_mnt(p)) goto out;", "if (!(attached ? check_mnt(old) :
    // is_anon_ns(ns))) goto out;" and "if (old->mnt.mnt_flags &
    // MNT_LOCKED) goto out;", all -EINVAL: a locked mount stays where it
    // covers what it covers (mount_namespaces(7)).
    if (!check_mnt(context, *at.mount) || !check_mnt(context, *old.mount) || old.mount->is_locked()) {
        return errno_error(EINVAL);
    }
    // "if (!path_mounted(old_path)) goto out;" with -EINVAL.
    if (!is_mount_root(old)) {
        return errno_error(EINVAL);
    }
    // "if (d_is_dir(new_path->dentry) != d_is_dir(old_path->dentry)) goto out;" (-ENOTDIR).
    if (at.inode().is_directory() != old.inode().is_directory()) {
        return errno_error(ENOTDIR);
    }
    // "if (!mnt_has_parent(old)) goto out;" (-EINVAL).
    if (!old.mount->parent()) {
        return errno_error(EINVAL);
    }
    if (at.dentry->is_unlinked()) {
        return errno_error(ENOENT);
    }
    // "for (; mnt_has_parent(p); p = p->mnt_parent) if (p == old) goto out;" (-ELOOP).
    for (const fs::Mount* up = at.mount.get(); up != nullptr; up = up->parent().get()) {
        if (up == old.mount.get()) {
            return errno_error(ELOOP);
        }
    }
    return caller_mounts(context).move_mount(old.mount, at);
}

// change_mnt_propagation for one mount. Errors: ENOMEM (a new peer
// group: invent_group_ids).
Result<void> change_propagation(SyscallContext& context, fs::Mount& mount, u64 type)
{
    if (type == MS_SHARED) {
        // invent_group_ids and set_mnt_shared: a new peer group unless it
        // is in one; shared is not unbindable (MNT_SHARED_MASK).
        if (!mount.is_shared()) {
            mount.set_peers(TRY(try_make_ref<fs::PeerGroup>(context.kernel.mount_numbers().allocate_peer_group())));
        }
        mount.set_unbindable(false);
        return {};
    }
    // do_make_slave: a mount with peers becomes their slave; alone in its
    // group (or private) it keeps the master it had, if any.
    if (mount.is_shared()) {
        RefPtr<fs::PeerGroup> peers = mount.peers();
        mount.set_peers(nullptr);
        if (peers->members() > 0) {
            mount.set_master(move(peers));
        }
    }
    if (type != MS_SLAVE) {
        mount.set_master(nullptr);
        mount.set_unbindable(type == MS_UNBINDABLE);
    }
    return {};
}

// do_change_type: the propagation type of the mount at `target` and, with
// MS_REC, of every mount below it.
Result<void> change_type(SyscallContext& context, const fs::Path& target, u64 flags)
{
    // "if (!path_mounted(path)) return -EINVAL;"
    if (!is_mount_root(target)) {
        return errno_error(EINVAL);
    }
    // flags_to_propagation_type: exactly one type ("if
    // (!is_power_of_2(type)) return 0" -> EINVAL).
    const u64 type = flags & ~static_cast<u64>(MS_REC | MS_SILENT);
    if (type == 0 || (type & (type - 1)) != 0) {
        return errno_error(EINVAL);
    }
    // "if (!check_mnt(mnt)) { err = -EINVAL; ..."
    if (!check_mnt(context, *target.mount)) {
        return errno_error(EINVAL);
    }
    TRY(change_propagation(context, *target.mount, type));
    if ((flags & MS_REC) == 0) {
        return {};
    }
    const fs::MountTable& mounts = caller_mounts(context);
    for (usize i = 0; i < mounts.count(); ++i) {
        fs::Mount& mount = *mounts.at(i);
        for (const fs::Mount* up = mount.parent().get(); up != nullptr; up = up->parent().get()) {
            if (up == target.mount.get()) {
                TRY(change_propagation(context, mount, type));
                break;
            }
        }
    }
    return {};
}

Result<i64> mount(SyscallContext& context, const SyscallArguments& args)
{
    fs::PathName type_text;
    fs::PathName source_text;
    const bool has_type = TRY(copy_mount_string(context, args[2], type_text));
    const bool has_source = TRY(copy_mount_string(context, args[0], source_text));
    OptionsPage options;
    const bool has_options = args[4] != 0;
    if (has_options) {
        TRY(options.copy_from_user(memory_of(context), args[4]));
    }
    // do_mount: user_path_at(AT_FDCWD, dir_name, LOOKUP_FOLLOW).
    fs::PathName target_name;
    TRY(read_path(context, args[1], target_name));
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), target_name));
    fs::Path target = TRY(fs::lookup(vfs_caller(context), start, target_name, true));

    u64 flags = args[3];
    // "Discard magic": MS_MGC_VAL in the top 16 bits.
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL) {
        flags &= ~static_cast<u64>(MS_MGC_MSK);
    }
    if ((flags & MS_NOUSER) != 0) {
        return errno_error(EINVAL);
    }
    if (!may_mount(context)) {
        return errno_error(EPERM);
    }
    // "Default to relatime unless overriden", then the per-mount flags.
    u32 mount_flags = static_cast<u32>(flags) & kMountFlags;
    if ((flags & MS_NOATIME) == 0) {
        mount_flags |= MS_RELATIME;
    }
    if ((flags & MS_STRICTATIME) != 0) {
        mount_flags &= ~static_cast<u32>(MS_RELATIME | MS_NOATIME);
    }
    // "The default atime for remount is preservation".
    if ((flags & MS_REMOUNT) != 0 && (flags & (kAtimeFlags | MS_STRICTATIME)) == 0) {
        mount_flags = (mount_flags & ~kAtimeFlags) | (target.mount->flags() & kAtimeFlags);
    }
    const fs::PathName* type = has_type ? &type_text : nullptr;
    const fs::PathName* source = has_source ? &source_text : nullptr;
    const char* data = has_options ? options.text() : nullptr;

    if ((flags & MS_REMOUNT) != 0) {
        // do_remount / do_reconfigure_mnt: only at the root of a mount.
        if (!is_mount_root(target)) {
            return errno_error(EINVAL);
        }
        if ((flags & MS_BIND) == 0) {
            // The file system's own options are checked again
            // (reconfigure); Sirius applies none of them on a remount.
            const fs::FileSystemType* own = fs::find_file_system_type(target.mount->super_block().type_name());
            if (own != nullptr && own != fs::find_file_system_type("devtmpfs") && own != fs::find_file_system_type("proc")) {
                RefPtr<fs::SuperBlock> probe = TRY(fs::make_super_block(context.kernel, context.current, *own, data));
                probe->kill();
            }
        }
        target.mount->set_flags(mount_flags);
        return 0;
    }
    if ((flags & MS_BIND) != 0) {
        TRY(bind_mount(context, target, source));
        return 0;
    }
    if ((flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) != 0) {
        TRY(change_type(context, target, flags));
        return 0;
    }
    if ((flags & MS_MOVE) != 0) {
        TRY(move_mount(context, target, source));
        return 0;
    }
    TRY(new_mount(context, target, type, source, mount_flags, data));
    return 0;
}

Result<i64> umount2(SyscallContext& context, const SyscallArguments& args)
{
    const u64 flags = static_cast<u32>(args[1]);
    if ((flags & ~(kMntForce | kMntDetach | kMntExpire | kUmountNofollow)) != 0) {
        return errno_error(EINVAL);
    }
    fs::PathName name;
    TRY(read_path(context, args[0], name));
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), name));
    // user_path_at with LOOKUP_MOUNTPOINT: the last component goes down
    // into what is mounted on it ("." after pivot_root(".", ".") is the
    // old root stacked there, pivot_root(2)).
    fs::Path path = fs::follow_mounts(TRY(fs::lookup(vfs_caller(context), start, name, (flags & kUmountNofollow) == 0)));
    // can_umount, in its order: EPERM, then not a mount's root, not in
    // the caller's namespace, or locked (mount_namespaces(7): a mount
    // copied into a less privileged namespace cannot be unmounted there):
    // EINVAL.
    if (!may_mount(context)) {
        return errno_error(EPERM);
    }
    if (!is_mount_root(path) || !check_mnt(context, *path.mount) || path.mount->is_locked()) {
        return errno_error(EINVAL);
    }
    if ((flags & kMntForce) != 0 && !capable_in_initial(context, CAP_SYS_ADMIN)) {
        return errno_error(EPERM);
    }
    fs::MountTable& mounts = caller_mounts(context);
    RefPtr<fs::Mount> mount = path.mount;
    path = fs::Path {};
    // The table's reference and the one this call holds.
    constexpr u32 kUnused = 2;
    const bool is_task_root = mount == context.current.fs->root().mount;
    if ((flags & kMntExpire) != 0) {
        // "if (&mnt->mnt == current->fs->root.mnt || flags & (MNT_FORCE |
        // MNT_DETACH)) return -EINVAL; if (mnt_get_count(mnt) != 2) return
        // -EBUSY; if (!xchg(&mnt->mnt_expiry_mark, 1)) return -EAGAIN;"
        if (is_task_root || (flags & (kMntForce | kMntDetach)) != 0) {
            return errno_error(EINVAL);
        }
        if (mount->ref_count() != kUnused) {
            return errno_error(EBUSY);
        }
        if (!mount->expiry_mark) {
            mount->expiry_mark = true;
            return errno_error(EAGAIN);
        }
    }
    // The namespace's root has nothing under it to go back to: Linux
    // remounts it read-only instead, which a tmpfs in use refuses.
    if (!mount->parent()) {
        return errno_error(EBUSY);
    }
    if ((flags & kMntDetach) != 0) {
        mounts.unmount(move(mount), true);
        return 0;
    }
    // propagate_mount_busy(mnt, 2): open files, working directories and
    // roots in it, and mounts on it, each hold a reference.
    if (mount->ref_count() > kUnused || mounts.has_children(*mount)) {
        return errno_error(EBUSY);
    }
    mounts.unmount(move(mount), false);
    return 0;
}

// calculate_f_flags: the mount's flags as ST_* plus ST_VALID.
u64 statfs_flags(u32 mount_flags)
{
    u64 flags = kStValid;
    flags |= (mount_flags & MS_RDONLY) != 0 ? kStRdonly : 0;
    flags |= (mount_flags & MS_NOSUID) != 0 ? kStNosuid : 0;
    flags |= (mount_flags & MS_NODEV) != 0 ? kStNodev : 0;
    flags |= (mount_flags & MS_NOEXEC) != 0 ? kStNoexec : 0;
    flags |= (mount_flags & MS_NOATIME) != 0 ? kStNoatime : 0;
    flags |= (mount_flags & MS_NODIRATIME) != 0 ? kStNodiratime : 0;
    flags |= (mount_flags & MS_RELATIME) != 0 ? kStRelatime : 0;
    return flags;
}

Result<void> write_statfs(SyscallContext& context, u64 address, const fs::FsStatistics& statistics, u32 mount_flags)
{
    struct statfs out {};
    out.f_type = static_cast<long>(statistics.type);
    out.f_bsize = static_cast<long>(statistics.block_size);
    out.f_blocks = static_cast<long>(statistics.blocks);
    out.f_bfree = static_cast<long>(statistics.blocks_free);
    out.f_bavail = static_cast<long>(statistics.blocks_available);
    out.f_files = static_cast<long>(statistics.files);
    out.f_ffree = static_cast<long>(statistics.files_free);
    out.f_namelen = static_cast<long>(statistics.name_max);
    // "if (!buf->f_frsize) buf->f_frsize = buf->f_bsize;"
    out.f_frsize = out.f_bsize;
    out.f_flags = static_cast<long>(statfs_flags(mount_flags));
    return memory_of(context).copy_to_user(UserAddress(address), &out, sizeof(out));
}

Result<i64> statfs(SyscallContext& context, const SyscallArguments& args)
{
    // user_statfs: user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW).
    fs::PathName name;
    TRY(read_path(context, args[0], name));
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(AT_FDCWD)), name));
    fs::Path path = TRY(fs::lookup(vfs_caller(context), start, name, true));
    TRY(write_statfs(context, args[1], path.mount->super_block().statistics(), path.mount->flags()));
    return 0;
}

Result<i64> fstatfs(SyscallContext& context, const SyscallArguments& args)
{
    // fd_statfs: fdget_raw (O_PATH too), EBADF.
    RefPtr<fs::File> file = TRY(fd_file(context, args[0]));
    if (const fs::VfsFile* vfs = fs::as_vfs_file(file.get())) {
        TRY(write_statfs(context, args[1], vfs->path().mount->super_block().statistics(), vfs->path().mount->flags()));
        return 0;
    }
    // Files without a path live in the kernel's internal file systems:
    // pipefs for pipes, anon_inodefs for pidfds; the console was opened
    // from devtmpfs.
    fs::FsStatistics statistics;
    if (file->kind() == fs::FileKind::Console || file->kind() == fs::FileKind::Terminal) {
        statistics = context.kernel.devtmpfs()->statistics();
    } else {
        statistics.type = file->kind() == fs::FileKind::Pipe ? PIPEFS_MAGIC : ANON_INODE_FS_MAGIC;
        statistics.block_size = kPageSize;
        statistics.name_max = 255;
    }
    TRY(write_statfs(context, args[1], statistics, 0));
    return 0;
}

} // namespace

i64 sys_mount(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mount(context, args));
}

i64 sys_umount2(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(umount2(context, args));
}

i64 sys_statfs(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(statfs(context, args));
}

i64 sys_fstatfs(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(fstatfs(context, args));
}

} // namespace sirius::syscall
