// semget(2), semop(2), semtimedop(2) and semctl(2) through the syscall
// table (Linux ipc/sem.c): the set's limits, all-or-nothing operations,
// blocked operations completed by the task that allows them, SEM_UNDO at
// exit and under CLONE_SYSVSEM, timeouts, signals and removal.
#include <linux/sched.h>
#include <linux/sem.h>
#include <linux/time_types.h>
#include <vector>

#include "core/signal/send_signal.h"
#include "tests/unit/support/futex_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kOps = KernelTest::kUserData + 0x100;
constexpr u64 kOtherOps = KernelTest::kUserData + 0x400;
constexpr u64 kTimeout = KernelTest::kUserData + 0x700;
constexpr u64 kArray = KernelTest::kUserData + 0x800;
constexpr u64 kUnmapped = 0xdead0000;
constexpr int kKey = 0x5353;

class SemTest : public FutexFixture {
protected:
    i64 semget(int key, int count, int flags) { return call(__NR_semget, static_cast<u64>(key), static_cast<u64>(count), static_cast<u64>(flags)); }
    i64 semctl_as(proc::Thread& thread, i64 id, int index, int cmd, u64 argument = 0)
    {
        return call_as(thread, __NR_semctl, static_cast<u64>(id), static_cast<u64>(index), static_cast<u64>(cmd), argument);
    }
    i64 semctl(i64 id, int index, int cmd, u64 argument = 0) { return semctl_as(caller(), id, index, cmd, argument); }
    // semop of `ops` as `thread`, from `address` in its memory.
    i64 semop_as(proc::Thread& thread, i64 id, const std::vector<sembuf>& ops, u64 address = kOps, u64 timeout = 0)
    {
        auto& space = static_cast<MockAddressSpace&>(thread.memory->address_space());
        EXPECT_TRUE(space.backing().copy_to_user(UserAddress(address), ops.data(), ops.size() * sizeof(sembuf)).has_value());
        if (timeout != 0) {
            return call_as(thread, __NR_semtimedop, static_cast<u64>(id), address, ops.size(), timeout);
        }
        return call_as(thread, __NR_semop, static_cast<u64>(id), address, ops.size());
    }
    i64 semop(i64 id, const std::vector<sembuf>& ops) { return semop_as(caller(), id, ops); }
    static sembuf op(u16 index, i16 value, i16 flags = 0) { return sembuf { index, value, flags }; }
    u64 timeout(i64 seconds, i64 nanoseconds)
    {
        const __kernel_timespec time { seconds, nanoseconds };
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kTimeout), &time, sizeof(time)).has_value());
        return kTimeout;
    }
    void send_signal_to(proc::Thread& thread, int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, thread, signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
};

// --- semget ------------------------------------------------------------------

TEST_F(SemTest, Semget_CountOutOfRange_IsEinval)
{
    // semget(2) EINVAL: "nsems is less than 0 or greater than the limit on
    // the number of semaphores per semaphore set (SEMMSL)"; 0 only finds an
    // existing set.
    EXPECT_EQ(semget(IPC_PRIVATE, -1, 0600), -EINVAL);
    EXPECT_EQ(semget(IPC_PRIVATE, SEMMSL + 1, 0600), -EINVAL);
    EXPECT_EQ(semget(IPC_PRIVATE, 0, 0600), -EINVAL);
}

TEST_F(SemTest, Semget_MoreThanTheSetHas_IsEinval)
{
    // semget(2) EINVAL: "A semaphore set corresponding to key exists, but
    // nsems is greater than the number of semaphores in that set."
    const i64 id = semget(kKey, 3, IPC_CREAT | 0600);
    ASSERT_GE(id, 0);
    EXPECT_EQ(semget(kKey, 4, 0), -EINVAL);
    EXPECT_EQ(semget(kKey, 3, 0), id);
    EXPECT_EQ(semget(kKey, 0, 0), id);
    EXPECT_EQ(semget(kKey, 3, IPC_CREAT | IPC_EXCL), -EEXIST);
}

// --- semop -------------------------------------------------------------------

TEST_F(SemTest, Semop_IsAllOrNothing)
{
    // semop(2): "the operations ... are performed atomically ... either all
    // of the operations are performed or none".
    const i64 id = semget(IPC_PRIVATE, 2, 0600);
    EXPECT_EQ(semop(id, { op(0, 1), op(1, -1, IPC_NOWAIT) }), -EAGAIN);
    EXPECT_EQ(semctl(id, 0, GETVAL), 0);
    EXPECT_EQ(semop(id, { op(0, 1), op(1, 2) }), 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 1);
    EXPECT_EQ(semctl(id, 1, GETVAL), 2);
    EXPECT_EQ(semctl(id, 1, GETPID), static_cast<i64>(tgid_of(caller())));
}

TEST_F(SemTest, Semop_Limits)
{
    // semop(2) E2BIG "nsops is greater than SEMOPM", EINVAL "nsops ... less
    // than 1", EFBIG "sem_num ... greater than or equal to the number of
    // semaphores in the set", ERANGE "semop+semval is greater than SEMVMX".
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    EXPECT_EQ(call(__NR_semop, static_cast<u64>(id), kOps, SEMOPM + 1), -E2BIG);
    EXPECT_EQ(call(__NR_semop, static_cast<u64>(id), kOps, 0), -EINVAL);
    EXPECT_EQ(call(__NR_semop, static_cast<u64>(id), kUnmapped, 1), -EFAULT);
    EXPECT_EQ(semop(id, { op(1, 1) }), -EFBIG);
    EXPECT_EQ(semctl(id, 0, SETVAL, SEMVMX), 0);
    EXPECT_EQ(semop(id, { op(0, 1) }), -ERANGE);
    EXPECT_EQ(semctl(id, 0, SETVAL, SEMVMX + 1), -ERANGE);
    EXPECT_EQ(semctl(id, 0, SETVAL, static_cast<u64>(-1)), -ERANGE);
}

TEST_F(SemTest, Semop_WithoutPermission_IsEacces)
{
    // semop(2) EACCES: "The calling process does not have the permissions
    // required to perform the specified semaphore operations": alter needs
    // write, a wait for zero read.
    const i64 id = semget(kKey, 1, IPC_CREAT | 0644);
    become_user(1000);
    EXPECT_EQ(semop(id, { op(0, 1) }), -EACCES);
    EXPECT_EQ(semop(id, { op(0, 0) }), 0);
    EXPECT_EQ(semctl(id, 0, SETVAL, 1), -EACCES);
    EXPECT_EQ(semctl(id, 0, IPC_RMID), -EPERM);
}

TEST_F(SemTest, Semop_Blocked_IsCompletedByTheIncrement)
{
    // update_queue: the task that makes a blocked semop possible performs
    // it before returning, so the value is already taken.
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* waiter = spawn_thread();
    while_asleep([&] {
        EXPECT_EQ(semctl(id, 0, GETNCNT), 1);
        EXPECT_EQ(semctl(id, 0, GETZCNT), 0);
        EXPECT_EQ(semop(id, { op(0, 1) }), 0);
        EXPECT_EQ(semctl(id, 0, GETVAL), 0);
    });
    EXPECT_EQ(semop_as(*waiter, id, { op(0, -1) }, kOtherOps), 0);
    EXPECT_EQ(semctl(id, 0, GETNCNT), 0);
}

TEST_F(SemTest, Semop_WaitForZero)
{
    // semop(2): "If sem_op is zero, the process must have read permission
    // ... the process waits for semval to become zero"; GETZCNT counts it.
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    ASSERT_EQ(semctl(id, 0, SETVAL, 2), 0);
    proc::Thread* waiter = spawn_thread();
    while_asleep([&] {
        EXPECT_EQ(semctl(id, 0, GETZCNT), 1);
        EXPECT_EQ(semop(id, { op(0, -1) }), 0);
        EXPECT_EQ(semctl(id, 0, GETZCNT), 1);
        EXPECT_EQ(semctl(id, 0, SETVAL, 0), 0);
        EXPECT_EQ(semctl(id, 0, GETZCNT), 0);
    });
    EXPECT_EQ(semop_as(*waiter, id, { op(0, 0) }, kOtherOps), 0);
}

TEST_F(SemTest, Semop_BlockedPair_CountsOnlyWhereItWaits)
{
    // count_semcnt: a task is counted on the semaphore of the operation it
    // blocks on (SUS; Linux since 4.0), and both operations happen together.
    const i64 id = semget(IPC_PRIVATE, 2, 0600);
    proc::Thread* waiter = spawn_thread();
    while_asleep([&] {
        EXPECT_EQ(semctl(id, 0, GETNCNT), 1);
        EXPECT_EQ(semctl(id, 1, GETNCNT), 0);
        EXPECT_EQ(semop(id, { op(1, 1) }), 0);
        EXPECT_EQ(semctl(id, 1, GETVAL), 1);
        EXPECT_EQ(semop(id, { op(0, 1) }), 0);
        EXPECT_EQ(semctl(id, 0, GETVAL), 0);
        EXPECT_EQ(semctl(id, 1, GETVAL), 0);
    });
    EXPECT_EQ(semop_as(*waiter, id, { op(0, -1), op(1, -1) }, kOtherOps), 0);
}

TEST_F(SemTest, Semtimedop_TimeoutExpires_IsEagain)
{
    // semop(2) EAGAIN: "the time limit specified in timeout expired".
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    while_asleep([] {}, hal::WakeReason::TimedOut);
    EXPECT_EQ(semop_as(caller(), id, { op(0, -1) }, kOps, timeout(10, 0)), -EAGAIN);
    EXPECT_EQ(semctl(id, 0, GETNCNT), 0);
}

TEST_F(SemTest, Semtimedop_BadTimeout)
{
    // The timeout pointer is read first (EFAULT before the nsops check);
    // an invalid timespec is EINVAL after the operations are read.
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    EXPECT_EQ(call(__NR_semtimedop, static_cast<u64>(id), kOps, 0, kUnmapped), -EFAULT);
    EXPECT_EQ(semop_as(caller(), id, { op(0, 1) }, kOps, timeout(0, 1'000'000'000)), -EINVAL);
    EXPECT_EQ(semop_as(caller(), id, { op(0, 1) }, kOps, timeout(-1, 0)), -EINVAL);
    EXPECT_EQ(semctl(id, 0, GETVAL), 0);
}

TEST_F(SemTest, Semop_BlockedAndSignalled_IsEintr)
{
    // semop(2) EINTR: "While blocked in this system call, the thread caught
    // a signal"; never restarted, whatever SA_RESTART says (signal(7)).
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* waiter = spawn_thread();
    while_asleep([&] { send_signal_to(*waiter, SIGUSR1); });
    EXPECT_EQ(semop_as(*waiter, id, { op(0, -1) }, kOtherOps), -EINTR);
    EXPECT_EQ(semctl(id, 0, GETNCNT), 0);
}

TEST_F(SemTest, Semop_BlockedAndSetRemoved_IsEidrm)
{
    // semop(2) EIDRM: "The semaphore set was removed."
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* waiter = spawn_thread();
    while_asleep([&] { EXPECT_EQ(semctl(id, 0, IPC_RMID), 0); });
    EXPECT_EQ(semop_as(*waiter, id, { op(0, -1) }, kOtherOps), -EIDRM);
    EXPECT_EQ(semctl(id, 0, GETVAL), -EINVAL);
}

// --- semctl ------------------------------------------------------------------

TEST_F(SemTest, SetallAndGetall)
{
    // semctl(2) SETALL, GETALL; ERANGE for a value above SEMVMX, and
    // nothing changed then.
    const i64 id = semget(IPC_PRIVATE, 3, 0600);
    const u16 values[3] = { 4, 5, 6 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kArray), values, sizeof(values)).has_value());
    EXPECT_EQ(semctl(id, 0, SETALL, kArray), 0);
    EXPECT_EQ(semctl(id, 2, GETVAL), 6);
    const u16 too_big[3] = { 1, 40000, 1 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kArray), too_big, sizeof(too_big)).has_value());
    EXPECT_EQ(semctl(id, 0, SETALL, kArray), -ERANGE);
    EXPECT_EQ(semctl(id, 0, GETALL, kArray), 0);
    u16 out[3] = {};
    ASSERT_TRUE(caller_space().backing().copy_from_user(out, UserAddress(kArray), sizeof(out)).has_value());
    EXPECT_EQ(out[0], 4);
    EXPECT_EQ(out[1], 5);
    EXPECT_EQ(out[2], 6);
    EXPECT_EQ(semctl(id, 0, GETALL, kUnmapped), -EFAULT);
}

TEST_F(SemTest, SemInfo_CountsSetsAndSemaphores)
{
    // semctl(2) SEM_INFO: semusz the sets, semaem the semaphores.
    semget(IPC_PRIVATE, 3, 0600);
    semget(IPC_PRIVATE, 5, 0600);
    EXPECT_EQ(semctl(0, 0, SEM_INFO, kArray), 1);
    seminfo info {};
    ASSERT_TRUE(caller_space().backing().copy_from_user(&info, UserAddress(kArray), sizeof(info)).has_value());
    EXPECT_EQ(info.semusz, 2);
    EXPECT_EQ(info.semaem, 8);
    EXPECT_EQ(info.semmsl, SEMMSL);
    EXPECT_EQ(info.semopm, SEMOPM);
    EXPECT_EQ(info.semvmx, SEMVMX);
}

// --- SEM_UNDO ----------------------------------------------------------------

TEST_F(SemTest, SemUndo_IsAppliedWhenTheProcessExits)
{
    // semop(2) SEM_UNDO: "the operation will be automatically undone when
    // the process terminates".
    const i64 id = semget(IPC_PRIVATE, 2, 0600);
    ASSERT_EQ(semctl(id, 1, SETVAL, 5), 0);
    proc::Thread* child = spawn_child();
    ASSERT_EQ(semop_as(*child, id, { op(0, 2, SEM_UNDO), op(1, -1, SEM_UNDO) }), 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 2);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 0);
    EXPECT_EQ(semctl(id, 1, GETVAL), 5);
}

TEST_F(SemTest, SemUndo_IsClampedAtZero)
{
    // exit_sem: "Linux caps the semaphore value, both at 0 and at SEMVMX."
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* child = spawn_child();
    ASSERT_EQ(semop_as(*child, id, { op(0, 3, SEM_UNDO) }), 0);
    ASSERT_EQ(semop(id, { op(0, -3) }), 0);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 0);
}

TEST_F(SemTest, SemUndo_OutOfRange_IsErange)
{
    // perform_atomic_semop: "Exceeding the undo range is an error."
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    ASSERT_EQ(semop(id, { op(0, SEMVMX, SEM_UNDO) }), 0);
    ASSERT_EQ(semop(id, { op(0, -2) }), 0);
    EXPECT_EQ(semop(id, { op(0, 1, SEM_UNDO) }), 0);
    ASSERT_EQ(semop(id, { op(0, -1) }), 0);
    EXPECT_EQ(semop(id, { op(0, 1, SEM_UNDO) }), -ERANGE);
}

TEST_F(SemTest, SemUndo_SetvalClearsTheAdjustment)
{
    // semctl(2) SETVAL: "Undo entries for this semaphore are cleared in all
    // processes."
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* child = spawn_child();
    ASSERT_EQ(semop_as(*child, id, { op(0, 2, SEM_UNDO) }), 0);
    ASSERT_EQ(semctl(id, 0, SETVAL, 7), 0);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 7);
}

TEST_F(SemTest, SemUndo_SharedByCloneSysvsem_AppliedByTheLastUser)
{
    // clone(2) CLONE_SYSVSEM: "the child and the calling process share a
    // single list of System V semaphore adjustment (semadj) values"; it is
    // applied when the last of them exits, or leaves it with
    // unshare(CLONE_SYSVSEM).
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* child = clone_ok(request_with(CLONE_VM | CLONE_SYSVSEM));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->sem_undo.get(), caller().sem_undo.get());
    ASSERT_EQ(semop(id, { op(0, 4, SEM_UNDO) }), 0);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 4);
    EXPECT_EQ(call(__NR_unshare, CLONE_SYSVSEM), 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 0);
    EXPECT_EQ(caller().sem_undo.get(), nullptr);
}

TEST_F(SemTest, UnshareNewIpc_AppliesTheUndoListInTheOldNamespace)
{
    // ksys_unshare: "CLONE_NEWIPC must also detach from the undolist: after
    // switching to a new ipc namespace, the semaphore arrays from the old
    // namespace are unreachable" - the adjustments go to the old sets.
    const i64 id = semget(kKey, 1, IPC_CREAT | 0600);
    ASSERT_EQ(semop(id, { op(0, 3, SEM_UNDO) }), 0);
    const RefPtr<ns::NsProxy> old_namespaces = caller().namespaces;
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWIPC), 0);
    EXPECT_EQ(caller().sem_undo.get(), nullptr);
    EXPECT_EQ(semget(kKey, 0, 0), -ENOENT);
    ns::IpcNamespace& old_ipc = *old_namespaces->namespaces().ipc;
    auto set = old_ipc.semaphore_sets.by_id(static_cast<int>(id));
    ASSERT_TRUE(set.has_value());
    EXPECT_EQ(set.value()->sems[0].value, 0);
}

TEST_F(SemTest, SemUndo_ForkedChildHasNone)
{
    // fork(2): "The child does not inherit semaphore adjustments from its
    // parent".
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    ASSERT_EQ(semop(id, { op(0, 1, SEM_UNDO) }), 0);
    proc::Thread* child = spawn_child();
    EXPECT_EQ(child->sem_undo.get(), nullptr);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(id, 0, GETVAL), 1);
}

TEST_F(SemTest, SemUndo_OfARemovedSet_IsDropped)
{
    // freeary invalidates the undo entries; the exit then has nothing to do.
    const i64 id = semget(IPC_PRIVATE, 1, 0600);
    proc::Thread* child = spawn_child();
    ASSERT_EQ(semop_as(*child, id, { op(0, 1, SEM_UNDO) }), 0);
    ASSERT_EQ(semctl(id, 0, IPC_RMID), 0);
    const i64 other = semget(IPC_PRIVATE, 1, 0600);
    kernel->exit_thread(*child, 0);
    EXPECT_EQ(semctl(other, 0, GETVAL), 0);
}

} // namespace
} // namespace sirius::testing
