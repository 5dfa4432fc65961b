// Fuzzes sequences of memory operations on a MemoryDescriptor over the fake
// address space: mmap (any flags, fixed, hinted, shared, populated), munmap,
// mprotect, brk, madvise, mremap, page faults of every access kind, fork
// (the child is operated on too) and mappings of memory objects (what
// shmat makes), with limits that change on the way.
// Invariants, checked after every step, for the parent and the child:
//  - the VMAs are sorted, non-overlapping, page-aligned and below TASK_SIZE;
//  - every page the address space has backed lies inside a VMA;
//  - every error is one the man page of the call documents;
//  - a failed munmap, mprotect before its first VMA, or mremap leaves the
//    VMAs as they were when Linux's would;
//  - every object hears of each VMA that maps it coming and going: its
//    count of open VMAs is the number of VMAs, in every process, that map
//    it, and 0 once the processes are gone;
//  - nothing leaks when the descriptors go (LeakSanitizer).
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/mman.h>
#include <vector>

#include "core/mm/memory_descriptor.h"
#include "fuzz/fuzz_check.h"
#include "platform/host/deterministic_scheduler.h"
#include "platform/host/fake_address_space.h"

namespace sirius::fuzz {
namespace {

constexpr u64 kPage = host::kPageSize;
// Most addresses fall in a small window so that operations collide.
constexpr u64 kWindow = 0x10000000;
constexpr u64 kWindowPages = 64;
// Lengths that may be backed now (populate, shared) stay small: the fake
// address space holds every byte.
constexpr u64 kBackedPagesMax = 32;

struct Process {
    RefPtr<mm::MemoryDescriptor> memory;
    host::FakeAddressSpace* space { nullptr };
};

// A memory object that counts the VMAs mapping it, as a System V segment
// counts shm_nattch.
class CountedObject final : public mm::MappedObject {
public:
    CountedObject(u64 bytes, RefPtr<hal::MemoryObject> pages)
        : m_size(bytes)
        , m_pages(move(pages))
    {
    }

    [[nodiscard]] mm::MappedObjectKind kind() const override { return mm::MappedObjectKind::SysvSharedMemory; }
    [[nodiscard]] hal::MemoryObject& memory() const override { return *m_pages; }
    [[nodiscard]] u64 size() const override { return m_size; }
    [[nodiscard]] mm::MappedObjectName name() const override { return {}; }
    void vma_opened() override { ++open_vmas; }
    void vma_closed() override
    {
        check(open_vmas > 0, "a VMA closes only after it opened");
        --open_vmas;
    }

    i64 open_vmas { 0 };

private:
    u64 m_size;
    RefPtr<hal::MemoryObject> m_pages;
};

using Objects = std::vector<RefPtr<CountedObject>>;

u64 pick_address(FuzzedDataProvider& data)
{
    switch (data.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
        return 0;
    case 1:
        return data.ConsumeIntegral<u64>();
    case 2:
        return kWindow + data.ConsumeIntegralInRange<u64>(0, kWindowPages * kPage);
    default:
        return kWindow + (data.ConsumeIntegralInRange<u64>(0, kWindowPages) * kPage);
    }
}

u64 pick_length(FuzzedDataProvider& data)
{
    switch (data.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
        return data.ConsumeIntegral<u64>();
    case 1:
        return data.ConsumeIntegralInRange<u64>(0, 3 * kPage);
    default:
        return data.ConsumeIntegralInRange<u64>(1, 16) * kPage;
    }
}

u64 pick_prot(FuzzedDataProvider& data)
{
    if (data.ConsumeIntegralInRange<int>(0, 15) == 0) {
        return data.ConsumeIntegral<u64>();
    }
    return data.ConsumeIntegralInRange<u64>(0, 7) | (data.ConsumeBool() ? PROT_GROWSDOWN : 0);
}

u64 pick_map_flags(FuzzedDataProvider& data, u64 length)
{
    static constexpr u64 kBits[] = { MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_GROWSDOWN, MAP_NORESERVE, MAP_STACK, MAP_32BIT, MAP_LOCKED,
        MAP_NONBLOCK };
    u64 flags = MAP_ANONYMOUS | data.ConsumeIntegralInRange<u64>(0, MAP_TYPE);
    for (const u64 bit : kBits) {
        if (data.ConsumeIntegralInRange<int>(0, 3) == 0) {
            flags |= bit;
        }
    }
    if (data.ConsumeIntegralInRange<int>(0, 31) == 0) {
        flags = data.ConsumeIntegral<u64>() | MAP_ANONYMOUS;
    }
    // Shared and populated memory is backed at once: keep it small.
    if (length > kBackedPagesMax * kPage) {
        flags &= ~static_cast<u64>(MAP_POPULATE | MAP_LOCKED | MAP_TYPE);
        flags |= MAP_PRIVATE;
    }
    return flags;
}

mm::CallerLimits pick_limits(FuzzedDataProvider& data)
{
    mm::CallerLimits caller;
    caller.may_map_below_minimum = data.ConsumeBool();
    caller.read_implies_exec = data.ConsumeIntegralInRange<int>(0, 7) == 0;
    if (data.ConsumeIntegralInRange<int>(0, 3) == 0) {
        caller.address_space = data.ConsumeIntegralInRange<u64>(0, 256) * kPage;
    }
    if (data.ConsumeIntegralInRange<int>(0, 3) == 0) {
        caller.data = data.ConsumeIntegralInRange<u64>(0, 128) * kPage;
        caller.data_max = caller.data + (data.ConsumeIntegralInRange<u64>(0, 64) * kPage);
    }
    if (data.ConsumeIntegralInRange<int>(0, 3) == 0) {
        caller.stack = data.ConsumeIntegralInRange<u64>(0, 128) * kPage;
    }
    return caller;
}

// Each object's count against the VMAs that map it.
void check_object_counts(const std::vector<Process>& processes, const Objects& objects)
{
    for (const RefPtr<CountedObject>& object : objects) {
        i64 mapping = 0;
        for (const Process& process : processes) {
            auto vmas = process.memory->vmas();
            check(vmas.has_value(), "a copy of the VMAs");
            for (const mm::Vma& vma : vmas.value()) {
                mapping += vma.object.get() == object.get() ? 1 : 0;
            }
        }
        check(object->open_vmas == mapping, "an object's open VMAs are the VMAs that map it");
    }
}

void check_invariants(const Process& process)
{
    check(process.memory->vmas_are_valid(), "VMAs sorted, non-overlapping, aligned, below TASK_SIZE");
    auto vmas = process.memory->vmas();
    check(vmas.has_value(), "a copy of the VMAs (the fuzzer fails no allocation)");
    usize index = 0;
    for (const auto& [start, end] : process.space->backed_ranges()) {
        for (u64 page = start; page < end; page += kPage) {
            while (index < vmas.value().size() && vmas.value()[index].end <= page) {
                ++index;
            }
            check(index < vmas.value().size() && vmas.value()[index].contains(page), "a backed page lies inside a VMA");
        }
    }
}

bool same_vmas(const Vector<mm::Vma>& a, const Vector<mm::Vma>& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (usize i = 0; i < a.size(); ++i) {
        if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].protection != b[i].protection || !(a[i].flags == b[i].flags)) {
            return false;
        }
    }
    return true;
}

void step(Process& process, std::vector<Process>& processes, Objects& objects, host::FakeMmu& mmu, FuzzedDataProvider& data, const mm::CallerLimits& caller)
{
    mm::MemoryDescriptor& memory = *process.memory;
    switch (data.ConsumeIntegralInRange<int>(0, 10)) {
    case 0:
    case 1: {
        const u64 length = pick_length(data);
        const mm::MmapRequest request { pick_address(data), length, pick_prot(data), pick_map_flags(data, length),
            data.ConsumeIntegralInRange<u64>(0, 3) };
        auto result = memory.mmap(request, nullptr, caller);
        if (result.is_error()) {
            check(is_documented(-result.error().code(), { EINVAL, ENOMEM, EPERM, EEXIST, EOVERFLOW }), "mmap errno");
        } else {
            check(result.value().value() % kPage == 0 && result.value().value() < memory.task_size(), "mmap address");
            mm::Vma vma;
            check(memory.find_vma(result.value(), vma), "mmap made a VMA");
        }
        break;
    }
    case 2: {
        const u64 address = pick_address(data);
        const u64 length = pick_length(data);
        auto before = memory.vmas();
        auto result = memory.munmap(UserAddress(address), length);
        if (result.is_error()) {
            check(is_documented(-result.error().code(), { EINVAL, ENOMEM }), "munmap errno");
            auto after = memory.vmas();
            check(same_vmas(before.value(), after.value()), "a failed munmap changes nothing");
        }
        break;
    }
    case 3: {
        auto result = memory.mprotect(UserAddress(pick_address(data)), pick_length(data), pick_prot(data), caller);
        if (result.is_error()) {
            check(is_documented(-result.error().code(), { EINVAL, ENOMEM, EACCES }), "mprotect errno");
        }
        break;
    }
    case 4: {
        if (data.ConsumeIntegralInRange<int>(0, 7) == 0) {
            memory.set_program_break(UserAddress(kWindow + (data.ConsumeIntegralInRange<u64>(0, kWindowPages) * kPage)));
        }
        const u64 old_break = memory.program_break();
        const u64 requested = data.ConsumeBool() ? data.ConsumeIntegral<u64>() : old_break + (data.ConsumeIntegralInRange<u64>(0, 8 * kPage)) - (4 * kPage);
        const u64 result = memory.brk(requested, caller);
        check(result == requested || result == old_break, "brk returns the request or the old break");
        check(memory.program_break() == result, "brk's answer is the break");
        break;
    }
    case 5: {
        static constexpr int kAdvice[] = { MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, MADV_FREE, MADV_REMOVE,
            MADV_DONTFORK, MADV_DOFORK, MADV_MERGEABLE, MADV_UNMERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_DONTDUMP, MADV_DODUMP,
            MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_DONTNEED_LOCKED,
            MADV_COLLAPSE, 999 };
        const int advice = data.PickValueInArray(kAdvice);
        u64 length = pick_length(data);
        // Populating or removing backs every page of the range.
        if (length > kBackedPagesMax * kPage) {
            length = kBackedPagesMax * kPage;
        }
        auto result = memory.madvise(UserAddress(pick_address(data)), length, advice);
        if (result.is_error()) {
            // EACCES and EOPNOTSUPP: MADV_REMOVE on an object mapped
            // read-only, or at all (vfs_fallocate's answer; docs/memory.md).
            check(is_documented(-result.error().code(), { EINVAL, ENOMEM, EFAULT, EAGAIN, EPERM, EACCES, EOPNOTSUPP }), "madvise errno");
        }
        break;
    }
    case 6: {
        const u64 address = pick_address(data);
        const u64 old_length = pick_length(data);
        const u64 new_length = pick_length(data);
        const u64 flags = data.ConsumeIntegralInRange<int>(0, 15) == 0 ? data.ConsumeIntegral<u64>() : data.ConsumeIntegralInRange<u64>(0, 7);
        auto before = memory.vmas();
        auto result = memory.mremap(UserAddress(address), old_length, new_length, flags, UserAddress(pick_address(data)), caller);
        if (result.is_error()) {
            const int code = result.error().code();
            check(is_documented(-code, { EINVAL, ENOMEM, EFAULT, EPERM, EAGAIN }), "mremap errno");
            // Argument errors come before anything changes, except that
            // MREMAP_FIXED unmaps the destination before the shrink's
            // do_munmap checks its length (EINVAL past TASK_SIZE).
            if (code == EINVAL && (flags & MREMAP_FIXED) == 0) {
                check(same_vmas(before.value(), memory.vmas().value()), "mremap's EINVAL changes nothing");
            }
        } else {
            check(result.value().value() % kPage == 0, "mremap address");
        }
        break;
    }
    case 7:
    case 8: {
        static constexpr mm::FaultAccess kAccess[] = { mm::FaultAccess::Read, mm::FaultAccess::Write, mm::FaultAccess::Execute };
        const u64 address = pick_address(data);
        const mm::FaultOutcome outcome = memory.handle_page_fault(UserAddress(address), data.PickValueInArray(kAccess), caller);
        if (outcome == mm::FaultOutcome::Resolved) {
            check(process.space->is_mapped(address & ~(kPage - 1), 1), "a resolved fault leaves the page backed");
        }
        check(outcome != mm::FaultOutcome::OutOfMemory, "the fake address space never runs out");
        break;
    }
    case 9: {
        if (processes.size() >= 3) {
            processes.erase(processes.begin() + static_cast<std::ptrdiff_t>(data.ConsumeIntegralInRange<usize>(0, processes.size() - 1)));
            break;
        }
        auto child = memory.clone_for_fork();
        check(child.has_value(), "fork (the fuzzer fails no allocation)");
        Process copy { child.release_value(), nullptr };
        copy.space = static_cast<host::FakeAddressSpace*>(&copy.memory->address_space());
        processes.push_back(std::move(copy));
        break;
    }
    case 10: {
        // shmat's mapping: a new object (up to four) or one already mapped.
        if (objects.empty() || (objects.size() < 4 && data.ConsumeBool())) {
            const u64 bytes = data.ConsumeIntegralInRange<u64>(1, 8 * kPage);
            auto pages = mmu.create_memory_object((bytes + kPage - 1) / kPage);
            check(pages.has_value(), "a memory object");
            auto object = try_make_ref<CountedObject>(bytes, pages.release_value());
            check(object.has_value(), "a counted object");
            objects.push_back(object.release_value());
        }
        RefPtr<CountedObject> object = objects[data.ConsumeIntegralInRange<usize>(0, objects.size() - 1)];
        const bool fixed = data.ConsumeBool();
        const u64 address = fixed ? pick_address(data) : 0;
        auto result = memory.map_object(RefPtr<mm::MappedObject>(object), UserAddress(address), fixed, data.ConsumeIntegralInRange<u64>(0, 7),
            data.ConsumeBool(), caller);
        if (result.is_error()) {
            check(is_documented(-result.error().code(), { EINVAL, ENOMEM, EPERM }), "map_object errno");
        } else {
            mm::Vma vma;
            check(memory.find_vma(result.value(), vma) && vma.object.get() == object.get() && vma.object_offset == 0, "map_object made an object VMA");
        }
        break;
    }
    default:
        break;
    }
}

} // namespace
} // namespace sirius::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    using namespace sirius::fuzz;
    FuzzedDataProvider data(bytes, size);
    host::FakeMmu mmu;
    host::DeterministicScheduler scheduler;
    // Declared before the processes: the objects outlive their VMAs.
    Objects objects;
    std::vector<Process> processes;
    {
        auto space = host::FakeAddressSpace::create();
        check(space.has_value(), "an address space");
        host::FakeAddressSpace* raw = space.value().get();
        auto memory = mm::MemoryDescriptor::create(RefPtr<hal::AddressSpace>(space.release_value()), mmu, scheduler);
        check(memory.has_value(), "a memory descriptor");
        processes.push_back(Process { memory.release_value(), raw });
    }
    mm::CallerLimits caller = pick_limits(data);
    for (int i = 0; i < 64 && data.remaining_bytes() > 0 && !processes.empty(); ++i) {
        if (data.ConsumeIntegralInRange<int>(0, 15) == 0) {
            caller = pick_limits(data);
        }
        {
            Process& process = processes[data.ConsumeIntegralInRange<usize>(0, processes.size() - 1)];
            // A copy of the handle: a fork step may grow the vector. It goes
            // before the checks, so that a process the step dropped is gone.
            Process current = process;
            step(current, processes, objects, mmu, data, caller);
        }
        for (const Process& each : processes) {
            check_invariants(each);
        }
        check_object_counts(processes, objects);
    }
    processes.clear();
    for (const RefPtr<CountedObject>& object : objects) {
        check(object->open_vmas == 0, "every VMA closed when its process went");
    }
    return 0;
}
