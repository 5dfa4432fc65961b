// fcntl(2) as Linux's fs/fcntl.c has it: the descriptor commands, the
// status flags and the commands Sirius does not build. Pipe sizes are in
// pipe_test.cpp. Each answer was checked on the host (Linux 6.18) with
// tests/integration/programs/file_descriptors.c.
#include "tests/unit/support/pipe_fixture.h"

namespace sirius::testing {
namespace {

// A file that only records its flags, opened O_PATH or not, owned by `uid`.
class FlagsFile final : public fs::File {
public:
    explicit FlagsFile(u32 flags, u32 owner = 0)
        : File(flags)
        , m_owner(owner)
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::Other; }
    [[nodiscard]] u32 owner_uid() const override { return m_owner; }

private:
    u32 m_owner;
};

class FcntlTest : public PipeTest {
protected:
    int install(RefPtr<fs::File> file)
    {
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), move(file), false);
        return fd.value();
    }
    int install_flags_file(u32 flags, u32 owner = 0)
    {
        auto file = try_make_ref<FlagsFile>(flags, owner);
        EXPECT_TRUE(file.has_value());
        return install(file.release_value());
    }
};

TEST_F(FcntlTest, NotOpen_IsEbadf)
{
    // fcntl(2): "EBADF fd is not an open file descriptor" - for every
    // command, known or not.
    EXPECT_EQ(fcntl(9, F_GETFD), -EBADF);
    EXPECT_EQ(fcntl(9, F_GETFL), -EBADF);
    EXPECT_EQ(fcntl(9, 0x7fff), -EBADF);
    EXPECT_EQ(fcntl(-1, F_GETFD), -EBADF);
}

TEST_F(FcntlTest, UnknownCommand_IsEinval)
{
    // fcntl(2): "EINVAL The value specified in cmd is not recognized by
    // this kernel."
    EXPECT_EQ(fcntl(1, 0x7fff), -EINVAL);
}

TEST_F(FcntlTest, LocksLeasesOwnersAndSeals_AreEinvalAsWhenConfiguredOut)
{
    for (const int command : { F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_SETOWN, F_GETOWN, F_SETSIG, F_GETSIG, F_SETLEASE, F_GETLEASE, F_NOTIFY, F_ADD_SEALS, F_GET_SEALS }) {
        EXPECT_EQ(fcntl(1, static_cast<u64>(command), 0), -EINVAL) << command;
    }
}

// --- F_DUPFD, F_DUPFD_CLOEXEC ---

TEST_F(FcntlTest, Dupfd_TheLowestFreeFdFromTheArgument)
{
    // fcntl(2) F_DUPFD: "Duplicate the file descriptor fd using the
    // lowest-numbered available file descriptor greater than or equal to
    // arg."
    EXPECT_EQ(fcntl(1, F_DUPFD, 20), 20);
    EXPECT_EQ(fcntl(1, F_DUPFD, 20), 21);
    EXPECT_EQ(fcntl(1, F_DUPFD, 0), 3);
    EXPECT_FALSE(caller().files->close_on_exec(20));
    EXPECT_EQ(caller().files->get(20), caller().files->get(1));
}

TEST_F(FcntlTest, DupfdCloexec_SetsCloseOnExec)
{
    // F_DUPFD_CLOEXEC: "As for F_DUPFD, but additionally set the
    // close-on-exec flag for the duplicate file descriptor."
    EXPECT_EQ(fcntl(1, F_DUPFD_CLOEXEC, 5), 5);
    EXPECT_TRUE(caller().files->close_on_exec(5));
}

TEST_F(FcntlTest, Dupfd_ArgumentAtRlimitNofile_IsEinval)
{
    // fcntl(2): "EINVAL cmd is F_DUPFD and arg is negative or is greater
    // than the maximum allowable value".
    set_open_files_limit(64);
    EXPECT_EQ(fcntl(1, F_DUPFD, 64), -EINVAL);
    EXPECT_EQ(fcntl(1, F_DUPFD, ~u64 { 0 }), -EINVAL);
    EXPECT_EQ(fcntl(1, F_DUPFD_CLOEXEC, 64), -EINVAL);
    EXPECT_EQ(fcntl(1, F_DUPFD, 63), 63);
}

TEST_F(FcntlTest, Dupfd_NoFreeFdFromTheArgument_IsEmfile)
{
    set_open_files_limit(5);
    EXPECT_EQ(fcntl(1, F_DUPFD, 4), 4);
    EXPECT_EQ(fcntl(1, F_DUPFD, 4), -EMFILE);
}

TEST_F(FcntlTest, Dupfd_TheArgumentIsAnInt)
{
    // do_fcntl: "int argi = (int)arg;" - 2^32 + 7 is 7.
    EXPECT_EQ(fcntl(1, F_DUPFD, (u64 { 1 } << 32) | 7), 7);
}

// --- F_GETFD, F_SETFD ---

TEST_F(FcntlTest, Setfd_KeepsOnlyFdCloexec)
{
    // fcntl(2): "Currently, only one such flag is defined: FD_CLOEXEC".
    EXPECT_EQ(fcntl(1, F_GETFD), 0);
    EXPECT_EQ(fcntl(1, F_SETFD, 0xff), 0);
    EXPECT_EQ(fcntl(1, F_GETFD), FD_CLOEXEC);
    EXPECT_EQ(fcntl(1, F_SETFD, 0xfe), 0);
    EXPECT_EQ(fcntl(1, F_GETFD), 0);
}

TEST_F(FcntlTest, Setfd_IsPerDescriptor)
{
    EXPECT_EQ(call(__NR_dup2, 1, 5), 5);
    EXPECT_EQ(fcntl(5, F_SETFD, FD_CLOEXEC), 0);
    EXPECT_EQ(fcntl(1, F_GETFD), 0);
}

// --- F_GETFL, F_SETFL ---

TEST_F(FcntlTest, Getfl_TheAccessModeAndStatusFlags)
{
    const int fd = install_flags_file(O_RDWR | O_APPEND);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_RDWR | O_APPEND);
}

TEST_F(FcntlTest, Setfl_ChangesOnlyAppendNonblockDirectNoatime)
{
    // fcntl(2) F_SETFL: "File access mode (O_RDONLY, O_WRONLY, O_RDWR) and
    // file creation flags (i.e., O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC) in arg
    // are ignored."
    const int fd = install_flags_file(O_WRONLY);
    EXPECT_EQ(fcntl(fd, F_SETFL, O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_NONBLOCK | O_APPEND | O_CLOEXEC), 0);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_WRONLY | O_NONBLOCK | O_APPEND);
    EXPECT_EQ(fcntl(fd, F_SETFL, 0), 0);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_WRONLY);
}

TEST_F(FcntlTest, Setfl_OAsync_IsNotKeptByAFileWithoutFasync)
{
    // setfl: "->fasync() is responsible for setting the FASYNC bit"; no
    // Sirius file has one, so the bit stays clear, as on such Linux files.
    const int fd = install_flags_file(O_RDONLY);
    EXPECT_EQ(fcntl(fd, F_SETFL, O_ASYNC), 0);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_RDONLY);
}

TEST_F(FcntlTest, Setfl_ODirectOnAFileThatCannot_IsEinval)
{
    // setfl: "if (!S_ISFIFO(inode->i_mode) && (arg & O_DIRECT) &&
    // !(filp->f_mode & FMODE_CAN_ODIRECT)) return -EINVAL;"
    const int fd = install_flags_file(O_RDWR);
    EXPECT_EQ(fcntl(fd, F_SETFL, O_DIRECT | O_NONBLOCK), -EINVAL);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_RDWR);
    const Ends ends = make_pipe();
    EXPECT_EQ(fcntl(ends.write, F_SETFL, O_DIRECT), 0);
    EXPECT_EQ(fcntl(ends.write, F_GETFL), O_WRONLY | O_DIRECT);
}

TEST_F(FcntlTest, Setfl_ONoatimeByANonOwner_IsEperm)
{
    // fcntl(2): "EPERM Attempted to clear the O_APPEND flag on a file that
    // has the append-only attribute set" - and open(2) for O_NOATIME: the
    // caller's effective uid must own the file, or it needs CAP_FOWNER.
    const int mine = install_flags_file(O_RDONLY, 1000);
    const int theirs = install_flags_file(O_RDONLY, 2000);
    become_user(1000);
    EXPECT_EQ(fcntl(theirs, F_SETFL, O_NOATIME), -EPERM);
    EXPECT_EQ(fcntl(mine, F_SETFL, O_NOATIME), 0);
    EXPECT_EQ(fcntl(mine, F_GETFL), O_NOATIME);
}

TEST_F(FcntlTest, Setfl_ONoatimeWithCapFowner_IsAllowed)
{
    const int theirs = install_flags_file(O_RDONLY, 2000);
    proc::CapabilitySet fowner;
    fowner.add(CAP_FOWNER);
    become_user(1000, fowner);
    EXPECT_EQ(fcntl(theirs, F_SETFL, O_NOATIME), 0);
}

// --- O_PATH ---

TEST_F(FcntlTest, OPath_AllowsOnlyTheFdCommandsAndGetfl)
{
    // fcntl(2) / open(2) O_PATH: "fcntl(2) operations ... F_DUPFD,
    // F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL" are allowed; others EBADF
    // (check_fcntl_cmd).
    const int fd = install_flags_file(O_PATH);
    EXPECT_GE(fcntl(fd, F_DUPFD, 0), 0);
    EXPECT_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    EXPECT_EQ(fcntl(fd, F_GETFL), O_PATH);
    EXPECT_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), -EBADF);
    EXPECT_EQ(fcntl(fd, F_GETPIPE_SZ), -EBADF);
    EXPECT_EQ(fcntl(fd, 0x7fff), -EBADF);
}

// --- umask(2) ---

TEST_F(FcntlTest, Umask_ReturnsThePreviousMaskAndKeepsThePermissionBits)
{
    // umask(2): "umask() sets the calling process's file mode creation mask
    // (umask) to mask & 0777 ... This system call always succeeds and the
    // previous value of the mask is returned."
    EXPECT_EQ(call(__NR_umask, 077), 022);
    EXPECT_EQ(call(__NR_umask, 01777), 077);
    EXPECT_EQ(call(__NR_umask, 0), 0777);
}

TEST_F(FcntlTest, Umask_IsSharedByCloneFsAndCopiedByFork)
{
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(call_as(*child, __NR_umask, 0), 022);
    EXPECT_EQ(call(__NR_umask, 0), 022);
    // clone(2) CLONE_FS: "calls to chroot(2), chdir(2), or umask(2)
    // performed by the calling process or the child process also affect
    // the other process."
    proc::Thread* sharer = clone_ok(request_with(CLONE_FS, SIGCHLD));
    ASSERT_NE(sharer, nullptr);
    EXPECT_EQ(call_as(*sharer, __NR_umask, 027), 0);
    EXPECT_EQ(call(__NR_umask, 0), 027);
}

} // namespace
} // namespace sirius::testing
