#pragma once

// Character device drivers by device number (Linux fs/char_dev.c: the
// cdev_map that chrdev_open asks). Opening a character device node of any
// file system - devtmpfs, or a node mknod made on tmpfs - finds the driver
// registered for the node's rdev and lets it make the open file; a number
// no driver has is ENXIO ("No such device or address", open(2)).
#include "core/base/heap_object.h"
#include "core/base/vector.h"
#include "core/fs/file.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::fs {

// Linux new_decode_dev: the major and minor of a dev_t (encode_device).
constexpr u32 device_major(u64 device)
{
    return static_cast<u32>(((device >> 8) & 0xfffU) | ((device >> 32) & ~0xfffULL));
}
constexpr u32 device_minor(u64 device)
{
    return static_cast<u32>((device & 0xffU) | ((device >> 12) & ~0xffULL));
}

// What a driver's open gets (the struct file's f_flags and current).
struct DeviceOpen {
    proc::Kernel& kernel;
    proc::Thread* caller; // nullptr when the kernel itself opens
    u32 flags; // as open(2) got them (O_NOCTTY included)
};

class CharDevice : public HeapObject {
public:
    virtual ~CharDevice() = default;
    // The file that reads and writes the device (the driver's
    // file_operations). Errors: ENXIO (nothing behind it now, /dev/tty
    // without a controlling terminal), ENOMEM.
    virtual Result<RefPtr<File>> open(const DeviceOpen& request) = 0;
};

class CharDeviceTable {
public:
    // Registers `device` for (major, minor); a later registration of the
    // same number replaces it. `device` outlives the table. Errors: ENOMEM.
    Result<void> add(u32 major, u32 minor, CharDevice& device);
    // The driver of `rdev`, or nullptr (chrdev_open: -ENXIO).
    [[nodiscard]] CharDevice* find(u64 rdev) const;

private:
    struct Entry {
        u32 major;
        u32 minor;
        CharDevice* device;
    };
    Vector<Entry> m_entries;
};

} // namespace sirius::fs
