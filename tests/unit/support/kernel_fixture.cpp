#include "tests/unit/support/kernel_fixture.h"

#include "platform/host/allocator.h"
#include "platform/host/plain_file.h"

namespace sirius::testing {

void KernelTest::SetUp()
{
    // Nothing else runs while a test's thread waits: a wait whose
    // condition is false ends as interrupted, as the hal contract allows.
    using ::testing::_;
    ON_CALL(scheduler, wait_until(_, _, _)).WillByDefault([](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        return ready() ? hal::WakeReason::Woken : hal::WakeReason::Interrupted;
    });
    ON_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillByDefault([](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds) {
        return ready() ? hal::WakeReason::Woken : hal::WakeReason::TimedOut;
    });
    kernel = std::make_unique<proc::Kernel>(mmu, scheduler, clock, entropy);
    ASSERT_TRUE(kernel->initialize(4096).has_value());
    ASSERT_OK_AND_ASSIGN(auto space, try_make_ref<::testing::NiceMock<MockAddressSpace>>());
    ASSERT_TRUE(space->backing().map(UserAddress(kUserData), kUserDataSize, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).has_value());
    ASSERT_OK_AND_ASSIGN(auto context, host::FakeUserContext::create());
    ASSERT_OK_AND_ASSIGN(init, kernel->create_init(RefPtr<hal::AddressSpace>(move(space)), move(context)));
    ASSERT_OK_AND_ASSIGN(auto console, try_make_ref<host::PlainFile>());
    for (int fd = 0; fd < 3; ++fd) {
        ASSERT_OK_AND_ASSIGN(int reserved, init->files->reserve(fd, 1024));
        init->files->install(reserved, console, false);
    }
    m_caller = fork_from(*init);
    ASSERT_NE(m_caller, nullptr);
}

void KernelTest::TearDown()
{
    host::stop_failing_allocations();
    kernel.reset();
}

proc::Thread* KernelTest::fork_from(proc::Thread& parent)
{
    // The child shares the parent's mock address space object's backing
    // contents via a CLONE_VM-free fork: give it a copy that has the same
    // user data pages mapped.
    auto& parent_space = static_cast<MockAddressSpace&>(parent.memory->address_space());
    EXPECT_CALL(parent_space, clone_for_fork()).WillOnce(::testing::Invoke([]() -> Result<RefPtr<hal::AddressSpace>> {
        auto copy = TRY(try_make_ref<::testing::NiceMock<MockAddressSpace>>());
        TRY(copy->backing().map(UserAddress(kUserData), kUserDataSize, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private));
        return RefPtr<hal::AddressSpace>(move(copy));
    }));
    auto result = proc::kernel_clone(*kernel, parent, proc::clone_request_for_fork());
    ::testing::Mock::VerifyAndClearExpectations(&parent_space);
    if (result.is_error()) {
        ADD_FAILURE() << "fork failed: errno " << result.error().code();
        return nullptr;
    }
    return kernel->find_thread(parent.active_pid_namespace(), result.value().pid);
}

MockAddressSpace& KernelTest::caller_space()
{
    return static_cast<MockAddressSpace&>(m_caller->memory->address_space());
}

KernelSnapshot KernelTest::snapshot()
{
    return KernelSnapshot {
        kernel->thread_count(),
        kernel->root_pid_namespace().count(),
        m_caller->memory->address_space().ref_count(),
        m_caller->files->ref_count(),
        m_caller->fs->ref_count(),
        m_caller->signal_actions->ref_count(),
        m_caller->credentials->ref_count(),
        m_caller->namespaces->ref_count(),
        m_caller->files->open_count(),
        m_caller->process().children().size(),
        host::live_allocations(),
    };
}

void KernelTest::become_user(u32 uid, proc::CapabilitySet effective)
{
    ASSERT_OK_AND_ASSIGN(auto credentials, m_caller->credentials->clone());
    credentials->uid = { uid, uid, uid, uid };
    credentials->permitted = effective;
    credentials->effective = effective;
    m_caller->credentials = credentials;
}

void KernelTest::poke(u64 address, i32 value)
{
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &value, sizeof(value)).has_value());
}

i32 KernelTest::peek(u64 address)
{
    i32 value = 0;
    EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
    return value;
}

} // namespace sirius::testing
