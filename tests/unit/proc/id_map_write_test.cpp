// The parsers behind /proc/<pid>/uid_map and timens_offsets
// (core/proc/id_map_write.cpp, core/proc/time_offsets_write.cpp): the lines
// Linux's map_write and timens_offsets_write accept, byte for byte.
#include <string>
#include <time.h>

#include "core/proc/id_map_write.h"
#include "core/proc/time_offsets_write.h"
#include "tests/unit/support/clone_fixture.h"

namespace sirius::testing {
namespace {

Result<Vector<ns::IdMapExtent>> parse(const std::string& text)
{
    return proc::parse_id_map(reinterpret_cast<const u8*>(text.data()), text.size());
}

// map_write: "simple_strtoul" numbers kept in u32 fields - 2^32 wraps to 0
// rather than failing, as on Linux.
TEST(IdMapParseTest, Numbers_WrapToThirtyTwoBits)
{
    ASSERT_OK_AND_ASSIGN(auto map, parse("4294967296 5 1\n"));
    ASSERT_EQ(map.size(), 1U);
    EXPECT_EQ(map[0].first, 0U);
    EXPECT_EQ(map[0].lower_first, 5U);
}

// memdup_user_nul and strchr: a NUL ends the text.
TEST(IdMapParseTest, Nul_EndsTheText)
{
    ASSERT_OK_AND_ASSIGN(auto map, parse(std::string("0 0 1\0garbage", 13)));
    EXPECT_EQ(map.size(), 1U);
}

// Linux's isspace has the Latin-1 no-break space.
TEST(IdMapParseTest, Spaces_AreLinuxs)
{
    ASSERT_OK_AND_ASSIGN(auto map, parse(std::string("0\xA0") + "7\t\v3\r\n"));
    ASSERT_EQ(map.size(), 1U);
    EXPECT_EQ(map[0].lower_first, 7U);
    EXPECT_EQ(map[0].count, 3U);
}

// user_namespaces(7): "the line ... count ... must be greater than 0"; an
// extent may not wrap, nor start at -1.
TEST(IdMapParseTest, CountZeroWrapOrMinusOne_IsEinval)
{
    EXPECT_EQ(errno_of(parse("0 0 0")), EINVAL);
    EXPECT_EQ(errno_of(parse("1 0 4294967295")), EINVAL);
    EXPECT_EQ(errno_of(parse("0 4294967295 1")), EINVAL);
    EXPECT_EQ(errno_of(parse("")), EINVAL);
}

// "(new_map.nr_extents + 1) == UID_GID_MAP_MAX_EXTENTS && next_line": 340
// lines and a trailing newline fit.
TEST(IdMapParseTest, Lines_AtMost340)
{
    std::string text;
    for (int i = 0; i < 340; ++i) {
        text += std::to_string(i) + " " + std::to_string(i) + " 1\n";
    }
    ASSERT_OK_AND_ASSIGN(auto map, parse(text));
    EXPECT_EQ(map.size(), ns::kMaxIdMapExtents);
    EXPECT_EQ(errno_of(parse(text + "340 340 1")), EINVAL);
}

Result<proc::TimeOffsetLines> parse_offsets(const std::string& text)
{
    return proc::parse_time_offsets(reinterpret_cast<const u8*>(text.data()), text.size());
}

// timens_offsets_write: sscanf "%9s %lld %lu", the clock by name or number.
TEST(TimeOffsetsParseTest, ClockNamesOrNumbers_AndTrailingFieldsIgnored)
{
    ASSERT_OK_AND_ASSIGN(auto lines, parse_offsets("7 -5 3 junk\n  monotonic\t10 0"));
    ASSERT_EQ(lines.count, 2U);
    EXPECT_EQ(lines.lines[0].clock, CLOCK_BOOTTIME);
    EXPECT_EQ(lines.lines[0].seconds, -5);
    EXPECT_EQ(lines.lines[0].nanoseconds, 3);
    EXPECT_EQ(lines.lines[1].clock, CLOCK_MONOTONIC);
    EXPECT_EQ(lines.consumed, 28U);
    // "%9s" stops after nine bytes: "monotonicx" leaves "x" for "%lld".
    EXPECT_EQ(errno_of(parse_offsets("monotonicx 1 0")), EINVAL);
    EXPECT_EQ(errno_of(parse_offsets("monotonic +1 0")), EINVAL);
    EXPECT_EQ(errno_of(parse_offsets("2 1 0")), EINVAL);
}

// time_namespaces(7): a namespace a task has entered keeps its offsets.
TEST(TimeOffsetsSetTest, FrozenNamespace_IsEacces_AfterTheOtherChecks)
{
    ASSERT_OK_AND_ASSIGN(auto user_ns, ns::UserNamespace::create_initial());
    ASSERT_OK_AND_ASSIGN(auto root, proc::Credentials::create_root(user_ns));
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto initial, ns::TimeNamespace::create_initial(user_ns));
    ASSERT_OK_AND_ASSIGN(auto fresh, initial->clone(inodes, user_ns));
    ASSERT_OK_AND_ASSIGN(auto lines, parse_offsets("monotonic 5 0"));
    constexpr hal::Nanoseconds kNow = 1000LL * 1000000000LL;
    EXPECT_EQ(errno_of(proc::set_time_offsets(*initial, *root, kNow, lines)), EACCES);
    ASSERT_TRUE(proc::set_time_offsets(*fresh, *root, kNow, lines).has_value());
    EXPECT_EQ(fresh->offsets().monotonic_ns, 5LL * 1000000000LL);
    fresh->freeze_offsets();
    EXPECT_EQ(errno_of(proc::set_time_offsets(*fresh, *root, kNow, lines)), EACCES);
    // The range check comes first: ERANGE even when frozen.
    ASSERT_OK_AND_ASSIGN(auto negative, parse_offsets("monotonic -1001 0"));
    EXPECT_EQ(errno_of(proc::set_time_offsets(*fresh, *root, kNow, negative)), ERANGE);
}

// user_namespaces(7): setgroups(2) needs gid_map written and "allow".
TEST(UserNamespaceSetgroupsTest, MaySetgroups_NeedsGidMapAndAllow_DenyIsInherited)
{
    ns::NamespaceInodeAllocator inodes;
    ASSERT_OK_AND_ASSIGN(auto initial, ns::UserNamespace::create_initial());
    EXPECT_TRUE(initial->may_setgroups());
    EXPECT_EQ(errno_of(initial->deny_setgroups()), EPERM);
    ASSERT_OK_AND_ASSIGN(auto child, ns::UserNamespace::create_child(inodes, initial, 1000, 1000));
    EXPECT_FALSE(child->may_setgroups());
    ASSERT_TRUE(child->deny_setgroups().has_value());
    ASSERT_OK_AND_ASSIGN(auto grandchild, ns::UserNamespace::create_child(inodes, child, 1000, 1000));
    EXPECT_FALSE(grandchild->setgroups_allowed());
    Vector<ns::IdMapExtent> map;
    ASSERT_TRUE(map.try_append(ns::IdMapExtent { 0, 1000, 1 }).has_value());
    ASSERT_TRUE(child->install_gid_map(move(map)).has_value());
    EXPECT_FALSE(child->may_setgroups());
    Vector<ns::IdMapExtent> again;
    ASSERT_TRUE(again.try_append(ns::IdMapExtent { 0, 1000, 1 }).has_value());
    EXPECT_EQ(errno_of(child->install_gid_map(move(again))), EPERM);
}

} // namespace
} // namespace sirius::testing
