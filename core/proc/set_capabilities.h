#pragma once

// capset(2)'s rules (Linux security/commoncap.c cap_capset): the sets a
// thread may give itself.
#include "core/proc/credentials.h"

namespace sirius::proc {

// The new credentials with these capability sets, or EPERM: inheritable
// may not grow beyond inheritable | permitted without CAP_SETPCAP, nor
// beyond inheritable | bounding at all; permitted may only shrink;
// effective must be within the new permitted. Ambient capabilities no
// longer both permitted and inheritable are dropped. Errors: EPERM, ENOMEM.
Result<RefPtr<Credentials>> set_capabilities(const RefPtr<Credentials>& old, CapabilitySet effective, CapabilitySet permitted, CapabilitySet inheritable);

} // namespace sirius::proc
