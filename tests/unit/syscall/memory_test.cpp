// mmap(2), munmap(2), mprotect(2), brk(2), madvise(2) and mremap(2)
// through the syscall table: the argument decoding of the SYSCALL_DEFINEs
// (x86 sys_mmap's offset, ksys_mmap_pgoff's fd and MAP_HUGETLB, madvise's
// int advice) and the caller's limits, credentials and personality reaching
// core/mm. The rules themselves are tested in tests/unit/mm/.
#include <fcntl.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <sys/resource.h>

#include "core/fs/console_file.h"
#include "platform/host/recording_console.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kPage = 4096;
constexpr u64 kBase = 0x300000000;
constexpr u64 kPrivate = MAP_PRIVATE | MAP_ANONYMOUS;
constexpr u64 kRw = PROT_READ | PROT_WRITE;

class MemorySyscallTest : public SignalTest {
protected:
    i64 mmap(u64 address, u64 length, u64 prot, u64 flags, u64 fd = ~u64 { 0 }, u64 offset = 0)
    {
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args;
        args.values[0] = address;
        args.values[1] = length;
        args.values[2] = prot;
        args.values[3] = flags;
        args.values[4] = fd;
        args.values[5] = offset;
        return syscall::dispatch_syscall(context, __NR_mmap, args);
    }
    i64 mremap(u64 address, u64 old_length, u64 new_length, u64 flags, u64 new_address = 0)
    {
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args;
        args.values[0] = address;
        args.values[1] = old_length;
        args.values[2] = new_length;
        args.values[3] = flags;
        args.values[4] = new_address;
        return syscall::dispatch_syscall(context, __NR_mremap, args);
    }
    int install_console(u32 flags)
    {
        auto file = try_make_ref<fs::ConsoleFile>(sink, flags);
        EXPECT_TRUE(file.has_value());
        auto fd = caller().files->reserve(0, 1024);
        EXPECT_TRUE(fd.has_value());
        caller().files->install(fd.value(), file.release_value(), false);
        return fd.value();
    }
    void set_limit(int resource, u64 value) { caller().process().limits().get(resource) = { value, value }; }
    mm::MemoryDescriptor& memory() { return *caller().memory; }

    host::RecordingConsole sink;
};

TEST_F(MemorySyscallTest, Mmap_ReturnsTheAddress)
{
    EXPECT_EQ(mmap(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    mm::Vma vma;
    EXPECT_TRUE(memory().find_vma(UserAddress(kBase), vma));
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate), 0x7ffff7ffe000);
}

TEST_F(MemorySyscallTest, MmapUnalignedOffset_IsEinvalFirst)
{
    // x86 sys_mmap: "if (off & ~PAGE_MASK) return -EINVAL;" before the fd
    // is looked at.
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate, ~u64 { 0 }, 1), -EINVAL);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_PRIVATE, ~u64 { 0 }, 1), -EINVAL);
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate, ~u64 { 0 }, ~u64 { 0 } - kPage + 1), 0x7ffff7ffe000);
}

TEST_F(MemorySyscallTest, MmapOfAClosedFd_IsEbadfBeforeTheLength)
{
    // mmap(2) EBADF: "fd is not a valid file descriptor (and MAP_ANONYMOUS
    // was not set)." ksys_mmap_pgoff's fget comes before do_mmap's checks.
    EXPECT_EQ(mmap(0, 0, kRw, MAP_PRIVATE, 999), -EBADF);
    EXPECT_EQ(mmap(0, kPage, kRw, 0, 999), -EBADF);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_PRIVATE, ~u64 { 0 }), -EBADF);
    // The fd is an unsigned int: the upper half is ignored.
    const int fd = install_console(O_RDWR);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_PRIVATE, (u64 { 1 } << 32) | static_cast<u64>(fd)), -ENODEV);
}

TEST_F(MemorySyscallTest, MmapOfTheConsole_IsEnodev)
{
    // No Sirius file implements mmap yet; the access checks come first.
    const int fd = install_console(O_RDWR);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_SHARED, static_cast<u64>(fd)), -ENODEV);
    EXPECT_EQ(mmap(0, 0, kRw, MAP_SHARED, static_cast<u64>(fd)), -EINVAL);
    const int read_only = install_console(O_RDONLY);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_SHARED, static_cast<u64>(read_only)), -EACCES);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_SHARED_VALIDATE | 0x800000, static_cast<u64>(read_only)), -EOPNOTSUPP);
}

TEST_F(MemorySyscallTest, MmapHugetlbOfAFile_IsEinval)
{
    const int fd = install_console(O_RDWR);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_PRIVATE | MAP_HUGETLB, static_cast<u64>(fd)), -EINVAL);
}

TEST_F(MemorySyscallTest, MmapHugetlbAnonymous_IsEnomemWithoutHugePages)
{
    // hstate_sizelog: an unknown size is EINVAL; a known one finds the
    // huge page pool empty (host, vm.nr_hugepages = 0: ENOMEM; a zero
    // length EINVAL).
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate | MAP_HUGETLB), -ENOMEM);
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate | MAP_HUGETLB | MAP_HUGE_2MB), -ENOMEM);
    EXPECT_EQ(mmap(0, kPage, kRw, MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB), -ENOMEM);
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate | MAP_HUGETLB | MAP_HUGE_1GB), -EINVAL);
    EXPECT_EQ(mmap(0, kPage, kRw, kPrivate | MAP_HUGETLB | (u64 { 16 } << MAP_HUGE_SHIFT)), -EINVAL);
    EXPECT_EQ(mmap(0, 0, kRw, kPrivate | MAP_HUGETLB), -EINVAL);
}

TEST_F(MemorySyscallTest, Rlimits_ReachTheMemoryDescriptor)
{
    set_limit(RLIMIT_AS, 4 * kPage);
    EXPECT_EQ(mmap(0, 8 * kPage, kRw, kPrivate), -ENOMEM);
    set_limit(RLIMIT_AS, RLIM_INFINITY);
    set_limit(RLIMIT_DATA, 4 * kPage);
    EXPECT_EQ(mmap(0, 8 * kPage, kRw, kPrivate), -ENOMEM);
    EXPECT_GT(mmap(0, 8 * kPage, PROT_READ, kPrivate), 0);
}

TEST_F(MemorySyscallTest, FixedBelowMmapMinAddr_IsEpermWithoutCapSysRawio)
{
    EXPECT_EQ(mmap(0x1000, kPage, kRw, kPrivate | MAP_FIXED), 0x1000);
    become_user(1000);
    EXPECT_EQ(mmap(0x2000, kPage, kRw, kPrivate | MAP_FIXED), -EPERM);
}

TEST_F(MemorySyscallTest, ReadImpliesExec_ComesFromThePersonality)
{
    caller().personality = READ_IMPLIES_EXEC;
    ASSERT_EQ(mmap(kBase, kPage, PROT_READ, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    mm::Vma vma;
    ASSERT_TRUE(memory().find_vma(UserAddress(kBase), vma));
    EXPECT_EQ(vma.protection, hal::Protection::ReadExecute);
}

TEST_F(MemorySyscallTest, MunmapAndMprotect_Decode)
{
    ASSERT_EQ(mmap(kBase, 4 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(call(__NR_mprotect, kBase, kPage, PROT_READ), 0);
    EXPECT_EQ(call(__NR_mprotect, kBase, kPage, u64 { 1 } << 32 | PROT_READ), -EINVAL);
    EXPECT_EQ(call(__NR_mprotect, kBase + 1, kPage, PROT_READ), -EINVAL);
    EXPECT_EQ(call(__NR_munmap, kBase, 0), -EINVAL);
    EXPECT_EQ(call(__NR_munmap, kBase, kPage), 0);
    EXPECT_EQ(call(__NR_mprotect, kBase, kPage, PROT_READ), -ENOMEM);
}

TEST_F(MemorySyscallTest, Brk_ReturnsTheBreakNeverAnError)
{
    memory().set_program_break(UserAddress(0x600000));
    EXPECT_EQ(call(__NR_brk, 0), 0x600000);
    EXPECT_EQ(call(__NR_brk, 0x601000), 0x601000);
    EXPECT_EQ(call(__NR_brk, ~u64 { 0 }), 0x601000);
    set_limit(RLIMIT_DATA, kPage);
    EXPECT_EQ(call(__NR_brk, 0x603000), 0x601000);
}

TEST_F(MemorySyscallTest, Madvise_TakesTheAdviceAsAnInt)
{
    // SYSCALL_DEFINE3(madvise, ..., int, behavior): the upper half of the
    // register is ignored (host: 0x100000004 is MADV_DONTNEED).
    ASSERT_EQ(mmap(kBase, kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(call(__NR_madvise, kBase, kPage, (u64 { 1 } << 32) | MADV_DONTNEED), 0);
    EXPECT_EQ(call(__NR_madvise, kBase, kPage, 999), -EINVAL);
    EXPECT_EQ(call(__NR_madvise, kBase + kPage, kPage, MADV_NORMAL), -ENOMEM);
}

TEST_F(MemorySyscallTest, Mremap_Decodes)
{
    ASSERT_EQ(mmap(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    EXPECT_EQ(mremap(kBase, 2 * kPage, 4 * kPage, 0), static_cast<i64>(kBase));
    EXPECT_EQ(mremap(kBase, 4 * kPage, 4 * kPage, MREMAP_FIXED | MREMAP_MAYMOVE, 0x400000000), 0x400000000);
    EXPECT_EQ(mremap(kBase, kPage, kPage, 0), -EFAULT);
    EXPECT_EQ(mremap(0x400000000, kPage, kPage, 16), -EINVAL);
}

TEST_F(MemorySyscallTest, Fork_CopiesTheVmas)
{
    ASSERT_EQ(mmap(kBase, 2 * kPage, kRw, kPrivate | MAP_FIXED), static_cast<i64>(kBase));
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    mm::Vma vma;
    EXPECT_TRUE(child->memory->find_vma(UserAddress(kBase), vma));
    EXPECT_EQ(vma.end, kBase + 2 * kPage);
}

TEST_F(MemorySyscallTest, Table_ListsTheFamily)
{
    for (const u64 number : { __NR_mmap, __NR_munmap, __NR_mprotect, __NR_brk, __NR_madvise, __NR_mremap }) {
        const syscall::SyscallEntry* entry = syscall::find_syscall(number);
        ASSERT_NE(entry, nullptr);
        EXPECT_NE(entry->handler, nullptr) << entry->name;
        EXPECT_NE(entry->status, syscall::SyscallStatus::Missing) << entry->name;
    }
}

} // namespace
} // namespace sirius::testing
