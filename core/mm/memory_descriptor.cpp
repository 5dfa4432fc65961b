#include "core/mm/memory_descriptor.h"

#include <linux/mman.h>

#include "core/ns/user_namespace.h"

namespace sirius::mm {

namespace {

using Lock = LockGuard<hal::Mutex>;

// include/linux/mman.h LEGACY_MAP_MASK: the flags MAP_SHARED has always
// accepted; MAP_SHARED_VALIDATE refuses any other with EOPNOTSUPP.
constexpr u64 kLegacyMapMask = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED
    | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_HUGE_2MB
    | MAP_HUGE_1GB;

// x86 MAP_32BIT (find_start_end): "This is usually used to map code in small
// model, so it needs to be in the first 31bit."
constexpr u64 kMap32BitStart = u64 { 1 } << 30;
constexpr u64 kMap32BitEnd = u64 { 1 } << 31;

// mmap_base's bounds on the gap left for the stack: "Leave an at least ~128
// MB hole", at most 5/6 of the address space.
constexpr u64 kMinStackGap = u64 { 128 } * 1024 * 1024;

constexpr u64 kKnownProt = PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM;

hal::Protection protection_of(u64 prot)
{
    hal::Protection protection = hal::Protection::None;
    if ((prot & PROT_READ) != 0) {
        protection = protection | hal::Protection::Read;
    }
    if ((prot & PROT_WRITE) != 0) {
        protection = protection | hal::Protection::Write;
    }
    if ((prot & PROT_EXEC) != 0) {
        protection = protection | hal::Protection::Execute;
    }
    return protection;
}

u64 prot_of(hal::Protection protection)
{
    u64 prot = 0;
    if (allows(protection, hal::Protection::Read)) {
        prot |= PROT_READ;
    }
    if (allows(protection, hal::Protection::Write)) {
        prot |= PROT_WRITE;
    }
    if (allows(protection, hal::Protection::Execute)) {
        prot |= PROT_EXEC;
    }
    return prot;
}

// mremap's vrm_overlaps, in Linux's unsigned arithmetic.
bool ranges_overlap(u64 a, u64 a_length, u64 b, u64 b_length)
{
    return a + a_length > b && b + b_length > a;
}

// madvise_behavior_valid for what the UAPI headers Sirius builds with
// define (Linux 6.1): MADV_GUARD_INSTALL and MADV_GUARD_REMOVE (6.13) are
// not among them. MADV_HWPOISON and MADV_SOFT_OFFLINE are left out as by a
// kernel without CONFIG_MEMORY_FAILURE.
bool advice_is_valid(int advice)
{
    switch (advice) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
    case MADV_DONTNEED:
    case MADV_FREE:
    case MADV_REMOVE:
    case MADV_DONTFORK:
    case MADV_DOFORK:
    case MADV_MERGEABLE:
    case MADV_UNMERGEABLE:
    case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE:
    case MADV_DONTDUMP:
    case MADV_DODUMP:
    case MADV_WIPEONFORK:
    case MADV_KEEPONFORK:
    case MADV_COLD:
    case MADV_PAGEOUT:
    case MADV_POPULATE_READ:
    case MADV_POPULATE_WRITE:
    case MADV_DONTNEED_LOCKED:
    case MADV_COLLAPSE:
        return true;
    default:
        return false;
    }
}

// The bytes of a Linux PMD: a page of 8-byte entries, each mapping a page.
// Large anonymous mappings are placed on this boundary (THP alignment).
u64 pmd_size(u64 page_size)
{
    return page_size * (page_size / sizeof(u64));
}

// x86 mmap_address_hint_valid with a 4-level address space, where
// DEFAULT_MAP_WINDOW is TASK_SIZE: the hint range fits below it.
bool hint_is_valid(u64 address, u64 length, u64 task_size)
{
    return length <= task_size && address <= task_size - length;
}

} // namespace

MemoryDescriptor::MemoryDescriptor(RefPtr<hal::AddressSpace> space, u64 task_size, u64 page_size, hal::Scheduler& scheduler)
    : m_address_space(move(space))
    , m_task_size(task_size)
    , m_page_size(page_size)
    , m_scheduler(scheduler)
    , m_lock(scheduler)
{
    set_layout(m_state, CallerLimits::kDefaultStack, false);
}

MemoryDescriptor::~MemoryDescriptor() = default;

void MemoryDescriptor::set_user_namespace(RefPtr<ns::UserNamespace> user_ns)
{
    m_user_ns = move(user_ns);
}

Result<RefPtr<MemoryDescriptor>> MemoryDescriptor::create(RefPtr<hal::AddressSpace> space, const hal::Mmu& mmu, hal::Scheduler& scheduler)
{
    return try_make_ref<MemoryDescriptor>(move(space), mmu.user_address_limit(), mmu.page_size(), scheduler);
}

Result<RefPtr<MemoryDescriptor>> MemoryDescriptor::clone_for_fork() const
{
    Lock guard(m_lock);
    const State& state = m_state;
    VmaSet vmas = TRY(state.vmas.clone_for_fork());
    auto space = TRY(m_address_space->clone_for_fork());
    for (const Vma& vma : state.vmas) {
        // The child has no MADV_DONTFORK VMAs; VM_WIPEONFORK: "Don't
        // duplicate anon_vma, the child gets fresh pages" - demand-zero in
        // the child.
        if (vma.flags.dont_fork || vma.flags.wipe_on_fork) {
            TRY(space->unmap(UserAddress(vma.start), vma.size()));
        }
    }
    auto copy = TRY(try_make_ref<MemoryDescriptor>(move(space), m_task_size, m_page_size, m_scheduler));
    copy->m_dumpable = m_dumpable;
    copy->m_executable = m_executable;
    copy->m_user_ns = m_user_ns;
    copy->adopt(move(vmas), state);
    return copy;
}

void MemoryDescriptor::adopt(VmaSet vmas, const State& from)
{
    Lock guard(m_lock);
    State& state = m_state;
    state.vmas = move(vmas);
    state.start_brk = from.start_brk;
    state.brk = from.brk;
    state.start_data = from.start_data;
    state.end_data = from.end_data;
    state.arguments = from.arguments;
    state.mmap_base = from.mmap_base;
    state.mmap_legacy_base = from.mmap_legacy_base;
    state.top_down = from.top_down;
}

// ---- Layout and limits ----

void MemoryDescriptor::set_layout(State& state, u64 stack_limit, bool legacy) const
{
    // arch/x86/mm/mmap.c mmap_base() without randomization: below the
    // stack's room (RLIMIT_STACK plus the guard gap, within bounds).
    u64 gap = stack_limit;
    const u64 pad = stack_guard_gap();
    // "Values close to RLIM_INFINITY can overflow."
    if (gap + pad > gap) {
        gap += pad;
    }
    const u64 gap_max = (m_task_size / 6) * 5;
    if (gap < kMinStackGap) {
        gap = kMinStackGap;
    } else if (gap > gap_max) {
        gap = gap_max;
    }
    state.mmap_base = page_align(m_task_size - gap);
    // __TASK_UNMAPPED_BASE: a third of the way up.
    state.mmap_legacy_base = page_align(m_task_size / 3);
    // mmap_is_legacy: ADDR_COMPAT_LAYOUT (or vm.legacy_va_layout, which is 0).
    state.top_down = !legacy;
}

void MemoryDescriptor::pick_mmap_layout(u64 stack_limit, bool legacy)
{
    Lock guard(m_lock);
    set_layout(m_state, stack_limit, legacy);
}

u64 MemoryDescriptor::vm_start_gap(const Vma& vma) const
{
    // vm_start_gap: a GrowsDown VMA keeps stack_guard_gap free below it.
    if (!vma.flags.grows_down) {
        return vma.start;
    }
    return vma.start >= stack_guard_gap() ? vma.start - stack_guard_gap() : 0;
}

bool MemoryDescriptor::may_expand(const State& state, const CallerLimits& caller, bool is_data, u64 bytes) const
{
    // may_expand_vm: total_vm against RLIMIT_AS, data_vm against
    // RLIMIT_DATA, in pages. Without limits there is nothing to count.
    if (caller.address_space == CallerLimits::kUnlimited && (!is_data || caller.data == CallerLimits::kUnlimited)) {
        return true;
    }
    u64 total = 0;
    u64 data = 0;
    for (const Vma& vma : state.vmas) {
        total += vma.size();
        if (vma.is_data()) {
            data += vma.size();
        }
    }
    const u64 shift = __builtin_ctzll(m_page_size);
    const u64 pages = bytes >> shift;
    if ((total >> shift) + pages > caller.address_space >> shift) {
        return false;
    }
    if (is_data && (data >> shift) + pages > caller.data >> shift) {
        // "Workaround for Valgrind": RLIMIT_DATA 0 lets the hard limit rule.
        return caller.data == 0 && (data >> shift) + pages <= caller.data_max >> shift;
    }
    return true;
}

// ---- Placement (get_unmapped_area) ----

Result<u64> MemoryDescriptor::search_top_down(const State& state, u64 length, u64 low, u64 high) const
{
    // unmapped_area_topdown: the highest [address, address + length) below
    // `high` and at or above `low` (never below mmap_min_addr) that keeps
    // the guard gap of a GrowsDown VMA above it.
    low = max(low, kMmapMinAddress);
    const VmaSet& vmas = state.vmas;
    for (usize i = vmas.find_index(high) + 1; i-- > 0;) {
        const u64 gap_start = max(i > 0 ? vmas[i - 1].end : 0, low);
        const u64 gap_end = min(i < vmas.size() ? vm_start_gap(vmas[i]) : ~u64 { 0 }, high);
        if (gap_end >= gap_start && gap_end - gap_start >= length) {
            return gap_end - length;
        }
        if (i > 0 && vmas[i - 1].end <= low) {
            break;
        }
    }
    return errno_error(ENOMEM);
}

Result<u64> MemoryDescriptor::search_bottom_up(const State& state, u64 length, u64 low, u64 high) const
{
    // unmapped_area: the lowest such range.
    low = max(low, kMmapMinAddress);
    const VmaSet& vmas = state.vmas;
    for (usize i = vmas.find_index(low); i <= vmas.size(); ++i) {
        const u64 gap_start = max(i > 0 ? vmas[i - 1].end : 0, low);
        const u64 gap_end = min(i < vmas.size() ? vm_start_gap(vmas[i]) : ~u64 { 0 }, high);
        if (gap_start >= high) {
            break;
        }
        if (gap_end >= gap_start && gap_end - gap_start >= length) {
            return gap_start;
        }
    }
    return errno_error(ENOMEM);
}

Result<u64> MemoryDescriptor::arch_unmapped_area(const State& state, u64 address, u64 length, u64 flags) const
{
    // arch/x86/kernel/sys_x86_64.c. The hint is honoured when the range is
    // free, the guard gap of a GrowsDown VMA above included.
    const auto hint_fits = [&](u64 hint, u64 end) {
        const usize index = state.vmas.find_index(hint);
        return hint <= end - length && (index == state.vmas.size() || hint + length <= vm_start_gap(state.vmas[index]));
    };
    // arch_get_unmapped_area (bottom-up), where MAP_32BIT and a failed
    // top-down search also end up.
    const auto bottom_up = [&]() -> Result<u64> {
        const bool below_2g = (flags & MAP_32BIT) != 0;
        const u64 begin = below_2g ? kMap32BitStart : state.mmap_legacy_base;
        const u64 end = below_2g ? kMap32BitEnd : m_task_size;
        if (length > end) {
            return errno_error(ENOMEM);
        }
        if (address != 0) {
            const u64 hint = page_align(address);
            if (hint_fits(hint, end)) {
                return hint;
            }
        }
        return search_bottom_up(state, length, begin, end);
    };
    if (!state.top_down || (flags & MAP_32BIT) != 0) {
        return bottom_up();
    }
    // arch_get_unmapped_area_topdown.
    if (address != 0) {
        const u64 hint = page_down(address);
        if (hint_is_valid(hint, length, m_task_size) && hint_fits(hint, m_task_size)) {
            return hint;
        }
    }
    auto found = search_top_down(state, length, m_page_size, state.mmap_base);
    if (found.has_value()) {
        return found.value();
    }
    // "A failed mmap() very likely causes application failure, so fall
    // back to the bottom-up function here."
    return bottom_up();
}

Result<u64> MemoryDescriptor::get_unmapped_area(const State& state, u64 address, u64 length, u64 flags, bool thp_eligible, const CallerLimits& caller) const
{
    // __get_unmapped_area: "Careful about overflows.."
    if (length > m_task_size) {
        return errno_error(ENOMEM);
    }
    u64 result = address;
    if ((flags & MAP_FIXED) == 0) {
        const u64 huge = pmd_size(m_page_size);
        bool placed = false;
        if (thp_eligible && address == 0 && length % huge == 0) {
            // __thp_get_unmapped_area: look for length + PMD_SIZE, then
            // take the PMD-aligned part (the top one, top-down). A failure
            // falls back to the plain search.
            auto padded = arch_unmapped_area(state, 0, length + huge, flags);
            if (padded.has_value()) {
                const u64 start = padded.value();
                const u64 misalignment = (0 - start) & (huge - 1);
                result = state.top_down && misalignment == 0 ? start + huge : start + misalignment;
                placed = true;
            }
        }
        if (!placed) {
            result = TRY(arch_unmapped_area(state, address, length, flags));
        }
    }
    if (result > m_task_size - length) {
        return errno_error(ENOMEM);
    }
    if (result % m_page_size != 0) {
        return errno_error(EINVAL);
    }
    // security_mmap_addr -> cap_mmap_addr: below mmap_min_addr needs
    // CAP_SYS_RAWIO.
    if (result < kMmapMinAddress && !caller.may_map_below_minimum) {
        return errno_error(EPERM);
    }
    return result;
}

// ---- Mapping and unmapping ----

Result<void> MemoryDescriptor::install(State& state, const Vma& vma, bool populate_now)
{
    // The munmap half of a MAP_FIXED mapping may split a VMA
    // (vms_gather_munmap_vmas); everything that can fail for the VMAs is
    // checked or allocated before a page changes.
    if (state.vmas.removal_splits(vma.start, vma.end) && state.vmas.size() >= VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    TRY(state.vmas.reserve(2));
    if (vma.object) {
        // An object's pages are mapped by faults, as shmem's are.
        TRY(m_address_space->unmap(UserAddress(vma.start), vma.size()));
    } else if (vma.flags.shared) {
        // MAP_SHARED anonymous memory: Linux gives it a shmem object
        // (shmem_zero_setup) that every mapping of it, and fork's copies,
        // share. Its stand-in here is frames backed now with
        // Sharing::Shared: fork shares them and no fault ever makes a
        // private copy.
        TRY(m_address_space->map(UserAddress(vma.start), vma.size(), vma.protection, hal::Sharing::Shared));
    } else if (populate_now) {
        // mm_populate's failure is not mmap's: the pages are left to faults.
        if (m_address_space->map(UserAddress(vma.start), vma.size(), vma.protection, hal::Sharing::Private).is_error()) {
            TRY(m_address_space->unmap(UserAddress(vma.start), vma.size()));
        }
    } else {
        TRY(m_address_space->unmap(UserAddress(vma.start), vma.size()));
    }
    TRY(state.vmas.remove(vma.start, vma.end));
    TRY(state.vmas.insert(vma));
    return {};
}

Result<void> MemoryDescriptor::unmap_range(State& state, u64 start, u64 end)
{
    // do_vmi_munmap / do_vmi_align_munmap. "start > TASK_SIZE || len >
    // TASK_SIZE-start" is EINVAL: an mremap shrink by a length that wraps
    // past the top (end < start) must not unmap anything.
    if (start > m_task_size || end < start || end > m_task_size) {
        return errno_error(EINVAL);
    }
    if (state.vmas.first_intersecting(start, end) == nullptr) {
        return {};
    }
    if (state.vmas.removal_splits(start, end) && state.vmas.size() >= VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    TRY(state.vmas.reserve(1));
    for (usize i = state.vmas.find_index(start); i < state.vmas.size() && state.vmas[i].start < end; ++i) {
        const u64 piece_start = max(start, state.vmas[i].start);
        const u64 piece_end = min(end, state.vmas[i].end);
        TRY(m_address_space->unmap(UserAddress(piece_start), piece_end - piece_start));
    }
    TRY(state.vmas.remove(start, end));
    return {};
}

Result<UserAddress> MemoryDescriptor::mmap(const MmapRequest& request, const fs::File* file, const CallerLimits& caller)
{
    // do_mmap, in its order.
    u64 prot = request.prot;
    u64 flags = request.flags;
    u64 address = request.address;
    if (request.length == 0) {
        return errno_error(EINVAL);
    }
    // "Does the application expect PROT_READ to imply PROT_EXEC?"
    if ((prot & PROT_READ) != 0 && caller.read_implies_exec) {
        prot |= PROT_EXEC;
    }
    // "force arch specific MAP_FIXED handling in get_unmapped_area"
    if ((flags & MAP_FIXED_NOREPLACE) != 0) {
        flags |= MAP_FIXED;
    }
    // round_hint_to_min: a hint below mmap_min_addr becomes mmap_min_addr.
    if ((flags & MAP_FIXED) == 0) {
        address = page_down(address);
        if (address != 0 && address < kMmapMinAddress) {
            address = page_align(kMmapMinAddress);
        }
    }
    // "Careful about overflows.."
    const u64 length = page_align(request.length);
    if (length == 0) {
        return errno_error(ENOMEM);
    }
    // "offset overflow?"
    const u64 pages = length >> __builtin_ctzll(m_page_size);
    if (request.page_offset + pages < request.page_offset) {
        return errno_error(EOVERFLOW);
    }

    Lock guard(m_lock);
    State& state = m_state;
    // "Too many mappings?"
    if (state.vmas.size() > VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    // Anonymous private memory gets the THP alignment
    // (__get_unmapped_area); shared memory goes through shmem's, which does
    // not align while shmem huge pages are off (their default).
    const bool thp_eligible = file == nullptr && (flags & MAP_SHARED) == 0;
    address = TRY(get_unmapped_area(state, address, length, flags, thp_eligible, caller));
    if ((flags & MAP_FIXED_NOREPLACE) != 0 && state.vmas.first_intersecting(address, address + length) != nullptr) {
        return errno_error(EEXIST);
    }

    Vma vma = Vma::of(address, address + length, protection_of(prot), VmaKind::Anonymous);
    vma.flags.grows_down = (flags & MAP_GROWSDOWN) != 0;
    if (file != nullptr) {
        // file_mmap_ok: Sirius's files are character devices and anonymous
        // inodes, whose file_mmap_size_max is ULONG_MAX.
        const u64 most = ~u64 { 0 } - length;
        if (request.page_offset > (most >> __builtin_ctzll(m_page_size))) {
            return errno_error(EOVERFLOW);
        }
        switch (flags & MAP_TYPE) {
        case MAP_SHARED:
            // "We silently ignore unsupported flags with MAP_SHARED to
            // preserve backward compatibility."
            flags &= kLegacyMapMask;
            [[fallthrough]];
        case MAP_SHARED_VALIDATE:
            // No Sirius file has FOP_MMAP_SYNC: only the legacy flags.
            if ((flags & ~kLegacyMapMask) != 0) {
                return errno_error(EOPNOTSUPP);
            }
            if ((prot & PROT_WRITE) != 0 && !file->is_writable()) {
                return errno_error(EACCES);
            }
            [[fallthrough]];
        case MAP_PRIVATE:
            if (!file->is_readable()) {
                return errno_error(EACCES);
            }
            // "if (!file->f_op->mmap) return -ENODEV;": no Sirius file
            // implements mmap yet (docs/memory.md).
            return errno_error(ENODEV);
        default:
            return errno_error(EINVAL);
        }
    }
    switch (flags & MAP_TYPE) {
    case MAP_SHARED:
        if (vma.flags.grows_down) {
            return errno_error(EINVAL);
        }
        vma.flags.shared = true;
        break;
    case MAP_PRIVATE:
        break;
    default:
        // MAP_SHARED_VALIDATE is for files; MAP_DROPPABLE (Linux 6.11) is
        // not in the UAPI headers Sirius builds with.
        return errno_error(EINVAL);
    }

    // mmap_region: "Check against address space limit." Pages a MAP_FIXED
    // mapping replaces are not new.
    if (!may_expand(state, caller, vma.is_data(), length - state.vmas.covered_bytes(vma.start, vma.end))) {
        return errno_error(ENOMEM);
    }
    // MAP_LOCKED implies populating too ("(vm_flags & VM_LOCKED) || (flags &
    // (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE").
    const bool populate_now = (flags & MAP_LOCKED) != 0 || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE;
    TRY(install(state, vma, populate_now));
    return UserAddress(address);
}

Result<UserAddress> MemoryDescriptor::map_object(RefPtr<MappedObject> object, UserAddress address, bool fixed, u64 prot, bool writable, const CallerLimits& caller)
{
    // do_mmap for a shmem file, MAP_SHARED and MAP_FIXED with an address.
    // A shmem file is not on a noexec mount: READ_IMPLIES_EXEC applies.
    if ((prot & PROT_READ) != 0 && caller.read_implies_exec) {
        prot |= PROT_EXEC;
    }
    const u64 length = page_align(object->size());
    const u64 flags = MAP_SHARED | (fixed ? MAP_FIXED : 0);
    Lock guard(m_lock);
    State& state = m_state;
    if (state.vmas.size() > VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    const u64 start = TRY(get_unmapped_area(state, address.value(), length, flags, false, caller));
    Vma vma = Vma::of(start, start + length, protection_of(prot), VmaKind::Object);
    vma.flags.shared = true;
    vma.flags.no_write = !writable;
    vma.object = move(object);
    if (!may_expand(state, caller, false, length - state.vmas.covered_bytes(vma.start, vma.end))) {
        return errno_error(ENOMEM);
    }
    TRY(install(state, vma, false));
    return UserAddress(start);
}

bool MemoryDescriptor::has_vma_in(u64 start, u64 end) const
{
    Lock guard(m_lock);
    return m_state.vmas.first_intersecting(start, end) != nullptr;
}

Result<void> MemoryDescriptor::munmap(UserAddress address, u64 length)
{
    // do_vmi_munmap.
    const u64 start = address.value();
    if (start % m_page_size != 0 || start > m_task_size || length > m_task_size - start) {
        return errno_error(EINVAL);
    }
    const u64 end = start + page_align(length);
    if (end == start) {
        return errno_error(EINVAL);
    }
    Lock guard(m_lock);
    return unmap_range(m_state, start, end);
}

Result<void> MemoryDescriptor::map_fixed(UserAddress address, u64 length, hal::Protection protection, VmaKind kind, Backing backing)
{
    const u64 start = address.value();
    if (start % m_page_size != 0 || length == 0 || length % m_page_size != 0 || length > m_task_size || start > m_task_size - length) {
        return errno_error(EINVAL);
    }
    Lock guard(m_lock);
    return install(m_state, Vma::of(start, start + length, protection, kind), backing == Backing::Now);
}

Result<void> MemoryDescriptor::create_stack(UserAddress top, u64 size, hal::Protection protection)
{
    const u64 end = top.value();
    if (end % m_page_size != 0 || size == 0 || size % m_page_size != 0 || end > m_task_size || size > end) {
        return errno_error(EINVAL);
    }
    Vma vma = Vma::of(end - size, end, protection, VmaKind::Stack);
    vma.flags.grows_down = true;
    Lock guard(m_lock);
    return install(m_state, vma, true);
}

void MemoryDescriptor::set_program_break(UserAddress start)
{
    Lock guard(m_lock);
    m_state.start_brk = start.value();
    m_state.brk = start.value();
}

void MemoryDescriptor::set_data_segment(UserAddress start, UserAddress end)
{
    Lock guard(m_lock);
    m_state.start_data = start.value();
    m_state.end_data = end.value();
}

void MemoryDescriptor::set_argument_area(const ArgumentArea& area)
{
    Lock guard(m_lock);
    m_state.arguments = area;
}

MemoryDescriptor::ArgumentArea MemoryDescriptor::argument_area() const
{
    Lock guard(m_lock);
    return m_state.arguments;
}

// ---- Protection ----

Result<void> MemoryDescriptor::protect_vma_range(State& state, u64 start, u64 end, hal::Protection protection, const CallerLimits& caller)
{
    // mprotect_fixup for [start, end), which lies in one VMA.
    VmaSet& vmas = state.vmas;
    const Vma old = *vmas.find(start);
    if (old.protection == protection) {
        return {};
    }
    Vma changed = old;
    changed.protection = protection;
    // "Check space limits when area turns into data."
    if (allows(protection, hal::Protection::Write) && !may_expand(state, caller, changed.is_data(), end - start)
        && may_expand(state, caller, old.is_data(), end - start)) {
        return errno_error(ENOMEM);
    }
    TRY(vmas.split_at(start));
    TRY(vmas.split_at(end));
    auto protected_pages = m_address_space->protect(UserAddress(start), end - start, protection);
    if (protected_pages.is_error()) {
        vmas.merge(start, end);
        return protected_pages.error();
    }
    vmas.at(vmas.find_index(start)).protection = protection;
    vmas.merge(start, end);
    return {};
}

Result<void> MemoryDescriptor::change_protection(State& state, u64 start, u64 end, u64 prot, bool grows_down, const CallerLimits& caller)
{
    // do_mprotect_pkey from the VMA lookup on.
    VmaSet& vmas = state.vmas;
    usize index = vmas.find_index(start);
    if (index == vmas.size() || vmas[index].start >= end) {
        return errno_error(ENOMEM);
    }
    if (grows_down) {
        // PROT_GROWSDOWN: "extend change to start of growsdown vma".
        start = vmas[index].start;
        if (!vmas[index].flags.grows_down) {
            return errno_error(EINVAL);
        }
    } else if (vmas[index].start > start) {
        return errno_error(ENOMEM);
    }
    u64 next_start = start;
    u64 covered = vmas[index].start;
    while (index < vmas.size() && vmas[index].start < end) {
        // A hole: the VMAs before it keep their new protection.
        if (vmas[index].start != covered) {
            return errno_error(ENOMEM);
        }
        u64 wanted = prot;
        // "Does the application expect PROT_READ to imply PROT_EXEC" (every
        // Sirius VMA has VM_MAYEXEC).
        if ((prot & PROT_READ) != 0 && caller.read_implies_exec) {
            wanted |= PROT_EXEC;
        }
        // "newflags >> 4 shift VM_MAY% in place of VM_%": a write the
        // mapping may never have (an object mapped read-only).
        if ((wanted & PROT_WRITE) != 0 && vmas[index].flags.no_write) {
            return errno_error(EACCES);
        }
        const u64 piece_end = min(vmas[index].end, end);
        TRY(protect_vma_range(state, next_start, piece_end, protection_of(wanted), caller));
        // After merging, go on from the end of the VMA the piece is now in
        // (vma_iter_end).
        index = vmas.find_index(next_start);
        covered = vmas[index].end;
        next_start = covered;
        ++index;
    }
    if (covered < end) {
        return errno_error(ENOMEM);
    }
    return {};
}

Result<void> MemoryDescriptor::mprotect(UserAddress address, u64 length, u64 prot, const CallerLimits& caller)
{
    // do_mprotect_pkey.
    u64 start = address.value();
    const u64 grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    prot &= ~static_cast<u64>(PROT_GROWSDOWN | PROT_GROWSUP);
    // "can't be both"
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) {
        return errno_error(EINVAL);
    }
    if (start % m_page_size != 0) {
        return errno_error(EINVAL);
    }
    if (length == 0) {
        return {};
    }
    length = page_align(length);
    const u64 end = start + length;
    if (end <= start) {
        return errno_error(ENOMEM);
    }
    // arch_validate_prot (generic): PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM.
    if ((prot & ~kKnownProt) != 0) {
        return errno_error(EINVAL);
    }
    Lock guard(m_lock);
    State& state = m_state;
    if ((grows & PROT_GROWSUP) != 0) {
        // No VMA grows up on x86_64: "if (!(vma->vm_flags & VM_GROWSUP))
        // goto out;" after the lookup.
        const usize index = state.vmas.find_index(start);
        if (index == state.vmas.size() || state.vmas[index].start >= end || state.vmas[index].start > start) {
            return errno_error(ENOMEM);
        }
        return errno_error(EINVAL);
    }
    return change_protection(state, start, end, prot, (grows & PROT_GROWSDOWN) != 0, caller);
}

Result<void> MemoryDescriptor::protect(UserAddress address, u64 length, hal::Protection protection)
{
    const u64 start = address.value();
    if (start % m_page_size != 0 || length % m_page_size != 0 || length > m_task_size || start > m_task_size - length) {
        return errno_error(EINVAL);
    }
    if (length == 0) {
        return {};
    }
    Lock guard(m_lock);
    return change_protection(m_state, start, start + length, prot_of(protection), false, CallerLimits {});
}

// ---- brk ----

u64 MemoryDescriptor::brk(u64 requested, const CallerLimits& caller)
{
    // SYSCALL_DEFINE1(brk): every failure returns the old break.
    Lock guard(m_lock);
    State& state = m_state;
    const u64 old_break = state.brk;
    // CONFIG_COMPAT_BRK is off (Debian): the floor is start_brk.
    if (requested < state.start_brk) {
        return old_break;
    }
    // check_data_rlimit: the heap and the data segment within RLIMIT_DATA.
    if (caller.data != CallerLimits::kUnlimited && (requested - state.start_brk) + (state.end_data - state.start_data) > caller.data) {
        return old_break;
    }
    const u64 new_end = page_align(requested);
    const u64 old_end = page_align(state.brk);
    if (new_end == old_end) {
        state.brk = requested;
        return requested;
    }
    // "Always allow shrinking brk."
    if (requested <= state.brk) {
        const Vma* heap = state.vmas.first_intersecting(new_end, old_end);
        if (heap == nullptr) {
            return old_break;
        }
        if (unmap_range(state, new_end, old_end).is_error()) {
            return old_break;
        }
        state.brk = requested;
        return requested;
    }
    // check_brk_limits: get_unmapped_area(NULL, oldbrk, len, 0, MAP_FIXED).
    const u64 grow = new_end - old_end;
    if (get_unmapped_area(state, old_end, grow, MAP_FIXED, false, caller).is_error()) {
        return old_break;
    }
    // "Only check if the next VMA is within the stack_guard_gap of the
    // expansion area": a page and the guard gap stay free below it.
    const usize next = state.vmas.find_index(old_end);
    if (next < state.vmas.size() && new_end + m_page_size > vm_start_gap(state.vmas[next])) {
        return old_break;
    }
    // do_brk_flags: VM_DATA_DEFAULT_FLAGS, read and write (and exec under
    // READ_IMPLIES_EXEC); it extends the heap VMA below when it can.
    Vma heap = Vma::of(old_end, new_end, hal::Protection::ReadWrite, VmaKind::Heap);
    if (caller.read_implies_exec) {
        heap.protection = hal::Protection::ReadWriteExecute;
    }
    if (!may_expand(state, caller, heap.is_data(), grow) || state.vmas.size() > VmaSet::kMaxMapCount) {
        return old_break;
    }
    if (state.vmas.insert(heap).is_error()) {
        return old_break;
    }
    state.brk = requested;
    return requested;
}

// ---- madvise ----

Result<void> MemoryDescriptor::update_flags(State& state, u64 start, u64 end, void (*update)(VmaFlags&))
{
    // madvise_update_vma: split to the range, change, merge back.
    VmaSet& vmas = state.vmas;
    VmaFlags wanted = vmas.find(start)->flags;
    update(wanted);
    if (wanted == vmas.find(start)->flags) {
        return {};
    }
    TRY(vmas.split_at(start));
    TRY(vmas.split_at(end));
    vmas.at(vmas.find_index(start)).flags = wanted;
    vmas.merge(start, end);
    return {};
}

Result<void> MemoryDescriptor::advise_vma(State& state, const Vma& vma, u64 start, u64 end, int advice)
{
    // madvise_vma_behavior for [start, end) of `vma`.
    switch (advice) {
    case MADV_DONTNEED:
    case MADV_DONTNEED_LOCKED:
        // Private pages go; the next touch reads zeroes. A shared mapping's
        // pages stay in its shmem object and read back the same, so its
        // frames stay too.
        if (!vma.flags.shared || vma.object) {
            TRY(m_address_space->unmap(UserAddress(start), end - start));
        }
        return {};
    case MADV_FREE:
        // madvise_free_single_vma: "if (!vma_is_anonymous(vma)) return
        // -EINVAL;" (shared anonymous memory is shmem). Linux frees the
        // pages only under memory pressure, which Sirius does not reclaim
        // under: they keep their contents, as on a Linux with memory to
        // spare.
        if (vma.flags.shared) {
            return errno_error(EINVAL);
        }
        return {};
    case MADV_REMOVE:
        // madvise_remove: "if (!f || !f->f_mapping || !f->f_mapping->host)
        // return -EINVAL;". For shared memory it punches a hole: the range
        // reads zeroes. The stand-in replaces the frames, so a sharer other
        // than this address space keeps the old ones (docs/memory.md).
        if (!vma.flags.shared) {
            return errno_error(EINVAL);
        }
        // "if (!vma_is_shared_maywrite(vma)) return -EACCES;"
        if (vma.flags.no_write) {
            return errno_error(EACCES);
        }
        // A hole in an object must reach every address space that maps it,
        // which needs a reverse map Sirius does not have: vfs_fallocate's
        // answer for a file system without FALLOC_FL_PUNCH_HOLE.
        if (vma.object) {
            return errno_error(EOPNOTSUPP);
        }
        TRY(m_address_space->map(UserAddress(start), end - start, vma.protection, hal::Sharing::Shared));
        return {};
    case MADV_DONTFORK:
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.dont_fork = true; });
    case MADV_DOFORK:
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.dont_fork = false; });
    case MADV_WIPEONFORK:
        // "if (vma->vm_file || vma->vm_flags & VM_SHARED) return -EINVAL;"
        if (vma.flags.shared) {
            return errno_error(EINVAL);
        }
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.wipe_on_fork = true; });
    case MADV_KEEPONFORK:
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.wipe_on_fork = false; });
    case MADV_DONTDUMP:
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.dont_dump = true; });
    case MADV_DODUMP:
        return update_flags(state, start, end, [](VmaFlags& flags) { flags.dont_dump = false; });
    case MADV_COLLAPSE:
        // There are no huge pages to collapse into: Linux's answer for a
        // range it cannot collapse.
        return errno_error(EINVAL);
    default:
        // NORMAL, RANDOM, SEQUENTIAL, WILLNEED, COLD, PAGEOUT, MERGEABLE,
        // UNMERGEABLE, HUGEPAGE, NOHUGEPAGE: hints about reclaim, readahead,
        // KSM and huge pages, none of which Sirius has.
        return {};
    }
}

Result<void> MemoryDescriptor::populate(State& state, u64 start, u64 end, bool write)
{
    // madvise_populate / faultin_page_range: page by page, stopping at the
    // first hole (ENOMEM) or mapping the access does not suit (EINVAL).
    for (u64 page = start; page < end; page += m_page_size) {
        const Vma* vma = state.vmas.find(page);
        if (vma == nullptr) {
            return errno_error(ENOMEM);
        }
        // check_vma_flags: writing needs VM_WRITE, reading VM_READ.
        if (!allows(vma->protection, write ? hal::Protection::Write : hal::Protection::Read)) {
            return errno_error(EINVAL);
        }
        if (m_address_space->translate(UserAddress(page)).has_value()) {
            continue;
        }
        if (vma->object) {
            // Past the end of the object: VM_FAULT_SIGBUS, EFAULT here.
            const FaultOutcome outcome = back_object_page(*vma, page);
            if (outcome != FaultOutcome::Resolved) {
                return errno_error(outcome == FaultOutcome::BusError ? EFAULT : ENOMEM);
            }
            continue;
        }
        // Past the end of a grown shared mapping: VM_FAULT_SIGBUS.
        if (vma->flags.shared) {
            return errno_error(EFAULT);
        }
        if (m_address_space->map(UserAddress(page), m_page_size, vma->protection, hal::Sharing::Private).is_error()) {
            return errno_error(ENOMEM);
        }
    }
    return {};
}

Result<void> MemoryDescriptor::madvise(UserAddress address, u64 length, int advice)
{
    // madvise_should_skip / is_valid_madvise.
    const u64 start = address.value();
    if (!advice_is_valid(advice) || start % m_page_size != 0) {
        return errno_error(EINVAL);
    }
    const u64 aligned = page_align(length);
    // "Check to see whether len was rounded up from small -ve to zero"
    if (length != 0 && aligned == 0) {
        return errno_error(EINVAL);
    }
    const u64 end = start + aligned;
    if (end < start) {
        return errno_error(EINVAL);
    }
    if (end == start) {
        return {};
    }
    Lock guard(m_lock);
    State& state = m_state;
    if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE) {
        return populate(state, start, end, advice == MADV_POPULATE_WRITE);
    }
    // madvise_walk_vmas: "If the interval [start,end) covers some unmapped
    // address ranges, just ignore them, but return -ENOMEM at the end."
    bool unmapped = false;
    u64 cursor = start;
    for (;;) {
        const usize index = state.vmas.find_index(cursor);
        if (index == state.vmas.size()) {
            return errno_error(ENOMEM);
        }
        const Vma vma = state.vmas[index];
        if (cursor < vma.start) {
            unmapped = true;
            cursor = vma.start;
            if (cursor >= end) {
                break;
            }
        }
        const u64 piece_end = min(vma.end, end);
        TRY(advise_vma(state, vma, cursor, piece_end, advice));
        cursor = piece_end;
        if (cursor >= end) {
            break;
        }
    }
    if (unmapped) {
        return errno_error(ENOMEM);
    }
    return {};
}

// ---- mremap ----

Result<u64> MemoryDescriptor::move_vma(State& state, const Vma& vma, u64 address, u64 old_length, u64 new_address, u64 new_length, bool dont_unmap)
{
    // prep_move_vma: "We'd prefer to avoid failure later on in do_munmap":
    // room for the copy and a split of the source.
    if (state.vmas.size() + 2 > VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    TRY(state.vmas.reserve(3));
    // move_page_tables: the frames move, protection and sharing with them;
    // what the new length adds stays demand-zero.
    TRY(m_address_space->move_pages(UserAddress(address), UserAddress(new_address), old_length));
    Vma moved = vma;
    moved.object_offset = vma.object_offset + (address - vma.start);
    moved.start = new_address;
    moved.end = new_address + new_length;
    TRY(state.vmas.insert(moved));
    // MREMAP_DONTUNMAP keeps the old VMA, now without pages: it reads
    // zeroes.
    if (!dont_unmap) {
        TRY(state.vmas.remove(address, address + old_length));
    }
    return new_address;
}

Result<u64> MemoryDescriptor::mremap_to(State& state, u64 address, u64 old_length, u64 new_length, u64 flags, u64 new_address, const CallerLimits& caller)
{
    // mremap_to: the move to a new place, fixed or found.
    if ((flags & MREMAP_FIXED) != 0) {
        // "VMA is moved to dst address, and munmap dst first."
        TRY(unmap_range(state, new_address, new_address + new_length));
        if (state.vmas.find(address) == nullptr) {
            return errno_error(EFAULT);
        }
    }
    if (new_length < old_length) {
        TRY(unmap_range(state, address + new_length, address + old_length));
        if (state.vmas.find(address) == nullptr) {
            return errno_error(EFAULT);
        }
        old_length = new_length;
    }
    const Vma vma = *state.vmas.find(address);
    if ((flags & MREMAP_DONTUNMAP) != 0) {
        // "MREMAP_DONTUNMAP expands by old_len since old_len == new_len"
        if (!may_expand(state, caller, vma.is_data(), old_length)) {
            return errno_error(ENOMEM);
        }
    }
    // vrm_set_new_addr: MREMAP_FIXED is MAP_FIXED; DONTUNMAP's new_addr is
    // a hint; otherwise anywhere.
    u64 map_flags = (flags & MREMAP_FIXED) != 0 ? MAP_FIXED : 0;
    if (vma.flags.shared) {
        map_flags |= MAP_SHARED;
    }
    const u64 hint = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0 ? new_address : 0;
    const u64 target = TRY(get_unmapped_area(state, hint, new_length, map_flags, !vma.flags.shared, caller));
    return move_vma(state, vma, address, old_length, target, new_length, (flags & MREMAP_DONTUNMAP) != 0);
}

Result<u64> MemoryDescriptor::move_only(State& state, u64 address, u64 length, u64 flags, u64 new_address, const CallerLimits& caller)
{
    // remap_move (Linux 6.17): MREMAP_FIXED without a size change moves
    // every VMA of [address, address + length), keeping the gaps between
    // them.
    const u64 end = address + length;
    if ((flags & MREMAP_DONTUNMAP) != 0) {
        for (usize i = state.vmas.find_index(address); i < state.vmas.size() && state.vmas[i].start < end; ++i) {
            if (state.vmas[i].flags.shared) {
                return errno_error(EINVAL);
            }
        }
    }
    u64 target = new_address;
    u64 last_end = 0;
    u64 first = 0;
    bool seen = false;
    u64 cursor = address;
    for (;;) {
        const usize index = state.vmas.find_index(cursor);
        if (index == state.vmas.size() || state.vmas[index].start >= end) {
            break;
        }
        const Vma vma = state.vmas[index];
        const u64 piece_start = max(vma.start, address);
        const u64 piece_length = min(end, vma.end) - piece_start;
        // "No gap permitted at the start of the range."
        if (!seen && address < vma.start) {
            return errno_error(EFAULT);
        }
        const u64 offset = seen ? vma.start - last_end : 0;
        last_end = vma.end;
        const u64 moved = TRY(mremap_to(state, piece_start, piece_length, piece_length, flags, target + offset, caller));
        if (!seen) {
            first = moved;
        }
        seen = true;
        target = moved + piece_length;
        // On from the end of the VMA as it was (the VMA iterator's next):
        // with MREMAP_DONTUNMAP the source stays where it is.
        if (vma.end >= end) {
            break;
        }
        cursor = vma.end;
    }
    if (!seen) {
        return errno_error(EFAULT);
    }
    return first;
}

Result<UserAddress> MemoryDescriptor::mremap(UserAddress address, u64 old_length, u64 new_length, u64 flags, UserAddress new_address, const CallerLimits& caller)
{
    const u64 start = address.value();
    u64 target = new_address.value();
    old_length = page_align(old_length);
    new_length = page_align(new_length);
    const bool implies_new_address = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;

    // check_mremap_params.
    if ((flags & ~static_cast<u64>(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) != 0) {
        return errno_error(EINVAL);
    }
    if (start % m_page_size != 0) {
        return errno_error(EINVAL);
    }
    // "a zero new-len is nonsensical"
    if (new_length == 0 || new_length > m_task_size) {
        return errno_error(EINVAL);
    }
    if (implies_new_address) {
        if (target > m_task_size - new_length || target % m_page_size != 0) {
            return errno_error(EINVAL);
        }
        // "A fixed address implies a move."
        if ((flags & MREMAP_MAYMOVE) == 0) {
            return errno_error(EINVAL);
        }
        // "MREMAP_DONTUNMAP does not allow resizing in the process."
        if ((flags & MREMAP_DONTUNMAP) != 0 && old_length != new_length) {
            return errno_error(EINVAL);
        }
        if (ranges_overlap(start, old_length, target, new_length)) {
            return errno_error(EINVAL);
        }
    }

    Lock guard(m_lock);
    State& state = m_state;
    // check_map_count_against_split_early: room for two splits by unmaps
    // and two by the move.
    if (state.vmas.size() + 4 > VmaSet::kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    if ((flags & MREMAP_FIXED) != 0 && old_length == new_length) {
        return UserAddress(TRY(move_only(state, start, old_length, flags, target, caller)));
    }

    // check_prep_vma.
    const Vma* found = state.vmas.find(start);
    if (found == nullptr) {
        return errno_error(EFAULT);
    }
    const Vma vma = *found;
    if (!implies_new_address) {
        target = start;
    }
    // The stand-in for shared memory cannot map one frame at two addresses,
    // which a shared MREMAP_DONTUNMAP needs (docs/memory.md); refused where
    // Linux refuses VM_DONTEXPAND and VM_PFNMAP mappings.
    if ((flags & MREMAP_DONTUNMAP) != 0 && vma.flags.shared) {
        return errno_error(EINVAL);
    }
    if (new_length > old_length || implies_new_address) {
        // "!old_len is a special case where an attempt is made to
        // 'duplicate' a mapping": refused for private ones. For shared ones
        // Linux maps the same object twice, which the stand-in for shared
        // memory cannot (docs/memory.md).
        if (old_length == 0) {
            return errno_error(EINVAL);
        }
        // "We can't remap across the end of VMAs" (a shrink may: it only
        // unmaps).
        if (min(old_length, new_length) > vma.end - start) {
            return errno_error(EFAULT);
        }
        if (new_length > old_length && !may_expand(state, caller, vma.is_data(), new_length - old_length)) {
            return errno_error(ENOMEM);
        }
    }
    if (implies_new_address) {
        return UserAddress(TRY(mremap_to(state, start, old_length, new_length, flags, target, caller)));
    }

    // mremap_at.
    if (new_length == old_length) {
        return address;
    }
    if (new_length < old_length) {
        TRY(unmap_range(state, start + new_length, start + old_length));
        return address;
    }
    // expand_vma: in place when [start, start + old_length) reaches the end
    // of the VMA and what follows is free (vma_expandable).
    const u64 delta = new_length - old_length;
    if (vma.end - start == old_length) {
        const u64 grown_end = vma.end + delta;
        if (grown_end > vma.end && state.vmas.first_intersecting(vma.end, grown_end) == nullptr
            && get_unmapped_area(state, vma.start, grown_end - vma.start, MAP_FIXED, false, caller).has_value()) {
            state.vmas.grow_up(state.vmas.find_index(start), grown_end);
            return address;
        }
    }
    if ((flags & MREMAP_MAYMOVE) == 0) {
        return errno_error(ENOMEM);
    }
    const u64 map_flags = vma.flags.shared ? MAP_SHARED : 0;
    const u64 moved_to = TRY(get_unmapped_area(state, 0, new_length, map_flags, !vma.flags.shared, caller));
    return UserAddress(TRY(move_vma(state, vma, start, old_length, moved_to, new_length, false)));
}

// ---- Faults ----

FaultOutcome MemoryDescriptor::back_object_page(const Vma& vma, u64 page)
{
    // mremap can grow a mapping beyond the object.
    const u64 offset = vma.object_offset + (page - vma.start);
    if (offset >= page_align(vma.object->size())) {
        return FaultOutcome::BusError;
    }
    if (m_address_space->map_object(UserAddress(page), m_page_size, vma.object->memory(), offset / m_page_size, vma.protection).is_error()) {
        return FaultOutcome::OutOfMemory;
    }
    return FaultOutcome::Resolved;
}

bool MemoryDescriptor::expand_downwards(State& state, usize index, u64 address, const CallerLimits& caller)
{
    // expand_downwards.
    if (address < kMmapMinAddress) {
        return false;
    }
    // "Enforce stack_guard_gap" against an accessible VMA below that is not
    // a stack itself.
    if (index > 0) {
        const Vma& previous = state.vmas[index - 1];
        if (!previous.flags.grows_down && previous.is_accessible() && address - previous.end < stack_guard_gap()) {
            return false;
        }
    }
    const Vma& vma = state.vmas[index];
    // acct_stack_growth: RLIMIT_AS for the new pages, RLIMIT_STACK for the
    // whole VMA.
    if (!may_expand(state, caller, vma.is_data(), vma.start - address)) {
        return false;
    }
    if (vma.end - address > caller.stack) {
        return false;
    }
    state.vmas.grow_down(index, address);
    return true;
}

FaultOutcome MemoryDescriptor::handle_page_fault(UserAddress address, FaultAccess access, const CallerLimits& caller)
{
    const u64 at = address.value();
    if (at >= m_task_size) {
        return FaultOutcome::MapError;
    }
    const u64 page = page_down(at);
    Lock guard(m_lock);
    State& state = m_state;
    // lock_mm_and_find_vma: the VMA, or one that grows down onto the address.
    const usize index = state.vmas.find_index(at);
    if (index == state.vmas.size()) {
        return FaultOutcome::MapError;
    }
    if (state.vmas[index].start > at) {
        if (!state.vmas[index].flags.grows_down || !expand_downwards(state, index, page, caller)) {
            return FaultOutcome::MapError;
        }
    }
    const Vma& vma = state.vmas[index];
    // access_error: a write needs VM_WRITE, an instruction fetch VM_EXEC
    // (NX), a read any access at all.
    bool allowed = vma.is_accessible();
    if (access == FaultAccess::Write) {
        allowed = allows(vma.protection, hal::Protection::Write);
    } else if (access == FaultAccess::Execute) {
        allowed = allows(vma.protection, hal::Protection::Execute);
    }
    if (!allowed) {
        return FaultOutcome::AccessError;
    }
    // Already backed: another thread's fault got here first, or a stale
    // TLB entry.
    if (m_address_space->translate(UserAddress(page)).has_value()) {
        return FaultOutcome::Resolved;
    }
    if (vma.object) {
        return back_object_page(vma, page);
    }
    // Shared anonymous pages are backed from mmap on: an unbacked one is
    // past the end of its shmem object, which only mremap growth makes
    // (shmem_fault: VM_FAULT_SIGBUS).
    if (vma.flags.shared) {
        return FaultOutcome::BusError;
    }
    // do_anonymous_page: a zero-filled page.
    if (m_address_space->map(UserAddress(page), m_page_size, vma.protection, hal::Sharing::Private).is_error()) {
        return FaultOutcome::OutOfMemory;
    }
    return FaultOutcome::Resolved;
}

// ---- Inspection ----

u64 MemoryDescriptor::program_break() const
{
    Lock guard(m_lock);
    return m_state.brk;
}

u64 MemoryDescriptor::program_break_start() const
{
    Lock guard(m_lock);
    return m_state.start_brk;
}

u64 MemoryDescriptor::mmap_base() const
{
    Lock guard(m_lock);
    return m_state.mmap_base;
}

usize MemoryDescriptor::vma_count() const
{
    Lock guard(m_lock);
    return m_state.vmas.size();
}

bool MemoryDescriptor::find_vma(UserAddress address, Vma& out) const
{
    Lock guard(m_lock);
    const Vma* vma = m_state.vmas.find(address.value());
    if (vma == nullptr) {
        return false;
    }
    out = *vma;
    return true;
}

Result<Vector<Vma>> MemoryDescriptor::vmas() const
{
    Lock guard(m_lock);
    Vector<Vma> copy;
    TRY(copy.try_reserve(m_state.vmas.size()));
    for (const Vma& vma : m_state.vmas) {
        TRY(copy.try_append(vma));
    }
    return copy;
}

bool MemoryDescriptor::vmas_are_valid() const
{
    Lock guard(m_lock);
    return m_state.vmas.is_valid(m_page_size, m_task_size);
}

} // namespace sirius::mm
