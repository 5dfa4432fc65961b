#pragma once

// The fixture of the futex tests: a SignalTest whose threads can sleep in a
// futex wait. One host thread runs everything, so a thread that sleeps runs
// the test's next step - the rest of the machine, which may make more
// threads wait in turn - and wakes up when that step is done: woken if a
// wake reached it meanwhile, otherwise interrupted or timed out as the step
// says (or at once, if its deadline has passed).
#include <deque>
#include <functional>
#include <vector>

#include "core/proc/futex.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {

class FutexFixture : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        ON_CALL(scheduler, wait_until(_, _, _)).WillByDefault([this](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
            return sleep(ready, nullptr);
        });
        ON_CALL(scheduler, wait_until_deadline(_, _, _, _)).WillByDefault([this](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready, hal::Nanoseconds deadline) {
            return sleep(ready, &deadline);
        });
    }

    proc::FutexTable& futexes() { return kernel->futexes(); }

    // The next sleep runs `run`, then ends as `otherwise` unless woken.
    void while_asleep(std::function<void()> run, hal::WakeReason otherwise = hal::WakeReason::Interrupted)
    {
        m_steps.push_back({ std::move(run), otherwise });
    }

    // Each of `sleepers` calls `wait` in turn and sleeps while the next one
    // starts its own; with all of them asleep, `then` runs. A sleeper still
    // asleep afterwards ends as `otherwise`. Returns what each wait
    // returned, in order.
    template<typename T>
    std::vector<T> all_waiting(const std::vector<proc::Thread*>& sleepers, const std::function<T(proc::Thread&)>& wait, const std::function<void()>& then,
        hal::WakeReason otherwise = hal::WakeReason::Interrupted)
    {
        std::vector<T> results(sleepers.size(), T {});
        std::function<void(usize)> nest = [&](usize i) {
            if (i == sleepers.size()) {
                then();
                return;
            }
            bool slept = false;
            while_asleep(
                [&, i] {
                    slept = true;
                    nest(i + 1);
                },
                otherwise);
            results[i] = wait(*sleepers[i]);
            if (!slept) {
                // It did not sleep (an error): the others go on without it.
                m_steps.pop_back();
                nest(i + 1);
            }
        };
        nest(0);
        return results;
    }

    // The caller and `more` new threads of its group (one memory).
    std::vector<proc::Thread*> threads(usize more)
    {
        std::vector<proc::Thread*> result { &caller() };
        for (usize i = 0; i < more; ++i) {
            result.push_back(spawn_thread());
        }
        return result;
    }

    void poke64(u64 address, u64 value)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), &value, sizeof(value)).has_value());
    }
    u64 peek64(u64 address)
    {
        u64 value = 0;
        EXPECT_TRUE(caller_space().backing().copy_from_user(&value, UserAddress(address), sizeof(value)).has_value());
        return value;
    }

    static i32 tid_in_own_namespace(const proc::Thread& thread) { return thread.pid().nr_in(thread.active_pid_namespace()); }

private:
    struct Step {
        std::function<void()> run;
        hal::WakeReason otherwise;
    };

    // A deadline already passed ends the wait at once, as the kernel's
    // scheduler does.
    hal::WakeReason sleep(FunctionRef<bool()> ready, const hal::Nanoseconds* deadline)
    {
        if (ready()) {
            return hal::WakeReason::Woken;
        }
        if (deadline != nullptr && *deadline <= clock.monotonic_now()) {
            return hal::WakeReason::TimedOut;
        }
        if (m_steps.empty()) {
            ADD_FAILURE() << "a thread slept with nothing left to run";
            return hal::WakeReason::Interrupted;
        }
        Step step = std::move(m_steps.front());
        m_steps.pop_front();
        step.run();
        return ready() ? hal::WakeReason::Woken : step.otherwise;
    }

    std::deque<Step> m_steps;
};

} // namespace sirius::testing
