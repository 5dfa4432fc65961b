#pragma once

// The handful of <utility>/<type_traits> pieces the core needs. The kernel is
// built without a C++ standard library (libstdc++ pulls in glibc headers), so
// these are written here on top of compiler builtins.
#include "core/base/types.h"

namespace sirius {

template<typename T> struct RemoveReference { using Type = T; };
template<typename T> struct RemoveReference<T&> { using Type = T; };
template<typename T> struct RemoveReference<T&&> { using Type = T; };
template<typename T> using RemoveReferenceT = typename RemoveReference<T>::Type;

template<typename T>
constexpr RemoveReferenceT<T>&& move(T&& value) noexcept
{
    return static_cast<RemoveReferenceT<T>&&>(value);
}

template<typename T>
constexpr T&& forward(RemoveReferenceT<T>& value) noexcept
{
    return static_cast<T&&>(value);
}

template<typename T>
constexpr T&& forward(RemoveReferenceT<T>&& value) noexcept
{
    return static_cast<T&&>(value);
}

template<typename T, typename U = T>
constexpr T exchange(T& slot, U&& replacement)
{
    T old = move(slot);
    slot = forward<U>(replacement);
    return old;
}

template<typename T>
constexpr void swap(T& a, T& b) noexcept
{
    T tmp = move(a);
    a = move(b);
    b = move(tmp);
}

template<typename T>
constexpr const T& min(const T& a, const T& b) { return b < a ? b : a; }

template<typename T>
constexpr const T& max(const T& a, const T& b) { return a < b ? b : a; }

template<typename T>
concept TriviallyCopyable = __is_trivially_copyable(T);

template<typename T, typename U>
concept SameAs = __is_same(T, U) && __is_same(U, T);

template<typename Derived, typename Base>
concept DerivedFrom = __is_base_of(Base, Derived);

// Overflow-checked arithmetic: false when the result does not fit.
template<typename T>
[[nodiscard]] constexpr bool checked_add(T a, T b, T& out) { return !__builtin_add_overflow(a, b, &out); }

template<typename T>
[[nodiscard]] constexpr bool checked_mul(T a, T b, T& out) { return !__builtin_mul_overflow(a, b, &out); }

// memcpy/memset without a libc: the compiler lowers these builtins to inline
// code or to calls the platform provides (the kernel links its own memcpy).
inline void copy_bytes(void* dst, const void* src, usize n) { __builtin_memcpy(dst, src, n); }
inline void fill_bytes(void* dst, u8 value, usize n) { __builtin_memset(dst, value, n); }
inline bool bytes_equal(const void* a, const void* b, usize n) { return __builtin_memcmp(a, b, n) == 0; }

} // namespace sirius
