#pragma once

// Result<T>: a value or a Linux errno. Errors are values in the core: no
// exceptions (the kernel is built without them), propagated with TRY and turned
// into -errno only at the syscall boundary.
//
// Written here rather than aliased to std::expected because the freestanding
// kernel build has no C++ standard library; the shape follows std::expected.
#include "core/base/error.h"
#include "core/base/placement_new.h"
#include "core/base/utility.h"

namespace sirius {

template<typename T>
class [[nodiscard]] Result {
public:
    Result(const T& value)
        : m_has_value(true)
    {
        new (static_cast<void*>(&m_storage.value)) T(value);
    }
    Result(T&& value)
        : m_has_value(true)
    {
        new (static_cast<void*>(&m_storage.value)) T(move(value));
    }
    template<typename U>
        requires(!SameAs<RemoveReferenceT<U>, Result> && !SameAs<RemoveReferenceT<U>, Error> && __is_constructible(T, U &&))
    Result(U&& value)
        : m_has_value(true)
    {
        new (static_cast<void*>(&m_storage.value)) T(forward<U>(value));
    }
    Result(Error error)
        : m_has_value(false)
    {
        m_storage.error = error;
    }
    Result(Result&& other)
        : m_has_value(other.m_has_value)
    {
        if (m_has_value) {
            new (static_cast<void*>(&m_storage.value)) T(move(other.m_storage.value));
        } else {
            m_storage.error = other.m_storage.error;
        }
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    Result& operator=(Result&&) = delete;
    ~Result()
    {
        if (m_has_value) {
            m_storage.value.~T();
        }
    }

    [[nodiscard]] bool has_value() const { return m_has_value; }
    [[nodiscard]] bool is_error() const { return !m_has_value; }
    explicit operator bool() const { return m_has_value; }

    // Preconditions: has_value() for value(), is_error() for error().
    T& value() & { return m_storage.value; }
    const T& value() const& { return m_storage.value; }
    T release_value() { return move(m_storage.value); }
    [[nodiscard]] Error error() const { return m_storage.error; }

private:
    union Storage {
        Storage() { }
        ~Storage() { }
        T value;
        Error error;
    } m_storage;
    bool m_has_value;
};

template<>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(error)
        , m_has_value(false)
    {
    }

    [[nodiscard]] bool has_value() const { return m_has_value; }
    [[nodiscard]] bool is_error() const { return !m_has_value; }
    explicit operator bool() const { return m_has_value; }
    [[nodiscard]] Error error() const { return m_error; }
    void release_value() { }

private:
    Error m_error { Error::from_errno(0) };
    bool m_has_value { true };
};

// Shorthand for returning an errno: `return errno_error(EINVAL);`.
inline constexpr Error errno_error(int code) { return Error::from_errno(code); }

} // namespace sirius

// TRY(expr): evaluate a Result; on error return it from the enclosing function,
// otherwise yield the value. A GNU statement expression (clang and gcc).
#define TRY(expression)                                          \
    ({                                                           \
        auto&& _sirius_try_result = (expression);                \
        if (_sirius_try_result.is_error()) [[unlikely]] {        \
            return _sirius_try_result.error();                   \
        }                                                        \
        _sirius_try_result.release_value();                      \
    })
