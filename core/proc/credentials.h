#pragma once

// Task credentials (credentials(7), Linux struct cred): the uid and gid sets,
// supplementary groups, capability sets and the user namespace they are
// relative to. Immutable once published: a change makes a new Credentials
// (copy-on-write), so threads can share one object.
#include <linux/capability.h>

#include "core/base/vector.h"
#include "core/ns/user_namespace.h"

namespace sirius::proc {

// A set of capabilities, bit n for capability n (<linux/capability.h>).
class CapabilitySet {
public:
    constexpr CapabilitySet() = default;
    constexpr explicit CapabilitySet(u64 bits)
        : m_bits(bits)
    {
    }
    static constexpr CapabilitySet full() { return CapabilitySet((u64 { 1 } << (CAP_LAST_CAP + 1)) - 1); }

    [[nodiscard]] constexpr bool has(int capability) const { return ((m_bits >> capability) & 1U) != 0; }
    constexpr void add(int capability) { m_bits |= u64 { 1 } << capability; }
    constexpr void remove(int capability) { m_bits &= ~(u64 { 1 } << capability); }
    [[nodiscard]] constexpr u64 bits() const { return m_bits; }
    constexpr bool operator==(const CapabilitySet&) const = default;

private:
    u64 m_bits { 0 };
};

struct IdSet {
    u32 real { 0 };
    u32 effective { 0 };
    u32 saved { 0 };
    u32 filesystem { 0 };
};

class Credentials : public RefCounted<Credentials> {
public:
    // Root in the initial user namespace with every capability (init's).
    static Result<RefPtr<Credentials>> create_root(RefPtr<ns::UserNamespace> user_ns);
    // A private copy to modify before publishing (Linux prepare_creds). ENOMEM.
    Result<RefPtr<Credentials>> clone() const;

    IdSet uid;
    IdSet gid;
    Vector<u32> groups;
    CapabilitySet inheritable;
    CapabilitySet permitted;
    CapabilitySet effective;
    CapabilitySet bounding;
    CapabilitySet ambient;
    u32 securebits { 0 };
    RefPtr<ns::UserNamespace> user_ns;

    Credentials() = default;
};

// Linux cap_capable / ns_capable: does a task with `credentials` hold
// `capability` in `target`? Yes if it has the capability in its own namespace
// and `target` is that namespace or below it, or if it owns (is the creator
// euid of) an ancestor of `target` that is a child of its own namespace.
[[nodiscard]] bool has_capability_in(const Credentials& credentials, const ns::UserNamespace& target, int capability);

} // namespace sirius::proc
