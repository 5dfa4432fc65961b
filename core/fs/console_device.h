#pragma once

// The console as a character device when it is not a terminal
// (sirius.console=plain): every open of /dev/console or /dev/ttyS0 is a
// ConsoleFile on the platform's sink.
#include "core/fs/char_device.h"
#include "core/fs/console_file.h"

namespace sirius::fs {

class ConsoleDevice final : public CharDevice {
public:
    // `sink` outlives the device.
    explicit ConsoleDevice(hal::ConsoleSink& sink)
        : m_sink(sink)
    {
    }
    Result<RefPtr<File>> open(const DeviceOpen& request) override
    {
        RefPtr<ConsoleFile> file = TRY(try_make_ref<ConsoleFile>(m_sink, request.flags));
        return RefPtr<File>(move(file));
    }

private:
    hal::ConsoleSink& m_sink;
};

} // namespace sirius::fs
