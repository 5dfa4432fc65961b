#pragma once

// The fixture of the pipe and descriptor tests: syscalls as the caller,
// pipes made by pipe2(2), and shorthands for writing and reading bytes
// through the caller's memory.
#include <fcntl.h>
#include <string>
#include <sys/resource.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {

class PipeTest : public SignalTest {
protected:
    // Where the caller's buffers live in its memory: the pipe2 result, and
    // a data area of kDataSize bytes.
    static constexpr u64 kFds = kUserData;
    static constexpr u64 kData = kUserData + 4096;
    static constexpr u64 kDataSize = kUserDataSize - 4096;
    static constexpr u64 kBad = 0xdead0000;

    struct Ends {
        int read { -1 };
        int write { -1 };
    };

    // pipe2(flags); a failure fails the test.
    Ends make_pipe(u32 flags = 0)
    {
        EXPECT_EQ(call(__NR_pipe2, kFds, flags), 0);
        return Ends { peek(kFds), peek(kFds + 4) };
    }

    // write(2) of `count` bytes of `fill` from the caller's data area.
    i64 write_bytes(int fd, usize count, char fill = 'x')
    {
        store(kData, std::string(count, fill));
        return call(__NR_write, static_cast<u64>(fd), kData, count);
    }
    // write(2) of `bytes`.
    i64 write_text(int fd, const std::string& bytes)
    {
        store(kData, bytes);
        return call(__NR_write, static_cast<u64>(fd), kData, bytes.size());
    }
    // read(2) of up to `count` bytes; what came, or the -errno as text.
    std::string read_text(int fd, usize count)
    {
        const i64 got = call(__NR_read, static_cast<u64>(fd), kData, count);
        if (got < 0) {
            return "-" + std::to_string(-got);
        }
        return load(kData, static_cast<usize>(got));
    }
    i64 close(int fd) { return call(__NR_close, static_cast<u64>(static_cast<u32>(fd))); }
    i64 fcntl(int fd, u64 command, u64 argument = 0) { return call(__NR_fcntl, static_cast<u64>(static_cast<u32>(fd)), command, argument); }

    void store(u64 address, const std::string& bytes)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), bytes.data(), bytes.size()).has_value());
    }
    std::string load(u64 address, usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(caller_space().backing().copy_from_user(bytes.data(), UserAddress(address), size).has_value());
        return bytes;
    }
    void set_open_files_limit(u64 limit)
    {
        caller().process().limits().get(RLIMIT_NOFILE).soft = limit;
    }

    static std::string errno_text(int error) { return "-" + std::to_string(error); }
};

} // namespace sirius::testing
