// The kernel's random generator as drivers/char/random.c runs it: ready
// once seeded, fast key erasure on every request, reseeded after
// crng_reseed_interval() - every minute, and in the first two minutes of
// uptime after half the uptime, at least a second.
#include <cstring>
#include <gtest/gtest.h>
#include <vector>

#include "core/random/crng.h"
#include "platform/host/fake_entropy_source.h"
#include "tests/unit/support/mocks.h"

namespace sirius::testing {
namespace {

using ::testing::_;

constexpr hal::Nanoseconds kSecond = 1'000'000'000;

// Time only a test moves.
class FakeClock final : public hal::Clock {
public:
    [[nodiscard]] hal::Nanoseconds monotonic_now() const override { return now; }
    [[nodiscard]] hal::Nanoseconds realtime_now() const override { return 1'700'000'000 * kSecond + now; }
    [[nodiscard]] hal::Nanoseconds tick_period() const override { return 1'000'000; }
    hal::Nanoseconds now { 0 };
};

class CrngTest : public ::testing::Test {
protected:
    std::vector<u8> draw(random::Crng& generator, usize count)
    {
        std::vector<u8> bytes(count);
        generator.fill(bytes.data(), bytes.size());
        return bytes;
    }

    FakeClock clock;
    host::FakeEntropySource entropy;
    ::testing::NiceMock<MockScheduler> scheduler;
    random::Crng crng { entropy, clock, scheduler };
};

TEST_F(CrngTest, Initialize_WithASeedFromThePlatform_IsReady)
{
    crng.initialize();
    EXPECT_TRUE(crng.is_ready());
    EXPECT_EQ(entropy.reads(), 1U);
}

TEST_F(CrngTest, Initialize_WithoutASeed_IsNotReady_ButStillGivesInsecureBytes)
{
    // crng_make_state before CRNG_READY: fast key erasure on the unseeded
    // key (what GRND_INSECURE returns).
    entropy.set_available(false);
    crng.initialize();
    EXPECT_FALSE(crng.is_ready());
    EXPECT_NE(draw(crng, 32), draw(crng, 32));
}

TEST_F(CrngTest, TryToSeed_OnceThePlatformHasASeed_BecomesReadyAndWakesTheWaiters)
{
    entropy.set_available(false);
    crng.initialize();
    EXPECT_FALSE(crng.try_to_seed());
    entropy.set_available(true);
    // "wake_up_interruptible(&crng_init_wait)".
    EXPECT_CALL(scheduler, wake_all(::testing::Ref(crng.ready_waiters())));
    EXPECT_TRUE(crng.try_to_seed());
    EXPECT_TRUE(crng.is_ready());
}

TEST_F(CrngTest, TryToSeed_WhenReady_AsksThePlatformNoMore)
{
    crng.initialize();
    const u32 reads = entropy.reads();
    EXPECT_TRUE(crng.try_to_seed());
    EXPECT_EQ(entropy.reads(), reads);
}

TEST_F(CrngTest, FastKeyErasure_EveryRequestGivesNewBytes)
{
    crng.initialize();
    const std::vector<u8> first = draw(crng, 32);
    const std::vector<u8> second = draw(crng, 32);
    EXPECT_NE(first, second);
    EXPECT_NE(first, std::vector<u8>(32, 0));
}

TEST_F(CrngTest, MakeState_ReturnsAStateWhoseBlocksDifferFromItsRandomData)
{
    crng.initialize();
    random::ChaChaState state;
    u8 data[32];
    crng.make_state(state, data, sizeof(data));
    // crng_fast_key_erasure: the state left after block 0 (counter 1).
    EXPECT_EQ(state.words[0], 0x61707865U);
    EXPECT_EQ(state.words[12], 1U);
    u8 block[64];
    random::chacha20_block(state, block);
    EXPECT_NE(std::memcmp(block, data, sizeof(data)), 0);
}

TEST_F(CrngTest, SameSeedsAndTimes_GiveTheSameBytes_DifferentSeedsDifferentOnes)
{
    crng.initialize();
    host::FakeEntropySource same_entropy;
    random::Crng twin { same_entropy, clock, scheduler };
    twin.initialize();
    EXPECT_EQ(draw(crng, 200), draw(twin, 200));

    host::FakeEntropySource other_entropy(1234);
    random::Crng other { other_entropy, clock, scheduler };
    other.initialize();
    EXPECT_NE(draw(crng, 200), draw(other, 200));
}

TEST_F(CrngTest, Fill_ZeroBytes_TakesNothingFromTheGenerator)
{
    crng.initialize();
    host::FakeEntropySource same_entropy;
    random::Crng twin { same_entropy, clock, scheduler };
    twin.initialize();
    crng.fill(nullptr, 0);
    EXPECT_EQ(draw(crng, 48), draw(twin, 48));
}

TEST_F(CrngTest, Fill_LongerThanABlock_IsNotTheShortOutputRepeated)
{
    crng.initialize();
    const std::vector<u8> bytes = draw(crng, 200);
    EXPECT_NE(std::memcmp(bytes.data(), bytes.data() + 32, 32), 0);
    EXPECT_NE(std::memcmp(bytes.data() + 32, bytes.data() + 96, 64), 0);
}

TEST_F(CrngTest, Reseed_InEarlyBoot_AfterHalfTheUptimeInWholeSeconds)
{
    // crng_reseed_interval: "max(CRNG_RESEED_START_INTERVAL, uptime / 2 * HZ)".
    clock.now = 10 * kSecond;
    crng.initialize();
    const u32 reads = entropy.reads();
    clock.now = 15 * kSecond - 1;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads);
    clock.now = 15 * kSecond;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads + 1);
    // From uptime 15 s: 7 s on.
    clock.now = 22 * kSecond - 1;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads + 1);
    clock.now = 22 * kSecond;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads + 2);
}

TEST_F(CrngTest, Reseed_RightAfterBoot_WaitsAtLeastASecond)
{
    // CRNG_RESEED_START_INTERVAL is HZ.
    clock.now = kSecond / 2;
    crng.initialize();
    const u32 reads = entropy.reads();
    clock.now = kSecond + kSecond / 2 - 1;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads);
    clock.now = kSecond + kSecond / 2;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads + 1);
}

TEST_F(CrngTest, Reseed_AfterTwoMinutesOfUptime_EveryMinute)
{
    // "if (uptime >= CRNG_RESEED_INTERVAL / HZ * 2) early_boot = false":
    // CRNG_RESEED_INTERVAL is 60 * HZ.
    clock.now = 120 * kSecond;
    crng.initialize();
    const u32 reads = entropy.reads();
    clock.now = 180 * kSecond - 1;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads);
    clock.now = 180 * kSecond;
    draw(crng, 8);
    EXPECT_EQ(entropy.reads(), reads + 1);
}

TEST_F(CrngTest, Reseed_WithNothingFromThePlatform_KeepsGoingAndTriesAgainLater)
{
    clock.now = 200 * kSecond;
    crng.initialize();
    entropy.set_available(false);
    clock.now = 260 * kSecond;
    const std::vector<u8> after_failed_reseed = draw(crng, 32);
    EXPECT_TRUE(crng.is_ready());
    const u32 reads = entropy.reads();
    clock.now = 320 * kSecond;
    EXPECT_NE(draw(crng, 32), after_failed_reseed);
    EXPECT_EQ(entropy.reads(), reads + 1);
}

TEST_F(CrngTest, NotReady_NeverReseedsFromMakeState)
{
    // Before CRNG_READY only a seed (try_to_seed) changes the key's source.
    entropy.set_available(false);
    crng.initialize();
    const u32 reads = entropy.reads();
    clock.now = 1000 * kSecond;
    draw(crng, 64);
    EXPECT_EQ(entropy.reads(), reads);
}

} // namespace
} // namespace sirius::testing
