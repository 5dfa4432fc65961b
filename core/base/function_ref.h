#pragma once

// FunctionRef<R(Args...)>: a non-owning reference to something callable, for
// callbacks that do not outlive the call (no allocation, no template bloat in
// the callee).
#include "core/base/utility.h"

namespace sirius {

template<typename Signature>
class FunctionRef;

template<typename R, typename... Args>
class FunctionRef<R(Args...)> {
public:
    template<typename Callable>
        requires(!SameAs<RemoveReferenceT<Callable>, FunctionRef>)
    FunctionRef(Callable&& callable) // NOLINT(bugprone-forwarding-reference-overload): not a copy constructor
        : m_object(const_cast<void*>(static_cast<const void*>(&callable)))
        , m_invoke([](void* object, Args... args) -> R {
            return (*static_cast<RemoveReferenceT<Callable>*>(object))(forward<Args>(args)...);
        })
    {
    }

    R operator()(Args... args) const { return m_invoke(m_object, forward<Args>(args)...); }

private:
    void* m_object;
    R (*m_invoke)(void*, Args...);
};

} // namespace sirius
