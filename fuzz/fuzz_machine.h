#pragma once

// A whole machine for one fuzz input: Kernel over the host hal, init with a
// fake address space, stdio, and cgroup fds to aim CLONE_INTO_CGROUP at.
#include <memory>

#include "core/proc/clone.h"
#include "platform/host/deterministic_scheduler.h"
#include "platform/host/fake_address_space.h"
#include "platform/host/host_clock.h"

namespace sirius::fuzz {

// User memory every fuzzed process has mapped.
inline constexpr u64 kUserData = 0x10000;
inline constexpr u64 kUserDataSize = 4 * 4096;

struct FuzzMachine {
    host::FakeMmu mmu;
    host::DeterministicScheduler scheduler;
    host::HostClock clock;
    std::unique_ptr<proc::Kernel> kernel;
    proc::Thread* init { nullptr };

    // Builds the machine; false only if the host is out of memory.
    bool boot();
    // Ends every thread and reaps every zombie: the machine is empty after.
    void shut_down();
};

// Crashes (for libFuzzer to report) when `condition` is false.
void check(bool condition, const char* what);

} // namespace sirius::fuzz
