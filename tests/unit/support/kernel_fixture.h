#pragma once

// A fresh machine per test: a Kernel over the mocked scheduler and address
// space, with init (pid 1) and one ordinary process below it, which is the
// caller of most clone tests (init itself may not create siblings).
#include <gtest/gtest.h>

#include <memory>

#include "core/proc/clone.h"
#include "core/proc/clone_args.h"
#include "platform/host/fake_entropy_source.h"
#include "platform/host/fake_user_context.h"
#include "platform/host/host_clock.h"
#include "tests/unit/support/mocks.h"

namespace sirius::testing {

// Unwraps a Result in a test; a failure ends the test with the errno.
#define ASSERT_OK_AND_ASSIGN(lhs, expression)                                                             \
    auto&& SIRIUS_CONCAT(_result_, __LINE__) = (expression);                                              \
    ASSERT_TRUE(SIRIUS_CONCAT(_result_, __LINE__).has_value()) << "errno " << SIRIUS_CONCAT(_result_, __LINE__).error().code(); \
    lhs = SIRIUS_CONCAT(_result_, __LINE__).release_value()
#define SIRIUS_CONCAT_INNER(a, b) a##b
#define SIRIUS_CONCAT(a, b) SIRIUS_CONCAT_INNER(a, b)

// The errno of a failed Result, or 0 on success.
template<typename T>
int errno_of(const Result<T>& result)
{
    return result.is_error() ? result.error().code() : 0;
}

// A snapshot of what a rejected clone must leave untouched.
struct KernelSnapshot {
    u32 threads;
    usize root_pids;
    u32 caller_space_refs;
    u32 caller_files_refs;
    u32 caller_fs_refs;
    u32 caller_sighand_refs;
    u32 caller_creds_refs;
    u32 caller_ns_refs;
    usize caller_open_fds;
    usize caller_children;
    std::int64_t live_allocations;
    bool operator==(const KernelSnapshot&) const = default;
};

class KernelTest : public ::testing::Test {
public:
    // User memory the caller can read and write: [kUserData, +16 pages).
    static constexpr u64 kUserData = 0x10000;
    static constexpr u64 kUserDataSize = 16 * 4096;

protected:
    void SetUp() override;
    void TearDown() override;

    // Forks a plain child of `parent` (exit signal SIGCHLD) and returns it.
    proc::Thread* fork_from(proc::Thread& parent);
    proc::Thread& caller() { return *m_caller; }
    MockAddressSpace& caller_space();
    KernelSnapshot snapshot();
    Result<proc::CloneResult> clone_from_caller(const proc::CloneRequest& request)
    {
        return proc::kernel_clone(*kernel, *m_caller, request);
    }
    // setresuid(uid, uid, uid) from root: the caller's ids become `uid` and
    // its capabilities `effective` (none by default), as for a process that
    // dropped privileges.
    void become_user(u32 uid, proc::CapabilitySet effective = {});
    // Writes/reads an i32 of the caller's memory.
    void poke(u64 address, i32 value);
    i32 peek(u64 address);

    host::FakeMmu mmu;
    ::testing::NiceMock<MockScheduler> scheduler;
    host::HostClock clock;
    host::FakeEntropySource entropy;
    std::unique_ptr<proc::Kernel> kernel;
    proc::Thread* init { nullptr };
    proc::Thread* m_caller { nullptr };
};

} // namespace sirius::testing
