// core/proc/set_process_group: the objects behind setpgid(2) and setsid(2)
// - groups and sessions made, shared and freed with their last member, the
// pid numbers they hold, init's place (Linux's init_struct_pid), the
// PF_FORKNOEXEC mark, and the orphaned-group rule (POSIX 3.2.2.2) seeing
// each move without either call sending a signal. The syscall-level rules
// are in tests/unit/syscall/process_group_test.cpp.
#include "core/proc/set_process_group.h"
#include "core/signal/orphaned_group.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

class SetProcessGroupTest : public SignalTest {
protected:
    static PidNr pid_of(const proc::Thread& thread) { return thread.process().pid().global_nr(); }
    Result<void> setpgid(proc::Thread& thread, PidNr pid, PidNr pgid) { return proc::set_process_group(*kernel, thread, pid, pgid); }
    Result<PidNr> setsid(proc::Thread& thread) { return proc::create_session(*kernel, thread); }
    bool orphaned(const proc::Thread& thread) { return signal::is_orphaned_process_group(*kernel, thread.process().process_group(), nullptr); }
};

TEST_F(SetProcessGroupTest, Init_IsInGroupAndSessionZero_AndLeadsNeither)
{
    // Linux: init's group and session are init_struct_pid's, number 0 in
    // every namespace; they hold no pid number.
    const proc::ProcessGroup& group = init->process().process_group();
    EXPECT_EQ(group.pid().nr_in(kernel->root_pid_namespace()), 0);
    EXPECT_FALSE(group.pid().has_numbers());
    EXPECT_EQ(&group.session().pid(), &group.pid());
    EXPECT_FALSE(proc::is_session_leader(init->process()));
    EXPECT_EQ(proc::find_process_group(*kernel, init->process().pid()), nullptr);
    // Its children are in the same group.
    EXPECT_EQ(&caller().process().process_group(), &group);
}

TEST_F(SetProcessGroupTest, Fork_MarksTheChildForkedWithoutExec_ThreadsChangeNothing)
{
    // copy_process: "p->flags |= PF_FORKNOEXEC". Init was never forked here
    // (Linux's has exec'd its program).
    EXPECT_FALSE(init->process().forked_without_exec());
    EXPECT_TRUE(caller().process().forked_without_exec());
    caller().process().set_forked_without_exec(false);
    spawn_thread();
    EXPECT_FALSE(caller().process().forked_without_exec());
    EXPECT_TRUE(spawn_child()->process().forked_without_exec());
}

TEST_F(SetProcessGroupTest, NewGroup_IsInTheSessionOfTheProcess_AndFreedWithItsLastMember)
{
    proc::Thread* child = spawn_child();
    const std::int64_t before = host::live_allocations();
    ASSERT_TRUE(setpgid(caller(), pid_of(*child), 0).has_value());
    proc::ProcessGroup& group = child->process().process_group();
    EXPECT_EQ(&group.pid(), &child->process().pid());
    EXPECT_EQ(&group.session(), &caller().process().process_group().session());
    EXPECT_EQ(proc::find_process_group(*kernel, child->process().pid()), &group);
    ASSERT_TRUE(setpgid(*child, 0, 0).has_value());
    EXPECT_EQ(&child->process().process_group(), &group);
    // Back into the caller's group: the one-member group goes.
    ASSERT_TRUE(setpgid(caller(), pid_of(*child), 0).has_value());
    ASSERT_TRUE(setpgid(*init, pid_of(caller()), pid_of(caller())).has_value());
    ASSERT_TRUE(setpgid(caller(), pid_of(*child), pid_of(caller())).has_value());
    EXPECT_EQ(child->process().pid().process_group, nullptr);
    EXPECT_EQ(proc::find_process_group(*kernel, child->process().pid()), nullptr);
    EXPECT_EQ(host::live_allocations(), before + 1) << "only the caller's group is new";
}

TEST_F(SetProcessGroupTest, GroupOutlivesItsLeader_AndKeepsItsNumberUntilTheLastMemberLeaves)
{
    // A pid stays allocated while a process group uses it (Linux
    // __change_pid frees it only with no task attached of any type).
    ASSERT_TRUE(setsid(caller()).has_value());
    proc::Thread* leader = spawn_child();
    ASSERT_TRUE(setpgid(*leader, 0, 0).has_value());
    proc::Thread* member = fork_from(*leader);
    const PidNr leader_pid = pid_of(*leader);
    kernel->exit_thread(*leader, 0);
    ASSERT_EQ(call(__NR_wait4, static_cast<u64>(leader_pid), 0, 0, 0), leader_pid);
    EXPECT_EQ(kernel->find_thread(kernel->root_pid_namespace(), leader_pid), nullptr);
    proc::Pid* number = kernel->root_pid_namespace().find(leader_pid);
    ASSERT_NE(number, nullptr) << "the group still holds the number";
    EXPECT_EQ(call_as(*member, __NR_getpgrp), leader_pid);
    ASSERT_TRUE(setpgid(*member, 0, pid_of(caller())).has_value());
    EXPECT_EQ(kernel->root_pid_namespace().find(leader_pid), nullptr) << "freed with the group";
}

TEST_F(SetProcessGroupTest, Setsid_MakesSessionAndGroupOnTheCallersPid)
{
    const PidNr pid = pid_of(caller());
    ASSERT_OK_AND_ASSIGN(PidNr session_id, setsid(caller()));
    EXPECT_EQ(session_id, pid);
    proc::ProcessGroup& group = caller().process().process_group();
    EXPECT_EQ(&group.pid(), &caller().process().pid());
    EXPECT_EQ(&group.session().pid(), &caller().process().pid());
    EXPECT_EQ(caller().process().pid().session, &group.session());
    EXPECT_EQ(caller().process().pid().process_group, &group);
    EXPECT_TRUE(proc::is_session_leader(caller().process()));
}

TEST_F(SetProcessGroupTest, Setsid_OutOfMemory_IsEnomemAndChangesNothing)
{
    // Linux's setsid cannot fail for memory (the pid exists); Sirius makes
    // two objects, and either failing leaves the caller as it was.
    proc::ProcessGroup* group = &caller().process().process_group();
    for (std::int64_t step = 0; step < 2; ++step) {
        const std::int64_t before = host::live_allocations();
        {
            host::AllocationFailureScope failing(step);
            EXPECT_EQ(errno_of(setsid(caller())), ENOMEM) << step;
        }
        EXPECT_EQ(&caller().process().process_group(), group);
        EXPECT_EQ(caller().process().pid().session, nullptr);
        EXPECT_EQ(caller().process().pid().process_group, nullptr);
        EXPECT_EQ(host::live_allocations(), before);
    }
    EXPECT_TRUE(setsid(caller()).has_value());
}

TEST_F(SetProcessGroupTest, Setpgid_OutOfMemoryForANewGroup_IsEnomemAndChangesNothing)
{
    proc::Thread* child = spawn_child();
    proc::ProcessGroup* group = &child->process().process_group();
    {
        host::AllocationFailureScope failing(0);
        EXPECT_EQ(errno_of(setpgid(caller(), pid_of(*child), 0)), ENOMEM);
    }
    EXPECT_EQ(&child->process().process_group(), group);
    EXPECT_EQ(child->process().pid().process_group, nullptr);
}

TEST_F(SetProcessGroupTest, Moves_AreSeenByTheOrphanedGroupRule)
{
    // POSIX 3.2.2.2: a group is orphaned when no member has a parent in
    // another group of the same session. The rule reads the groups as they
    // are, so each move counts at once.
    ASSERT_TRUE(setsid(caller()).has_value());
    proc::Thread* child = spawn_child();
    EXPECT_TRUE(orphaned(*child)) << "in its parent's group, whose parent is init";
    ASSERT_TRUE(setpgid(caller(), pid_of(*child), 0).has_value());
    EXPECT_FALSE(orphaned(*child)) << "its parent is in another group of its session";
    proc::Thread* other = spawn_child();
    ASSERT_TRUE(setsid(*other).has_value());
    EXPECT_TRUE(orphaned(*other)) << "its parent is in another session";
}

TEST_F(SetProcessGroupTest, Setpgid_OrphaningAGroupWithAStoppedMember_SendsNoSignal)
{
    // Linux sends SIGHUP and SIGCONT to a newly orphaned group with a
    // stopped member only from exit (kill_orphaned_pgrp); ksys_setpgid
    // sends nothing.
    ASSERT_TRUE(setpgid(caller(), 0, 0).has_value());
    proc::Thread* child = spawn_child();
    ASSERT_TRUE(setpgid(*child, 0, 0).has_value());
    ASSERT_FALSE(orphaned(*child));
    child->process().group_signals().stopped = true;
    // The caller joins its child's group: the child's parent is no longer
    // outside it, and the caller's parent is init.
    ASSERT_TRUE(setpgid(caller(), 0, pid_of(*child)).has_value());
    EXPECT_TRUE(orphaned(*child));
    EXPECT_FALSE(group_pending(*child, SIGHUP));
    EXPECT_FALSE(group_pending(*child, SIGCONT));
    EXPECT_FALSE(thread_pending(*child, SIGHUP));
    child->process().group_signals().stopped = false;
}

TEST_F(SetProcessGroupTest, AReapedProcessStillReferenced_NeitherKeepsItsGroupNorDetachesANewOne)
{
    // Linux detaches a task from its group at release_task; a Sirius
    // Process may outlive its reaping (a reference held elsewhere) with its
    // group object. That group has no member, so the pid is free for a new
    // group, which the old object must not detach when it goes.
    ASSERT_TRUE(setsid(caller()).has_value());
    proc::Thread* leader = spawn_child();
    ASSERT_TRUE(setpgid(*leader, 0, 0).has_value());
    proc::Thread* member = fork_from(*leader);
    RefPtr<proc::Process> kept = member->process_ref();
    const PidNr member_pid = pid_of(*member);
    kernel->exit_thread(*member, 0);
    ASSERT_EQ(call_as(*leader, __NR_wait4, static_cast<u64>(member_pid), 0, 0, 0), member_pid);
    ASSERT_TRUE(setpgid(*leader, 0, pid_of(caller())).has_value());
    proc::ProcessGroup* stale = leader->process().pid().process_group;
    ASSERT_NE(stale, nullptr) << "the reaped member still holds the old group";
    EXPECT_EQ(proc::find_process_group(*kernel, leader->process().pid()), nullptr);
    ASSERT_OK_AND_ASSIGN(PidNr session_id, setsid(*leader));
    EXPECT_EQ(session_id, pid_of(*leader));
    proc::ProcessGroup* fresh = &leader->process().process_group();
    EXPECT_NE(fresh, stale);
    kept.clear();
    EXPECT_EQ(leader->process().pid().process_group, fresh);
    EXPECT_EQ(proc::find_process_group(*kernel, leader->process().pid()), fresh);
}

} // namespace
} // namespace sirius::testing
