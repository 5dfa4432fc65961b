// sysinfo(2) as kernel/sys.c do_sysinfo fills it.
#include <sys/sysinfo.h>

#include "platform/host/memory_statistics.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kInfo = KernelTest::kUserData + 0x100;

class SysinfoTest : public SignalTest {
protected:
    void TearDown() override
    {
        host::set_memory_statistics({ u64 { 1 } << 30, u64 { 1 } << 29 });
        SignalTest::TearDown();
    }
    struct sysinfo read_info()
    {
        struct sysinfo info {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&info, UserAddress(kInfo), sizeof(info)).has_value());
        return info;
    }
};

TEST_F(SysinfoTest, Sysinfo_ReportsTotalAndFreeRamInBytes)
{
    // sysinfo(2): "sizes are given as multiples of mem_unit bytes"; on
    // 64-bit Linux mem_unit is 1.
    host::set_memory_statistics({ 512ULL << 20, 300ULL << 20 });
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    struct sysinfo info = read_info();
    EXPECT_EQ(info.mem_unit, 1U);
    EXPECT_EQ(info.totalram, 512UL << 20);
    EXPECT_EQ(info.freeram, 300UL << 20);
    EXPECT_EQ(info.totalswap, 0UL);
    EXPECT_EQ(info.freeswap, 0UL);
}

TEST_F(SysinfoTest, Sysinfo_FreeRamFollowsTheMachine)
{
    host::set_memory_statistics({ 512ULL << 20, 100ULL << 20 });
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    EXPECT_EQ(read_info().freeram, 100UL << 20);
}

TEST_F(SysinfoTest, Sysinfo_ProcsCountsEveryThread)
{
    // do_sysinfo: "info->procs = nr_threads".
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    u32 before = read_info().procs;
    EXPECT_EQ(before, kernel->thread_count());
    ASSERT_NE(spawn_thread(), nullptr);
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    EXPECT_EQ(read_info().procs, before + 1);
}

TEST_F(SysinfoTest, Sysinfo_UptimeIsWholeSecondsRoundedUp)
{
    // "info->uptime = tp.tv_sec + (tp.tv_nsec ? 1 : 0)".
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    i64 monotonic = clock.monotonic_now();
    i64 uptime = read_info().uptime;
    EXPECT_GE(uptime, monotonic / 1'000'000'000);
    EXPECT_LE(uptime, monotonic / 1'000'000'000 + 2);
}

TEST_F(SysinfoTest, Sysinfo_UptimeIsTheTimeNamespaces)
{
    // time_namespaces(7): the boottime offset shows in sysinfo's uptime.
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    i64 plain = read_info().uptime;
    constexpr i64 kThousandSeconds = 1000LL * 1'000'000'000;
    ns::NamespaceSet set = caller().namespaces->namespaces();
    ASSERT_OK_AND_ASSIGN(set.time, try_make_ref<ns::TimeNamespace>(kernel->initial_user_namespace(), 0xeffff000U, ns::TimeOffsets { 0, kThousandSeconds }));
    ASSERT_OK_AND_ASSIGN(caller().namespaces, try_make_ref<ns::NsProxy>(set));
    ASSERT_EQ(call(__NR_sysinfo, kInfo), 0);
    EXPECT_GE(read_info().uptime, plain + 1000);
    EXPECT_LE(read_info().uptime, plain + 1002);
}

TEST_F(SysinfoTest, Sysinfo_BadPointer_IsEfault)
{
    // sysinfo(2) ERRORS: "EFAULT pointer to struct sysinfo is invalid".
    EXPECT_EQ(call(__NR_sysinfo, 0), -EFAULT);
    EXPECT_EQ(call(__NR_sysinfo, 0xdead0000), -EFAULT);
}

} // namespace
} // namespace sirius::testing
