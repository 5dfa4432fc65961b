#include "core/mm/vma_set.h"

namespace sirius::mm {

namespace {

void opened(const Vma& vma)
{
    if (vma.object) {
        vma.object->vma_opened();
    }
}

void closed(const Vma& vma)
{
    if (vma.object) {
        vma.object->vma_closed();
    }
}

// split_vma for an unmap that keeps part of the VMA: the kept part is a new
// VMA (open), the cut one goes (close).
void cut(const Vma& vma)
{
    opened(vma);
    closed(vma);
}

} // namespace

VmaSet& VmaSet::operator=(VmaSet&& other) noexcept
{
    if (this != &other) {
        close_all();
        m_vmas = move(other.m_vmas);
        m_reserved = other.m_reserved;
        other.m_reserved = 0;
    }
    return *this;
}

VmaSet::~VmaSet()
{
    close_all();
}

void VmaSet::close_all()
{
    for (const Vma& vma : m_vmas) {
        closed(vma);
    }
    m_vmas.clear();
}

usize VmaSet::find_index(u64 address) const
{
    usize low = 0;
    usize high = m_vmas.size();
    while (low < high) {
        const usize middle = low + ((high - low) / 2);
        if (m_vmas[middle].end > address) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    return low;
}

const Vma* VmaSet::find(u64 address) const
{
    const usize index = find_index(address);
    if (index == m_vmas.size() || m_vmas[index].start > address) {
        return nullptr;
    }
    return &m_vmas[index];
}

const Vma* VmaSet::first_intersecting(u64 start, u64 end) const
{
    const usize index = find_index(start);
    if (index == m_vmas.size() || m_vmas[index].start >= end) {
        return nullptr;
    }
    return &m_vmas[index];
}

u64 VmaSet::covered_bytes(u64 start, u64 end) const
{
    u64 bytes = 0;
    for (usize i = find_index(start); i < m_vmas.size() && m_vmas[i].start < end; ++i) {
        bytes += min(end, m_vmas[i].end) - max(start, m_vmas[i].start);
    }
    return bytes;
}

bool VmaSet::removal_splits(u64 start, u64 end) const
{
    const Vma* vma = first_intersecting(start, end);
    return vma != nullptr && vma->start < start && vma->end > end;
}

Result<void> VmaSet::reserve(usize extra)
{
    // Geometric, so that reserving before every change stays amortised
    // O(1). The Vector only ever grows, so the capacity known here is a
    // lower bound of its real one.
    const usize needed = m_vmas.size() + extra;
    if (needed <= m_reserved) {
        return {};
    }
    const usize capacity = max(needed, max<usize>(2 * m_reserved, 8));
    TRY(m_vmas.try_reserve(capacity));
    m_reserved = capacity;
    return {};
}

Result<void> VmaSet::insert(const Vma& vma)
{
    const usize index = find_index(vma.start);
    const bool with_previous = index > 0 && m_vmas[index - 1].can_merge_with(vma);
    const bool with_next = index < m_vmas.size() && vma.can_merge_with(m_vmas[index]);
    if (with_previous && with_next) {
        m_vmas[index - 1].end = m_vmas[index].end;
        m_vmas.remove(index);
    } else if (with_previous) {
        m_vmas[index - 1].end = vma.end;
    } else if (with_next) {
        m_vmas[index].start = vma.start;
    } else {
        TRY(m_vmas.try_insert(index, vma));
    }
    // Only shared VMAs map objects, and those never merge: this one is new.
    opened(vma);
    return {};
}

Result<void> VmaSet::split_at(u64 address)
{
    const usize index = find_index(address);
    if (index == m_vmas.size() || m_vmas[index].start >= address) {
        return {};
    }
    // split_vma: "if (vma->vm_mm->map_count >= sysctl_max_map_count)
    // return -ENOMEM;"
    if (m_vmas.size() >= kMaxMapCount) {
        return errno_error(ENOMEM);
    }
    Vma upper = m_vmas[index];
    upper.move_start(address);
    TRY(m_vmas.try_insert(index + 1, upper));
    m_vmas[index].end = address;
    opened(upper);
    return {};
}

Result<void> VmaSet::remove(u64 start, u64 end)
{
    usize index = find_index(start);
    if (index == m_vmas.size() || m_vmas[index].start >= end) {
        return {};
    }
    if (removal_splits(start, end)) {
        // vms_gather_munmap_vmas: a hole inside one VMA needs a split, "if
        // (vms->end < vms->vma->vm_end && vms->vma->vm_mm->map_count >=
        // sysctl_max_map_count) goto map_count_exceeded;".
        if (m_vmas.size() >= kMaxMapCount) {
            return errno_error(ENOMEM);
        }
        Vma upper = m_vmas[index];
        upper.move_start(end);
        TRY(m_vmas.try_insert(index + 1, upper));
        m_vmas[index].end = start;
        // Two splits and the middle's close.
        opened(upper);
        cut(upper);
        return {};
    }
    if (m_vmas[index].start < start) {
        m_vmas[index].end = start;
        cut(m_vmas[index]);
        ++index;
    }
    while (index < m_vmas.size() && m_vmas[index].end <= end) {
        // The VMA's reference keeps the object until it has heard.
        const RefPtr<MappedObject> object = m_vmas[index].object;
        m_vmas.remove(index);
        if (object) {
            object->vma_closed();
        }
    }
    if (index < m_vmas.size() && m_vmas[index].start < end) {
        m_vmas[index].move_start(end);
        cut(m_vmas[index]);
    }
    return {};
}

void VmaSet::merge(u64 start, u64 end)
{
    usize index = find_index(start);
    if (index > 0) {
        --index;
    }
    while (index + 1 < m_vmas.size() && m_vmas[index].start <= end) {
        if (m_vmas[index].can_merge_with(m_vmas[index + 1])) {
            m_vmas[index].end = m_vmas[index + 1].end;
            m_vmas.remove(index + 1);
        } else {
            ++index;
        }
    }
}

void VmaSet::grow_up(usize index, u64 end)
{
    m_vmas[index].end = end;
    if (index + 1 < m_vmas.size() && m_vmas[index].can_merge_with(m_vmas[index + 1])) {
        m_vmas[index].end = m_vmas[index + 1].end;
        m_vmas.remove(index + 1);
    }
}

Result<VmaSet> VmaSet::clone_for_fork() const
{
    Vector<Vma> copy;
    TRY(copy.try_reserve(m_vmas.size()));
    for (const Vma& vma : m_vmas) {
        // dup_mmap: "if (mpnt->vm_flags & VM_DONTCOPY) { ... continue; }".
        if (!vma.flags.dont_fork) {
            TRY(copy.try_append(vma));
        }
    }
    VmaSet set(move(copy));
    set.m_reserved = set.m_vmas.size();
    for (const Vma& vma : set.m_vmas) {
        opened(vma);
    }
    return set;
}

bool VmaSet::is_valid(u64 page_size, u64 limit) const
{
    u64 previous_end = 0;
    for (const Vma& vma : m_vmas) {
        if (vma.start >= vma.end || vma.start < previous_end || vma.end > limit || vma.start % page_size != 0 || vma.end % page_size != 0) {
            return false;
        }
        previous_end = vma.end;
    }
    return true;
}

} // namespace sirius::mm
