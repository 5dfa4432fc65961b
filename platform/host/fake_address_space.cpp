#include "platform/host/fake_address_space.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace sirius::host {

namespace {

bool allows(hal::Protection protection, hal::Protection needed)
{
    return (static_cast<u32>(protection) & static_cast<u32>(needed)) == static_cast<u32>(needed);
}

} // namespace

bool FakeAddressSpace::is_page_range(std::uint64_t address, std::uint64_t length)
{
    return address % kPageSize == 0 && length % kPageSize == 0 && length > 0 && length <= kUserAddressLimit && address <= kUserAddressLimit - length;
}

void FakeAddressSpace::split_at(std::uint64_t address)
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin()) {
        return;
    }
    --it;
    Region& region = it->second;
    const std::uint64_t start = it->first;
    if (address <= start || address >= start + region.length) {
        return;
    }
    const std::uint64_t head = address - start;
    Region tail = region;
    tail.offset += head;
    tail.length -= head;
    region.length = head;
    m_regions.emplace(address, std::move(tail));
}

Result<RefPtr<hal::AddressSpace>> FakeAddressSpace::clone_for_fork()
{
    auto copy = TRY(create());
    fork_into(*copy);
    ++m_clone_count;
    return RefPtr<hal::AddressSpace>(move(copy));
}

void FakeAddressSpace::fork_into(FakeAddressSpace& child) const
{
    for (const auto& [start, region] : m_regions) {
        Region copy = region;
        if (region.sharing == hal::Sharing::Private) {
            // Copy-on-write, as the child sees it: its own bytes from now on.
            copy.frames = std::make_shared<std::vector<std::uint8_t>>(region.data(), region.data() + region.length);
            copy.offset = 0;
        }
        child.m_regions.emplace(start, std::move(copy));
    }
}

Result<void> FakeAddressSpace::map(UserAddress address, usize length, hal::Protection protection, hal::Sharing sharing)
{
    if (!is_page_range(address.value(), length)) {
        return errno_error(EINVAL);
    }
    TRY(unmap(address, length));
    Region region;
    region.frames = std::make_shared<std::vector<std::uint8_t>>(length, 0);
    region.length = length;
    region.protection = protection;
    region.sharing = sharing;
    m_regions.emplace(address.value(), std::move(region));
    return {};
}

Result<void> FakeAddressSpace::map_object(UserAddress address, usize length, hal::MemoryObject& object, u64 first_page, hal::Protection protection)
{
    if (!is_page_range(address.value(), length) || first_page + (length / kPageSize) > object.page_count()) {
        return errno_error(EINVAL);
    }
    // Every MemoryObject here comes from FakeMmu::create_memory_object.
    auto& pages = static_cast<FakeMemoryObject&>(object);
    TRY(unmap(address, length));
    for (std::uint64_t offset = 0; offset < length; offset += kPageSize) {
        Region region;
        region.frames = pages.page(first_page + (offset / kPageSize));
        region.length = kPageSize;
        region.protection = protection;
        region.sharing = hal::Sharing::Shared;
        m_regions.emplace(address.value() + offset, std::move(region));
    }
    return {};
}

Result<void> FakeAddressSpace::move_pages(UserAddress from, UserAddress to, usize length)
{
    const std::uint64_t source = from.value();
    const std::uint64_t target = to.value();
    if (!is_page_range(source, length) || !is_page_range(target, length) || (source < target + length && target < source + length)) {
        return errno_error(EINVAL);
    }
    auto first_target = m_regions.lower_bound(target);
    if (first_target != m_regions.end() && first_target->first < target + length) {
        return errno_error(EINVAL);
    }
    if (is_mapped(target, 1) || is_mapped(target + length - 1, 1)) {
        return errno_error(EINVAL);
    }
    split_at(source);
    split_at(source + length);
    RegionMap moved;
    for (auto it = m_regions.lower_bound(source); it != m_regions.end() && it->first < source + length;) {
        moved.emplace(it->first - source + target, std::move(it->second));
        it = m_regions.erase(it);
    }
    m_regions.merge(moved);
    return {};
}

Result<void> FakeAddressSpace::unmap(UserAddress address, usize length)
{
    if (!is_page_range(address.value(), length)) {
        return errno_error(EINVAL);
    }
    split_at(address.value());
    split_at(address.value() + length);
    for (auto it = m_regions.lower_bound(address.value()); it != m_regions.end() && it->first < address.value() + length;) {
        it = m_regions.erase(it);
    }
    return {};
}

Result<void> FakeAddressSpace::protect(UserAddress address, usize length, hal::Protection protection)
{
    if (!is_page_range(address.value(), length)) {
        return errno_error(EINVAL);
    }
    split_at(address.value());
    split_at(address.value() + length);
    for (auto it = m_regions.lower_bound(address.value()); it != m_regions.end() && it->first < address.value() + length; ++it) {
        it->second.protection = protection;
    }
    return {};
}

Result<u64> FakeAddressSpace::translate(UserAddress address) const
{
    auto it = m_regions.upper_bound(address.value());
    if (it == m_regions.begin()) {
        return errno_error(EFAULT);
    }
    --it;
    if (address.value() - it->first >= it->second.length) {
        return errno_error(EFAULT);
    }
    return reinterpret_cast<std::uintptr_t>(it->second.data() + (address.value() - it->first));
}

template<typename Visit>
Result<void> FakeAddressSpace::walk(std::uint64_t address, std::uint64_t size, hal::Protection needed, Visit visit) const
{
    if (size == 0) {
        return {};
    }
    if (size > kUserAddressLimit || address > kUserAddressLimit - size) {
        return errno_error(EFAULT);
    }
    // Check the whole range first: a refused copy moves nothing.
    for (std::uint64_t at = address; at < address + size;) {
        auto it = m_regions.upper_bound(at);
        if (it == m_regions.begin()) {
            return errno_error(EFAULT);
        }
        --it;
        const Region& region = it->second;
        if (at - it->first >= region.length || !allows(region.protection, needed) || region.protection == hal::Protection::None) {
            return errno_error(EFAULT);
        }
        at = it->first + region.length;
    }
    std::uint64_t done = 0;
    while (done < size) {
        const std::uint64_t at = address + done;
        auto it = std::prev(m_regions.upper_bound(at));
        const std::uint64_t inside = at - it->first;
        const std::uint64_t step = std::min(size - done, it->second.length - inside);
        visit(it->second.data() + inside, done, step);
        done += step;
    }
    return {};
}

bool FakeAddressSpace::is_mapped(std::uint64_t address, std::uint64_t size) const
{
    if (size == 0 || size > kUserAddressLimit || address > kUserAddressLimit - size) {
        return false;
    }
    for (std::uint64_t at = address; at < address + size;) {
        auto it = m_regions.upper_bound(at);
        if (it == m_regions.begin()) {
            return false;
        }
        --it;
        if (at - it->first >= it->second.length) {
            return false;
        }
        at = it->first + it->second.length;
    }
    return true;
}

std::uint8_t* FakeAddressSpace::bytes_at(std::uint64_t address)
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin()) {
        return nullptr;
    }
    --it;
    if (address - it->first >= it->second.length) {
        return nullptr;
    }
    return it->second.data() + (address - it->first);
}

hal::Protection FakeAddressSpace::protection_at(std::uint64_t address) const
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin()) {
        return hal::Protection::None;
    }
    --it;
    if (address - it->first >= it->second.length) {
        return hal::Protection::None;
    }
    return it->second.protection;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> FakeAddressSpace::backed_ranges() const
{
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const auto& [start, region] : m_regions) {
        if (!ranges.empty() && ranges.back().second == start) {
            ranges.back().second += region.length;
        } else {
            ranges.emplace_back(start, start + region.length);
        }
    }
    return ranges;
}

std::uint64_t FakeAddressSpace::backed_bytes() const
{
    std::uint64_t total = 0;
    for (const auto& [start, region] : m_regions) {
        total += region.length;
    }
    return total;
}

Result<void> FakeAddressSpace::copy_from_user(void* destination, UserAddress source, usize size)
{
    auto* bytes = static_cast<std::uint8_t*>(destination);
    return walk(source.value(), size, hal::Protection::None, [bytes](const std::uint8_t* user, std::uint64_t done, std::uint64_t step) {
        std::memcpy(bytes + done, user, step);
    });
}

Result<void> FakeAddressSpace::copy_to_user(UserAddress destination, const void* source, usize size)
{
    const auto* bytes = static_cast<const std::uint8_t*>(source);
    return walk(destination.value(), size, hal::Protection::Write, [bytes](std::uint8_t* user, std::uint64_t done, std::uint64_t step) {
        std::memcpy(user, bytes + done, step);
    });
}

std::shared_ptr<std::vector<std::uint8_t>> FakeMemoryObject::page(u64 index)
{
    auto& frame = m_frames[index];
    if (!frame) {
        frame = std::make_shared<std::vector<std::uint8_t>>(kPageSize, 0);
    }
    return frame;
}

} // namespace sirius::host
