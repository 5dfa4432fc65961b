// Character devices (core/fs/char_device.h, memory_devices.h, devtmpfs.h):
// chrdev_open by device number from any file system, and the memory
// devices' rules as null(4), zero(4), full(4) and random(4) state them.
// Each was checked on the host (Linux 6.x) first.
#include <cstring>
#include <linux/magic.h>

#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class DevicesTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_TRUE(kernel->mount_boot_file_systems().has_value());
    }
};

TEST_F(DevicesTest, Devtmpfs_HasTheDeviceNodesWithTheirNumbers)
{
    struct Node {
        const char* path;
        unsigned major;
        unsigned minor;
        unsigned mode;
    };
    const Node nodes[] = {
        { "/dev/null", 1, 3, 0666 }, { "/dev/zero", 1, 5, 0666 }, { "/dev/full", 1, 7, 0666 }, { "/dev/random", 1, 8, 0666 },
        { "/dev/urandom", 1, 9, 0666 }, { "/dev/tty", 5, 0, 0666 }, { "/dev/console", 5, 1, 0600 }, { "/dev/ttyS0", 4, 64, 0600 },
    };
    for (const Node& node : nodes) {
        struct stat st = stat_of(node.path);
        EXPECT_TRUE(S_ISCHR(st.st_mode)) << node.path;
        EXPECT_EQ(st.st_mode & 07777, node.mode) << node.path;
        EXPECT_EQ(major(st.st_rdev), node.major) << node.path;
        EXPECT_EQ(minor(st.st_rdev), node.minor) << node.path;
    }
}

TEST_F(DevicesTest, Devtmpfs_FdLinksPointIntoProc)
{
    i64 got = sys(__NR_readlink, put("/dev/fd"), kBuffer, 100);
    ASSERT_EQ(got, 13);
    EXPECT_EQ(load(kBuffer, 13), "/proc/self/fd");
    got = sys(__NR_readlink, put("/dev/stdout"), kBuffer, 100);
    ASSERT_EQ(got, 15);
    EXPECT_EQ(load(kBuffer, 15), "/proc/self/fd/1");
}

// null(4): "Reads from /dev/null always return end of file".
TEST_F(DevicesTest, Null_ReadIsEndOfFile)
{
    i64 fd = open("/dev/null", O_RDWR);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 10), "");
}

// null(4): "Data written to /dev/null is discarded": the count back.
TEST_F(DevicesTest, Null_WriteSucceedsWithTheCount)
{
    i64 fd = open("/dev/null", O_WRONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(write_fd(fd, "hello"), 5);
}

// write_null does not touch the buffer: a bad pointer still succeeds.
TEST_F(DevicesTest, Null_WriteOfBadPointer_Succeeds)
{
    i64 fd = open("/dev/null", O_WRONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(sys(__NR_write, static_cast<u64>(fd), 0x10, 10), 10);
}

// zero(4): "Reads from /dev/zero always return bytes containing zero".
TEST_F(DevicesTest, Zero_ReadFillsWithZeros)
{
    i64 fd = open("/dev/zero", O_RDONLY);
    ASSERT_GE(fd, 0);
    put_bytes(kBuffer, "xxxxxxxxxx", 10);
    EXPECT_EQ(read_fd(fd, 1000), std::string(1000, '\0'));
}

TEST_F(DevicesTest, Zero_ReadIntoBadPointer_IsEfault)
{
    i64 fd = open("/dev/zero", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(sys(__NR_read, static_cast<u64>(fd), 0x10, 10), -EFAULT);
}

// full(4): "Writes to the /dev/full device fail with an ENOSPC error".
TEST_F(DevicesTest, Full_WriteIsEnospc)
{
    i64 fd = open("/dev/full", O_WRONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(write_fd(fd, "x"), -ENOSPC);
}

// full(4): "Reads from the /dev/full device will return \0 characters".
TEST_F(DevicesTest, Full_ReadFillsWithZeros)
{
    i64 fd = open("/dev/full", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(read_fd(fd, 16), std::string(16, '\0'));
}

TEST_F(DevicesTest, Urandom_ReadGivesTheCountAskedFor)
{
    i64 fd = open("/dev/urandom", O_RDONLY);
    ASSERT_GE(fd, 0);
    const std::string first = read_fd(fd, 64);
    const std::string second = read_fd(fd, 64);
    EXPECT_EQ(first.size(), 64U);
    EXPECT_NE(first, second);
}

// random_write_iter copies the bytes in: a bad buffer is EFAULT.
TEST_F(DevicesTest, Random_WriteOfBadPointer_IsEfault)
{
    i64 fd = open("/dev/random", O_WRONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(write_fd(fd, "abc"), 3);
    EXPECT_EQ(sys(__NR_write, static_cast<u64>(fd), 0x10, 10), -EFAULT);
}

// chrdev_open looks the number up, whatever file system the node is on.
TEST_F(DevicesTest, NodeMadeByMknodOnTmpfs_OpensTheDriver)
{
    ASSERT_EQ(mknod("/mynull", S_IFCHR | 0666, makedev(1, 3)), 0);
    i64 fd = open("/mynull", O_RDWR);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(write_fd(fd, "abc"), 3);
    EXPECT_EQ(read_fd(fd, 10), "");
}

// chrdev_open: "if (!kobj) return -ENXIO" for a number without a driver.
TEST_F(DevicesTest, NodeOfUnknownNumber_IsEnxio)
{
    ASSERT_EQ(mknod("/nothing", S_IFCHR | 0666, makedev(42, 42)), 0);
    EXPECT_EQ(open("/nothing", O_RDONLY), -ENXIO);
}

// tty(4): /dev/tty without a controlling terminal: ENXIO.
TEST_F(DevicesTest, Tty_WithoutControllingTerminal_IsEnxio)
{
    EXPECT_EQ(open("/dev/tty", O_RDWR), -ENXIO);
}

// fstat of an open device is the node's: S_IFCHR and its rdev.
TEST_F(DevicesTest, Fstat_OfOpenDevice_IsTheNode)
{
    i64 fd = open("/dev/zero", O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(sys(__NR_fstat, static_cast<u64>(fd), kBuffer), 0);
    struct stat st {};
    std::string bytes = load(kBuffer, sizeof(st));
    std::memcpy(&st, bytes.data(), sizeof(st));
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(st.st_rdev, makedev(1, 5));
}

// The permission bits still count: an unprivileged caller cannot open
// the console (0600 root).
TEST_F(DevicesTest, Console_ForUnprivileged_IsEacces)
{
    become_user(1000);
    EXPECT_EQ(open("/dev/console", O_RDWR), -EACCES);
    EXPECT_GE(open("/dev/null", O_RDWR), 0);
}

} // namespace
} // namespace sirius::testing
