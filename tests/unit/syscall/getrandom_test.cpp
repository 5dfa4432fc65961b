// getrandom(2) through the syscall table, as drivers/char/random.c has it:
// the flag rules, the wait for the first seed, import_ubuf's cut and range
// check, and get_random_bytes_user's partial results. Where the man page is
// silent the expectation is what the host's Linux 6.18 did.
#include <cstring>
#include <linux/random.h>
#include <vector>

#include "core/signal/send_signal.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

using ::testing::Ref;

constexpr u64 kBuffer = KernelTest::kUserData + 0x1000;
constexpr u64 kUserEnd = KernelTest::kUserData + KernelTest::kUserDataSize;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kKernelAddress = 0xffff800000000000;
constexpr u64 kMaxRwCount = 0x7ffff000; // INT_MAX & PAGE_MASK
constexpr u8 kMarker = 0xa5;
constexpr hal::Nanoseconds kSecond = 1'000'000'000;

class GetrandomSyscallTest : public SignalTest {
protected:
    i64 getrandom(u64 address, u64 count, u64 flags = 0) { return call(__NR_getrandom, address, count, flags); }

    // `size` bytes at `address` set to kMarker.
    void mark(u64 address, usize size)
    {
        const std::vector<u8> bytes(size, kMarker);
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), bytes.data(), size).has_value());
    }
    std::vector<u8> load(u64 address, usize size)
    {
        std::vector<u8> bytes(size);
        EXPECT_TRUE(caller_space().backing().copy_from_user(bytes.data(), UserAddress(address), size).has_value());
        return bytes;
    }
    // How many of the `size` bytes at `address` are still kMarker.
    usize marked(u64 address, usize size)
    {
        usize count = 0;
        for (u8 byte : load(address, size)) {
            count += byte == kMarker ? 1 : 0;
        }
        return count;
    }
    void send(int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, caller(), signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
};

// A machine whose platform had no entropy at boot: the generator is not
// ready until the entropy source answers.
class UnseededGetrandomTest : public GetrandomSyscallTest {
protected:
    void SetUp() override
    {
        entropy.set_available(false);
        GetrandomSyscallTest::SetUp();
        ASSERT_FALSE(kernel->crng().is_ready());
    }
};

// --- the bytes -------------------------------------------------------------------

TEST_F(GetrandomSyscallTest, Getrandom_FillsTheBufferAndReturnsTheCount)
{
    // getrandom(2): "fills the buffer pointed to by buf with up to buflen
    // random bytes ... returns the number of bytes that were copied".
    for (const usize count : { 1UL, 16UL, 32UL, 33UL, 64UL, 100UL, 4096UL, 5000UL }) {
        mark(kBuffer, count + 64);
        ASSERT_EQ(getrandom(kBuffer, count), static_cast<i64>(count)) << count;
        // Random bytes may equal the marker; a run of 8 in a row hardly.
        EXPECT_LT(marked(kBuffer, count), count / 8 + 2) << count;
        EXPECT_EQ(marked(kBuffer + count, 64), 64U) << "written past the count " << count;
    }
}

TEST_F(GetrandomSyscallTest, Getrandom_EachCallGivesNewBytes)
{
    ASSERT_EQ(getrandom(kBuffer, 48), 48);
    const std::vector<u8> first = load(kBuffer, 48);
    ASSERT_EQ(getrandom(kBuffer, 48), 48);
    EXPECT_NE(load(kBuffer, 48), first);
}

TEST_F(GetrandomSyscallTest, Getrandom_LongRead_IsNotTheFirstBlockRepeated)
{
    ASSERT_EQ(getrandom(kBuffer, 256), 256);
    const std::vector<u8> bytes = load(kBuffer, 256);
    for (usize block = 1; block < 4; ++block) {
        EXPECT_NE(std::memcmp(bytes.data(), bytes.data() + 64 * block, 64), 0) << block;
    }
}

TEST_F(GetrandomSyscallTest, Getrandom_RandomAndNonblockFlags_GiveBytesOnceSeeded)
{
    // getrandom(2): GRND_RANDOM draws from the same source since Linux 5.6;
    // GRND_NONBLOCK matters only before the first seed.
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_RANDOM), 16);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_NONBLOCK), 16);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_RANDOM | GRND_NONBLOCK), 16);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE), 16);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE | GRND_NONBLOCK), 16);
}

TEST_F(GetrandomSyscallTest, Getrandom_ZeroBytes_ReturnsZeroWithoutTouchingMemory)
{
    // get_random_bytes_user: "if (unlikely(!iov_iter_count(iter))) return 0;"
    // - a NULL or unmapped buffer too (the host).
    EXPECT_CALL(caller_space(), copy_to_user(_, _, _)).Times(0);
    EXPECT_EQ(getrandom(0, 0), 0);
    EXPECT_EQ(getrandom(kUnmapped, 0), 0);
}

// --- the flags -------------------------------------------------------------------

TEST_F(GetrandomSyscallTest, Getrandom_UnknownFlag_IsEinvalAndWritesNothing)
{
    // getrandom(2) EINVAL: "An invalid flag was specified in flags."
    mark(kBuffer, 16);
    EXPECT_EQ(getrandom(kBuffer, 16, 0x8), -EINVAL);
    EXPECT_EQ(getrandom(kBuffer, 16, 0x80000000), -EINVAL);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_NONBLOCK | 0x10), -EINVAL);
    EXPECT_EQ(marked(kBuffer, 16), 16U);
}

TEST_F(GetrandomSyscallTest, Getrandom_InsecureTogetherWithRandom_IsEinval)
{
    // "Requesting insecure and blocking randomness at the same time makes
    // no sense." (getrandom(2): GRND_INSECURE ... "It is not valid to
    // combine it with GRND_RANDOM").
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE | GRND_RANDOM), -EINVAL);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE | GRND_RANDOM | GRND_NONBLOCK), -EINVAL);
}

TEST_F(GetrandomSyscallTest, Getrandom_FlagsAreAnUnsignedInt_TheUpperHalfIsIgnored)
{
    // The host: flags 0x100000000 is 0.
    EXPECT_EQ(getrandom(kBuffer, 16, 0x100000000), 16);
    EXPECT_EQ(getrandom(kBuffer, 16, 0xffffffff00000000 | GRND_NONBLOCK), 16);
}

TEST_F(GetrandomSyscallTest, Getrandom_FlagsAreCheckedBeforeTheBuffer)
{
    // The host: a bad flag with a NULL buffer is EINVAL.
    EXPECT_EQ(getrandom(0, 1, 0x8), -EINVAL);
    EXPECT_EQ(getrandom(kKernelAddress, 1, GRND_INSECURE | GRND_RANDOM), -EINVAL);
}

// --- the buffer ------------------------------------------------------------------

TEST_F(GetrandomSyscallTest, Getrandom_BadBuffer_IsEfault)
{
    // getrandom(2) EFAULT: "The address referred to by buf is outside the
    // accessible address space."
    EXPECT_EQ(getrandom(0, 1), -EFAULT);
    EXPECT_EQ(getrandom(kUnmapped, 16), -EFAULT);
    EXPECT_EQ(getrandom(kUnmapped, 100), -EFAULT);
    EXPECT_EQ(getrandom(kKernelAddress, 1), -EFAULT);
}

TEST_F(GetrandomSyscallTest, Getrandom_KernelAddress_IsEfaultEvenForZeroBytes)
{
    // import_ubuf's access_ok comes before the count is looked at (the
    // host: getrandom(0xffff800000000000, 0, 0) is EFAULT).
    EXPECT_EQ(getrandom(kKernelAddress, 0), -EFAULT);
    EXPECT_EQ(getrandom(0x7ffffffff000 - 8, 16), -EFAULT);
}

TEST_F(GetrandomSyscallTest, Getrandom_ReadOnlyMemory_IsEfault)
{
    ASSERT_TRUE(caller_space().backing().protect(UserAddress(kBuffer), 4096, hal::Protection::Read).has_value());
    EXPECT_EQ(getrandom(kBuffer, 16), -EFAULT);
    EXPECT_EQ(getrandom(kBuffer, 4096), -EFAULT);
}

TEST_F(GetrandomSyscallTest, Getrandom_FaultMidway_ReturnsTheBytesBeforeIt)
{
    // "return ret ? ret : -EFAULT": the bytes copied before the fault (the
    // host, with a hole after the buffer: 100 of 200, 10 of 20, 70 of 200).
    mark(kUserEnd - 100, 100);
    EXPECT_EQ(getrandom(kUserEnd - 100, 200), 100);
    EXPECT_LT(marked(kUserEnd - 100, 100), 20U);
    EXPECT_EQ(getrandom(kUserEnd - 10, 20), 10);
    EXPECT_EQ(getrandom(kUserEnd - 10, 40), 10);
    EXPECT_EQ(getrandom(kUserEnd - 70, 200), 70);
    EXPECT_EQ(getrandom(kUserEnd - 4096, 8192), 4096);
}

TEST_F(GetrandomSyscallTest, Getrandom_HugeCount_IsCutToMaxRwCountBeforeTheRangeCheck)
{
    // import_ubuf: "if (len > MAX_RW_COUNT) len = MAX_RW_COUNT;" then
    // access_ok - so ~0 bytes from a user address is no EFAULT, and the
    // read ends at the first unmapped page (the host: 2147479552 bytes
    // into a mapping that large).
    const u64 available = kUserEnd - kBuffer;
    EXPECT_EQ(getrandom(kBuffer, ~0ULL), static_cast<i64>(available));
    EXPECT_EQ(getrandom(kBuffer, 1ULL << 62), static_cast<i64>(available));
    // The cut count must still fit below the user limit.
    EXPECT_EQ(getrandom(0x7ffffffff000 - kMaxRwCount + 1, ~0ULL), -EFAULT);
}

// --- signals during a long read ------------------------------------------------------

TEST_F(GetrandomSyscallTest, Getrandom_SignalPending_EndsALongReadAtAPageWithWhatItHas)
{
    // get_random_bytes_user: "if (ret % PAGE_SIZE == 0) { if
    // (signal_pending(current)) break; ... }" - a whole page first.
    set_handler(caller(), SIGUSR1, 0x401000);
    send(SIGUSR1);
    EXPECT_EQ(getrandom(kBuffer, 3 * 4096), 4096);
    EXPECT_EQ(getrandom(kBuffer, 4096 + 1), 4096);
    // Up to a page, the read completes.
    EXPECT_EQ(getrandom(kBuffer, 4096), 4096);
    EXPECT_EQ(getrandom(kBuffer, 100), 100);
}

TEST_F(GetrandomSyscallTest, Getrandom_BlockedSignal_DoesNotEndALongRead)
{
    // The host: a blocked pending SIGUSR1, 1 MiB read in full.
    set_handler(caller(), SIGUSR1, 0x401000);
    block(caller(), SIGUSR1);
    send(SIGUSR1);
    EXPECT_EQ(getrandom(kBuffer, 8 * 4096), 8 * 4096);
}

// --- before the first seed -------------------------------------------------------------

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_Nonblock_IsEagain)
{
    // getrandom(2) EAGAIN: "The requested entropy was not available, and
    // getrandom() would have blocked if the GRND_NONBLOCK flag was not set."
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    mark(kBuffer, 16);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_NONBLOCK), -EAGAIN);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_NONBLOCK | GRND_RANDOM), -EAGAIN);
    EXPECT_EQ(marked(kBuffer, 16), 16U);
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_EagainComesBeforeEfault)
{
    // The buffer is looked at only once there are bytes to give.
    EXPECT_EQ(getrandom(kUnmapped, 16, GRND_NONBLOCK), -EAGAIN);
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_Insecure_GivesBytesWithoutWaiting)
{
    // getrandom(2) GRND_INSECURE: "Instead of blocking, return to the
    // caller immediately if no entropy is available."
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE), 16);
    EXPECT_EQ(getrandom(kBuffer, 100, GRND_INSECURE | GRND_NONBLOCK), 100);
    EXPECT_FALSE(kernel->crng().is_ready());
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_TheSeedArrivingBeforeTheCall_IsUsed)
{
    // The platform is asked again when a caller needs it.
    entropy.set_available(true);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_NONBLOCK), 16);
    EXPECT_TRUE(kernel->crng().is_ready());
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_Blocks_TryingAgainEachSecond)
{
    // getrandom(2): "If the urandom source has not yet been initialized,
    // then getrandom() blocks"; wait_for_random_bytes sleeps on
    // crng_init_wait for HZ, then tries to make entropy again.
    const hal::Nanoseconds before = clock.monotonic_now();
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(kernel->crng().ready_waiters()), hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) {
            EXPECT_FALSE(ready());
            EXPECT_GE(deadline, before + kSecond);
            EXPECT_LE(deadline, clock.monotonic_now() + kSecond);
            return hal::WakeReason::TimedOut;
        })
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
            entropy.set_available(true);
            return hal::WakeReason::TimedOut;
        });
    mark(kBuffer, 16);
    EXPECT_EQ(getrandom(kBuffer, 16), 16);
    EXPECT_TRUE(kernel->crng().is_ready());
    EXPECT_LT(marked(kBuffer, 16), 4U);
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_SeededByAnotherCaller_WakesTheWaiter)
{
    // crng_reseed's "wake_up_interruptible(&crng_init_wait)" ends the wait.
    EXPECT_CALL(scheduler, wake_all(Ref(kernel->crng().ready_waiters())));
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(kernel->crng().ready_waiters()), hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds) {
            entropy.set_available(true);
            EXPECT_TRUE(kernel->crng().try_to_seed());
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    EXPECT_EQ(getrandom(kBuffer, 64, GRND_RANDOM), 64);
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_SignalDuringTheWait_IsErestartsys)
{
    // wait_event_interruptible_timeout returns -ERESTARTSYS: EINTR to a
    // handler without SA_RESTART, the call again otherwise.
    set_handler(caller(), SIGUSR1, 0x401000);
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(kernel->crng().ready_waiters()), hal::BlockMode::Interruptible, _, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
            send(SIGUSR1);
            return hal::WakeReason::Interrupted;
        });
    mark(kBuffer, 16);
    EXPECT_EQ(getrandom(kBuffer, 16), -ERESTARTSYS);
    EXPECT_EQ(marked(kBuffer, 16), 16U);
    EXPECT_FALSE(kernel->crng().is_ready());
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_InterruptedWithoutASignal_WaitsOn)
{
    EXPECT_CALL(scheduler, wait_until_deadline(Ref(kernel->crng().ready_waiters()), hal::BlockMode::Interruptible, _, _))
        .WillOnce(::testing::Return(hal::WakeReason::Interrupted))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds) {
            entropy.set_available(true);
            return hal::WakeReason::TimedOut;
        });
    EXPECT_EQ(getrandom(kBuffer, 16), 16);
}

TEST_F(UnseededGetrandomTest, Getrandom_NotSeeded_FlagsAreCheckedFirst)
{
    EXPECT_CALL(scheduler, wait_until_deadline(_, _, _, _)).Times(0);
    EXPECT_EQ(getrandom(kBuffer, 16, 0x8), -EINVAL);
    EXPECT_EQ(getrandom(kBuffer, 16, GRND_INSECURE | GRND_RANDOM), -EINVAL);
}

} // namespace
} // namespace sirius::testing
