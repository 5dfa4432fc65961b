#include "core/fs/memory_devices.h"

#include "core/proc/kernel.h"

namespace sirius::fs {

namespace {

// Bytes go to and from user memory through a buffer of this size.
constexpr usize kChunk = 256;

// Fills `count` bytes at `buffer` with zeros or generator output, a chunk
// at a time: the bytes done before a chunk faults, or EFAULT for none
// (read_iter_zero, get_random_bytes_user).
Result<usize> fill_user(IoContext& io, UserAddress buffer, usize count, bool random)
{
    u8 chunk[kChunk] {};
    usize done = 0;
    while (done < count) {
        const usize size = min(count - done, kChunk);
        if (random) {
            io.kernel.crng().fill(chunk, size);
        }
        if (io.memory.copy_to_user(UserAddress(buffer.value() + done), chunk, size).is_error()) {
            if (done == 0) {
                return errno_error(EFAULT);
            }
            break;
        }
        done += size;
    }
    return done;
}

} // namespace

Result<usize> MemoryDeviceFile::read(IoContext& io, UserAddress buffer, usize count, i64& /*position*/)
{
    switch (m_kind) {
    case MemoryDeviceKind::Null:
        // read_null: "return 0".
        return usize { 0 };
    case MemoryDeviceKind::Zero:
    case MemoryDeviceKind::Full:
        return fill_user(io, buffer, count, false);
    case MemoryDeviceKind::Random:
        return fill_user(io, buffer, count, true);
    }
    return errno_error(EINVAL);
}

Result<usize> MemoryDeviceFile::write(IoContext& io, UserAddress buffer, usize count, i64& /*position*/)
{
    switch (m_kind) {
    case MemoryDeviceKind::Null:
    case MemoryDeviceKind::Zero:
        // write_null / write_zero: "return count", the buffer untouched.
        return count;
    case MemoryDeviceKind::Full:
        // write_full: "return -ENOSPC".
        return errno_error(ENOSPC);
    case MemoryDeviceKind::Random: {
        // random_write_iter: the bytes are copied in (EFAULT before any),
        // then mixed into the pool.
        u8 chunk[kChunk];
        usize done = 0;
        while (done < count) {
            const usize size = min(count - done, kChunk);
            if (io.memory.copy_from_user(chunk, UserAddress(buffer.value() + done), size).is_error()) {
                if (done == 0) {
                    return errno_error(EFAULT);
                }
                break;
            }
            done += size;
        }
        return done;
    }
    }
    return errno_error(EINVAL);
}

Result<RefPtr<File>> MemoryDevice::open(const DeviceOpen& request)
{
    RefPtr<MemoryDeviceFile> file = TRY(try_make_ref<MemoryDeviceFile>(m_kind, request.flags));
    return RefPtr<File>(move(file));
}

Result<void> MemoryDevices::register_in(CharDeviceTable& table)
{
    TRY(table.add(kMajor, kNullMinor, m_null));
    TRY(table.add(kMajor, kZeroMinor, m_zero));
    TRY(table.add(kMajor, kFullMinor, m_full));
    TRY(table.add(kMajor, kRandomMinor, m_random));
    TRY(table.add(kMajor, kUrandomMinor, m_random));
    return {};
}

} // namespace sirius::fs
