#pragma once

// The fixture of the clone tests: a KernelTest with helpers to run a clone
// from the caller and to check that a rejected one changed nothing.
#include <linux/sched.h>
#include <signal.h>

#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {

using ::testing::_;

inline proc::CloneRequest request_with(u64 flags, int exit_signal = SIGCHLD)
{
    proc::CloneRequest request;
    request.flags = flags;
    request.exit_signal = exit_signal;
    return request;
}

inline constexpr u64 kThreadFlags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;

class CloneTest : public KernelTest {
protected:
    // Expects the call to fail with `expected_errno` and to change nothing:
    // no thread prepared or started, no pid, no reference, no allocation.
    // Rules checked after copy_mm in Linux's order see the address space
    // copied once (and dropped again): `space` says so.
    enum class AddressSpace { Untouched, CopiedThenDropped };
    void expect_rejected(const proc::CloneRequest& request, int expected_errno, AddressSpace space = AddressSpace::Untouched)
    {
        const KernelSnapshot before = snapshot();
        EXPECT_CALL(scheduler, prepare_thread(_)).Times(0);
        EXPECT_CALL(scheduler, start_thread(_)).Times(0);
        EXPECT_CALL(caller_space(), clone_for_fork()).Times(space == AddressSpace::Untouched ? 0 : 1);
        EXPECT_EQ(errno_of(clone_from_caller(request)), expected_errno);
        EXPECT_EQ(snapshot(), before);
        ::testing::Mock::VerifyAndClearExpectations(&scheduler);
        ::testing::Mock::VerifyAndClearExpectations(&caller_space());
    }

    proc::Thread* clone_ok(const proc::CloneRequest& request)
    {
        auto result = clone_from_caller(request);
        if (result.is_error()) {
            ADD_FAILURE() << "clone failed: errno " << result.error().code();
            return nullptr;
        }
        const PidNr pid = result.value().pid;
        // Threads and processes alike are found by their pid in the caller's namespace.
        proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), pid);
        if (child == nullptr) {
            // A child in a new pid namespace is still visible from ours.
            ADD_FAILURE() << "no thread with pid " << pid;
        }
        return child;
    }
};

} // namespace sirius::testing
