// fs::File: the access mode as Linux's FMODE_READ/FMODE_WRITE, and the
// answers of a file without an operation (vfs_read/vfs_write: EINVAL,
// vfs_ioctl: ENOTTY).
#include <fcntl.h>
#include <sys/ioctl.h>

#include "core/fs/file.h"
#include "platform/host/fake_address_space.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

class BareFile final : public fs::File {
public:
    explicit BareFile(u32 status_flags)
        : File(status_flags)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
};

TEST(FileTest, AccessMode_GivesReadAndWrite)
{
    // OPEN_FMODE: O_RDONLY reads, O_WRONLY writes, O_RDWR both, 3 neither
    // (on the host, open(..., 3) then read and write are both EBADF).
    EXPECT_TRUE(BareFile(O_RDONLY).is_readable());
    EXPECT_FALSE(BareFile(O_RDONLY).is_writable());
    EXPECT_FALSE(BareFile(O_WRONLY).is_readable());
    EXPECT_TRUE(BareFile(O_WRONLY).is_writable());
    EXPECT_TRUE(BareFile(O_RDWR).is_readable());
    EXPECT_TRUE(BareFile(O_RDWR).is_writable());
    EXPECT_FALSE(BareFile(O_ACCMODE).is_readable());
    EXPECT_FALSE(BareFile(O_ACCMODE).is_writable());
    // Other status flags do not change the mode.
    EXPECT_TRUE(BareFile(O_WRONLY | O_NONBLOCK | O_APPEND).is_writable());
    EXPECT_FALSE(BareFile(O_WRONLY | O_NONBLOCK | O_APPEND).is_readable());
}

class FileIoTest : public KernelTest { };

TEST_F(FileIoTest, WithoutOperations_ReadAndWriteAreEinvalAndIoctlIsEnotty)
{
    host::FakeAddressSpace memory;
    fs::IoContext io { *kernel, caller(), memory };
    BareFile file(O_RDWR);
    EXPECT_FALSE(file.has_read());
    EXPECT_FALSE(file.has_write());
    i64 position = 0;
    EXPECT_EQ(errno_of(file.read(io, UserAddress(0x10000), 1, position)), EINVAL);
    EXPECT_EQ(errno_of(file.write(io, UserAddress(0x10000), 1, position)), EINVAL);
    EXPECT_EQ(errno_of(file.ioctl(io, TIOCGWINSZ, 0x10000)), ENOTTY);
    EXPECT_EQ(position, 0);
}

TEST(FileTest, Position_StartsAtZero)
{
    BareFile file(O_RDONLY);
    EXPECT_EQ(file.position(), 0);
    file.set_position(42);
    EXPECT_EQ(file.position(), 42);
}

} // namespace
} // namespace sirius::testing
