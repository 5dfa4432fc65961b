#include "core/syscall/directory_entries.h"

#include <linux/fcntl.h>

#include "core/hal/allocator.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// struct linux_dirent64's fixed part: d_ino, d_off, d_reclen, d_type.
constexpr usize kNameOffset = 19;

struct Batch {
    SyscallContext& context;
    u64 buffer;
    usize size;
    usize used { 0 };
};

// filldir64: one record, 8-byte aligned. Returns false when it does not fit.
Result<bool> emit(Batch& batch, u64 ino, i64 next_offset, u8 type, fs::Name name)
{
    const usize record = (kNameOffset + name.size + 1 + 7) & ~usize { 7 };
    if (batch.used + record > batch.size) {
        return false;
    }
    u8 bytes[kNameOffset + NAME_MAX + 1 + 8] {};
    copy_bytes(bytes, &ino, 8);
    copy_bytes(bytes + 8, &next_offset, 8);
    const u16 length = static_cast<u16>(record);
    copy_bytes(bytes + 16, &length, 2);
    bytes[18] = type;
    copy_bytes(bytes + kNameOffset, name.data, name.size);
    TRY(memory_of(batch.context).copy_to_user(UserAddress(batch.buffer + batch.used), bytes, record));
    batch.used += record;
    return true;
}

u8 type_of(const fs::Inode& inode)
{
    // DT_* is the S_IFMT type shifted down ("#define S_DT(mode) (((mode) &
    // S_IFMT) >> S_DT_SHIFT)").
    return static_cast<u8>((inode.mode >> 12) & 15);
}

Result<i64> getdents64(SyscallContext& context, u64 fd, u64 buffer, u64 count)
{
    RefPtr<fs::File> file = TRY(fd_file(context, fd));
    if ((file->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    // "if (!access_ok(dirent, count)) return -EFAULT;"
    if (!is_user_range(buffer, count, context.kernel.mmu().user_address_limit())) {
        return errno_error(EFAULT);
    }
    fs::VfsFile* directory = fs::as_vfs_file(file.get());
    // iterate_dir: a file without iterate_shared is ENOTDIR.
    if (directory == nullptr || !directory->inode().is_directory()) {
        return errno_error(ENOTDIR);
    }
    // getdents64 takes the count as an unsigned int.
    Batch batch { context, buffer, static_cast<u32>(count) };
    const fs::Path& path = directory->path();
    fs::Dentry& dentry = *path.dentry;
    i64 position = file->position();
    auto finish = [&]() -> Result<i64> {
        file->set_position(position);
        // "if (buf.prev_reclen) ... else error = buf.error" - nothing fitted:
        // EINVAL ("Result buffer is too small").
        if (batch.used == 0) {
            return errno_error(EINVAL);
        }
        return static_cast<i64>(batch.used);
    };
    // A removed directory lists nothing (dcache_readdir over no children;
    // "." and ".." are not emitted for a dead directory by shmem).
    if (position == 0) {
        const u8 dot[] = { '.' };
        if (!TRY(emit(batch, dentry.inode_ref().ino(), 1, type_of(dentry.inode_ref()), fs::Name { dot, 1 }))) {
            return finish();
        }
        position = 1;
    }
    if (position == 1) {
        const u8 dots[] = { '.', '.' };
        const fs::Dentry* parent = dentry.parent() != nullptr ? dentry.parent() : &dentry;
        if (!TRY(emit(batch, parent->inode_ref().ino(), 2, 4, fs::Name { dots, 2 }))) {
            return finish();
        }
        position = 2;
    }
    if (dentry.inode_ref().lists_itself()) {
        // A file system that makes its entries (procfs) lists them itself.
        bool full = false;
        TRY(dentry.inode_ref().list(position, [&](u64 ino, u8 type, const u8* name, usize size, i64 next) -> Result<bool> {
            if (!TRY(emit(batch, ino, next, type, fs::Name { name, size }))) {
                full = true;
                return false;
            }
            return true;
        }));
        if (full) {
            return finish();
        }
        file->set_position(position);
        return static_cast<i64>(batch.used);
    }
    while (RefPtr<fs::Dentry> child = dentry.child_at_or_after(static_cast<u64>(position))) {
        const i64 next = static_cast<i64>(child->directory_offset() + 1);
        if (!TRY(emit(batch, child->inode_ref().ino(), next, type_of(child->inode_ref()), child->name()))) {
            position = static_cast<i64>(child->directory_offset());
            return finish();
        }
        position = next;
    }
    // At the end: the position stays past the last entry; a call there
    // returns 0.
    file->set_position(position);
    return static_cast<i64>(batch.used);
}

} // namespace

i64 sys_getdents64(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(getdents64(context, args[0], args[1], args[2]));
}

} // namespace sirius::syscall
