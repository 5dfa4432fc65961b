#include "core/syscall/read_write.h"

#include <linux/fcntl.h>
#include <linux/uio.h>

#include "core/base/user_ptr.h"
#include "core/base/vector.h"
#include "core/syscall/file_argument.h"

namespace sirius::syscall {

namespace {

enum class Direction : u8 {
    Read,
    Write,
};

// struct iovec of <linux/uio.h>, with the base as the user address it is.
struct UserIovec {
    u64 base;
    u64 length;
};
static_assert(sizeof(UserIovec) == sizeof(iovec));
static_assert(__builtin_offsetof(UserIovec, base) == __builtin_offsetof(iovec, iov_base));
static_assert(__builtin_offsetof(UserIovec, length) == __builtin_offsetof(iovec, iov_len));

// MAX_RW_COUNT (INT_MAX & PAGE_MASK): the most one call moves. A larger
// count is cut down to it, not refused.
u64 max_rw_count(const proc::Kernel& kernel)
{
    constexpr u64 kIntMax = 0x7fffffff;
    return kIntMax & ~(u64 { kernel.mmu().page_size() } - 1);
}

// vfs_read/vfs_write (and the vectored ones) before they look at a buffer:
// "if (!(file->f_mode & FMODE_READ)) return -EBADF;", then "if
// (!(file->f_mode & FMODE_CAN_READ)) return -EINVAL;".
Result<void> check_access(const fs::File& file, Direction direction)
{
    const bool allowed = direction == Direction::Read ? file.is_readable() : file.is_writable();
    if (!allowed) {
        return errno_error(EBADF);
    }
    const bool implemented = direction == Direction::Read ? file.has_read() : file.has_write();
    if (!implemented) {
        return errno_error(EINVAL);
    }
    return {};
}

// rw_verify_area: a negative position, or one that `count` bytes would take
// past the largest loff_t, is EINVAL (no Sirius file has unsigned offsets).
// `count` is below 2^63 (a user range or MAX_RW_COUNT): the sum cannot wrap.
Result<void> verify_area(i64 position, u64 count)
{
    constexpr u64 kLoffMax = 0x7fffffffffffffff;
    if (position < 0 || static_cast<u64>(position) + count > kLoffMax) {
        return errno_error(EINVAL);
    }
    return {};
}

Result<usize> transfer(SyscallContext& context, fs::File& file, Direction direction, UserAddress buffer, usize count, i64& position)
{
    fs::IoContext io = io_of(context);
    if (direction == Direction::Read) {
        return file.read(io, buffer, count, position);
    }
    return file.write(io, buffer, count, position);
}

// ksys_read/vfs_read and ksys_write/vfs_write.
Result<i64> read_or_write(SyscallContext& context, const SyscallArguments& args, Direction direction)
{
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    const UserAddress buffer(args[1]);
    u64 count = args[2];
    TRY(check_access(*file, direction));
    // "if (unlikely(!access_ok(buf, count))) return -EFAULT;" - a count of 0
    // passes anywhere in the user half, and moves nothing.
    if (!is_user_range(buffer.value(), count, context.kernel.mmu().user_address_limit())) {
        return errno_error(EFAULT);
    }
    i64 position = file->position();
    TRY(verify_area(position, count));
    // "if (count > MAX_RW_COUNT) count = MAX_RW_COUNT;"
    count = min(count, max_rw_count(context.kernel));
    const usize done = TRY(transfer(context, *file, direction, buffer, count, position));
    file->set_position(position);
    return static_cast<i64>(done);
}

// The segments of a readv/writev, read in and checked before a byte moves.
// Up to UIO_FASTIOV of them live on the stack, as in Linux; more are
// allocated.
struct Segments {
    UserIovec fast[UIO_FASTIOV] {};
    Vector<UserIovec> allocated;
    UserIovec* items { fast };
    usize count { 0 };
    u64 total { 0 };
};

// import_iovec, in its order: the count, the array, each length as it is
// read, then each segment's range. Errors: EINVAL, EFAULT, ENOMEM.
Result<void> import_segments(SyscallContext& context, UserAddress array, u64 count_argument, Segments& segments)
{
    // __import_iovec takes nr_segs as an unsigned int.
    const u32 count = static_cast<u32>(count_argument);
    // iovec_from_user: "Linux has traditionally returned zero for zero
    // segments" - the array is not read.
    if (count == 0) {
        return {};
    }
    // readv(2): "EINVAL The vector count, iovcnt, is less than zero or
    // greater than the permitted maximum" (UIO_MAXIOV).
    if (count > UIO_MAXIOV) {
        return errno_error(EINVAL);
    }
    const u64 user_limit = context.kernel.mmu().user_address_limit();
    // copy_iovec_from_user: "if (!user_access_begin(uiov, nr_segs *
    // sizeof(*uiov))) return -EFAULT;"
    if (!is_user_range(array.value(), u64 { count } * sizeof(UserIovec), user_limit)) {
        return errno_error(EFAULT);
    }
    if (count > UIO_FASTIOV) {
        TRY(segments.allocated.try_reserve(count));
    }
    for (u32 i = 0; i < count; ++i) {
        const UserIovec segment = TRY(UserPtr<UserIovec>(array.value() + (u64 { i } * sizeof(UserIovec))).read(memory_of(context)));
        // "check for size_t not fitting in ssize_t": an element read after
        // this one is not looked at.
        if (static_cast<i64>(segment.length) < 0) {
            return errno_error(EINVAL);
        }
        if (count > UIO_FASTIOV) {
            TRY(segments.allocated.try_append(segment));
        } else {
            segments.fast[i] = segment;
        }
    }
    segments.items = count > UIO_FASTIOV ? segments.allocated.begin() : segments.fast;
    segments.count = count;
    // __import_iovec: every segment is a user range ("if
    // (!access_ok(iov[seg].iov_base, len)) return -EFAULT;"), and the total
    // stops at MAX_RW_COUNT ("len = MAX_RW_COUNT - total_len"): the segment
    // that crosses it is shortened, the ones after it emptied.
    const u64 max_total = max_rw_count(context.kernel);
    for (usize i = 0; i < segments.count; ++i) {
        UserIovec& segment = segments.items[i];
        if (!is_user_range(segment.base, segment.length, user_limit)) {
            return errno_error(EFAULT);
        }
        segment.length = min(segment.length, max_total - segments.total);
        segments.total += segment.length;
    }
    return {};
}

// do_readv/vfs_readv and do_writev/vfs_writev. No Sirius file moves a whole
// iov_iter at once (read_iter/write_iter): the segments go one by one, as
// do_loop_readv_writev.
Result<i64> read_or_write_vector(SyscallContext& context, const SyscallArguments& args, Direction direction)
{
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    TRY(check_access(*file, direction));
    Segments segments;
    TRY(import_segments(context, UserAddress(args[1]), args[2], segments));
    // "if (!tot_len) goto out;": nothing to move is 0.
    if (segments.total == 0) {
        return 0;
    }
    i64 position = file->position();
    TRY(verify_area(position, segments.total));
    // do_loop_readv_writev: a failed segment ends the call with the bytes
    // moved before it, or with its error when there were none ("if (nr <
    // 0) { if (!ret) ret = nr; break; }"); a short one ends it too. An
    // empty segment moves nothing and is passed over.
    u64 done = 0;
    for (usize i = 0; i < segments.count; ++i) {
        const UserIovec& segment = segments.items[i];
        if (segment.length == 0) {
            continue;
        }
        auto moved = transfer(context, *file, direction, UserAddress(segment.base), segment.length, position);
        if (moved.is_error()) {
            if (done == 0) {
                return moved.error();
            }
            break;
        }
        done += moved.value();
        if (moved.value() != segment.length) {
            break;
        }
    }
    file->set_position(position);
    return static_cast<i64>(done);
}

// ksys_pread64/ksys_pwrite64: "if (pos < 0) return -EINVAL;", the fd,
// "ret = -ESPIPE; if (f.file->f_mode & FMODE_PREAD)", then vfs_read or
// vfs_write at `pos`, the file position untouched.
Result<i64> read_or_write_at(SyscallContext& context, const SyscallArguments& args, Direction direction)
{
    i64 position = static_cast<i64>(args[3]);
    if (position < 0) {
        return errno_error(EINVAL);
    }
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    if (!file->is_seekable() || (direction == Direction::Write && !file->allows_pwrite())) {
        return errno_error(ESPIPE);
    }
    const UserAddress buffer(args[1]);
    u64 count = args[2];
    TRY(check_access(*file, direction));
    if (!is_user_range(buffer.value(), count, context.kernel.mmu().user_address_limit())) {
        return errno_error(EFAULT);
    }
    TRY(verify_area(position, count));
    count = min(count, max_rw_count(context.kernel));
    const usize done = TRY(transfer(context, *file, direction, buffer, count, position));
    return static_cast<i64>(done);
}

// ksys_lseek and generic_file_llseek_size (vfs_setpos): the new position,
// which may lie past the end (a later write leaves a hole).
Result<i64> seek(SyscallContext& context, const SyscallArguments& args)
{
    constexpr u32 kSeekSet = 0;
    constexpr u32 kSeekCur = 1;
    constexpr u32 kSeekMax = 4; // SEEK_HOLE
    const RefPtr<fs::File> file = TRY(file_argument(context, args[0]));
    // fdget_pos refuses an O_PATH description.
    if ((file->status_flags() & O_PATH) != 0) {
        return errno_error(EBADF);
    }
    const i64 offset = static_cast<i64>(args[1]);
    const u32 whence = static_cast<u32>(args[2]);
    // "if (whence <= SEEK_MAX) retval = vfs_llseek(...)", else EINVAL.
    if (whence > kSeekMax) {
        return errno_error(EINVAL);
    }
    // vfs_llseek: "if (!(file->f_mode & FMODE_LSEEK)) return -ESPIPE;"
    if (!file->is_seekable()) {
        return errno_error(ESPIPE);
    }
    i64 position = 0;
    switch (whence) {
    case kSeekSet:
        position = offset;
        break;
    case kSeekCur: {
        // "if (offset == 0) return file->f_pos;"
        if (offset == 0) {
            return file->position();
        }
        if (__builtin_add_overflow(file->position(), offset, &position)) {
            return errno_error(EINVAL);
        }
        break;
    }
    default:
        position = TRY(file->seek_end(whence, offset));
        break;
    }
    // vfs_setpos: "if (offset < 0 && !unsigned_offsets(file)) return
    // -EINVAL;"
    if (position < 0) {
        return errno_error(EINVAL);
    }
    file->set_position(position);
    return position;
}

} // namespace

i64 sys_lseek(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(seek(context, args));
}

i64 sys_pread64(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write_at(context, args, Direction::Read));
}

i64 sys_pwrite64(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write_at(context, args, Direction::Write));
}

i64 sys_read(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write(context, args, Direction::Read));
}

i64 sys_write(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write(context, args, Direction::Write));
}

i64 sys_readv(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write_vector(context, args, Direction::Read));
}

i64 sys_writev(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(read_or_write_vector(context, args, Direction::Write));
}

} // namespace sirius::syscall
