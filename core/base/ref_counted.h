#pragma once

// Reference counting for what clone shares: namespaces, fd tables, fs
// contexts, signal actions, credentials. The count is atomic; the object
// deletes itself when the last reference goes.
#include "core/base/atomic.h"
#include "core/base/heap_object.h"

namespace sirius {

template<typename T>
class RefCounted : public HeapObject {
public:
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

    void ref() const { m_ref_count.fetch_add(1, MemoryOrder::Relaxed); }
    void unref() const
    {
        if (m_ref_count.fetch_sub(1, MemoryOrder::AcqRel) == 1) {
            delete static_cast<const T*>(this);
        }
    }
    [[nodiscard]] u32 ref_count() const { return m_ref_count.load(MemoryOrder::Relaxed); }

protected:
    RefCounted() = default;
    ~RefCounted() = default;

private:
    mutable Atomic<u32> m_ref_count { 1 };
};

} // namespace sirius
