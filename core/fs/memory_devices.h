#pragma once

// The memory devices of major 1 (Linux drivers/char/mem.c, and
// drivers/char/random.c for random and urandom), as null(4), zero(4),
// full(4) and random(4) describe them:
// - /dev/null (1,3): "Data written to /dev/null is discarded", reads give
//   end of file;
// - /dev/zero (1,5): reads return zero bytes, writes are discarded;
// - /dev/full (1,7): reads return zero bytes, "writes to /dev/full fail
//   with an ENOSPC error";
// - /dev/random (1,8) and /dev/urandom (1,9): reads return bytes of the
//   kernel's generator (the one getrandom(2) reads); a write is accepted
//   (Linux mixes it into the input pool uncredited; Sirius reads and drops
//   it, so a bad buffer is still EFAULT).
#include "core/fs/char_device.h"

namespace sirius::fs {

enum class MemoryDeviceKind : u8 {
    Null,
    Zero,
    Full,
    Random,
};

class MemoryDeviceFile final : public File {
public:
    MemoryDeviceFile(MemoryDeviceKind kind, u32 status_flags)
        : File(status_flags, FileOperations { .read = true, .write = true, .seek = true })
        , m_kind(kind)
    {
    }

    [[nodiscard]] FileKind kind() const override { return FileKind::Other; }
    [[nodiscard]] MemoryDeviceKind device_kind() const { return m_kind; }

    Result<usize> read(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    Result<usize> write(IoContext& io, UserAddress buffer, usize count, i64& position) override;
    // null_lseek / zero_lseek: every seek of these devices lands at 0.
    Result<i64> seek_end(u32 /*whence*/, i64 /*offset*/) override { return i64 { 0 }; }

private:
    MemoryDeviceKind m_kind;
};

class MemoryDevice final : public CharDevice {
public:
    explicit MemoryDevice(MemoryDeviceKind kind)
        : m_kind(kind)
    {
    }
    Result<RefPtr<File>> open(const DeviceOpen& request) override;

private:
    MemoryDeviceKind m_kind;
};

// The major-1 devices, registered at boot (chr_dev_init's devlist).
class MemoryDevices {
public:
    static constexpr u32 kMajor = 1;
    static constexpr u32 kNullMinor = 3;
    static constexpr u32 kZeroMinor = 5;
    static constexpr u32 kFullMinor = 7;
    static constexpr u32 kRandomMinor = 8;
    static constexpr u32 kUrandomMinor = 9;

    // Errors: ENOMEM.
    Result<void> register_in(CharDeviceTable& table);

private:
    MemoryDevice m_null { MemoryDeviceKind::Null };
    MemoryDevice m_zero { MemoryDeviceKind::Zero };
    MemoryDevice m_full { MemoryDeviceKind::Full };
    MemoryDevice m_random { MemoryDeviceKind::Random };
};

} // namespace sirius::fs
