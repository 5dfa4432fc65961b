#pragma once

// A console for tests and host machines: what is written is kept in
// `output`, what a test puts in `input` is what reads take.
#include <string>

#include "core/hal/console_sink.h"

namespace sirius::host {

class RecordingConsole final : public hal::ConsoleSink {
public:
    void write(const u8* bytes, usize size) override
    {
        output.append(reinterpret_cast<const char*>(bytes), size);
        ++writes;
    }

    usize read(u8* buffer, usize size) override
    {
        const usize taken = size < input.size() ? size : input.size();
        input.copy(reinterpret_cast<char*>(buffer), taken);
        input.erase(0, taken);
        return taken;
    }

    bool has_input() override { return !input.empty(); }

    std::string output;
    std::string input;
    usize writes { 0 }; // calls of write(), one per chunk the console passes on
};

} // namespace sirius::host
