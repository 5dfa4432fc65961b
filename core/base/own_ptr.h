#pragma once

// OwnPtr<T>: sole ownership of a heap object (a unique_ptr without the
// standard library).
#include "core/base/heap_object.h"

namespace sirius {

template<typename T>
class OwnPtr {
public:
    constexpr OwnPtr() = default;
    constexpr OwnPtr(decltype(nullptr)) { }
    explicit OwnPtr(T* object)
        : m_ptr(object)
    {
    }
    template<typename U>
        requires DerivedFrom<U, T>
    OwnPtr(OwnPtr<U>&& other) noexcept
        : m_ptr(other.leak())
    {
    }
    OwnPtr(OwnPtr&& other) noexcept
        : m_ptr(exchange(other.m_ptr, nullptr))
    {
    }
    OwnPtr(const OwnPtr&) = delete;
    OwnPtr& operator=(const OwnPtr&) = delete;
    OwnPtr& operator=(OwnPtr&& other) noexcept
    {
        OwnPtr moved(move(other));
        swap(m_ptr, moved.m_ptr);
        return *this;
    }
    ~OwnPtr() { delete m_ptr; }

    [[nodiscard]] T* leak() { return exchange(m_ptr, nullptr); }
    T* get() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }
    explicit operator bool() const { return m_ptr != nullptr; }

private:
    T* m_ptr { nullptr };
};

template<typename T, typename... Args>
[[nodiscard]] Result<OwnPtr<T>> try_make_own(Args&&... args)
{
    T* object = TRY(try_create<T>(forward<Args>(args)...));
    return OwnPtr<T>(object);
}

} // namespace sirius
