#pragma once

// The file system types mount(2) knows (Linux's file_systems list and
// get_fs_type) and how each makes a super block from its mount options
// (fs_context's parse_param and get_tree): tmpfs, ramfs, devtmpfs, proc,
// cgroup2.
#include "core/fs/super_block.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

class TextBuffer;

struct FileSystemType {
    const char* name;
    bool requires_device; // FS_REQUIRES_DEV: "nodev" in /proc/filesystems if not
    // FS_USERNS_MOUNT: mountable with CAP_SYS_ADMIN in the user namespace
    // the instance is for (tmpfs, ramfs, proc); without it only in the
    // initial one (devtmpfs).
    bool userns_mount;
};

// Every type, in registration order (/proc/filesystems).
struct FileSystemTypeList {
    const FileSystemType* types;
    usize count;
    [[nodiscard]] const FileSystemType* begin() const { return types; }
    [[nodiscard]] const FileSystemType* end() const { return types + count; }
};
[[nodiscard]] FileSystemTypeList file_system_types();

// get_fs_type: the type named `name`, or nullptr (ENODEV for mount(2)).
[[nodiscard]] const FileSystemType* find_file_system_type(const char* name);

// vfs_get_tree for `type`: a super block for a new mount by `caller`, from
// the comma-separated `options` (mount(2)'s data, may be nullptr).
// devtmpfs is the kernel's one instance; proc shows the caller's pid
// namespace; cgroup2 the one hierarchy from the caller's cgroup
// namespace's root (ENOENT when that cgroup was removed). Errors: EINVAL (an option the type does not take, or a bad
// value), ENOMEM.
Result<RefPtr<SuperBlock>> make_super_block(proc::Kernel& kernel, proc::Thread& caller, const FileSystemType& type, const char* options);

// show_mnt_opts after "rw"/"ro": the flags of a mount as /proc/mounts
// shows them ("rw,nosuid,nodev,noexec,relatime").
void append_mount_flags(TextBuffer& text, u32 flags);

} // namespace sirius::fs
