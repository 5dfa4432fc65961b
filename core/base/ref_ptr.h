#pragma once

// RefPtr<T>: an owning reference to a ref-counted object. Any T with ref() and
// unref() works, so hal interfaces (whose implementations the platform or a
// test owns) can be ref-counted without inheriting the core's heap.
#include "core/base/heap_object.h"
#include "core/base/result.h"
#include "core/base/utility.h"

namespace sirius {

template<typename T>
concept RefCountable = requires(T& object) {
    object.ref();
    object.unref();
};

struct AdoptTag {
    explicit constexpr AdoptTag() = default;
};
inline constexpr AdoptTag kAdopt {};

template<typename T>
class RefPtr {
public:
    constexpr RefPtr() = default;
    constexpr RefPtr(decltype(nullptr)) { }
    // Takes a new reference.
    explicit RefPtr(T* object)
        : m_ptr(object)
    {
        if (m_ptr != nullptr) {
            m_ptr->ref();
        }
    }
    // Takes over the reference the caller holds (a freshly created object's).
    RefPtr(AdoptTag, T* object)
        : m_ptr(object)
    {
    }
    RefPtr(const RefPtr& other)
        : RefPtr(other.m_ptr)
    {
    }
    RefPtr(RefPtr&& other) noexcept
        : m_ptr(exchange(other.m_ptr, nullptr))
    {
    }
    template<typename U>
        requires DerivedFrom<U, T>
    RefPtr(RefPtr<U>&& other) noexcept
        : m_ptr(other.leak_ref())
    {
    }
    template<typename U>
        requires DerivedFrom<U, T>
    RefPtr(const RefPtr<U>& other)
        : RefPtr(other.get())
    {
    }
    ~RefPtr() { clear(); }

    RefPtr& operator=(const RefPtr& other)
    {
        if (this == &other) {
            return *this;
        }
        RefPtr copy(other);
        swap(m_ptr, copy.m_ptr);
        return *this;
    }
    RefPtr& operator=(RefPtr&& other) noexcept
    {
        RefPtr moved(move(other));
        swap(m_ptr, moved.m_ptr);
        return *this;
    }

    void clear()
    {
        if (T* old = exchange(m_ptr, nullptr)) {
            old->unref();
        }
    }
    [[nodiscard]] T* leak_ref() { return exchange(m_ptr, nullptr); }

    T* get() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }
    explicit operator bool() const { return m_ptr != nullptr; }
    bool operator==(const RefPtr& other) const { return m_ptr == other.m_ptr; }
    bool operator==(const T* other) const { return m_ptr == other; }

private:
    T* m_ptr { nullptr };
};

template<typename T>
RefPtr<T> adopt_ref(T* object)
{
    return RefPtr<T>(kAdopt, object);
}

// Creates a ref-counted T; ENOMEM when the heap is exhausted.
template<typename T, typename... Args>
[[nodiscard]] Result<RefPtr<T>> try_make_ref(Args&&... args)
{
    T* object = TRY(try_create<T>(forward<Args>(args)...));
    return adopt_ref(object);
}

} // namespace sirius
