#pragma once

// The core's view of a process's memory (Linux struct mm_struct): the
// platform's AddressSpace, the VMAs that say what may be mapped where, the
// program break and the mmap layout. Shared by CLONE_VM; fork makes a
// copy-on-write copy. The policy of mm/mmap.c, mm/vma.c, mm/mprotect.c,
// mm/mremap.c and mm/madvise.c lives here; core/syscall/memory.cpp decodes
// the syscalls and the platform's fault handler calls handle_page_fault.
//
// Pages: private anonymous memory is demand-zero (a VMA exists, a page is
// backed on its first touch or by MAP_POPULATE); shared anonymous memory is
// backed when it is mapped (see mmap). One lock guards the VMAs and the
// layout (Linux mmap_lock); nothing here copies user memory while holding
// it.
#include "core/base/spin_lock.h"
#include "core/fs/file.h"
#include "core/fs/mount.h"
#include "core/hal/mutex.h"
#include "core/mm/caller_limits.h"
#include "core/mm/vma_set.h"

namespace sirius::ns {
class UserNamespace;
} // namespace sirius::ns

namespace sirius::mm {

// Linux SUID_DUMP_* (include/linux/sched/coredump.h), prctl(PR_SET_DUMPABLE).
enum class Dumpable : u8 {
    Disabled = 0,
    User = 1,
    Root = 2,
};

// What a faulting access wanted (x86: the W and I/D bits of the error code).
enum class FaultAccess : u8 {
    Read,
    Write,
    Execute,
};

// What the platform does after handle_page_fault.
enum class FaultOutcome : u8 {
    Resolved, // the page is there: run the instruction again
    MapError, // SIGSEGV, SEGV_MAPERR: no VMA, or the stack could not grow
    AccessError, // SIGSEGV, SEGV_ACCERR: the VMA does not allow the access
    BusError, // SIGBUS, BUS_ADRERR: past the end of a shared object
              // (the part of a MAP_SHARED mapping that mremap grew)
    OutOfMemory, // no frame for the page (Linux VM_FAULT_OOM)
};

// When map_fixed and create_stack back their pages.
enum class Backing : u8 {
    OnDemand, // on first touch (demand-zero)
    Now, // before returning (exec writes into them next)
};

// mmap(2)'s arguments as do_mmap takes them: after x86 sys_mmap's offset
// check, with the offset in pages.
struct MmapRequest {
    u64 address { 0 }; // hint, or the address with MAP_FIXED
    u64 length { 0 }; // bytes, not yet page-aligned
    u64 prot { 0 }; // PROT_*
    u64 flags { 0 }; // MAP_*
    u64 page_offset { 0 }; // pgoff
};

class MemoryDescriptor : public RefCounted<MemoryDescriptor> {
public:
    // vm.mmap_min_addr as Debian and most distributions configure it
    // (CONFIG_DEFAULT_MMAP_MIN_ADDR, CONFIG_LSM_MMAP_MIN_ADDR = 65536): a
    // hint below it is raised to it, a fixed mapping below it needs
    // CAP_SYS_RAWIO, a stack never grows below it.
    static constexpr u64 kMmapMinAddress = 65536;
    // stack_guard_gap: 256 pages kept free below a GrowsDown VMA.
    static constexpr u64 kStackGuardGapPages = 256;

    // An empty memory descriptor over `space`, with the top-down layout of
    // a process whose RLIMIT_STACK is 8 MiB (exec picks its own).
    // Errors: ENOMEM.
    static Result<RefPtr<MemoryDescriptor>> create(RefPtr<hal::AddressSpace> space, const hal::Mmu& mmu, hal::Scheduler& scheduler);

    // fork without CLONE_VM (Linux dup_mm/dup_mmap): a copy-on-write
    // address space, the same VMAs and layout, minus MADV_DONTFORK VMAs;
    // MADV_WIPEONFORK VMAs read zeroes in the child. Errors: ENOMEM; on
    // error *this is unchanged.
    Result<RefPtr<MemoryDescriptor>> clone_for_fork() const;

    [[nodiscard]] hal::AddressSpace& address_space() const { return *m_address_space; }
    [[nodiscard]] Dumpable dumpable() const { return m_dumpable; }
    void set_dumpable(Dumpable value) { m_dumpable = value; }
    // The program exec loaded into this memory (Linux mm->exe_file), which
    // /proc/<pid>/exe names; fork's copy keeps it.
    void set_executable(fs::Path path) { m_executable = move(path); }
    [[nodiscard]] const fs::Path& executable() const { return m_executable; }
    // The user namespace the memory was made in (mm->user_ns: exec's
    // caller's, kept by fork's copy); nullptr for the initial one. A
    // non-dumpable process's /proc files belong to its root
    // (task_dump_owner).
    void set_user_namespace(RefPtr<ns::UserNamespace> user_ns);
    [[nodiscard]] const ns::UserNamespace* user_namespace() const { return m_user_ns.get(); }
    [[nodiscard]] u64 page_size() const { return m_page_size; }
    // TASK_SIZE: the first address above user space.
    [[nodiscard]] u64 task_size() const { return m_task_size; }

    // ---- The syscalls (rules and errno order of Linux 6.18). ----

    // do_mmap. `file` is the open file of a non-anonymous mapping (nullptr
    // for MAP_ANONYMOUS): no Sirius file can be mapped yet, so one that
    // passes the checks is ENODEV. Errors: EINVAL, ENOMEM, EOVERFLOW,
    // EPERM, EEXIST, EOPNOTSUPP, EACCES, ENODEV.
    Result<UserAddress> mmap(const MmapRequest& request, const fs::File* file, const CallerLimits& caller);
    // do_shmat's do_mmap: all of `object` (its size rounded up to pages),
    // shared, at `address` if `fixed` (MAP_FIXED: what is there goes), else
    // where get_unmapped_area finds room. `prot` is PROT_*; without
    // `writable` the mapping may never be made writable (VM_MAYWRITE off:
    // the object was opened read-only). The pages come with faults.
    // Errors: ENOMEM (no room, RLIMIT_AS, too many VMAs), EPERM (below
    // mmap_min_addr without CAP_SYS_RAWIO).
    Result<UserAddress> map_object(RefPtr<MappedObject> object, UserAddress address, bool fixed, u64 prot, bool writable, const CallerLimits& caller);
    // find_vma_intersection: whether a VMA has a byte in [start, end).
    [[nodiscard]] bool has_vma_in(u64 start, u64 end) const;
    // __vm_munmap. Errors: EINVAL, ENOMEM.
    Result<void> munmap(UserAddress address, u64 length);
    // do_mprotect_pkey (`prot` may carry PROT_GROWSDOWN). The VMAs before a
    // hole keep their new protection, as in Linux. Errors: EINVAL, ENOMEM.
    Result<void> mprotect(UserAddress address, u64 length, u64 prot, const CallerLimits& caller);
    // SYSCALL brk: the new break, or the old one when the request fails.
    u64 brk(u64 requested, const CallerLimits& caller);
    // do_madvise (MADV_*). Errors: EINVAL, ENOMEM, EFAULT.
    Result<void> madvise(UserAddress address, u64 length, int advice);
    // do_mremap (MREMAP_*). Errors: EINVAL, EFAULT, ENOMEM, EPERM.
    Result<UserAddress> mremap(UserAddress address, u64 old_length, u64 new_length, u64 flags, UserAddress new_address, const CallerLimits& caller);

    // ---- The fault path. ----

    // A user-address page fault that is not a copy-on-write write fault
    // (those are the platform's): backs the page with a zero-filled one
    // with the VMA's protection and sharing (x86 do_user_addr_fault, then
    // handle_mm_fault). An address below a GrowsDown VMA grows it first
    // (expand_downwards: RLIMIT_STACK, RLIMIT_AS, the guard gap to the VMA
    // below, mmap_min_addr). A page already backed is a spurious fault:
    // Resolved with nothing done. `caller` is the faulting task's.
    FaultOutcome handle_page_fault(UserAddress address, FaultAccess access, const CallerLimits& caller);

    // ---- For exec (and the first process). ----

    // arch_pick_mmap_layout: mmap_base from RLIMIT_STACK (`stack_limit`),
    // top-down, or bottom-up from TASK_UNMAPPED_BASE when `legacy`
    // (personality ADDR_COMPAT_LAYOUT).
    void pick_mmap_layout(u64 stack_limit, bool legacy);
    // A VMA of `kind` at exactly [address, address + length), replacing
    // whatever was there; Backing::Now backs it before returning.
    // Preconditions: none; unaligned or out-of-range is EINVAL.
    // Errors: EINVAL, ENOMEM.
    Result<void> map_fixed(UserAddress address, u64 length, hal::Protection protection, VmaKind kind, Backing backing);
    // Changes the protection of [address, address + length), every byte of
    // which must be in a VMA (exec makes a segment read-only after writing
    // it). Errors: EINVAL (unaligned), ENOMEM (a hole, or a split).
    Result<void> protect(UserAddress address, u64 length, hal::Protection protection);
    // The program break starts (and is) at `start`: exec sets it after the
    // image (mm->start_brk = mm->brk). The heap VMA appears with brk(2).
    void set_program_break(UserAddress start);
    // The data segment (mm->start_data, end_data), which counts against
    // RLIMIT_DATA together with the heap.
    void set_data_segment(UserAddress start, UserAddress end);
    // Where exec put the argv and envp strings (mm->arg_start..arg_end,
    // env_start..env_end): what /proc/<pid>/cmdline and environ read.
    struct ArgumentArea {
        u64 arg_start { 0 };
        u64 arg_end { 0 };
        u64 env_start { 0 };
        u64 env_end { 0 };
    };
    void set_argument_area(const ArgumentArea& area);
    [[nodiscard]] ArgumentArea argument_area() const;
    // The initial stack: a GrowsDown VMA [top - size, top) of kind Stack,
    // backed now (exec writes argv, envp and auxv into it). Errors: EINVAL
    // (unaligned, empty, out of range), ENOMEM.
    Result<void> create_stack(UserAddress top, u64 size, hal::Protection protection);

    // ---- Inspection (tests, /proc/<pid>/maps). ----

    [[nodiscard]] u64 program_break() const;
    [[nodiscard]] u64 program_break_start() const;
    [[nodiscard]] u64 mmap_base() const;
    [[nodiscard]] usize vma_count() const;
    // Copies the VMA containing `address` into `out`; false when none does.
    bool find_vma(UserAddress address, Vma& out) const;
    // A copy of every VMA in address order. Errors: ENOMEM.
    Result<Vector<Vma>> vmas() const;
    // Sorted, non-overlapping, page-aligned, below TASK_SIZE.
    [[nodiscard]] bool vmas_are_valid() const;

    MemoryDescriptor(RefPtr<hal::AddressSpace> space, u64 task_size, u64 page_size, hal::Scheduler& scheduler);
    ~MemoryDescriptor();

private:
    // What the lock guards (Linux: what mmap_lock protects).
    struct State {
        VmaSet vmas;
        u64 start_brk { 0 };
        u64 brk { 0 };
        u64 start_data { 0 };
        u64 end_data { 0 };
        ArgumentArea arguments;
        u64 mmap_base { 0 };
        u64 mmap_legacy_base { 0 };
        bool top_down { true };
    };

    [[nodiscard]] u64 page_align(u64 value) const { return (value + m_page_size - 1) & ~(m_page_size - 1); }
    [[nodiscard]] u64 page_down(u64 value) const { return value & ~(m_page_size - 1); }
    [[nodiscard]] u64 stack_guard_gap() const { return kStackGuardGapPages * m_page_size; }
    [[nodiscard]] u64 vm_start_gap(const Vma& vma) const;

    void set_layout(State& state, u64 stack_limit, bool legacy) const;
    void adopt(VmaSet vmas, const State& from);
    [[nodiscard]] bool may_expand(const State& state, const CallerLimits& caller, bool is_data, u64 bytes) const;
    Result<u64> get_unmapped_area(const State& state, u64 address, u64 length, u64 flags, bool thp_eligible, const CallerLimits& caller) const;
    Result<u64> arch_unmapped_area(const State& state, u64 address, u64 length, u64 flags) const;
    Result<u64> search_top_down(const State& state, u64 length, u64 low, u64 high) const;
    Result<u64> search_bottom_up(const State& state, u64 length, u64 low, u64 high) const;
    Result<void> install(State& state, const Vma& vma, bool populate_now);
    Result<void> unmap_range(State& state, u64 start, u64 end);
    Result<void> change_protection(State& state, u64 start, u64 end, u64 prot, bool grows_down, const CallerLimits& caller);
    Result<void> protect_vma_range(State& state, u64 start, u64 end, hal::Protection protection, const CallerLimits& caller);
    Result<void> update_flags(State& state, u64 start, u64 end, void (*update)(VmaFlags&));
    Result<void> advise_vma(State& state, const Vma& vma, u64 start, u64 end, int advice);
    Result<void> populate(State& state, u64 start, u64 end, bool write);
    // shmem_fault for the object `vma` maps: its page for `page`, made if
    // it was not yet; BusError past the end of the object (mremap growth),
    // OutOfMemory without a frame.
    FaultOutcome back_object_page(const Vma& vma, u64 page);
    bool expand_downwards(State& state, usize index, u64 address, const CallerLimits& caller);
    Result<u64> mremap_to(State& state, u64 address, u64 old_length, u64 new_length, u64 flags, u64 new_address, const CallerLimits& caller);
    Result<u64> move_only(State& state, u64 address, u64 length, u64 flags, u64 new_address, const CallerLimits& caller);
    Result<u64> move_vma(State& state, const Vma& vma, u64 address, u64 old_length, u64 new_address, u64 new_length, bool dont_unmap);

    RefPtr<hal::AddressSpace> m_address_space;
    const u64 m_task_size;
    const u64 m_page_size;
    hal::Scheduler& m_scheduler;
    Dumpable m_dumpable { Dumpable::User };
    fs::Path m_executable;
    RefPtr<ns::UserNamespace> m_user_ns;
    mutable hal::Mutex m_lock;
    State m_state SIRIUS_GUARDED_BY(m_lock);
};

} // namespace sirius::mm
