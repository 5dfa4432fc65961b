#pragma once

// What a memory operation needs to know about the task asking for it: the
// rlimits Linux reads with rlimit(), the capability cap_mmap_addr asks for,
// and the personality bit do_mmap looks at. core/mm takes it as a value so
// it depends on no process type; the syscalls and the fault path fill it in
// with CallerLimits::of.
#include "core/base/types.h"

namespace sirius::proc {
class Kernel;
class Thread;
} // namespace sirius::proc

namespace sirius::mm {

struct CallerLimits {
    static constexpr u64 kUnlimited = ~u64 { 0 }; // RLIM64_INFINITY
    static constexpr u64 kDefaultStack = u64 { 8 } * 1024 * 1024; // _STK_LIM

    u64 address_space { kUnlimited }; // RLIMIT_AS soft limit, bytes
    u64 data { kUnlimited }; // RLIMIT_DATA soft limit
    u64 data_max { kUnlimited }; // RLIMIT_DATA hard limit (may_expand_vm's Valgrind rule)
    u64 stack { kDefaultStack }; // RLIMIT_STACK soft limit
    bool may_map_below_minimum { false }; // CAP_SYS_RAWIO in the initial user namespace (cap_mmap_addr)
    bool read_implies_exec { false }; // personality READ_IMPLIES_EXEC

    // The limits of `thread`'s process, its credentials and personality.
    static CallerLimits of(const proc::Kernel& kernel, const proc::Thread& thread);
};

} // namespace sirius::mm
