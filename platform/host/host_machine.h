#pragma once

// A whole machine on the host hal, for fuzzers and the differential check:
// Kernel over the fake MMU and deterministic scheduler, init with user memory,
// stdio and cgroup fds to aim CLONE_INTO_CGROUP at. vfork parents never
// hang: a block() lets the vfork child run to exit.
#include <memory>

#include "core/proc/clone.h"
#include "platform/host/deterministic_scheduler.h"
#include "platform/host/fake_address_space.h"
#include "platform/host/fake_entropy_source.h"
#include "platform/host/host_clock.h"

namespace sirius::host {

// User memory init (and every process forked from it) has mapped.
inline constexpr u64 kUserData = 0x10000;
inline constexpr u64 kUserDataSize = 4 * 4096;

struct HostMachine {
    FakeMmu mmu;
    DeterministicScheduler scheduler;
    HostClock clock;
    FakeEntropySource entropy;
    std::unique_ptr<proc::Kernel> kernel;
    proc::Thread* init { nullptr };

    // Builds the machine; false only if the host is out of memory.
    // `max_threads` as Kernel::initialize takes it.
    bool boot(u32 max_threads = 64);
    // Ends every thread and reaps every zombie: the machine is empty after.
    void shut_down();
};

} // namespace sirius::host
