#pragma once

// GoogleMock classes for the hal interfaces the core asks things of. The
// address space mock is backed by a FakeAddressSpace, so user copies and
// page operations behave like real memory unless a test says otherwise.
#include <gmock/gmock.h>

#include "core/hal/scheduler.h"
#include "platform/host/fake_address_space.h"

namespace sirius::testing {

class MockAddressSpace : public hal::AddressSpace {
public:
    MockAddressSpace()
    {
        using ::testing::_;
        using ::testing::Invoke;
        ON_CALL(*this, copy_from_user(_, _, _)).WillByDefault(Invoke([this](void* d, UserAddress s, usize n) { return m_backing.copy_from_user(d, s, n); }));
        ON_CALL(*this, copy_to_user(_, _, _)).WillByDefault(Invoke([this](UserAddress d, const void* s, usize n) { return m_backing.copy_to_user(d, s, n); }));
        ON_CALL(*this, map(_, _, _, _)).WillByDefault(Invoke([this](UserAddress a, usize n, hal::Protection p, hal::Sharing s) { return m_backing.map(a, n, p, s); }));
        ON_CALL(*this, map_object(_, _, _, _, _)).WillByDefault(Invoke([this](UserAddress a, usize n, hal::MemoryObject& o, u64 f, hal::Protection p) { return m_backing.map_object(a, n, o, f, p); }));
        ON_CALL(*this, move_pages(_, _, _)).WillByDefault(Invoke([this](UserAddress f, UserAddress t, usize n) { return m_backing.move_pages(f, t, n); }));
        ON_CALL(*this, unmap(_, _)).WillByDefault(Invoke([this](UserAddress a, usize n) { return m_backing.unmap(a, n); }));
        ON_CALL(*this, protect(_, _, _)).WillByDefault(Invoke([this](UserAddress a, usize n, hal::Protection p) { return m_backing.protect(a, n, p); }));
        ON_CALL(*this, translate(_)).WillByDefault(Invoke([this](UserAddress a) { return m_backing.translate(a); }));
        ON_CALL(*this, clone_for_fork()).WillByDefault(Invoke([]() -> Result<RefPtr<hal::AddressSpace>> {
            auto copy = TRY(try_make_ref<::testing::NiceMock<MockAddressSpace>>());
            return RefPtr<hal::AddressSpace>(move(copy));
        }));
    }

    MOCK_METHOD(Result<RefPtr<hal::AddressSpace>>, clone_for_fork, (), (override));
    MOCK_METHOD(Result<void>, map, (UserAddress, usize, hal::Protection, hal::Sharing), (override));
    MOCK_METHOD(Result<void>, map_object, (UserAddress, usize, hal::MemoryObject&, u64, hal::Protection), (override));
    MOCK_METHOD(Result<void>, move_pages, (UserAddress, UserAddress, usize), (override));
    MOCK_METHOD(Result<void>, unmap, (UserAddress, usize), (override));
    MOCK_METHOD(Result<void>, protect, (UserAddress, usize, hal::Protection), (override));
    MOCK_METHOD(Result<u64>, translate, (UserAddress), (const, override));
    MOCK_METHOD(u64, page_table_root, (), (const, override));
    MOCK_METHOD(Result<void>, copy_from_user, (void*, UserAddress, usize), (override));
    MOCK_METHOD(Result<void>, copy_to_user, (UserAddress, const void*, usize), (override));

    host::FakeAddressSpace& backing() { return m_backing; }

    // What a real fork gives the child: this memory's contents, private
    // regions copied and shared ones shared (the default clone_for_fork
    // gives an empty space) - for tests of what a forked child shares.
    Result<RefPtr<hal::AddressSpace>> fork_with_contents()
    {
        auto copy = TRY(try_make_ref<::testing::NiceMock<MockAddressSpace>>());
        m_backing.fork_into(copy->m_backing);
        return RefPtr<hal::AddressSpace>(move(copy));
    }

private:
    host::FakeAddressSpace m_backing;
};

class MockScheduler : public hal::Scheduler {
public:
    // add_waiter and remove_waiter link and unlink for real by default, so
    // a poll's entries are on the queues a test looks at.
    MockScheduler()
    {
        ON_CALL(*this, add_waiter).WillByDefault([](hal::WaitQueue& queue, hal::WaitQueueEntry& entry) {
            entry.polling = true;
            queue.waiters().append(entry);
        });
        ON_CALL(*this, remove_waiter).WillByDefault([](hal::WaitQueue&, hal::WaitQueueEntry& entry) {
            if (entry.node.is_linked()) {
                hal::WaitQueue::List::remove(entry);
            }
        });
    }
    MOCK_METHOD(Result<void>, prepare_thread, (proc::Thread&), (override));
    MOCK_METHOD(void, discard_thread, (proc::Thread&), (override));
    MOCK_METHOD(void, start_thread, (proc::Thread&), (override));
    MOCK_METHOD(proc::Thread*, current_thread, (), (override));
    MOCK_METHOD(hal::WakeReason, wait_until, (hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>), (override));
    MOCK_METHOD(hal::WakeReason, wait_until_deadline, (hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>, hal::Nanoseconds), (override));
    MOCK_METHOD(void, wake_all, (hal::WaitQueue&), (override));
    MOCK_METHOD(void, wake_one, (hal::WaitQueue&), (override));
    MOCK_METHOD(void, add_waiter, (hal::WaitQueue&, hal::WaitQueueEntry&), (override));
    MOCK_METHOD(void, remove_waiter, (hal::WaitQueue&, hal::WaitQueueEntry&), (override));
    MOCK_METHOD(void, yield, (), (override));
    MOCK_METHOD(void, interrupt, (proc::Thread&, hal::InterruptKind), (override));
};

} // namespace sirius::testing
