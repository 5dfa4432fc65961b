// The rules of core/proc/set_ids and core/proc/set_capabilities taken one
// by one (kernel/sys.c, security/commoncap.c; capabilities(7)); the
// syscall-level tests are in tests/unit/syscall/credentials_test.cpp and
// capability_test.cpp.
#include "core/proc/set_capabilities.h"
#include "core/proc/set_ids.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u32 kKeep = proc::kUnchangedId;

class SetIdsTest : public KernelTest {
protected:
    RefPtr<proc::Credentials> root() { return init->credentials; }
    RefPtr<proc::Credentials> user(u32 real, u32 effective, u32 saved)
    {
        auto credentials = root()->clone().release_value();
        credentials->uid = { real, effective, saved, effective };
        credentials->gid = { real, effective, saved, effective };
        credentials->permitted = proc::CapabilitySet();
        credentials->effective = proc::CapabilitySet();
        return credentials;
    }
};

TEST_F(SetIdsTest, NoSetuidFixup_KeepsCapabilitiesWhenLeavingRoot)
{
    // capabilities(7) SECBIT_NO_SETUID_FIXUP: "the kernel does not adjust
    // the process's permitted, effective, and ambient capability sets when
    // the thread's effective and filesystem UIDs are switched".
    auto old = root()->clone().release_value();
    old->securebits = 1U << 2;
    auto changed = proc::set_res_uids(old, 1000, 1000, 1000).release_value();
    EXPECT_EQ(changed->permitted, old->permitted);
    EXPECT_EQ(changed->effective, old->effective);
    auto fs = proc::set_fs_uid(old, 1000);
    EXPECT_EQ(fs->effective, old->effective);
}

TEST_F(SetIdsTest, LeavingRoot_ClearsAmbientEvenWithKeepcaps)
{
    auto old = root()->clone().release_value();
    old->securebits = 1U << 4; // SECURE_KEEP_CAPS
    old->ambient.add(CAP_KILL);
    old->inheritable.add(CAP_KILL);
    auto changed = proc::set_uid(old, 1000).release_value();
    EXPECT_TRUE(changed->permitted.has(CAP_KILL));
    EXPECT_EQ(changed->ambient.bits(), 0U);
}

TEST_F(SetIdsTest, NoOpSetresuid_ReturnsTheSameCredentials)
{
    auto old = user(10, 11, 12);
    EXPECT_EQ(proc::set_res_uids(old, kKeep, kKeep, kKeep).release_value().get(), old.get());
    EXPECT_EQ(proc::set_res_uids(old, 10, 11, 12).release_value().get(), old.get());
}

TEST_F(SetIdsTest, Setresgid_UnmappedGid_IsEinval)
{
    ASSERT_OK_AND_ASSIGN(auto inner_ns, ns::UserNamespace::create_child(kernel->namespace_inodes(), root()->user_ns, 0, 0));
    auto old = root()->clone().release_value();
    old->user_ns = inner_ns;
    EXPECT_EQ(errno_of(proc::set_res_gids(old, 0, kKeep, kKeep)), EINVAL);
    EXPECT_EQ(errno_of(proc::set_re_gids(old, kKeep, 0)), EINVAL);
    EXPECT_EQ(errno_of(proc::set_gid(old, 0)), EINVAL);
    // setfsgid of an unmapped gid changes nothing.
    EXPECT_EQ(proc::set_fs_gid(old, 0).get(), old.get());
}

TEST_F(SetIdsTest, Setregid_SavedGidFollowsTheNewEffectiveOne)
{
    auto changed = proc::set_re_gids(user(10, 11, 12), kKeep, 12).release_value();
    EXPECT_EQ(changed->gid.saved, 12U);
    EXPECT_EQ(changed->gid.filesystem, 12U);
    EXPECT_EQ(errno_of(proc::set_re_gids(user(10, 11, 12), kKeep, 13)), EPERM);
}

TEST_F(SetIdsTest, Setfsgid_ToAnAllowedIdAndNotToOthers)
{
    auto old = user(10, 11, 12);
    EXPECT_EQ(proc::set_fs_gid(old, 12)->gid.filesystem, 12U);
    EXPECT_EQ(proc::set_fs_gid(old, 99).get(), old.get());
    EXPECT_EQ(proc::set_fs_gid(root(), 99)->gid.filesystem, 99U);
}

TEST_F(SetIdsTest, Setgroups_UnmappedGid_IsEinval)
{
    Vector<u32> gids;
    ASSERT_TRUE(gids.try_append(0xFFFFFFFFU).has_value());
    EXPECT_EQ(errno_of(proc::set_groups(root(), gids)), EINVAL);
}

TEST_F(SetIdsTest, Setgroups_KeepsDuplicates)
{
    Vector<u32> gids;
    for (u32 gid : { 7U, 7U, 2U }) {
        ASSERT_TRUE(gids.try_append(gid).has_value());
    }
    auto changed = proc::set_groups(root(), gids).release_value();
    ASSERT_EQ(changed->groups.size(), 3U);
    EXPECT_EQ(changed->groups[0], 2U);
    EXPECT_EQ(changed->groups[1], 7U);
    EXPECT_EQ(changed->groups[2], 7U);
}

TEST_F(SetIdsTest, Capset_DropsAmbientNoLongerPermittedAndInheritable)
{
    auto old = root()->clone().release_value();
    old->inheritable.add(CAP_KILL);
    old->ambient.add(CAP_KILL);
    proc::CapabilitySet none;
    auto changed = proc::set_capabilities(old, none, old->permitted, none).release_value();
    EXPECT_EQ(changed->ambient.bits(), 0U);
}

TEST_F(SetIdsTest, Capset_WithSetpcap_MayRaiseInheritableUpToTheBoundingSet)
{
    auto old = root()->clone().release_value();
    old->permitted = proc::CapabilitySet();
    old->permitted.add(CAP_SETPCAP);
    old->effective = old->permitted;
    proc::CapabilitySet inheritable;
    inheritable.add(CAP_CHOWN);
    EXPECT_TRUE(proc::set_capabilities(old, old->effective, old->permitted, inheritable).has_value());
}

} // namespace
} // namespace sirius::testing
