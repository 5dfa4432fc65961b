// The fd table: lowest free descriptor first, RLIMIT_NOFILE as EMFILE, close
// of a closed fd as EBADF, copies that share open file descriptions.
#include "core/fs/fd_table.h"
#include "platform/host/plain_file.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class FdTableTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_OK_AND_ASSIGN(table, fs::FdTable::create());
        ASSERT_OK_AND_ASSIGN(file, try_make_ref<host::PlainFile>());
    }
    int open_one(int minimum = 0)
    {
        auto fd = table->reserve(minimum, 1024);
        EXPECT_TRUE(fd.has_value());
        table->install(fd.value(), file, false);
        return fd.value();
    }
    RefPtr<fs::FdTable> table;
    RefPtr<fs::File> file;
};

TEST_F(FdTableTest, Reserve_GivesLowestFreeDescriptor)
{
    EXPECT_EQ(open_one(), 0);
    EXPECT_EQ(open_one(), 1);
    EXPECT_EQ(open_one(), 2);
    ASSERT_TRUE(table->close(1).has_value());
    EXPECT_EQ(open_one(), 1);
    EXPECT_EQ(open_one(10), 10);
}

TEST_F(FdTableTest, Reserve_AtLimit_IsEmfile)
{
    EXPECT_EQ(errno_of(table->reserve(0, 0)), EMFILE);
    open_one();
    EXPECT_EQ(errno_of(table->reserve(0, 1)), EMFILE);
}

TEST_F(FdTableTest, ReservedSlot_IsNotHandedOutTwice)
{
    ASSERT_OK_AND_ASSIGN(int first, table->reserve(0, 1024));
    ASSERT_OK_AND_ASSIGN(int second, table->reserve(0, 1024));
    EXPECT_NE(first, second);
    table->unreserve(first);
    EXPECT_FALSE(table->get(first));
    EXPECT_EQ(table->reserve(0, 1024).release_value(), first);
}

TEST_F(FdTableTest, Close_NotOpen_IsEbadf)
{
    EXPECT_EQ(errno_of(table->close(3)), EBADF);
    EXPECT_EQ(errno_of(table->close(-1)), EBADF);
    const int fd = open_one();
    EXPECT_TRUE(table->close(fd).has_value());
    EXPECT_EQ(errno_of(table->close(fd)), EBADF);
}

TEST_F(FdTableTest, Clone_SharesDescriptionsAndCloseOnExec)
{
    ASSERT_OK_AND_ASSIGN(int fd, table->reserve(0, 1024));
    table->install(fd, file, true);
    ASSERT_OK_AND_ASSIGN(int pending, table->reserve(0, 1024)); // reserved, not installed
    ASSERT_OK_AND_ASSIGN(auto copy, table->clone());
    EXPECT_EQ(copy->get(fd), file);
    EXPECT_TRUE(copy->close_on_exec(fd));
    EXPECT_FALSE(copy->get(pending));
    EXPECT_EQ(copy->reserve(0, 1024).release_value(), pending); // free in the copy
    EXPECT_EQ(copy->open_count(), 1U);
}

TEST_F(FdTableTest, SetCloseOnExec_ChangesOnlyThatDescriptor)
{
    const int first = open_one();
    const int second = open_one();
    table->set_close_on_exec(first, true);
    EXPECT_TRUE(table->close_on_exec(first));
    EXPECT_FALSE(table->close_on_exec(second));
    table->set_close_on_exec(first, false);
    EXPECT_FALSE(table->close_on_exec(first));
}

} // namespace
} // namespace sirius::testing

namespace sirius::testing {
namespace {

// The table's size as Linux's fdtable has it (fdt->max_fds, which select(2)
// stops at), measured on the host with select(2) on closed descriptors:
// 64 at first; a descriptor from 64 to 127 makes it 128, 128 makes it
// 256, 1000 makes it 1024; a copy is as small as its open descriptors
// allow.
TEST_F(FdTableTest, MaxFds_StartsAtOneWordAndGrowsInLinuxsSteps)
{
    EXPECT_EQ(table->max_fds(), 64U);
    open_one(63);
    EXPECT_EQ(table->max_fds(), 64U);
    open_one(64);
    EXPECT_EQ(table->max_fds(), 128U);
    open_one(128);
    EXPECT_EQ(table->max_fds(), 256U);
    open_one(1000 - 2);
    EXPECT_EQ(table->max_fds(), 1024U);
}

TEST_F(FdTableTest, MaxFds_DoesNotShrinkOnClose)
{
    const int fd = open_one(300);
    EXPECT_EQ(table->max_fds(), 512U);
    EXPECT_TRUE(table->close(fd).has_value());
    EXPECT_EQ(table->max_fds(), 512U);
}

TEST_F(FdTableTest, MaxFds_ACopyFitsItsOpenDescriptors)
{
    // dup_fd: the copy's size comes from the highest open descriptor's
    // word of the open_fds bitmap.
    const int high = open_one(300);
    const int kept = open_one(200);
    EXPECT_TRUE(table->close(high).has_value());
    ASSERT_OK_AND_ASSIGN(auto copy, table->clone());
    EXPECT_EQ(copy->max_fds(), 256U);
    EXPECT_TRUE(table->close(kept).has_value());
    ASSERT_OK_AND_ASSIGN(auto small, table->clone());
    EXPECT_EQ(small->max_fds(), 64U);
}

TEST_F(FdTableTest, IsAllocated_CountsReservedDescriptors)
{
    // fdt->open_fds has a bit for a descriptor an open(2) has reserved.
    auto fd = table->reserve(5, 1024);
    ASSERT_TRUE(fd.has_value());
    EXPECT_TRUE(table->is_allocated(5));
    EXPECT_EQ(table->get(5), nullptr);
    table->unreserve(5);
    EXPECT_FALSE(table->is_allocated(5));
    EXPECT_FALSE(table->is_allocated(-1));
}

} // namespace
} // namespace sirius::testing
