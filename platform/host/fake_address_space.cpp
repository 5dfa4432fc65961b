#include "platform/host/fake_address_space.h"

#include <cstring>

namespace sirius::host {

Result<RefPtr<hal::AddressSpace>> FakeAddressSpace::clone_for_fork()
{
    auto copy = TRY(create());
    copy->m_regions = m_regions;
    ++m_clone_count;
    return RefPtr<hal::AddressSpace>(move(copy));
}

Result<void> FakeAddressSpace::map(UserAddress address, usize length, hal::Protection)
{
    if (address.value() % kPageSize != 0 || length == 0 || length % kPageSize != 0 || address.value() + length > kUserAddressLimit) {
        return errno_error(EINVAL);
    }
    (void)unmap(address, length);
    m_regions[address.value()] = std::vector<std::uint8_t>(length, 0);
    return {};
}

Result<void> FakeAddressSpace::unmap(UserAddress address, usize length)
{
    // Whole regions only: enough for the tests that use this fake.
    for (auto it = m_regions.begin(); it != m_regions.end();) {
        const std::uint64_t start = it->first;
        const std::uint64_t end = start + it->second.size();
        if (start >= address.value() && end <= address.value() + length) {
            it = m_regions.erase(it);
        } else {
            ++it;
        }
    }
    return {};
}

Result<void> FakeAddressSpace::protect(UserAddress, usize, hal::Protection)
{
    return {};
}

Result<u64> FakeAddressSpace::translate(UserAddress address) const
{
    if (!is_mapped(address.value(), 1)) {
        return errno_error(EFAULT);
    }
    return address.value();
}

bool FakeAddressSpace::is_mapped(std::uint64_t address, std::uint64_t size) const
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin()) {
        return false;
    }
    --it;
    const std::uint64_t start = it->first;
    const std::uint64_t end = start + it->second.size();
    return address >= start && address < end && size <= end - address;
}

std::uint8_t* FakeAddressSpace::bytes_at(std::uint64_t address)
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin()) {
        return nullptr;
    }
    --it;
    if (address - it->first >= it->second.size()) {
        return nullptr;
    }
    return it->second.data() + (address - it->first);
}

Result<void> FakeAddressSpace::copy_from_user(void* destination, UserAddress source, usize size)
{
    if (size == 0) {
        return {};
    }
    if (!is_mapped(source.value(), size)) {
        return errno_error(EFAULT);
    }
    std::memcpy(destination, bytes_at(source.value()), size);
    return {};
}

Result<void> FakeAddressSpace::copy_to_user(UserAddress destination, const void* source, usize size)
{
    if (size == 0) {
        return {};
    }
    if (!is_mapped(destination.value(), size)) {
        return errno_error(EFAULT);
    }
    std::memcpy(bytes_at(destination.value()), source, size);
    return {};
}

} // namespace sirius::host
