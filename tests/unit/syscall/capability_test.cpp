// capget(2) and capset(2) as Linux's kernel/capability.c and
// security/commoncap.c (cap_capset) have them: one test per rule.
#include <linux/capability.h>

#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kHeader = KernelTest::kUserData + 0x100;
constexpr u64 kData = KernelTest::kUserData + 0x200;
constexpr u64 kBad = 0xdead0000;
constexpr u32 kVersion1 = 0x19980330;
constexpr u32 kVersion3 = 0x20080522;

struct Sets {
    u32 effective, permitted, inheritable;
};

class CapabilityTest : public SignalTest {
protected:
    void store_header(u32 version, i32 pid)
    {
        const u32 header[2] = { version, static_cast<u32>(pid) };
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kHeader), header, sizeof(header)).has_value());
    }
    u32 header_version() { return static_cast<u32>(peek(kHeader)); }
    void store_sets(const Sets& low, const Sets& high = {})
    {
        const Sets sets[2] = { low, high };
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kData), sets, sizeof(sets)).has_value());
    }
    Sets load_sets(usize word = 0)
    {
        Sets sets[2] {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(sets, UserAddress(kData), sizeof(sets)).has_value());
        return sets[word];
    }
    static u32 bit(int capability) { return 1U << capability; }
};

TEST_F(CapabilityTest, Capget_UnknownVersion_IsEinvalAndWritesThePreferredOne)
{
    // capget(2): "If a version is unsupported, the kernel returns EINVAL
    // and sets the version field to its preferred value."
    store_header(0, 0);
    EXPECT_EQ(call(__NR_capget, kHeader, kData), -EINVAL);
    EXPECT_EQ(header_version(), kVersion3);
}

TEST_F(CapabilityTest, Capget_NullDataIsAVersionProbe)
{
    store_header(0, 0);
    EXPECT_EQ(call(__NR_capget, kHeader, 0), 0);
    EXPECT_EQ(header_version(), kVersion3);
    EXPECT_EQ(call(__NR_capget, kBad, 0), -EFAULT);
}

TEST_F(CapabilityTest, Capget_ReadsTheSetsOfTheCallerOrAnotherThread)
{
    store_header(kVersion3, 0);
    ASSERT_EQ(call(__NR_capget, kHeader, kData), 0);
    EXPECT_EQ(load_sets().effective, 0xFFFFFFFFU);
    EXPECT_EQ(load_sets(1).permitted, static_cast<u32>(proc::CapabilitySet::full().bits() >> 32));
    EXPECT_EQ(load_sets().inheritable, 0U);
    become_user(1000);
    // The caller lost its capabilities; init, pid 1, still has them all.
    store_header(kVersion3, 1);
    ASSERT_EQ(call(__NR_capget, kHeader, kData), 0);
    EXPECT_EQ(load_sets().permitted, 0xFFFFFFFFU);
}

TEST_F(CapabilityTest, Capget_NoSuchPid_IsEsrchAndNegative_IsEinval)
{
    store_header(kVersion3, 30000);
    EXPECT_EQ(call(__NR_capget, kHeader, kData), -ESRCH);
    store_header(kVersion3, -1);
    EXPECT_EQ(call(__NR_capget, kHeader, kData), -EINVAL);
}

TEST_F(CapabilityTest, Capget_Version1_CopiesOnlyTheLowWords)
{
    store_sets({ 7, 7, 7 }, { 7, 7, 7 });
    store_header(kVersion1, 0);
    ASSERT_EQ(call(__NR_capget, kHeader, kData), 0);
    EXPECT_EQ(load_sets().permitted, 0xFFFFFFFFU);
    EXPECT_EQ(load_sets(1).permitted, 7U); // untouched
}

TEST_F(CapabilityTest, Version2_WorksAsVersion3)
{
    store_header(0x20071026, 0);
    ASSERT_EQ(call(__NR_capget, kHeader, kData), 0);
    EXPECT_EQ(header_version(), 0x20071026U);
    EXPECT_EQ(load_sets(1).permitted, static_cast<u32>(proc::CapabilitySet::full().bits() >> 32));
}

TEST_F(CapabilityTest, Capset_AnotherPid_IsEperm)
{
    store_header(kVersion3, 1);
    store_sets({ 0, 0, 0 });
    EXPECT_EQ(call(__NR_capset, kHeader, kData), -EPERM);
}

TEST_F(CapabilityTest, Capset_DropsCapabilities)
{
    store_header(kVersion3, 0);
    store_sets({ bit(CAP_KILL), bit(CAP_KILL) | bit(CAP_CHOWN), bit(CAP_CHOWN) });
    ASSERT_EQ(call(__NR_capset, kHeader, kData), 0);
    const proc::Credentials& credentials = *caller().credentials;
    EXPECT_EQ(credentials.effective.bits(), u64 { bit(CAP_KILL) });
    EXPECT_EQ(credentials.permitted.bits(), u64 { bit(CAP_KILL) | bit(CAP_CHOWN) });
    EXPECT_EQ(credentials.inheritable.bits(), u64 { bit(CAP_CHOWN) });
}

TEST_F(CapabilityTest, Capset_PermittedMayOnlyShrink)
{
    // capset(2) EPERM: "an attempt was made to add a capability to the
    // permitted set".
    store_header(kVersion3, 0);
    store_sets({ 0, bit(CAP_KILL), 0 });
    ASSERT_EQ(call(__NR_capset, kHeader, kData), 0);
    store_sets({ 0, bit(CAP_KILL) | bit(CAP_CHOWN), 0 });
    EXPECT_EQ(call(__NR_capset, kHeader, kData), -EPERM);
}

TEST_F(CapabilityTest, Capset_EffectiveOutsideTheNewPermitted_IsEperm)
{
    store_header(kVersion3, 0);
    store_sets({ bit(CAP_KILL), bit(CAP_CHOWN), 0 });
    EXPECT_EQ(call(__NR_capset, kHeader, kData), -EPERM);
}

TEST_F(CapabilityTest, Capset_InheritableBeyondPermittedWithoutSetpcap_IsEperm)
{
    // "an attempt was made to set a capability in the inheritable set that
    // is not in the permitted set ... without CAP_SETPCAP in its effective
    // set".
    store_header(kVersion3, 0);
    store_sets({ bit(CAP_KILL), bit(CAP_KILL), 0 });
    ASSERT_EQ(call(__NR_capset, kHeader, kData), 0);
    store_sets({ bit(CAP_KILL), bit(CAP_KILL), bit(CAP_CHOWN) });
    EXPECT_EQ(call(__NR_capset, kHeader, kData), -EPERM);
}

TEST_F(CapabilityTest, Capset_InheritableBeyondTheBoundingSet_IsEperm)
{
    ASSERT_OK_AND_ASSIGN(auto credentials, caller().credentials->clone());
    credentials->bounding.remove(CAP_CHOWN);
    caller().credentials = credentials;
    store_header(kVersion3, 0);
    store_sets({ 0xFFFFFFFF, 0xFFFFFFFF, bit(CAP_CHOWN) });
    EXPECT_EQ(call(__NR_capset, kHeader, kData), -EPERM);
}

TEST_F(CapabilityTest, Capset_BadPointers_AreEfault)
{
    store_header(kVersion3, 0);
    EXPECT_EQ(call(__NR_capset, kHeader, kBad), -EFAULT);
    EXPECT_EQ(call(__NR_capset, kBad, kData), -EFAULT);
}

} // namespace
} // namespace sirius::testing
