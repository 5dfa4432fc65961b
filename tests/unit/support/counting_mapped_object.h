#pragma once

// A MappedObject for the mm tests: `size` bytes of a FakeMemoryObject's
// pages that counts the vm_ops->open and ->close calls its VMAs make, the
// way a System V segment counts shm_nattch, without the IPC layer.
#include <gtest/gtest.h>

#include "core/mm/mapped_object.h"
#include "platform/host/fake_address_space.h" // kPageSize, FakeMemoryObject

namespace sirius::testing {

class CountingMappedObject final : public mm::MappedObject {
public:
    CountingMappedObject(u64 size, RefPtr<host::FakeMemoryObject> memory)
        : m_size(size)
        , m_memory(move(memory))
    {
    }

    // An object of `size` bytes (its pages rounded up), none of them made.
    static RefPtr<CountingMappedObject> make(u64 size)
    {
        auto memory = try_make_ref<host::FakeMemoryObject>((size + host::kPageSize - 1) / host::kPageSize);
        EXPECT_TRUE(memory.has_value());
        auto object = try_make_ref<CountingMappedObject>(size, memory.release_value());
        EXPECT_TRUE(object.has_value());
        return object.release_value();
    }

    [[nodiscard]] mm::MappedObjectKind kind() const override { return mm::MappedObjectKind::SysvSharedMemory; }
    [[nodiscard]] hal::MemoryObject& memory() const override { return *m_memory; }
    [[nodiscard]] u64 size() const override { return m_size; }
    [[nodiscard]] mm::MappedObjectName name() const override { return {}; }
    void vma_opened() override { ++opens; }
    void vma_closed() override { ++closes; }

    // The VMAs that map it now, by its count.
    [[nodiscard]] i64 open_vmas() const { return opens - closes; }

    i64 opens { 0 };
    i64 closes { 0 };

private:
    u64 m_size;
    RefPtr<host::FakeMemoryObject> m_memory;
};

} // namespace sirius::testing
