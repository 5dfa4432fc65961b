#pragma once

// A growable array whose growth is fallible: try_append returns ENOMEM rather
// than throwing or panicking.
#include "core/base/placement_new.h"
#include "core/base/result.h"
#include "core/hal/allocator.h"

namespace sirius {

template<typename T>
class Vector {
public:
    Vector() = default;
    Vector(const Vector&) = delete;
    Vector& operator=(const Vector&) = delete;
    Vector(Vector&& other) noexcept
        : m_data(exchange(other.m_data, nullptr))
        , m_size(exchange(other.m_size, 0))
        , m_capacity(exchange(other.m_capacity, 0))
    {
    }
    Vector& operator=(Vector&& other) noexcept
    {
        Vector moved(move(other));
        swap(m_data, moved.m_data);
        swap(m_size, moved.m_size);
        swap(m_capacity, moved.m_capacity);
        return *this;
    }
    ~Vector()
    {
        clear();
        hal::deallocate(m_data, m_capacity * sizeof(T));
    }

    [[nodiscard]] usize size() const { return m_size; }
    [[nodiscard]] bool is_empty() const { return m_size == 0; }
    T& operator[](usize index) { return m_data[index]; }
    const T& operator[](usize index) const { return m_data[index]; }
    T* begin() { return m_data; }
    T* end() { return m_data + m_size; }
    const T* begin() const { return m_data; }
    const T* end() const { return m_data + m_size; }

    Result<void> try_reserve(usize capacity)
    {
        if (capacity <= m_capacity) {
            return {};
        }
        usize bytes = 0;
        if (!checked_mul(capacity, sizeof(T), bytes)) {
            return errno_error(ENOMEM);
        }
        static_assert(alignof(T) <= hal::kAllocationAlignment);
        auto* fresh = static_cast<T*>(hal::allocate(bytes));
        if (fresh == nullptr) {
            return errno_error(ENOMEM);
        }
        for (usize i = 0; i < m_size; ++i) {
            new (static_cast<void*>(&fresh[i])) T(move(m_data[i]));
            m_data[i].~T();
        }
        hal::deallocate(m_data, m_capacity * sizeof(T));
        m_data = fresh;
        m_capacity = capacity;
        return {};
    }

    template<typename U>
    Result<void> try_append(U&& value)
    {
        TRY(grow_for_one());
        new (static_cast<void*>(&m_data[m_size])) T(forward<U>(value));
        ++m_size;
        return {};
    }

    // Inserts before `index` (0 <= index <= size()).
    template<typename U>
    Result<void> try_insert(usize index, U&& value)
    {
        TRY(grow_for_one());
        if (index == m_size) {
            new (static_cast<void*>(&m_data[m_size])) T(forward<U>(value));
        } else {
            new (static_cast<void*>(&m_data[m_size])) T(move(m_data[m_size - 1]));
            for (usize i = m_size - 1; i > index; --i) {
                m_data[i] = move(m_data[i - 1]);
            }
            m_data[index] = T(forward<U>(value));
        }
        ++m_size;
        return {};
    }

    void remove(usize index)
    {
        for (usize i = index; i + 1 < m_size; ++i) {
            m_data[i] = move(m_data[i + 1]);
        }
        --m_size;
        m_data[m_size].~T();
    }

    void clear()
    {
        for (usize i = 0; i < m_size; ++i) {
            m_data[i].~T();
        }
        m_size = 0;
    }

    // Copies every element; ENOMEM leaves *this untouched.
    Result<Vector> try_clone() const
    {
        Vector copy;
        TRY(copy.try_reserve(m_size));
        for (const T& element : *this) {
            TRY(copy.try_append(element));
        }
        return copy;
    }

private:
    Result<void> grow_for_one()
    {
        if (m_size < m_capacity) {
            return {};
        }
        return try_reserve(m_capacity == 0 ? 4 : m_capacity * 2);
    }

    T* m_data { nullptr };
    usize m_size { 0 };
    usize m_capacity { 0 };
};

} // namespace sirius
