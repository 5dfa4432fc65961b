#include "core/fs/char_device.h"

namespace sirius::fs {

Result<void> CharDeviceTable::add(u32 major, u32 minor, CharDevice& device)
{
    for (Entry& entry : m_entries) {
        if (entry.major == major && entry.minor == minor) {
            entry.device = &device;
            return {};
        }
    }
    return m_entries.try_append(Entry { major, minor, &device });
}

CharDevice* CharDeviceTable::find(u64 rdev) const
{
    const u32 major = device_major(rdev);
    const u32 minor = device_minor(rdev);
    for (const Entry& entry : m_entries) {
        if (entry.major == major && entry.minor == minor) {
            return entry.device;
        }
    }
    return nullptr;
}

} // namespace sirius::fs
