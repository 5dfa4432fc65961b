// The sleeping mutex: uncontended it never asks the scheduler anything;
// contended it waits on the scheduler until the holder unlocks, and unlock
// wakes one waiter.
#include "core/hal/mutex.h"
#include "tests/unit/support/mocks.h"

namespace sirius::testing {
namespace {

using ::testing::_;
using ::testing::StrictMock;

TEST(MutexTest, Uncontended_NeverTouchesTheScheduler)
{
    StrictMock<MockScheduler> scheduler;
    hal::Mutex mutex(scheduler);
    EXPECT_CALL(scheduler, wake_one(_)).Times(1); // unlock always offers the lock on
    mutex.lock();
    EXPECT_TRUE(mutex.is_locked());
    mutex.unlock();
    EXPECT_FALSE(mutex.is_locked());
}

TEST(MutexTest, Contended_WaitsUninterruptiblyUntilUnlocked)
{
    StrictMock<MockScheduler> scheduler;
    hal::Mutex mutex(scheduler);
    ASSERT_TRUE(mutex.try_lock()); // another thread holds it
    EXPECT_FALSE(mutex.try_lock());
    EXPECT_CALL(scheduler, wake_one(_)).Times(2);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Uninterruptible, _))
        .WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            EXPECT_FALSE(ready()); // still held: the waiter would sleep
            mutex.unlock();        // the holder lets go while we wait
            EXPECT_TRUE(ready());
            return hal::WakeReason::Woken;
        });
    mutex.lock();
    EXPECT_TRUE(mutex.is_locked());
    mutex.unlock();
}

} // namespace
} // namespace sirius::testing
