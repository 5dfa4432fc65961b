#pragma once

// The fixture of the poll(2) and select(2) tests: pipes to poll, and the
// caller's pollfd arrays and fd_sets in its memory.
#include <poll.h>
#include <vector>

#include "tests/unit/support/pipe_fixture.h"

namespace sirius::testing {

class PollTest : public PipeTest {
protected:
    // Where the call's arguments live in the caller's memory, each group
    // on a page of its own (so one can be made read-only), above the data
    // area write_text() uses.
    static constexpr u64 kEntries = kData + 4 * 4096; // the pollfd array
    static constexpr u64 kTime = kData + 5 * 4096; // a timespec or timeval
    static constexpr u64 kMask = kTime + 256; // a sigset_t
    static constexpr u64 kMaskArgument = kTime + 512; // pselect6's {mask, size}
    static constexpr u64 kReadSet = kData + 6 * 4096;
    static constexpr u64 kWriteSet = kReadSet + 256;
    static constexpr u64 kExceptSet = kReadSet + 512;
    static constexpr u64 kPayload = kData + 7 * 4096; // bytes a child writes
    static constexpr u64 kHandler = 0x401000; // a signal handler's address

    void SetUp() override
    {
        PipeTest::SetUp();
        clock.freeze();
    }

    template<typename T>
    void put(u64 address, const T& value)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &value, sizeof(value)).has_value());
    }
    template<typename T>
    T get(u64 address)
    {
        T value {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
        return value;
    }

    // The pollfd array at kEntries.
    void put_entries(const std::vector<pollfd>& entries)
    {
        for (usize i = 0; i < entries.size(); ++i) {
            put(kEntries + i * sizeof(pollfd), entries[i]);
        }
    }
    // Makes the page of `address` read-only.
    void make_read_only(u64 address)
    {
        ASSERT_TRUE(caller_space().backing().protect(UserAddress(address & ~u64 { 4095 }), 4096, hal::Protection::Read).has_value());
    }
    i16 revents(usize index) { return get<pollfd>(kEntries + index * sizeof(pollfd)).revents; }

    i64 poll(const std::vector<pollfd>& entries, int timeout)
    {
        put_entries(entries);
        return call(__NR_poll, kEntries, entries.size(), static_cast<u64>(static_cast<u32>(timeout)));
    }

    // A pipe with bytes waiting in it.
    Ends pipe_with_data()
    {
        const Ends ends = make_pipe();
        EXPECT_EQ(write_text(ends.write, "data"), 4);
        return ends;
    }

    // A one-word fd_set holding `fds`.
    static u64 fd_set_of(std::initializer_list<int> fds)
    {
        u64 set = 0;
        for (const int fd : fds) {
            set |= u64 { 1 } << fd;
        }
        return set;
    }
};

} // namespace sirius::testing
