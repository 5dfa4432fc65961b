#pragma once

// A virtual memory area (Linux struct vm_area_struct): one run of pages of a
// process's address space with the same protection and the same rules.
// What the platform has actually backed is the AddressSpace's business; a
// VMA says what *may* be there. Private anonymous memory is demand-zero: the
// VMA exists long before any of its pages does.
#include "core/base/ref_ptr.h"
#include "core/hal/address_space.h"
#include "core/mm/mapped_object.h"

namespace sirius::mm {

// What a VMA is for, as /proc/<pid>/maps will name it. Linux derives
// [heap] and [stack] from mm->brk and mm->start_stack; here the VMA carries
// it, and VMAs of different kinds never merge.
enum class VmaKind : u8 {
    Anonymous, // mmap(MAP_ANONYMOUS)
    Heap, // brk(2)
    Stack, // exec's initial stack
    ProgramImage, // exec's segments of the program and its interpreter
    Object, // a MappedObject's pages (shmat)
};

// The vm_flags Sirius keeps. Protection is separate (hal::Protection).
struct VmaFlags {
    bool shared { false }; // VM_SHARED: MAP_SHARED, fork shares the frames
    bool grows_down { false }; // VM_GROWSDOWN: a fault just below extends it
    bool dont_fork { false }; // VM_DONTCOPY: MADV_DONTFORK, the child lacks it
    bool wipe_on_fork { false }; // VM_WIPEONFORK: the child's copy reads zeroes
    bool dont_dump { false }; // VM_DONTDUMP: MADV_DONTDUMP, left out of core dumps
    // VM_MAYWRITE cleared: the object was mapped read-only (shmat's
    // SHM_RDONLY), so mprotect may not make it writable (EACCES).
    bool no_write { false };
    bool operator==(const VmaFlags&) const = default;
};

struct Vma {
    u64 start { 0 }; // page-aligned, inclusive
    u64 end { 0 }; // page-aligned, exclusive; start < end
    hal::Protection protection { hal::Protection::None };
    VmaFlags flags;
    VmaKind kind { VmaKind::Anonymous };
    // The object a VmaKind::Object VMA maps (vm_file), and the byte offset
    // in it of `start` (vm_pgoff in bytes); nullptr for the other kinds.
    RefPtr<MappedObject> object;
    u64 object_offset { 0 };

    [[nodiscard]] u64 size() const { return end - start; }
    // A VMA with no flags and no object.
    static Vma of(u64 start, u64 end, hal::Protection protection, VmaKind kind)
    {
        Vma vma;
        vma.start = start;
        vma.end = end;
        vma.protection = protection;
        vma.kind = kind;
        return vma;
    }

    // Moves the start to `address` (a split, a trim), keeping the object
    // offset of every page.
    void move_start(u64 address)
    {
        object_offset += address - start;
        start = address;
    }
    [[nodiscard]] bool contains(u64 address) const { return address >= start && address < end; }
    [[nodiscard]] bool intersects(u64 range_start, u64 range_end) const { return start < range_end && range_start < end; }
    [[nodiscard]] hal::Sharing sharing() const { return flags.shared ? hal::Sharing::Shared : hal::Sharing::Private; }

    // Linux is_data_mapping: private, writable and not a stack - what
    // RLIMIT_DATA counts.
    [[nodiscard]] bool is_data() const
    {
        const bool writable = (static_cast<u32>(protection) & static_cast<u32>(hal::Protection::Write)) != 0;
        return writable && !flags.shared && !flags.grows_down;
    }
    // Linux vma_is_accessible: any of read, write or execute.
    [[nodiscard]] bool is_accessible() const { return protection != hal::Protection::None; }

    // `next` starts where this one ends and nothing tells them apart, so
    // they may be one VMA (Linux vma_merge's is_mergeable_vma). Shared
    // anonymous VMAs never merge: each is its own shared memory object.
    [[nodiscard]] bool can_merge_with(const Vma& next) const
    {
        return end == next.start && protection == next.protection && flags == next.flags && kind == next.kind && !flags.shared;
    }
};

// True when `protection` allows everything `wanted` asks for.
[[nodiscard]] constexpr bool allows(hal::Protection protection, hal::Protection wanted)
{
    return (static_cast<u32>(protection) & static_cast<u32>(wanted)) == static_cast<u32>(wanted);
}

} // namespace sirius::mm
