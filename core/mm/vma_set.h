#pragma once

// The VMAs of one address space (Linux mm->mm_mt): sorted by address,
// never overlapping, never empty.
//
// A VMA that maps a MappedObject is announced to it as Linux calls
// vm_ops->open and ->close: open when one comes into the set (insert, the
// new half of a split, fork's copy), close when one leaves (removal, the
// set's end); an unmap that cuts part of a VMA away is a split and a close,
// as in Linux, so the object sees both.
//
// Why a sorted Vector with binary search rather than a tree: a process has
// tens to a few thousand VMAs; lookups (every fault, every syscall) are
// O(log n) on contiguous memory, and the O(n) shifts of an insert or removal
// are a memmove-sized cost at that scale. Growth is one fallible allocation
// that a caller can make up front (reserve), so an operation checks and
// allocates first and then edits without a failure path. Linux's maple tree
// exists for RCU-safe lockless lookups, which Sirius does not do yet.
#include "core/base/vector.h"
#include "core/mm/vma.h"

namespace sirius::mm {

class VmaSet {
public:
    // Linux DEFAULT_MAX_MAP_COUNT (USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN), the
    // vm.max_map_count a split may not reach.
    static constexpr usize kMaxMapCount = 65530;

    VmaSet() = default;
    VmaSet(VmaSet&& other) noexcept = default;
    // The VMAs this set held are gone: their objects hear of it.
    VmaSet& operator=(VmaSet&& other) noexcept;
    ~VmaSet();
    VmaSet(const VmaSet&) = delete;
    VmaSet& operator=(const VmaSet&) = delete;

    [[nodiscard]] usize size() const { return m_vmas.size(); }
    [[nodiscard]] bool is_empty() const { return m_vmas.is_empty(); }
    // Preconditions: index < size().
    [[nodiscard]] const Vma& operator[](usize index) const { return m_vmas[index]; }
    [[nodiscard]] const Vma* begin() const { return m_vmas.begin(); }
    [[nodiscard]] const Vma* end() const { return m_vmas.end(); }

    // The index of the first VMA that ends above `address` (Linux find_vma:
    // the one containing it, or the next), or size() when there is none.
    [[nodiscard]] usize find_index(u64 address) const;
    // The VMA containing `address` (Linux vma_lookup), or nullptr.
    [[nodiscard]] const Vma* find(u64 address) const;
    // The first VMA with a byte in [start, end) (find_vma_intersection), or
    // nullptr.
    [[nodiscard]] const Vma* first_intersecting(u64 start, u64 end) const;
    // Bytes of [start, end) inside VMAs (Linux count_vma_pages_range).
    [[nodiscard]] u64 covered_bytes(u64 start, u64 end) const;
    // Whether remove(start, end) would cut a hole strictly inside one VMA,
    // turning it into two.
    [[nodiscard]] bool removal_splits(u64 start, u64 end) const;

    // Makes room for `extra` more VMAs: until then, insert, split_at and
    // remove cannot fail for memory. Errors: ENOMEM.
    Result<void> reserve(usize extra);

    // Adds `vma`, merged with the neighbours it can merge with (Linux
    // vma_merge_new_range). Preconditions: it overlaps no VMA, start < end,
    // both page-aligned. Errors: ENOMEM; nothing changes on error.
    Result<void> insert(const Vma& vma);

    // Makes `address` a VMA boundary: a VMA strictly containing it becomes
    // two (Linux split_vma). Errors: ENOMEM when there are kMaxMapCount VMAs
    // already or memory runs out; nothing changes on error.
    Result<void> split_at(u64 address);

    // Removes [start, end) from every VMA, trimming or splitting the ones it
    // cuts (Linux do_vmi_align_munmap). Errors: ENOMEM when the hole is
    // strictly inside one VMA and there are kMaxMapCount VMAs already, or
    // memory runs out; nothing changes on error.
    Result<void> remove(u64 start, u64 end);

    // Merges every VMA that touches [start, end] with its compatible
    // neighbours (after an attribute change made them alike). Cannot fail.
    void merge(u64 start, u64 end);

    // The VMA at `index`, to change attributes that do not affect the order
    // (protection, flags). The caller splits at the range first and merges
    // after. Preconditions: index < size().
    Vma& at(usize index) { return m_vmas[index]; }

    // Moves the start of VMA `index` down to `start` (stack growth).
    // Preconditions: page-aligned, start < its start, no VMA in between.
    void grow_down(usize index, u64 start) { m_vmas[index].start = start; }
    // Moves the end of VMA `index` up to `end`, merging with the next one if
    // they become adjacent and alike (mremap, brk). Preconditions:
    // page-aligned, end > its end, no VMA in between.
    void grow_up(usize index, u64 end);

    // A copy for fork (dup_mmap): every VMA but MADV_DONTFORK ones.
    // Errors: ENOMEM.
    Result<VmaSet> clone_for_fork() const;

    // The invariant: sorted, non-overlapping, non-empty, page-aligned VMAs
    // below `limit`. For tests and fuzzers.
    [[nodiscard]] bool is_valid(u64 page_size, u64 limit) const;

private:
    explicit VmaSet(Vector<Vma> vmas)
        : m_vmas(move(vmas))
    {
    }

    void close_all();

    Vector<Vma> m_vmas;
    usize m_reserved { 0 }; // capacity reserve() has made sure of
};

} // namespace sirius::mm
