// shmget(2), shmat(2), shmdt(2) and shmctl(2) through the syscall table
// (Linux ipc/shm.c): newseg's checks in their order, do_shmat's, shm_nattch
// as the count of VMAs (splits, fork, shmdt of pieces, exit), IPC_RMID while
// attached, the *_STAT and *_INFO commands, IPC_SET, SHM_LOCK and IPC
// namespaces. tests/integration/programs/shared_memory.c shows the same
// rules on Linux.
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/shm.h>
#include <sys/resource.h>

#include "core/ipc/ipc_limits.h"
#include "platform/host/memory_statistics.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kPage = 4096;
// A quiet part of the address space for attaches at an address.
constexpr u64 kBase = 0x300000000;
constexpr u64 kStat = KernelTest::kUserData + 0x800;
constexpr u64 kUnmapped = 0xdead0000;
constexpr int kKey = 0x5157;
// SHM_DEST and SHM_LOCKED, the kernel half of <linux/shm.h>.
constexpr u32 kShmDest = ipc::kShmDest;
constexpr u32 kShmLocked = ipc::kShmLocked;

class ShmTest : public SignalTest {
protected:
    void TearDown() override
    {
        // The machine's size, as the other tests expect it; and no thread a
        // test made current may outlive it (the teardown's exits free them).
        host::set_memory_statistics({ u64 { 1 } << 30, u64 { 1 } << 29 });
        running(nullptr);
        SignalTest::TearDown();
    }

    // The thread the scheduler says is running: shm_lprid records its
    // process on each attach and detach.
    void running(proc::Thread* thread) { ON_CALL(scheduler, current_thread()).WillByDefault(::testing::Return(thread)); }

    i64 shmget(int key, u64 size, int flags) { return call(__NR_shmget, static_cast<u64>(key), size, static_cast<u64>(flags)); }
    i64 shmat_as(proc::Thread& thread, i64 id, u64 address, int flags = 0)
    {
        return call_as(thread, __NR_shmat, static_cast<u64>(id), address, static_cast<u64>(flags));
    }
    i64 shmat(i64 id, u64 address, int flags = 0) { return shmat_as(caller(), id, address, flags); }
    i64 shmdt_as(proc::Thread& thread, u64 address) { return call_as(thread, __NR_shmdt, address); }
    i64 shmdt(u64 address) { return shmdt_as(caller(), address); }
    i64 shmctl(i64 id, int cmd, u64 buffer = kStat) { return call(__NR_shmctl, static_cast<u64>(id), static_cast<u64>(cmd), buffer); }

    // IPC_STAT's answer.
    shmid64_ds stat(i64 id)
    {
        EXPECT_EQ(shmctl(id, IPC_STAT), 0);
        return read_back<shmid64_ds>();
    }
    u64 nattch(i64 id) { return stat(id).shm_nattch; }
    // What a shmctl left at kStat.
    template<typename T>
    T read_back()
    {
        T out {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&out, UserAddress(kStat), sizeof(out)).has_value());
        return out;
    }
    template<typename T>
    void write_in(const T& in)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kStat), &in, sizeof(in)).has_value());
    }

    // A user write or read of one byte by `thread`, as the CPU makes it: a
    // fault first when the page is not there or does not allow it.
    mm::FaultOutcome write_byte_as(proc::Thread& thread, u64 address, u8 value)
    {
        auto& space = static_cast<MockAddressSpace&>(thread.memory->address_space()).backing();
        if (space.copy_to_user(UserAddress(address), &value, 1).has_value()) {
            return mm::FaultOutcome::Resolved;
        }
        const auto outcome = thread.memory->handle_page_fault(UserAddress(address), mm::FaultAccess::Write, mm::CallerLimits::of(*kernel, thread));
        if (outcome != mm::FaultOutcome::Resolved) {
            return outcome;
        }
        return space.copy_to_user(UserAddress(address), &value, 1).has_value() ? mm::FaultOutcome::Resolved : mm::FaultOutcome::AccessError;
    }
    mm::FaultOutcome write_byte(u64 address, u8 value) { return write_byte_as(caller(), address, value); }
    // The byte, or -1 if the read faults.
    int read_byte_as(proc::Thread& thread, u64 address)
    {
        auto& space = static_cast<MockAddressSpace&>(thread.memory->address_space()).backing();
        u8 value = 0;
        if (!space.copy_from_user(&value, UserAddress(address), 1).has_value()) {
            if (thread.memory->handle_page_fault(UserAddress(address), mm::FaultAccess::Read, mm::CallerLimits::of(*kernel, thread)) != mm::FaultOutcome::Resolved || !space.copy_from_user(&value, UserAddress(address), 1).has_value()) {
                return -1;
            }
        }
        return value;
    }
    int read_byte(u64 address) { return read_byte_as(caller(), address); }

    // The caller becomes `uid` with group `gid` (not in group 0, which may
    // use huge pages) and the capabilities `effective`.
    void become(u32 uid, u32 gid, proc::CapabilitySet effective = {})
    {
        become_user(uid, effective);
        caller().credentials->gid = { gid, gid, gid, gid };
    }
    void set_limit(int resource, u64 value) { caller().process().limits().get(resource) = { value, value }; }
    // A segment of `size` bytes made by root with `mode`, for a test that
    // then drops privileges.
    i64 make_segment(int key, u64 size, int mode)
    {
        const i64 id = shmget(key, size, IPC_CREAT | mode);
        EXPECT_GE(id, 0);
        return id;
    }
    static proc::CapabilitySet with(int capability)
    {
        proc::CapabilitySet set;
        set.add(capability);
        return set;
    }
};

// --- shmget: a new segment -------------------------------------------------

TEST_F(ShmTest, Shmget_SizeZeroOrAboveShmmax_IsEinval)
{
    // shmget(2) EINVAL: "A new segment was to be created and size is less
    // than SHMMIN or greater than SHMMAX."
    EXPECT_EQ(shmget(IPC_PRIVATE, 0, 0600), -EINVAL);
    EXPECT_EQ(shmget(IPC_PRIVATE, SHMMAX + 1, 0600), -EINVAL);
    EXPECT_EQ(shmget(IPC_PRIVATE, ~u64 { 0 }, 0600), -EINVAL);
    EXPECT_EQ(shmget(kKey, 0, IPC_CREAT | 0600), -EINVAL);
    // The size is checked before SHM_HUGETLB.
    EXPECT_EQ(shmget(IPC_PRIVATE, 0, SHM_HUGETLB | 0600), -EINVAL);
    EXPECT_EQ(shmctl(0, IPC_STAT), -EINVAL);
}

TEST_F(ShmTest, Shmget_AboveTheLargestFileSize_IsEinval)
{
    // shmem_kernel_file_setup: "if (size < 0 || size > MAX_LFS_FILESIZE)
    // return ERR_PTR(-EINVAL)", whatever SHM_NORESERVE says.
    EXPECT_EQ(shmget(IPC_PRIVATE, u64 { 1 } << 63, 0600), -EINVAL);
    EXPECT_EQ(shmget(IPC_PRIVATE, u64 { 1 } << 63, SHM_NORESERVE | 0600), -EINVAL);
}

TEST_F(ShmTest, Shmget_MoreThanTheMachinesMemory_IsEnomemWithoutShmNoreserve)
{
    // shmem_acct_size -> security_vm_enough_memory: OVERCOMMIT_GUESS
    // refuses one charge larger than RAM; SHM_NORESERVE charges nothing.
    host::set_memory_statistics({ u64 { 1 } << 30, u64 { 1 } << 29 });
    EXPECT_EQ(shmget(IPC_PRIVATE, (u64 { 1 } << 30) + kPage, 0600), -ENOMEM);
    EXPECT_EQ(shmget(IPC_PRIVATE, u64 { 1 } << 40, IPC_CREAT | 0600), -ENOMEM);
    EXPECT_EQ(shmget(IPC_PRIVATE, u64 { 1 } << 30, 0600), 0);
    const i64 id = shmget(IPC_PRIVATE, u64 { 1 } << 40, SHM_NORESERVE | 0600);
    ASSERT_GE(id, 0);
    EXPECT_EQ(stat(id).shm_segsz, u64 { 1 } << 40);
}

TEST_F(ShmTest, Shmget_HugetlbOfASizeTheCpuLacks_IsEinval)
{
    // hugetlb_file_setup: no hstate for 32 MiB pages - EINVAL before the
    // permission check, for anyone.
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | (25 << SHM_HUGE_SHIFT) | 0600), -EINVAL);
    become(1000, 1000);
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | (25 << SHM_HUGE_SHIFT) | 0600), -EINVAL);
}

TEST_F(ShmTest, Shmget_HugetlbWithoutCapIpcLockOrGroup_IsEperm)
{
    // shmget(2) EPERM: "The SHM_HUGETLB flag was specified, but the caller
    // was not privileged (did not have the CAP_IPC_LOCK capability) and is
    // not a member of the sysctl_hugetlb_shm_group group".
    become(1000, 1000);
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | 0600), -EPERM);
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | SHM_HUGE_2MB | 0600), -EPERM);
}

TEST_F(ShmTest, Shmget_HugetlbAllowed_IsEnomemWithoutHugePages)
{
    // A machine with no huge pages reserved: hugetlb_reserve_pages fails.
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | 0600), -ENOMEM);
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | SHM_HUGE_1GB | 0600), -ENOMEM);
    become(1000, 1000, with(CAP_IPC_LOCK));
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | 0600), -ENOMEM);
    // sysctl_hugetlb_shm_group is 0: a member of group 0 may try too.
    become(1000, 0);
    EXPECT_EQ(shmget(IPC_PRIVATE, kPage, SHM_HUGETLB | 0600), -ENOMEM);
}

TEST_F(ShmTest, Shmget_MoreThanShmmniSegments_IsEnospc)
{
    // shmget(2) ENOSPC: "all possible shared memory IDs have been taken
    // (SHMMNI)".
    for (u32 i = 0; i < ipc::kShmMni; ++i) {
        ASSERT_GE(shmget(IPC_PRIVATE, 1, 0600), 0) << i;
    }
    EXPECT_EQ(shmget(IPC_PRIVATE, 1, 0600), -ENOSPC);
}

TEST_F(ShmTest, Shmget_NewSegment_IsStatedAsMade)
{
    // newseg: shm_segsz as asked, the creator's ids, cpid, ctime now, no
    // attach yet; the mode is the permission bits of shmflg.
    const i64 id = shmget(kKey, 10000, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0640);
    ASSERT_GE(id, 0);
    const shmid64_ds ds = stat(id);
    EXPECT_EQ(ds.shm_perm.key, kKey);
    EXPECT_EQ(ds.shm_perm.mode, 0640U);
    EXPECT_EQ(ds.shm_perm.uid, 0U);
    EXPECT_EQ(ds.shm_perm.cuid, 0U);
    EXPECT_EQ(ds.shm_segsz, 10000U);
    EXPECT_EQ(ds.shm_nattch, 0U);
    EXPECT_EQ(ds.shm_cpid, static_cast<__kernel_pid_t>(tgid_of(caller())));
    EXPECT_EQ(ds.shm_lpid, 0);
    EXPECT_EQ(ds.shm_atime, 0);
    EXPECT_EQ(ds.shm_dtime, 0);
    EXPECT_NE(ds.shm_ctime, 0);
}

// --- shmget: a key in use ----------------------------------------------------

TEST_F(ShmTest, Shmget_MissingKeyWithoutIpcCreat_IsEnoent)
{
    // shmget(2) ENOENT: "No segment exists for the given key, and IPC_CREAT
    // was not specified."
    EXPECT_EQ(shmget(kKey, kPage, 0600), -ENOENT);
}

TEST_F(ShmTest, Shmget_ExistingKeyWithIpcCreatAndExcl_IsEexist)
{
    const i64 id = make_segment(kKey, kPage, 0600);
    EXPECT_EQ(shmget(kKey, kPage, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
    // Even for a size no new segment could have.
    EXPECT_EQ(shmget(kKey, 0, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
    EXPECT_EQ(shmget(kKey, kPage, IPC_CREAT | 0600), id);
    EXPECT_EQ(shmget(kKey, 0, 0), id);
}

TEST_F(ShmTest, Shmget_ExistingKeyLargerThanTheSegment_IsEinvalBeforeEacces)
{
    // shmget(2) EINVAL: "A segment for the given key exists, but size is
    // greater than the size of that segment." shm_more_checks runs before
    // ipc_check_perms.
    const i64 id = make_segment(kKey, 10000, 0600);
    EXPECT_EQ(shmget(kKey, 10001, 0), -EINVAL);
    EXPECT_EQ(shmget(kKey, 10001, IPC_CREAT | 0600), -EINVAL);
    EXPECT_EQ(shmget(kKey, 10000, 0), id);
    become(1000, 1000);
    EXPECT_EQ(shmget(kKey, 10001, 0600), -EINVAL);
    EXPECT_EQ(shmget(kKey, 10000, 0600), -EACCES);
}

TEST_F(ShmTest, Shmget_ModeNotGranted_IsEacces)
{
    // shmget(2) EACCES: "The user does not have permission to access the
    // shared memory segment, and does not have the CAP_IPC_OWNER
    // capability". The mode asked for is what is checked; 0 asks nothing.
    const i64 id = make_segment(kKey, kPage, 0604);
    become(1000, 1000);
    EXPECT_EQ(shmget(kKey, kPage, 0600), -EACCES);
    EXPECT_EQ(shmget(kKey, kPage, 0004), id);
    EXPECT_EQ(shmget(kKey, kPage, 0), id);
    become(1000, 1000, with(CAP_IPC_OWNER));
    EXPECT_EQ(shmget(kKey, kPage, 0666), id);
}

// --- shmat -------------------------------------------------------------------

TEST_F(ShmTest, Shmat_NegativeOrUnknownId_IsEinval)
{
    // do_shmat: "if (shmid < 0) goto out" (-EINVAL); an id no segment has
    // is EINVAL too.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmat(-1, 0), -EINVAL);
    EXPECT_EQ(shmat(id + 1, 0), -EINVAL);
    EXPECT_EQ(shmat(id + ipc::kSeqMultiplier, 0), -EINVAL);
    EXPECT_EQ(caller().memory->vma_count(), 0U);
}

TEST_F(ShmTest, Shmat_UnalignedWithoutShmRnd_IsEinval)
{
    // shmat(2) EINVAL: "Invalid ... unaligned (i.e., not page-aligned and
    // SHM_RND was not specified) ... shmaddr value".
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmat(id, kBase + 123), -EINVAL);
    EXPECT_EQ(nattch(id), 0U);
}

TEST_F(ShmTest, Shmat_ShmRnd_RoundsTheAddressDownToShmlba)
{
    // shmat(2): "If shmaddr isn't NULL and SHM_RND is specified in
    // shmflg, the attach occurs at the address equal to shmaddr rounded
    // down to the nearest multiple of SHMLBA."
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmat(id, kBase + kPage + 123, SHM_RND), static_cast<i64>(kBase + kPage));
}

TEST_F(ShmTest, Shmat_ShmRndRoundingToZero_IsMapFixedAtZero)
{
    // do_shmat rounds 123 down to 0 and still sets MAP_FIXED: root maps
    // the segment at 0 (shmat returns NULL), anyone else is below
    // mmap_min_addr (EPERM). Both as the host shows them.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0666);
    EXPECT_EQ(shmat(id, 123, SHM_RND), 0);
    EXPECT_EQ(nattch(id), 1U);
    ASSERT_EQ(shmdt(0), 0);
    become(1000, 1000);
    EXPECT_EQ(shmat(id, 123, SHM_RND), -EPERM);
    EXPECT_EQ(nattch(id), 0U);
}

TEST_F(ShmTest, Shmat_ShmRemapWithoutAnAddress_IsEinval)
{
    // shmat(2) EINVAL: "SHM_REMAP was specified and shmaddr was NULL";
    // do_shmat: "Ensure that the round-down is non-nil when remapping".
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmat(id, 0, SHM_REMAP), -EINVAL);
    EXPECT_EQ(shmat(id, 123, SHM_RND | SHM_REMAP), -EINVAL);
    EXPECT_EQ(nattch(id), 0U);
}

TEST_F(ShmTest, Shmat_OverAMappingWithoutShmRemap_IsEinval)
{
    // do_shmat: "if (addr && !(shmflg & SHM_REMAP)) { err = -EINVAL; if
    // (find_vma_intersection(current->mm, addr, addr + size)) goto
    // invalid; }" - the range of the segment's size, not rounded.
    const i64 id = make_segment(IPC_PRIVATE, 2 * kPage, 0600);
    ASSERT_EQ(call(__NR_mmap, kBase + kPage, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~u64 { 0 }, 0), static_cast<i64>(kBase + kPage));
    EXPECT_EQ(shmat(id, kBase), -EINVAL);
    EXPECT_EQ(shmat(id, kBase + kPage), -EINVAL);
    EXPECT_EQ(caller().memory->vma_count(), 1U);
    // SHM_REMAP replaces what is there.
    EXPECT_EQ(shmat(id, kBase, SHM_REMAP), static_cast<i64>(kBase));
    EXPECT_EQ(caller().memory->vma_count(), 1U);
    EXPECT_EQ(nattch(id), 1U);
}

TEST_F(ShmTest, Shmat_ReadWriteOfASegmentOnlyReadable_IsEacces)
{
    // shmat(2) EACCES: "The calling process does not have the required
    // permissions for the requested attach type"; SHM_EXEC asks for
    // execute permission as well.
    const i64 readable = make_segment(kKey, kPage, 0604);
    const i64 closed = make_segment(kKey + 1, kPage, 0600);
    become(1000, 1000);
    EXPECT_EQ(shmat(readable, 0), -EACCES);
    EXPECT_EQ(shmat(readable, 0, SHM_RDONLY | SHM_EXEC), -EACCES);
    EXPECT_EQ(shmat(closed, 0, SHM_RDONLY), -EACCES);
    EXPECT_GT(shmat(readable, 0, SHM_RDONLY), 0);
    EXPECT_EQ(caller().memory->vma_count(), 1U);
}

TEST_F(ShmTest, Shmat_CapIpcOwner_OverridesTheMode)
{
    const i64 id = make_segment(kKey, kPage, 0600);
    become(1000, 1000, with(CAP_IPC_OWNER));
    EXPECT_GT(shmat(id, 0), 0);
}

TEST_F(ShmTest, Shmat_ShmRdonly_MapsReadOnlyForGood)
{
    // shmat(2): "the segment is attached for read-only access"; do_shmat
    // opens the file O_RDONLY, so mprotect cannot add PROT_WRITE (EACCES)
    // and a write is SIGSEGV.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    const i64 address = shmat(id, 0, SHM_RDONLY);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    EXPECT_EQ(read_byte(at), 0);
    EXPECT_EQ(write_byte(at, 1), mm::FaultOutcome::AccessError);
    EXPECT_EQ(call(__NR_mprotect, at, kPage, PROT_READ | PROT_WRITE), -EACCES);
    EXPECT_EQ(call(__NR_mprotect, at, kPage, PROT_READ | PROT_EXEC), 0);
}

TEST_F(ShmTest, Shmat_ShmExec_MapsExecutable)
{
    // do_shmat: "if (shmflg & SHM_EXEC) { prot |= PROT_EXEC; acc_mode |=
    // S_IXUGO; }".
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0700);
    const i64 address = shmat(id, 0, SHM_EXEC);
    ASSERT_GT(address, 0);
    mm::Vma vma;
    ASSERT_TRUE(caller().memory->find_vma(UserAddress(static_cast<u64>(address)), vma));
    EXPECT_EQ(vma.protection, hal::Protection::ReadWriteExecute);
    EXPECT_TRUE(vma.flags.shared);
    EXPECT_EQ(vma.kind, mm::VmaKind::Object);
}

TEST_F(ShmTest, Shmat_OverRlimitAs_IsEnomem)
{
    // shmat(2) ENOMEM: "Could not allocate memory for the descriptor or
    // for the page tables" - do_mmap's may_expand_vm against RLIMIT_AS.
    const i64 id = make_segment(IPC_PRIVATE, 4 * kPage, 0600);
    set_limit(RLIMIT_AS, 3 * kPage);
    EXPECT_EQ(shmat(id, 0), -ENOMEM);
    EXPECT_EQ(shmat(id, kBase), -ENOMEM);
    EXPECT_EQ(nattch(id), 0U);
    EXPECT_EQ(caller().memory->vma_count(), 0U);
    set_limit(RLIMIT_AS, 4 * kPage);
    EXPECT_GT(shmat(id, 0), 0);
}

TEST_F(ShmTest, Shmat_TwoAttaches_ShareTheSegmentsBytes)
{
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 first = shmat(id, 0);
    const i64 second = shmat(id, 0, SHM_RDONLY);
    ASSERT_GT(first, 0);
    ASSERT_GT(second, 0);
    EXPECT_NE(first, second);
    ASSERT_EQ(write_byte(static_cast<u64>(first) + 5000, 'x'), mm::FaultOutcome::Resolved);
    EXPECT_EQ(read_byte(static_cast<u64>(second) + 5000), 'x');
    EXPECT_EQ(nattch(id), 2U);
}

// --- shm_nattch: the VMAs that map the segment -------------------------------

TEST_F(ShmTest, Nattch_CountsEachAttach)
{
    // shm_open on attach: shm_nattch, shm_atime and shm_lprid.
    running(&caller());
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    ASSERT_GT(shmat(id, 0), 0);
    const shmid64_ds ds = stat(id);
    EXPECT_EQ(ds.shm_nattch, 1U);
    EXPECT_NE(ds.shm_atime, 0);
    EXPECT_EQ(ds.shm_dtime, 0);
    EXPECT_EQ(ds.shm_lpid, static_cast<__kernel_pid_t>(tgid_of(caller())));
    ASSERT_GT(shmat(id, 0), 0);
    EXPECT_EQ(nattch(id), 2U);
}

TEST_F(ShmTest, Nattch_CountsBothPiecesOfAnAttachMprotectSplit)
{
    // __split_vma calls vm_ops->open on the new VMA: a split attach counts
    // twice (shared_memory.c shows nattch 3 for two attaches, one split).
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    ASSERT_EQ(call(__NR_mprotect, static_cast<u64>(address), kPage, PROT_READ), 0);
    EXPECT_EQ(nattch(id), 2U);
}

TEST_F(ShmTest, Nattch_MunmapOfAHoleCountsOneMoreAndOfAnEndNone)
{
    // An unmap inside a VMA splits it twice and closes the middle; one at
    // an end splits once and closes the part cut away.
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    ASSERT_EQ(call(__NR_munmap, static_cast<u64>(address) + kPage, kPage), 0);
    EXPECT_EQ(nattch(id), 2U);
    ASSERT_EQ(call(__NR_munmap, static_cast<u64>(address), kPage), 0);
    EXPECT_EQ(nattch(id), 1U);
    const i64 second = shmat(id, 0);
    ASSERT_GT(second, 0);
    ASSERT_EQ(call(__NR_munmap, static_cast<u64>(second) + 2 * kPage, kPage), 0);
    EXPECT_EQ(nattch(id), 2U);
}

TEST_F(ShmTest, Shmdt_UnmapsEveryPieceOfTheAttach)
{
    // ksys_shmdt: every VMA of the segment whose offset says it was
    // attached at shmaddr, across the pieces mprotect made.
    running(&caller());
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    ASSERT_EQ(call(__NR_mprotect, at + kPage, kPage, PROT_READ), 0);
    ASSERT_EQ(nattch(id), 3U);
    EXPECT_EQ(shmdt(at), 0);
    const shmid64_ds ds = stat(id);
    EXPECT_EQ(ds.shm_nattch, 0U);
    EXPECT_NE(ds.shm_dtime, 0);
    EXPECT_EQ(caller().memory->vma_count(), 0U);
    EXPECT_EQ(shmdt(at), -EINVAL);
}

TEST_F(ShmTest, Shmdt_OfAPieceWhoseStartWasCut_StillFindsIt)
{
    // The VMA left after munmap of the first page is at shmaddr + 1 page
    // with vm_pgoff 1: "(vma->vm_start - addr)/PAGE_SIZE == vma->vm_pgoff".
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    ASSERT_EQ(call(__NR_munmap, at, kPage), 0);
    ASSERT_EQ(nattch(id), 1U);
    EXPECT_EQ(shmdt(at + kPage), -EINVAL);
    EXPECT_EQ(shmdt(at), 0);
    EXPECT_EQ(nattch(id), 0U);
}

TEST_F(ShmTest, Shmdt_NotAtAnAttachAddress_IsEinval)
{
    // shmdt(2) EINVAL: "There is no shared memory segment attached at
    // shmaddr; or, shmaddr is not aligned on a page boundary."
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    EXPECT_EQ(shmdt(at + kPage), -EINVAL);
    EXPECT_EQ(shmdt(at + 1), -EINVAL);
    EXPECT_EQ(shmdt(0), -EINVAL);
    ASSERT_EQ(call(__NR_mmap, kBase, kPage, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~u64 { 0 }, 0), static_cast<i64>(kBase));
    EXPECT_EQ(shmdt(kBase), -EINVAL);
    EXPECT_EQ(nattch(id), 1U);
}

TEST_F(ShmTest, Shmdt_LeavesAPieceOfAnotherAttachWhereOneOfItsOwnCouldBe)
{
    // ksys_shmdt's second loop takes a piece only if "vma->vm_file ==
    // file": the same attach (each shmat opens its own file), not merely
    // the same segment. Here a piece of a second attach is moved by mremap
    // to where the first attach's second page was; on Linux 6.x shmdt of
    // the first leaves it (nattch 2 -> 1, the piece still in the maps).
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    ASSERT_EQ(shmat(id, kBase), static_cast<i64>(kBase));
    ASSERT_EQ(call(__NR_munmap, kBase + kPage, 2 * kPage), 0);
    ASSERT_EQ(shmat(id, kBase + 16 * kPage), static_cast<i64>(kBase + 16 * kPage));
    ASSERT_EQ(call(__NR_munmap, kBase + 16 * kPage, kPage), 0);
    ASSERT_EQ(call(__NR_mremap, kBase + 17 * kPage, 2 * kPage, 2 * kPage, MREMAP_MAYMOVE | MREMAP_FIXED, kBase + kPage), static_cast<i64>(kBase + kPage));
    ASSERT_EQ(nattch(id), 2U);
    EXPECT_EQ(shmdt(kBase), 0);
    EXPECT_EQ(nattch(id), 1U);
    EXPECT_TRUE(caller().memory->has_vma_in(kBase + kPage, kBase + 3 * kPage));
}

TEST_F(ShmTest, Shmdt_LeavesOtherAttachesOfTheSegment)
{
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    const i64 first = shmat(id, kBase);
    const i64 second = shmat(id, kBase + kPage);
    ASSERT_EQ(first, static_cast<i64>(kBase));
    ASSERT_EQ(second, static_cast<i64>(kBase + kPage));
    EXPECT_EQ(shmdt(kBase), 0);
    EXPECT_EQ(nattch(id), 1U);
    EXPECT_EQ(caller().memory->vma_count(), 1U);
}

TEST_F(ShmTest, Fork_CountsTheChildsAttachesAndShareTheBytes)
{
    // dup_mmap opens each copied VMA: nattch doubles; the pages are the
    // segment's, shared.
    const i64 id = make_segment(IPC_PRIVATE, 2 * kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    ASSERT_EQ(call(__NR_mprotect, at, kPage, PROT_READ), 0);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(nattch(id), 4U);
    ASSERT_EQ(write_byte_as(*child, at + kPage + 6, 'y'), mm::FaultOutcome::Resolved);
    EXPECT_EQ(read_byte(at + kPage + 6), 'y');
    // The child's shmdt takes its own pieces only.
    EXPECT_EQ(shmdt_as(*child, at), 0);
    EXPECT_EQ(nattch(id), 2U);
    EXPECT_EQ(read_byte(at + kPage + 6), 'y');
}

TEST_F(ShmTest, Exit_DetachesTheProcesssAttaches)
{
    // exit_mmap closes every VMA.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    ASSERT_GT(shmat(id, 0), 0);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_GT(shmat_as(*child, id, 0), 0);
    ASSERT_EQ(nattch(id), 3U);
    running(child);
    kernel->exit_thread(*child, 0);
    const shmid64_ds ds = stat(id);
    EXPECT_EQ(ds.shm_nattch, 1U);
    // shm_lprid: the process that closed the VMAs.
    EXPECT_EQ(ds.shm_lpid, static_cast<__kernel_pid_t>(tgid_of(*child)));
}

// --- IPC_RMID ----------------------------------------------------------------

TEST_F(ShmTest, IpcRmidWithNothingAttached_RemovesAtOnce)
{
    const i64 id = make_segment(kKey, kPage, 0600);
    EXPECT_EQ(shmctl(id, IPC_RMID, 0), 0);
    EXPECT_EQ(shmctl(id, IPC_STAT), -EINVAL);
    EXPECT_EQ(shmat(id, 0), -EINVAL);
    EXPECT_EQ(shmget(kKey, kPage, 0600), -ENOENT);
    EXPECT_EQ(shmctl(id, IPC_RMID, 0), -EINVAL);
}

TEST_F(ShmTest, IpcRmidWhileAttached_MarksShmDestAndHidesTheKey)
{
    // do_shm_rmid: "shp->shm_perm.mode |= SHM_DEST; /* Do not find it any
    // more */ ipc_set_key_private(...)".
    const i64 id = make_segment(kKey, kPage, 0640);
    ASSERT_GT(shmat(id, 0), 0);
    EXPECT_EQ(shmctl(id, IPC_RMID, 0), 0);
    const shmid64_ds ds = stat(id);
    EXPECT_EQ(ds.shm_perm.mode, kShmDest | 0640);
    EXPECT_EQ(ds.shm_perm.key, IPC_PRIVATE);
    EXPECT_EQ(ds.shm_nattch, 1U);
    EXPECT_EQ(shmget(kKey, kPage, 0600), -ENOENT);
    // The key is free for a new segment.
    const i64 other = shmget(kKey, kPage, IPC_CREAT | IPC_EXCL | 0600);
    EXPECT_GE(other, 0);
    EXPECT_NE(other, id);
}

TEST_F(ShmTest, IpcRmidWhileAttached_AttachByIdStillWorks)
{
    // shmat(2) NOTES: Linux allows attaching a segment marked for deletion
    // (not checked here for IPC_PRIVATE as do_shmat has no such check).
    const i64 id = make_segment(kKey, kPage, 0600);
    const i64 first = shmat(id, 0);
    ASSERT_GT(first, 0);
    ASSERT_EQ(write_byte(static_cast<u64>(first), 'z'), mm::FaultOutcome::Resolved);
    ASSERT_EQ(shmctl(id, IPC_RMID, 0), 0);
    const i64 late = shmat(id, 0);
    ASSERT_GT(late, 0);
    EXPECT_EQ(read_byte(static_cast<u64>(late)), 'z');
    EXPECT_EQ(nattch(id), 2U);
}

TEST_F(ShmTest, IpcRmidWhileAttached_GoesWithTheLastDetach)
{
    // shm_close -> shm_may_destroy: nattch 0 and SHM_DEST destroys it.
    const i64 id = make_segment(kKey, 2 * kPage, 0600);
    const i64 first = shmat(id, 0);
    const i64 second = shmat(id, 0);
    ASSERT_GT(first, 0);
    ASSERT_GT(second, 0);
    ASSERT_EQ(shmctl(id, IPC_RMID, 0), 0);
    ASSERT_EQ(shmdt(static_cast<u64>(first)), 0);
    EXPECT_EQ(nattch(id), 1U);
    ASSERT_EQ(shmdt(static_cast<u64>(second)), 0);
    EXPECT_EQ(shmctl(id, IPC_STAT), -EINVAL);
    shm_info info {};
    EXPECT_EQ(shmctl(0, SHM_INFO), 0);
    info = read_back<shm_info>();
    EXPECT_EQ(info.used_ids, 0);
    EXPECT_EQ(info.shm_tot, 0U);
}

TEST_F(ShmTest, IpcRmidWhileAttached_GoesWhenTheLastAttachedProcessExits)
{
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_GT(shmat_as(*child, id, 0), 0);
    ASSERT_EQ(shmctl(id, IPC_RMID, 0), 0);
    ASSERT_EQ(nattch(id), 1U);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(shmctl(id, IPC_STAT), -EINVAL);
}

TEST_F(ShmTest, IpcRmidByAnotherUser_IsEperm)
{
    // shmctl(2) EPERM: "IPC_SET or IPC_RMID is attempted, and the effective
    // user ID of the calling process is not that of the creator ... or the
    // owner ..., and the process was not privileged (CAP_SYS_ADMIN)".
    const i64 id = make_segment(kKey, kPage, 0666);
    become(1000, 1000);
    EXPECT_EQ(shmctl(id, IPC_RMID, 0), -EPERM);
    become(1000, 1000, with(CAP_SYS_ADMIN));
    EXPECT_EQ(shmctl(id, IPC_RMID, 0), 0);
}

// --- IPC_STAT, SHM_STAT, SHM_STAT_ANY, IPC_INFO, SHM_INFO --------------------

TEST_F(ShmTest, IpcStat_WithoutReadPermission_IsEaccesButShmStatAnyAnswers)
{
    // shmctl(2) EACCES: "IPC_STAT or SHM_STAT is requested and shm_perm.mode
    // does not allow read access"; SHM_STAT_ANY (Linux 4.17) does not check.
    const i64 id = make_segment(kKey, kPage, 0600);
    const int index = static_cast<int>(id % ipc::kSeqMultiplier);
    become(1000, 1000);
    EXPECT_EQ(shmctl(id, IPC_STAT), -EACCES);
    EXPECT_EQ(shmctl(index, SHM_STAT), -EACCES);
    EXPECT_EQ(shmctl(index, SHM_STAT_ANY), id);
    EXPECT_EQ(read_back<shmid64_ds>().shm_segsz, kPage);
}

TEST_F(ShmTest, ShmStat_TakesAnIndexAndReturnsTheFullId)
{
    // shmctl(2): SHM_STAT "returns ... the identifier of the segment whose
    // index was given in shmid"; a free index is EINVAL.
    ASSERT_EQ(shmctl(make_segment(IPC_PRIVATE, kPage, 0600), IPC_RMID, 0), 0);
    const i64 id = make_segment(IPC_PRIVATE, 3 * kPage, 0600);
    const int index = static_cast<int>(id % ipc::kSeqMultiplier);
    EXPECT_EQ(shmctl(index, SHM_STAT), id);
    EXPECT_EQ(read_back<shmid64_ds>().shm_segsz, 3 * kPage);
    EXPECT_EQ(shmctl(index + 1, SHM_STAT), -EINVAL);
    EXPECT_EQ(shmctl(0, SHM_STAT), -EINVAL);
}

TEST_F(ShmTest, IpcInfo_GivesTheLimitsAndTheHighestIndex)
{
    // shmctl_ipc_info: shminfo64 from the namespace's shm_ctl*, returning
    // the highest index in use (0 when none).
    EXPECT_EQ(shmctl(0, IPC_INFO), 0);
    make_segment(IPC_PRIVATE, kPage, 0600);
    make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmctl(0, IPC_INFO), 1);
    const auto info = read_back<shminfo64>();
    EXPECT_EQ(info.shmmax, SHMMAX);
    EXPECT_EQ(info.shmmin, SHMMIN);
    EXPECT_EQ(info.shmmni, SHMMNI);
    EXPECT_EQ(info.shmseg, SHMMNI);
    EXPECT_EQ(info.shmall, SHMALL);
}

TEST_F(ShmTest, ShmInfo_CountsIdsPagesAndResidentPages)
{
    // shmctl_shm_info: used_ids, shm_tot (pages of every segment, rounded
    // up), shm_rss (the pages made); no swap.
    const i64 id = make_segment(IPC_PRIVATE, 10000, 0600);
    make_segment(IPC_PRIVATE, 1, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    ASSERT_EQ(write_byte(static_cast<u64>(address), 1), mm::FaultOutcome::Resolved);
    ASSERT_EQ(write_byte(static_cast<u64>(address) + 2 * kPage, 1), mm::FaultOutcome::Resolved);
    EXPECT_EQ(shmctl(0, SHM_INFO), 1);
    const auto info = read_back<shm_info>();
    EXPECT_EQ(info.used_ids, 2);
    EXPECT_EQ(info.shm_tot, 4U);
    EXPECT_EQ(info.shm_rss, 2U);
    EXPECT_EQ(info.shm_swp, 0U);
}

TEST_F(ShmTest, Shmctl_NegativeIdOrCommandOrUnknownCommand_IsEinval)
{
    // ksys_shmctl: "if (cmd < 0 || shmid < 0) return -EINVAL", even for
    // the commands that take no id; x86_64 knows no IPC_64 bit.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmctl(-1, IPC_INFO), -EINVAL);
    EXPECT_EQ(shmctl(-1, IPC_STAT), -EINVAL);
    EXPECT_EQ(shmctl(id, -1), -EINVAL);
    EXPECT_EQ(shmctl(id, 99), -EINVAL);
    EXPECT_EQ(shmctl(id, IPC_STAT | 0x100), -EINVAL);
}

TEST_F(ShmTest, Shmctl_BadBuffer_IsEfault)
{
    // shmctl(2) EFAULT: "The argument cmd has value IPC_SET or IPC_STAT but
    // the address pointed to by buf isn't accessible." IPC_SET copies in
    // before it looks the id up; the others look it up first.
    const i64 id = make_segment(IPC_PRIVATE, kPage, 0600);
    EXPECT_EQ(shmctl(id, IPC_STAT, 0), -EFAULT);
    EXPECT_EQ(shmctl(id, IPC_STAT, kUnmapped), -EFAULT);
    EXPECT_EQ(shmctl(id, IPC_SET, kUnmapped), -EFAULT);
    EXPECT_EQ(shmctl(id + 1, IPC_SET, kUnmapped), -EFAULT);
    EXPECT_EQ(shmctl(id + 1, IPC_STAT, kUnmapped), -EINVAL);
    EXPECT_EQ(shmctl(0, IPC_INFO, kUnmapped), -EFAULT);
    EXPECT_EQ(shmctl(0, SHM_INFO, kUnmapped), -EFAULT);
    EXPECT_EQ(shmctl(0, SHM_STAT, kUnmapped), -EFAULT);
}

// --- IPC_SET -----------------------------------------------------------------

TEST_F(ShmTest, IpcSet_ChangesOwnerAndPermissionBitsOnly)
{
    // shmctl(2) IPC_SET: "shm_perm.uid, shm_perm.gid, and (the least
    // significant 9 bits of) shm_perm.mode"; SHM_LOCKED stays.
    const i64 id = make_segment(kKey, kPage, 0600);
    ASSERT_EQ(shmctl(id, SHM_LOCK, 0), 0);
    shmid64_ds in = stat(id);
    in.shm_perm.uid = 1000;
    in.shm_perm.gid = 1001;
    in.shm_perm.mode = 07666;
    in.shm_segsz = 1;
    write_in(in);
    EXPECT_EQ(shmctl(id, IPC_SET), 0);
    const shmid64_ds out = stat(id);
    EXPECT_EQ(out.shm_perm.uid, 1000U);
    EXPECT_EQ(out.shm_perm.gid, 1001U);
    EXPECT_EQ(out.shm_perm.cuid, 0U);
    EXPECT_EQ(out.shm_perm.mode, kShmLocked | 0666);
    EXPECT_EQ(out.shm_segsz, kPage);
}

TEST_F(ShmTest, IpcSet_ByNeitherOwnerNorCreator_IsEperm)
{
    const i64 id = make_segment(kKey, kPage, 0666);
    shmid64_ds in = stat(id);
    in.shm_perm.mode = 0777;
    write_in(in);
    become(1000, 1000);
    EXPECT_EQ(shmctl(id, IPC_SET), -EPERM);
    become(0, 0);
    EXPECT_EQ(stat(id).shm_perm.mode, 0666U);
}

TEST_F(ShmTest, IpcSet_OwnerMayChangeItAfterCreatorGaveItAway)
{
    // ipcctl_obtain_check: the owner's euid or the creator's suffices.
    const i64 id = make_segment(kKey, kPage, 0600);
    shmid64_ds in = stat(id);
    in.shm_perm.uid = 1000;
    write_in(in);
    ASSERT_EQ(shmctl(id, IPC_SET), 0);
    become(1000, 1000);
    in.shm_perm.mode = 0640;
    write_in(in);
    EXPECT_EQ(shmctl(id, IPC_SET), 0);
}

TEST_F(ShmTest, IpcSet_UnmappedUid_IsEinval)
{
    // ipc_update_perm: "if (!uid_valid(uid) || !gid_valid(gid)) return
    // -EINVAL".
    const i64 id = make_segment(kKey, kPage, 0600);
    shmid64_ds in = stat(id);
    in.shm_perm.uid = static_cast<__kernel_uid32_t>(-1);
    in.shm_perm.mode = 0666;
    write_in(in);
    EXPECT_EQ(shmctl(id, IPC_SET), -EINVAL);
    in = stat(id);
    EXPECT_EQ(in.shm_perm.uid, 0U);
    EXPECT_EQ(in.shm_perm.mode, 0600U);
}

// --- SHM_LOCK and SHM_UNLOCK -------------------------------------------------

TEST_F(ShmTest, ShmLock_SetsAndUnlockClearsShmLocked)
{
    const i64 id = make_segment(kKey, kPage, 0600);
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), 0);
    EXPECT_EQ(stat(id).shm_perm.mode, kShmLocked | 0600);
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), 0);
    EXPECT_EQ(shmctl(id, SHM_UNLOCK, 0), 0);
    EXPECT_EQ(stat(id).shm_perm.mode, 0600U);
}

TEST_F(ShmTest, ShmLockByNeitherOwnerNorCreatorWithoutCapIpcLock_IsEperm)
{
    // shmctl(2) EPERM: "SHM_LOCK or SHM_UNLOCK is specified, but the caller
    // is not privileged" (CAP_IPC_LOCK), and owns nothing of it.
    const i64 id = make_segment(kKey, kPage, 0666);
    become(1000, 1000);
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), -EPERM);
    EXPECT_EQ(shmctl(id, SHM_UNLOCK, 0), -EPERM);
    become(1000, 1000, with(CAP_IPC_LOCK));
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), 0);
}

TEST_F(ShmTest, ShmLockByOwnerWithRlimitMemlockZero_IsEperm)
{
    // shmctl_do_lock: "if (cmd == SHM_LOCK && !rlimit(RLIMIT_MEMLOCK))
    // err = -EPERM" - SHM_UNLOCK is allowed.
    become(1000, 1000);
    const i64 id = shmget(kKey, kPage, IPC_CREAT | 0600);
    ASSERT_GE(id, 0);
    set_limit(RLIMIT_MEMLOCK, 0);
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), -EPERM);
    EXPECT_EQ(shmctl(id, SHM_UNLOCK, 0), 0);
    EXPECT_EQ(stat(id).shm_perm.mode, 0600U);
}

TEST_F(ShmTest, ShmLockOverRlimitMemlock_IsEnomem)
{
    // shmctl(2) ENOMEM: "SHM_LOCK was specified and the size of the
    // to-be-locked segment would mean that the total bytes in locked shared
    // memory segments would exceed the limit for the real user ID".
    become(1000, 1000);
    set_limit(RLIMIT_MEMLOCK, 3 * kPage);
    const i64 two = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    const i64 other = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    ASSERT_GE(two, 0);
    ASSERT_GE(other, 0);
    EXPECT_EQ(shmctl(two, SHM_LOCK, 0), 0);
    EXPECT_EQ(shmctl(other, SHM_LOCK, 0), -ENOMEM);
    EXPECT_EQ(stat(other).shm_perm.mode, 0600U);
    // Unlocking gives the pages back.
    ASSERT_EQ(shmctl(two, SHM_UNLOCK, 0), 0);
    EXPECT_EQ(shmctl(other, SHM_LOCK, 0), 0);
}

TEST_F(ShmTest, ShmLockOverRlimitMemlock_CountsTheUsersLocksInEveryIpcNamespace)
{
    // user_shm_lock charges current_ucounts() - the user's, which no IPC
    // namespace owns: a lock made in another IPC namespace counts (the host
    // shows ENOMEM after unshare(CLONE_NEWIPC)).
    become(1000, 1000, with(CAP_SYS_ADMIN));
    set_limit(RLIMIT_MEMLOCK, 3 * kPage);
    const i64 first = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    ASSERT_GE(first, 0);
    ASSERT_EQ(shmctl(first, SHM_LOCK, 0), 0);
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWIPC), 0);
    const i64 second = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    ASSERT_GE(second, 0);
    EXPECT_EQ(shmctl(second, SHM_LOCK, 0), -ENOMEM);
    EXPECT_EQ(shmctl(second, SHM_UNLOCK, 0), 0);
    EXPECT_EQ(shmctl(shmget(IPC_PRIVATE, kPage, IPC_CREAT | 0600), SHM_LOCK, 0), 0);
}

TEST_F(ShmTest, ShmLock_ARemovedLockedSegmentGivesItsPagesBack)
{
    // shm_destroy: "if (shp->mlock_ucounts) { shmem_lock(shm_file, 0,
    // shp->mlock_ucounts); ...}".
    become(1000, 1000);
    set_limit(RLIMIT_MEMLOCK, 3 * kPage);
    const i64 first = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    const i64 second = shmget(IPC_PRIVATE, 2 * kPage, IPC_CREAT | 0600);
    ASSERT_EQ(shmctl(first, SHM_LOCK, 0), 0);
    ASSERT_EQ(shmctl(second, SHM_LOCK, 0), -ENOMEM);
    ASSERT_EQ(shmctl(first, IPC_RMID, 0), 0);
    EXPECT_EQ(shmctl(second, SHM_LOCK, 0), 0);
}

TEST_F(ShmTest, ShmLockByRoot_IsNotLimitedByRlimitMemlock)
{
    // user_shm_lock: "!capable(CAP_IPC_LOCK)" - root may lock more.
    set_limit(RLIMIT_MEMLOCK, kPage);
    const i64 id = make_segment(IPC_PRIVATE, 4 * kPage, 0600);
    EXPECT_EQ(shmctl(id, SHM_LOCK, 0), 0);
}

// --- IPC namespaces ----------------------------------------------------------

TEST_F(ShmTest, IpcNamespace_HasItsOwnSegments)
{
    // ipc_namespaces(7): each namespace has its own System V objects.
    const i64 id = make_segment(kKey, kPage, 0600);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWIPC), 0);
    EXPECT_EQ(call_as(*child, __NR_shmget, kKey, kPage, 0600), -ENOENT);
    EXPECT_EQ(call_as(*child, __NR_shmctl, static_cast<u64>(id), IPC_STAT, kStat), -EINVAL);
    EXPECT_EQ(shmat_as(*child, id, 0), -EINVAL);
    const i64 own = call_as(*child, __NR_shmget, kKey, 2 * kPage, IPC_CREAT | 0600);
    EXPECT_GE(own, 0);
    // The parent's namespace is unchanged.
    EXPECT_EQ(shmget(kKey, kPage, 0), id);
    EXPECT_EQ(shmget(kKey, 2 * kPage, 0), -EINVAL);
}

TEST_F(ShmTest, AttachInheritedFromAnotherNamespace_KeepsWorking)
{
    // The VMA's shm_file_data holds its namespace: an attach made before
    // unshare still reads, and its shmdt reaches the old segment.
    const i64 id = make_segment(kKey, kPage, 0600);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    ASSERT_EQ(write_byte(at, 'n'), mm::FaultOutcome::Resolved);
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    ASSERT_EQ(call_as(*child, __NR_unshare, CLONE_NEWIPC), 0);
    EXPECT_EQ(read_byte_as(*child, at), 'n');
    EXPECT_EQ(nattch(id), 2U);
    EXPECT_EQ(shmdt_as(*child, at), 0);
    EXPECT_EQ(nattch(id), 1U);
}

TEST_F(ShmTest, AttachOutlivesItsNamespacesLastTask)
{
    // The only task of a namespace attaches one of its segments and
    // leaves for a new namespace: the attach keeps the old namespace, so
    // the segment's pages and its IPC_RMID-while-attached rule still work.
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWIPC), 0);
    const i64 id = shmget(kKey, kPage, IPC_CREAT | 0600);
    ASSERT_GE(id, 0);
    const i64 address = shmat(id, 0);
    ASSERT_GT(address, 0);
    const auto at = static_cast<u64>(address);
    ASSERT_EQ(shmctl(id, IPC_RMID, 0), 0);
    ASSERT_EQ(write_byte(at, 'o'), mm::FaultOutcome::Resolved);
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWIPC), 0);
    EXPECT_EQ(shmctl(id, IPC_STAT), -EINVAL);
    EXPECT_EQ(read_byte(at), 'o');
    ASSERT_EQ(write_byte(at, 'p'), mm::FaultOutcome::Resolved);
    // A fork's copy opens it in the old namespace, an exit closes it.
    proc::Thread* child = spawn_child();
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(read_byte_as(*child, at), 'p');
    kernel->exit_thread(*child, 0);
    // The last detach destroys the segment in its namespace, which then
    // goes too.
    EXPECT_EQ(shmdt(at), 0);
    EXPECT_EQ(shmdt(at), -EINVAL);
    EXPECT_EQ(caller().memory->vma_count(), 0U);
}

} // namespace
} // namespace sirius::testing
