// stat, getdents64, lseek/pread64/pwrite64, getcwd/chdir/chroot, and the
// attribute calls (chmod, chown, utimensat, truncate, access) as Linux's
// fs/stat.c, fs/readdir.c, fs/read_write.c, fs/d_path.c, fs/open.c and
// fs/attr.c have them: one test per rule. Each errno was checked on the
// host (Linux 6.x) first.
#include <sys/syscall.h>
#include <vector>

#include "tests/unit/support/vfs_fixture.h"

namespace sirius::testing {
namespace {

class FileSyscallsTest : public VfsTest {
protected:
    void SetUp() override
    {
        VfsTest::SetUp();
        ASSERT_EQ(mkdir("/d"), 0);
        make_file("/d/file", "0123456789");
    }
    // The names getdents64 returns from `fd`, `size` bytes at a time.
    std::vector<std::string> list(i64 fd, u64 size = 4096)
    {
        std::vector<std::string> names;
        for (;;) {
            i64 got = sys(__NR_getdents64, static_cast<u64>(fd), kBuffer, size);
            if (got <= 0) {
                EXPECT_EQ(got, 0);
                return names;
            }
            std::string bytes = load(kBuffer, static_cast<usize>(got));
            for (usize at = 0; at < bytes.size();) {
                u16 length = 0;
                memcpy(&length, bytes.data() + at + 16, 2);
                names.emplace_back(bytes.c_str() + at + 19);
                at += length;
            }
        }
    }
    i64 lseek(i64 fd, i64 offset, int whence) { return sys(__NR_lseek, static_cast<u64>(fd), static_cast<u64>(offset), static_cast<u64>(whence)); }
};

// --- stat --------------------------------------------------------------------

TEST_F(FileSyscallsTest, Stat_ReportsTypeSizeLinksAndOwner)
{
    struct stat result = stat_of("/d/file");
    EXPECT_EQ(result.st_mode, S_IFREG | 0644u);
    EXPECT_EQ(result.st_size, 10);
    EXPECT_EQ(result.st_nlink, 1u);
    EXPECT_EQ(result.st_uid, 0u);
    EXPECT_EQ(result.st_blksize, 4096);
    EXPECT_EQ(result.st_blocks, 8);
}

TEST_F(FileSyscallsTest, Fstat_OfAnOpenFile_MatchesStat)
{
    i64 fd = open("/d/file", O_RDONLY);
    ASSERT_EQ(sys(__NR_fstat, static_cast<u64>(fd), kBuffer), 0);
    struct stat result {};
    memcpy(&result, load(kBuffer, sizeof(result)).data(), sizeof(result));
    EXPECT_EQ(result.st_ino, stat_of("/d/file").st_ino);
}

TEST_F(FileSyscallsTest, Fstat_BadFd_IsEbadf)
{
    EXPECT_EQ(sys(__NR_fstat, 99, kBuffer), -EBADF);
}

TEST_F(FileSyscallsTest, Stat_BadBuffer_IsEfault)
{
    EXPECT_EQ(sys(__NR_stat, put("/d/file"), 0xdead0000), -EFAULT);
}

TEST_F(FileSyscallsTest, Newfstatat_UnknownFlag_IsEinval)
{
    EXPECT_EQ(sys(__NR_newfstatat, kAtFdcwd, put("/d/file"), kBuffer, 0x1), -EINVAL);
}

TEST_F(FileSyscallsTest, Statx_ReportsTheBasicStatsAndMountRoot)
{
    ASSERT_EQ(sys(__NR_statx, kAtFdcwd, put("/"), 0, STATX_BASIC_STATS, kBuffer), 0);
    struct statx result {};
    memcpy(&result, load(kBuffer, sizeof(result)).data(), sizeof(result));
    EXPECT_EQ(result.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
    EXPECT_TRUE(S_ISDIR(result.stx_mode));
    EXPECT_NE(result.stx_attributes & STATX_ATTR_MOUNT_ROOT, 0u);
}

TEST_F(FileSyscallsTest, Statx_ReservedMaskOrBothSyncTypes_IsEinval)
{
    EXPECT_EQ(sys(__NR_statx, kAtFdcwd, put("/"), 0, 0x80000000u, kBuffer), -EINVAL);
    EXPECT_EQ(sys(__NR_statx, kAtFdcwd, put("/"), AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, kBuffer), -EINVAL);
}

// --- read, write, lseek, pread, pwrite ------------------------------------------

TEST_F(FileSyscallsTest, Write_PastTheEnd_LeavesAHoleOfZeros)
{
    i64 fd = open("/d/file", O_RDWR);
    ASSERT_EQ(lseek(fd, 10000, SEEK_SET), 10000);
    ASSERT_EQ(write_fd(fd, "x"), 1);
    EXPECT_EQ(stat_of("/d/file").st_size, 10001);
    ASSERT_EQ(sys(__NR_pread64, static_cast<u64>(fd), kBuffer, 4, 5000), 4);
    EXPECT_EQ(load(kBuffer, 4), std::string(4, '\0'));
}

TEST_F(FileSyscallsTest, Lseek_WhenceSetCurEnd)
{
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(lseek(fd, 4, SEEK_SET), 4);
    EXPECT_EQ(lseek(fd, 2, SEEK_CUR), 6);
    EXPECT_EQ(lseek(fd, -1, SEEK_END), 9);
    EXPECT_EQ(read_fd(fd, 10), "9");
}

TEST_F(FileSyscallsTest, Lseek_NegativeResult_IsEinval_BadWhence_IsEinval)
{
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(lseek(fd, -1, SEEK_SET), -EINVAL);
    EXPECT_EQ(lseek(fd, 0, 7), -EINVAL);
    EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);
}

TEST_F(FileSyscallsTest, Lseek_OnAStream_IsEspipe)
{
    // lseek(2): "ESPIPE fd is associated with a pipe, socket, or FIFO" - and
    // the console (fd 0 of the test caller is not seekable).
    EXPECT_EQ(lseek(0, 0, SEEK_SET), -ESPIPE);
    EXPECT_EQ(sys(__NR_pread64, 0, kBuffer, 1, 0), -ESPIPE);
}

TEST_F(FileSyscallsTest, SeekDataAndHole_FollowThePages)
{
    i64 fd = open("/d/file", O_RDWR);
    ASSERT_EQ(sys(__NR_pwrite64, static_cast<u64>(fd), put("x", kBuffer), 1, 3 * 4096), 1);
    EXPECT_EQ(lseek(fd, 0, SEEK_DATA), 0);
    EXPECT_EQ(lseek(fd, 0, SEEK_HOLE), 4096);
    EXPECT_EQ(lseek(fd, 4096, SEEK_DATA), 3 * 4096);
    EXPECT_EQ(lseek(fd, 3 * 4096, SEEK_HOLE), 3 * 4096 + 1);
    // "ENXIO ... the file offset is beyond the end of the file".
    EXPECT_EQ(lseek(fd, 3 * 4096 + 1, SEEK_DATA), -ENXIO);
}

TEST_F(FileSyscallsTest, Pread_NegativeOffset_IsEinval_AndThePositionStays)
{
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(sys(__NR_pread64, static_cast<u64>(fd), kBuffer, 3, static_cast<u64>(-1)), -EINVAL);
    EXPECT_EQ(sys(__NR_pread64, static_cast<u64>(fd), kBuffer, 3, 5), 3);
    EXPECT_EQ(load(kBuffer, 3), "567");
    EXPECT_EQ(read_fd(fd, 2), "01");
}

TEST_F(FileSyscallsTest, Pwrite_WritesAtTheOffset)
{
    i64 fd = open("/d/file", O_RDWR);
    EXPECT_EQ(sys(__NR_pwrite64, static_cast<u64>(fd), put("ab", kBuffer), 2, 1), 2);
    EXPECT_EQ(read_fd(fd, 10), "0ab3456789");
}

// --- getdents64 --------------------------------------------------------------------

TEST_F(FileSyscallsTest, Getdents_ListsDotDotDotAndTheNamesInOrder)
{
    make_file("/d/b");
    ASSERT_EQ(mkdir("/d/a"), 0);
    i64 fd = open("/d", O_RDONLY | O_DIRECTORY);
    EXPECT_EQ(list(fd), (std::vector<std::string> { ".", "..", "file", "b", "a" }));
}

TEST_F(FileSyscallsTest, Getdents_SmallBuffer_ResumesWhereItStopped)
{
    for (int i = 0; i < 20; ++i) {
        make_file("/d/n" + std::to_string(i));
    }
    i64 fd = open("/d", O_RDONLY | O_DIRECTORY);
    EXPECT_EQ(list(fd, 64).size(), 23u);
}

TEST_F(FileSyscallsTest, Getdents_NameRemovedBetweenCalls_DoesNotSkipOthers)
{
    make_file("/d/b");
    make_file("/d/c");
    i64 fd = open("/d", O_RDONLY | O_DIRECTORY);
    ASSERT_GT(sys(__NR_getdents64, static_cast<u64>(fd), kBuffer, 24 * 3), 0); // ".", "..", "file"
    ASSERT_EQ(unlink("/d/file"), 0);
    EXPECT_EQ(list(fd), (std::vector<std::string> { "b", "c" }));
}

TEST_F(FileSyscallsTest, Getdents_BufferTooSmall_IsEinval)
{
    i64 fd = open("/d", O_RDONLY | O_DIRECTORY);
    EXPECT_EQ(sys(__NR_getdents64, static_cast<u64>(fd), kBuffer, 10), -EINVAL);
}

TEST_F(FileSyscallsTest, Getdents_OnAFile_IsEnotdir)
{
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(sys(__NR_getdents64, static_cast<u64>(fd), kBuffer, 4096), -ENOTDIR);
}

// --- getcwd, chdir, fchdir, chroot -------------------------------------------------

TEST_F(FileSyscallsTest, Getcwd_FollowsChdir)
{
    EXPECT_EQ(getcwd(), "/");
    ASSERT_EQ(chdir("/d"), 0);
    EXPECT_EQ(getcwd(), "/d");
    ASSERT_EQ(chdir(".."), 0);
    EXPECT_EQ(getcwd(), "/");
}

TEST_F(FileSyscallsTest, Getcwd_SmallBuffer_IsErange)
{
    ASSERT_EQ(chdir("/d"), 0);
    EXPECT_EQ(sys(__NR_getcwd, kBuffer, 2), -ERANGE);
    EXPECT_EQ(sys(__NR_getcwd, kBuffer, 3), 3);
}

TEST_F(FileSyscallsTest, Getcwd_RemovedDirectory_IsEnoent)
{
    ASSERT_EQ(mkdir("/d/gone"), 0);
    ASSERT_EQ(chdir("/d/gone"), 0);
    ASSERT_EQ(rmdir("/d/gone"), 0);
    EXPECT_EQ(getcwd(), "<errno 2>");
}

TEST_F(FileSyscallsTest, Chdir_File_IsEnotdir_NoSearch_IsEacces)
{
    EXPECT_EQ(chdir("/d/file"), -ENOTDIR);
    ASSERT_EQ(sys(__NR_chmod, put("/d"), 0600), 0);
    become_user(1000);
    EXPECT_EQ(chdir("/d"), -EACCES);
}

TEST_F(FileSyscallsTest, Fchdir_ToAnOpenDirectory)
{
    i64 fd = open("/d", O_RDONLY | O_DIRECTORY);
    ASSERT_EQ(sys(__NR_fchdir, static_cast<u64>(fd)), 0);
    EXPECT_EQ(getcwd(), "/d");
    i64 file = open("/d/file", O_RDONLY);
    EXPECT_EQ(sys(__NR_fchdir, static_cast<u64>(file)), -ENOTDIR);
}

TEST_F(FileSyscallsTest, Chroot_MovesTheRoot_DotDotStopsThere_CwdOutsideIsUnreachable)
{
    ASSERT_EQ(sys(__NR_chroot, put("/d")), 0);
    EXPECT_TRUE(caller().fs->is_chrooted());
    EXPECT_EQ(stat_of("/file").st_size, 10);
    EXPECT_EQ(stat_of("/../file").st_size, 10);
    // The working directory stayed at the old root: outside the new one.
    EXPECT_EQ(getcwd(), "(unreachable)/");
}

TEST_F(FileSyscallsTest, Chroot_WithoutCapSysChroot_IsEperm)
{
    become_user(1000);
    EXPECT_EQ(sys(__NR_chroot, put("/d")), -EPERM);
    EXPECT_EQ(sys(__NR_chroot, put("/d/file")), -ENOTDIR);
}

// --- chmod, chown, utimensat, truncate, access ------------------------------------

TEST_F(FileSyscallsTest, Chmod_ByANonOwner_IsEperm)
{
    become_user(1000);
    EXPECT_EQ(sys(__NR_chmod, put("/d/file"), 0777), -EPERM);
}

TEST_F(FileSyscallsTest, Chmod_KeepsTheTypeAndSetsSpecialBits)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 07755), 0);
    EXPECT_EQ(stat_of("/d/file").st_mode, S_IFREG | 07755u);
}

TEST_F(FileSyscallsTest, Chown_ByANonRoot_IsEperm_ChgrpToOwnGroupIsAllowed)
{
    ASSERT_EQ(sys(__NR_chown, put("/d/file"), 1000, 1000), 0);
    become_user(1000);
    EXPECT_EQ(sys(__NR_chown, put("/d/file"), 0, static_cast<u64>(-1)), -EPERM);
    // chgrp_ok: the owner may pick a group it is in (its fsgid, 0 here),
    // not another.
    EXPECT_EQ(sys(__NR_chown, put("/d/file"), static_cast<u64>(-1), 5), -EPERM);
    EXPECT_EQ(sys(__NR_chown, put("/d/file"), static_cast<u64>(-1), 0), 0);
    EXPECT_EQ(sys(__NR_chown, put("/d/file"), 1000, static_cast<u64>(-1)), 0);
}

TEST_F(FileSyscallsTest, Chown_ClearsSetuidAndGroupExecutableSetgid)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 06755), 0);
    ASSERT_EQ(sys(__NR_chown, put("/d/file"), 5, 5), 0);
    EXPECT_EQ(stat_of("/d/file").st_mode & 07777, 0755u);
}

TEST_F(FileSyscallsTest, Lchown_ChangesTheLinkItself)
{
    ASSERT_EQ(symlink("file", "/d/link"), 0);
    ASSERT_EQ(sys(__NR_lchown, put("/d/link"), 7, 7), 0);
    EXPECT_EQ(stat_of("/d/link", false).st_uid, 7u);
    EXPECT_EQ(stat_of("/d/file").st_uid, 0u);
}

TEST_F(FileSyscallsTest, Utimensat_SetsAndOmits)
{
    struct timespec times[2] = { { 100, 5 }, { 200, UTIME_OMIT } };
    put_bytes(kPath2, times, sizeof(times));
    ASSERT_EQ(sys(__NR_utimensat, kAtFdcwd, put("/d/file"), kPath2, 0), 0);
    struct stat result = stat_of("/d/file");
    EXPECT_EQ(result.st_atim.tv_sec, 100);
    EXPECT_EQ(result.st_atim.tv_nsec, 5);
    EXPECT_NE(result.st_mtim.tv_sec, 200);
}

TEST_F(FileSyscallsTest, Utimensat_NullPathWithAtFdcwd_IsEfault)
{
    // do_utimes takes dirfd's own file for a NULL name only when dirfd is
    // not AT_FDCWD; with AT_FDCWD the NULL name is read, and faults.
    EXPECT_EQ(sys(__NR_utimensat, kAtFdcwd, 0, 0, 0), -EFAULT);
}

TEST_F(FileSyscallsTest, Utimensat_BadNanoseconds_IsEinval)
{
    struct timespec times[2] = { { 100, 1000000000 }, { 200, 0 } };
    put_bytes(kPath2, times, sizeof(times));
    EXPECT_EQ(sys(__NR_utimensat, kAtFdcwd, put("/d/file"), kPath2, 0), -EINVAL);
}

TEST_F(FileSyscallsTest, Utimensat_NowWithoutWriteAccess_IsEacces_ExplicitByNonOwner_IsEperm)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0644), 0);
    become_user(1000);
    EXPECT_EQ(sys(__NR_utimensat, kAtFdcwd, put("/d/file"), 0, 0), -EACCES);
    struct timespec times[2] = { { 100, 0 }, { 200, 0 } };
    put_bytes(kPath2, times, sizeof(times));
    EXPECT_EQ(sys(__NR_utimensat, kAtFdcwd, put("/d/file"), kPath2, 0), -EPERM);
}

TEST_F(FileSyscallsTest, Truncate_ShrinksAndGrowsWithZeros)
{
    ASSERT_EQ(sys(__NR_truncate, put("/d/file"), 3), 0);
    ASSERT_EQ(sys(__NR_truncate, put("/d/file"), 6), 0);
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(read_fd(fd, 10), std::string("012\0\0\0", 6));
}

TEST_F(FileSyscallsTest, Truncate_Rules)
{
    // truncate(2): EINVAL for a negative length, EISDIR for a directory,
    // EACCES without write permission.
    EXPECT_EQ(sys(__NR_truncate, put("/d/file"), static_cast<u64>(-1)), -EINVAL);
    EXPECT_EQ(sys(__NR_truncate, put("/d"), 0), -EISDIR);
    become_user(1000);
    EXPECT_EQ(sys(__NR_truncate, put("/d/file"), 0), -EACCES);
}

TEST_F(FileSyscallsTest, Ftruncate_NotOpenForWriting_IsEinval)
{
    i64 fd = open("/d/file", O_RDONLY);
    EXPECT_EQ(sys(__NR_ftruncate, static_cast<u64>(fd), 0), -EINVAL);
    i64 writable = open("/d/file", O_WRONLY);
    EXPECT_EQ(sys(__NR_ftruncate, static_cast<u64>(writable), 2), 0);
    EXPECT_EQ(stat_of("/d/file").st_size, 2);
}

TEST_F(FileSyscallsTest, Access_UsesTheRealIds_UnlessAtEaccess)
{
    ASSERT_EQ(sys(__NR_chmod, put("/d/file"), 0600), 0);
    ASSERT_OK_AND_ASSIGN(auto credentials, caller().credentials->clone());
    credentials->uid.real = 1000; // effective root, real 1000 (a setuid program)
    caller().credentials = credentials;
    EXPECT_EQ(sys(__NR_access, put("/d/file"), R_OK), -EACCES);
    EXPECT_EQ(sys(__NR_faccessat2, kAtFdcwd, put("/d/file"), R_OK, AT_EACCESS), 0);
}

TEST_F(FileSyscallsTest, Access_ExecuteNeedsAnExecuteBitEvenForRoot)
{
    EXPECT_EQ(sys(__NR_access, put("/d/file"), X_OK), -EACCES);
    EXPECT_EQ(sys(__NR_access, put("/d/file"), R_OK | W_OK), 0);
    EXPECT_EQ(sys(__NR_access, put("/d/file"), 8), -EINVAL);
}

} // namespace
} // namespace sirius::testing
