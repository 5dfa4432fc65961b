#pragma once

// A file for the syscall tests: its read and write move at most `limit`
// bytes a call between user memory and `data`, fail with `error` when it is
// set, advance the position, and record what they were asked.
#include <algorithm>
#include <fcntl.h>
#include <string>
#include <vector>

#include "core/fs/file.h"

namespace sirius::testing {

class ScriptedFile final : public fs::File {
public:
    explicit ScriptedFile(u32 status_flags = O_RDWR)
        : File(status_flags, fs::FileOperations { .read = true, .write = true })
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }

    struct Call {
        u64 buffer;
        usize count;
        i64 position;
        bool operator==(const Call&) const = default;
    };

    Result<usize> read(fs::IoContext& io, UserAddress buffer, usize count, i64& position) override
    {
        calls.push_back({ buffer.value(), count, position });
        if (error != 0) {
            return errno_error(error);
        }
        const usize moved = std::min({ count, limit, data.size() });
        if (touch_memory) {
            TRY(io.memory.copy_to_user(buffer, data.data(), moved));
        }
        data.erase(0, moved);
        position += static_cast<i64>(moved);
        return moved;
    }

    Result<usize> write(fs::IoContext& io, UserAddress buffer, usize count, i64& position) override
    {
        calls.push_back({ buffer.value(), count, position });
        if (error != 0) {
            return errno_error(error);
        }
        const usize moved = std::min(count, limit);
        if (touch_memory) {
            std::string bytes(moved, '\0');
            TRY(io.memory.copy_from_user(bytes.data(), buffer, moved));
            data += bytes;
        }
        position += static_cast<i64>(moved);
        return moved;
    }

    std::vector<Call> calls;
    std::string data;
    usize limit { ~usize { 0 } };
    int error { 0 };
    // False: move nothing, only count (as /dev/zero's write), for counts
    // larger than the test's memory.
    bool touch_memory { true };
};

} // namespace sirius::testing
