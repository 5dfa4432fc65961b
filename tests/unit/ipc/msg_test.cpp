// msgget(2), msgsnd(2), msgrcv(2) and msgctl(2) through the syscall table
// (Linux ipc/msg.c): keys and ids, the message types, the queue's limits,
// blocking senders and receivers, removal and permissions. Blocked calls
// run on threads of the caller's group, which share its memory.
#include <cstring>
#include <linux/msg.h>
#include <linux/sched.h>

#include "core/signal/send_signal.h"
#include "tests/unit/support/futex_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kBuffer = KernelTest::kUserData + 0x100;
constexpr u64 kOtherBuffer = KernelTest::kUserData + 0x400;
constexpr u64 kStat = KernelTest::kUserData + 0x800;
constexpr u64 kUnmapped = 0xdead0000;
constexpr int kKey = 0x1234;

class MsgTest : public FutexFixture {
protected:
    i64 msgget(int key, int flags) { return call(__NR_msgget, static_cast<u64>(key), static_cast<u64>(flags)); }
    i64 send_as(proc::Thread& thread, i64 id, i64 type, const char* text, int flags = 0, u64 buffer = kBuffer)
    {
        write_message(buffer, type, text);
        return call_as(thread, __NR_msgsnd, static_cast<u64>(id), buffer, std::strlen(text), static_cast<u64>(flags));
    }
    i64 send(i64 id, i64 type, const char* text, int flags = 0) { return send_as(caller(), id, type, text, flags); }
    i64 receive_as(proc::Thread& thread, i64 id, u64 size, i64 type, int flags = 0, u64 buffer = kBuffer)
    {
        return call_as(thread, __NR_msgrcv, static_cast<u64>(id), buffer, size, static_cast<u64>(type), static_cast<u64>(flags));
    }
    i64 receive(i64 id, u64 size, i64 type, int flags = 0) { return receive_as(caller(), id, size, type, flags); }
    i64 msgctl(i64 id, int cmd, u64 buffer = kStat) { return call(__NR_msgctl, static_cast<u64>(id), static_cast<u64>(cmd), buffer); }

    void write_message(u64 buffer, i64 type, const char* text)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(buffer), &type, sizeof(type)).has_value());
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(buffer + 8), text, std::strlen(text)).has_value());
    }
    // The type and text msgrcv left at `buffer`.
    std::pair<i64, std::string> read_message(u64 length, u64 buffer = kBuffer)
    {
        i64 type = 0;
        std::string text(length, '\0');
        EXPECT_TRUE(caller_space().backing().copy_from_user(&type, UserAddress(buffer), sizeof(type)).has_value());
        EXPECT_TRUE(caller_space().backing().copy_from_user(text.data(), UserAddress(buffer + 8), length).has_value());
        return { type, text };
    }
    msqid64_ds stat(i64 id)
    {
        EXPECT_EQ(msgctl(id, IPC_STAT), 0);
        msqid64_ds out {};
        EXPECT_TRUE(caller_space().backing().copy_from_user(&out, UserAddress(kStat), sizeof(out)).has_value());
        return out;
    }
    void write_stat(const msqid64_ds& in)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kStat), &in, sizeof(in)).has_value());
    }
    void send_signal_to(proc::Thread& thread, int signal)
    {
        signal::SignalInfo info;
        info.signo = signal;
        info.code = signal::kSiUser;
        EXPECT_TRUE(signal::send_signal(*kernel, info, thread, signal::SignalScope::Thread, signal::SignalSender::kernel()).has_value());
    }
};

// --- msgget ------------------------------------------------------------------

TEST_F(MsgTest, Msgget_IpcPrivate_AlwaysMakesANewQueue)
{
    // svipc(7): IPC_PRIVATE "creates a new ... object".
    const i64 first = msgget(IPC_PRIVATE, 0600);
    const i64 second = msgget(IPC_PRIVATE, 0600);
    EXPECT_EQ(first, 0);
    EXPECT_EQ(second, 1);
}

TEST_F(MsgTest, Msgget_MissingKeyWithoutIpcCreat_IsEnoent)
{
    // msgget(2) ENOENT: "No message queue exists for key and msgflg did not
    // specify IPC_CREAT."
    EXPECT_EQ(msgget(kKey, 0600), -ENOENT);
}

TEST_F(MsgTest, Msgget_ExistingKeyWithIpcCreatAndExcl_IsEexist)
{
    // msgget(2) EEXIST: "IPC_CREAT and IPC_EXCL were specified in msgflg,
    // but a message queue already exists for key."
    const i64 id = msgget(kKey, IPC_CREAT | 0600);
    ASSERT_GE(id, 0);
    EXPECT_EQ(msgget(kKey, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
    EXPECT_EQ(msgget(kKey, IPC_CREAT | 0600), id);
    EXPECT_EQ(msgget(kKey, 0), id);
}

TEST_F(MsgTest, Msgget_ModeNotGranted_IsEacces)
{
    // msgget(2) EACCES: "A message queue exists for key, but the calling
    // process does not have permission to access the queue". The mode the
    // caller passes is what it asks for; 0 asks for nothing.
    const i64 id = msgget(kKey, IPC_CREAT | 0600);
    become_user(1000);
    EXPECT_EQ(msgget(kKey, 0600), -EACCES);
    EXPECT_EQ(msgget(kKey, 0400), -EACCES);
    EXPECT_EQ(msgget(kKey, 0), id);
}

TEST_F(MsgTest, Msgget_CapIpcOwner_OverridesTheMode)
{
    // ipcperms: CAP_IPC_OWNER in the namespace's owner grants any access.
    const i64 id = msgget(kKey, IPC_CREAT | 0600);
    proc::CapabilitySet owner;
    owner.add(CAP_IPC_OWNER);
    become_user(1000, owner);
    EXPECT_EQ(msgget(kKey, 0666), id);
}

// --- msgsnd and msgrcv -------------------------------------------------------

TEST_F(MsgTest, Msgsnd_TypeBelowOne_IsEinval)
{
    // msgsnd(2) EINVAL: "mtype was less than 1".
    const i64 id = msgget(IPC_PRIVATE, 0600);
    EXPECT_EQ(send(id, 0, "x"), -EINVAL);
    EXPECT_EQ(send(id, -5, "x"), -EINVAL);
    EXPECT_EQ(stat(id).msg_qnum, 0U);
}

TEST_F(MsgTest, Msgsnd_SizeAboveMsgmax_IsEinval)
{
    // msgsnd(2) EINVAL: "msgsz was less than 0 or greater than the system
    // value MSGMAX".
    const i64 id = msgget(IPC_PRIVATE, 0600);
    write_message(kBuffer, 1, "x");
    EXPECT_EQ(call(__NR_msgsnd, static_cast<u64>(id), kBuffer, MSGMAX + 1, 0), -EINVAL);
    EXPECT_EQ(call(__NR_msgsnd, static_cast<u64>(id), kBuffer, ~u64 { 0 }, 0), -EINVAL);
}

TEST_F(MsgTest, Msgsnd_TypeUnreadable_IsEfaultBeforeEverythingElse)
{
    // sys_msgsnd reads mtype first: EFAULT even for a bad id.
    EXPECT_EQ(call(__NR_msgsnd, static_cast<u64>(-1), kUnmapped, 1, 0), -EFAULT);
}

TEST_F(MsgTest, Msgsnd_RemovedId_IsEinval)
{
    // svipc(7): a removed identifier is invalid (ipc_checkid).
    const i64 id = msgget(IPC_PRIVATE, 0600);
    EXPECT_EQ(msgctl(id, IPC_RMID), 0);
    EXPECT_EQ(send(id, 1, "x"), -EINVAL);
    EXPECT_EQ(msgctl(id, IPC_RMID), -EINVAL);
}

TEST_F(MsgTest, Msgrcv_ByType)
{
    // msgrcv(2): msgtyp 0 reads the first message, > 0 the first of that
    // type (or, with MSG_EXCEPT, of another), < 0 the first of the lowest
    // type not above |msgtyp|.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    ASSERT_EQ(send(id, 3, "three"), 0);
    ASSERT_EQ(send(id, 1, "one"), 0);
    ASSERT_EQ(send(id, 2, "two"), 0);
    ASSERT_EQ(send(id, 1, "uno"), 0);
    EXPECT_EQ(receive(id, 64, 2), 3);
    EXPECT_EQ(read_message(3), (std::pair<i64, std::string> { 2, "two" }));
    EXPECT_EQ(receive(id, 64, -3), 3);
    EXPECT_EQ(read_message(3), (std::pair<i64, std::string> { 1, "one" }));
    EXPECT_EQ(receive(id, 64, 1, MSG_EXCEPT), 5);
    EXPECT_EQ(read_message(5), (std::pair<i64, std::string> { 3, "three" }));
    EXPECT_EQ(receive(id, 64, 0), 3);
    EXPECT_EQ(read_message(3), (std::pair<i64, std::string> { 1, "uno" }));
}

TEST_F(MsgTest, Msgrcv_NoMessageWithIpcNowait_IsEnomsg)
{
    // msgrcv(2) ENOMSG: "IPC_NOWAIT was specified in msgflg and no message
    // of the requested type existed on the message queue."
    const i64 id = msgget(IPC_PRIVATE, 0600);
    ASSERT_EQ(send(id, 1, "x"), 0);
    EXPECT_EQ(receive(id, 64, 2, IPC_NOWAIT), -ENOMSG);
}

TEST_F(MsgTest, Msgrcv_TooSmall_IsE2bigAndTheMessageStays)
{
    // msgrcv(2) E2BIG: "The message text length is greater than msgsz and
    // MSG_NOERROR isn't specified"; with MSG_NOERROR it is truncated.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    ASSERT_EQ(send(id, 1, "hello"), 0);
    EXPECT_EQ(receive(id, 2, 0, IPC_NOWAIT), -E2BIG);
    EXPECT_EQ(stat(id).msg_qnum, 1U);
    EXPECT_EQ(receive(id, 2, 0, IPC_NOWAIT | MSG_NOERROR), 2);
    EXPECT_EQ(read_message(2).second, "he");
    EXPECT_EQ(stat(id).msg_qnum, 0U);
}

TEST_F(MsgTest, Msgrcv_MsgCopy_NeedsIpcNowaitAndLeavesTheQueue)
{
    // msgrcv(2) MSG_COPY: "a nondestructive fetch of a copy of the message
    // at the ordinal position ... msgtyp"; EINVAL without IPC_NOWAIT or
    // with MSG_EXCEPT.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    ASSERT_EQ(send(id, 4, "a"), 0);
    ASSERT_EQ(send(id, 5, "bb"), 0);
    EXPECT_EQ(receive(id, 64, 0, MSG_COPY), -EINVAL);
    EXPECT_EQ(receive(id, 64, 0, MSG_COPY | IPC_NOWAIT | MSG_EXCEPT), -EINVAL);
    EXPECT_EQ(receive(id, 64, 1, MSG_COPY | IPC_NOWAIT), 2);
    EXPECT_EQ(read_message(2), (std::pair<i64, std::string> { 5, "bb" }));
    EXPECT_EQ(receive(id, 64, 2, MSG_COPY | IPC_NOWAIT), -ENOMSG);
    EXPECT_EQ(stat(id).msg_qnum, 2U);
}

TEST_F(MsgTest, Msgsnd_QueueFullWithIpcNowait_IsEagain)
{
    // msgsnd(2) EAGAIN: "The message can't be sent due to the msg_qbytes
    // limit for the queue and IPC_NOWAIT was specified in msgflg."
    const i64 id = msgget(IPC_PRIVATE, 0600);
    msqid64_ds in = stat(id);
    in.msg_qbytes = 10;
    write_stat(in);
    ASSERT_EQ(msgctl(id, IPC_SET), 0);
    EXPECT_EQ(send(id, 1, "12345678", IPC_NOWAIT), 0);
    EXPECT_EQ(send(id, 1, "12345678", IPC_NOWAIT), -EAGAIN);
    EXPECT_EQ(send(id, 1, "12", IPC_NOWAIT), 0);
    const msqid64_ds after = stat(id);
    EXPECT_EQ(after.msg_qnum, 2U);
    EXPECT_EQ(after.msg_cbytes, 10U);
}

TEST_F(MsgTest, Msgrcv_Blocked_TakesTheMessageASenderSends)
{
    // pipelined_send: a receiver waiting for the type gets the message at
    // once; it never enters the queue, and msg_lrpid is the receiver's.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    proc::Thread* receiver = spawn_thread();
    i64 sent = -1;
    while_asleep([&] { sent = send(id, 7, "seven", 0); });
    EXPECT_EQ(receive_as(*receiver, id, 64, 7, 0, kOtherBuffer), 5);
    EXPECT_EQ(sent, 0);
    EXPECT_EQ(read_message(5, kOtherBuffer), (std::pair<i64, std::string> { 7, "seven" }));
    EXPECT_EQ(stat(id).msg_qnum, 0U);
}

TEST_F(MsgTest, Msgrcv_BlockedWithSmallBuffer_GetsE2bigWhenTheMessageComes)
{
    // pipelined_send: "if (unlikely(msr->r_maxsize < msg->m_ts))" the
    // receiver is woken with E2BIG and the message is queued.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    proc::Thread* receiver = spawn_thread();
    while_asleep([&] { EXPECT_EQ(send(id, 1, "long text", 0), 0); });
    EXPECT_EQ(receive_as(*receiver, id, 2, 0, 0, kOtherBuffer), -E2BIG);
    EXPECT_EQ(stat(id).msg_qnum, 1U);
}

TEST_F(MsgTest, Msgrcv_BlockedAndSignalled_IsErestartnohand)
{
    // do_msgrcv returns -ERESTARTNOHAND: EINTR to a handler even with
    // SA_RESTART (signal(7)), restarted when no handler runs.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    proc::Thread* receiver = spawn_thread();
    while_asleep([&] { send_signal_to(*receiver, SIGUSR1); });
    EXPECT_EQ(receive_as(*receiver, id, 64, 0, 0, kOtherBuffer), -ERESTARTNOHAND);
    EXPECT_EQ(stat(id).msg_qnum, 0U);
}

TEST_F(MsgTest, Msgrcv_BlockedAndQueueRemoved_IsEidrm)
{
    // msgrcv(2) EIDRM: "While the process was sleeping to receive a
    // message, the message queue was removed."
    const i64 id = msgget(IPC_PRIVATE, 0600);
    proc::Thread* receiver = spawn_thread();
    while_asleep([&] { EXPECT_EQ(msgctl(id, IPC_RMID), 0); });
    EXPECT_EQ(receive_as(*receiver, id, 64, 0, 0, kOtherBuffer), -EIDRM);
}

TEST_F(MsgTest, Msgsnd_BlockedOnAFullQueue_GoesOnWhenRoomIsMade)
{
    // msgsnd(2): "If insufficient space is available in the queue, then
    // the default behavior of msgsnd() is to block until space becomes
    // available."
    const i64 id = msgget(IPC_PRIVATE, 0600);
    msqid64_ds in = stat(id);
    in.msg_qbytes = 4;
    write_stat(in);
    ASSERT_EQ(msgctl(id, IPC_SET), 0);
    ASSERT_EQ(send(id, 1, "full"), 0);
    proc::Thread* sender = spawn_thread();
    while_asleep([&] { EXPECT_EQ(receive(id, 64, 0), 4); });
    EXPECT_EQ(send_as(*sender, id, 2, "more", 0, kOtherBuffer), 0);
    EXPECT_EQ(stat(id).msg_qnum, 1U);
}

TEST_F(MsgTest, Msgsnd_BlockedAndQueueRemoved_IsEidrm)
{
    // msgsnd(2) EIDRM: "The message queue was removed."
    const i64 id = msgget(IPC_PRIVATE, 0600);
    msqid64_ds in = stat(id);
    in.msg_qbytes = 4;
    write_stat(in);
    ASSERT_EQ(msgctl(id, IPC_SET), 0);
    ASSERT_EQ(send(id, 1, "full"), 0);
    proc::Thread* sender = spawn_thread();
    while_asleep([&] { EXPECT_EQ(msgctl(id, IPC_RMID), 0); });
    EXPECT_EQ(send_as(*sender, id, 2, "more", 0, kOtherBuffer), -EIDRM);
}

// --- msgctl ------------------------------------------------------------------

TEST_F(MsgTest, IpcStat_ReportsTheQueue)
{
    // msgctl(2) IPC_STAT: the msqid_ds, the ids as the caller names them.
    const i64 id = msgget(kKey, IPC_CREAT | 0640);
    ASSERT_EQ(send(id, 1, "abc"), 0);
    const msqid64_ds out = stat(id);
    EXPECT_EQ(out.msg_perm.key, kKey);
    EXPECT_EQ(out.msg_perm.mode, 0640U);
    EXPECT_EQ(out.msg_perm.uid, 0U);
    EXPECT_EQ(out.msg_qnum, 1U);
    EXPECT_EQ(out.msg_cbytes, 3U);
    EXPECT_EQ(out.msg_qbytes, static_cast<u64>(MSGMNB));
    EXPECT_EQ(static_cast<u64>(out.msg_lspid), tgid_of(caller()));
    EXPECT_EQ(out.msg_lrpid, 0);
}

TEST_F(MsgTest, IpcStat_WithoutReadPermission_IsEacces)
{
    // msgctl(2) EACCES: "The argument cmd is equal to IPC_STAT or MSG_STAT,
    // but the calling process does not have read permission"; MSG_STAT_ANY
    // does not check it.
    const i64 id = msgget(kKey, IPC_CREAT | 0600);
    become_user(1000);
    EXPECT_EQ(msgctl(id, IPC_STAT), -EACCES);
    EXPECT_EQ(msgctl(0, MSG_STAT), -EACCES);
    EXPECT_EQ(msgctl(0, MSG_STAT_ANY), id);
}

TEST_F(MsgTest, IpcSetAndRmid_ByAStranger_AreEperm)
{
    // msgctl(2) EPERM: IPC_SET or IPC_RMID by a process that is neither the
    // owner nor the creator and lacks CAP_SYS_ADMIN.
    const i64 id = msgget(kKey, IPC_CREAT | 0666);
    write_stat(msqid64_ds {});
    become_user(1000);
    EXPECT_EQ(msgctl(id, IPC_SET), -EPERM);
    EXPECT_EQ(msgctl(id, IPC_RMID), -EPERM);
}

TEST_F(MsgTest, IpcSet_QbytesAboveMsgmnbWithoutCapSysResource_IsEperm)
{
    // msgctl(2) EPERM: "an attempt was made to increase the value of
    // msg_qbytes beyond the system parameter MSGMNB, but the caller is not
    // privileged (Linux: does not have the CAP_SYS_RESOURCE capability)."
    become_user(1000);
    const i64 id = msgget(IPC_PRIVATE, 0600);
    msqid64_ds in = stat(id);
    in.msg_qbytes = MSGMNB + 1;
    write_stat(in);
    EXPECT_EQ(msgctl(id, IPC_SET), -EPERM);
    in.msg_qbytes = 100;
    in.msg_perm.mode = 0400;
    write_stat(in);
    EXPECT_EQ(msgctl(id, IPC_SET), 0);
    EXPECT_EQ(stat(id).msg_perm.mode, 0400U);
    // The owner keeps its control but loses the write bit.
    EXPECT_EQ(send(id, 1, "x", IPC_NOWAIT), -EACCES);
}

TEST_F(MsgTest, UnknownCommand_IsEinval)
{
    // msgctl(2) EINVAL: "Invalid value for cmd or msqid"; x86_64 has no
    // IPC_64 bit to strip.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    EXPECT_EQ(msgctl(id, 99), -EINVAL);
    EXPECT_EQ(msgctl(id, IPC_STAT | 0x100), -EINVAL);
    EXPECT_EQ(msgctl(-1, IPC_STAT), -EINVAL);
}

TEST_F(MsgTest, MsgInfo_CountsQueuesAndMessages)
{
    // msgctl(2) MSG_INFO: msgpool the queues, msgmap the messages, msgtql
    // the bytes; the return value is the highest index in use.
    const i64 id = msgget(IPC_PRIVATE, 0600);
    msgget(IPC_PRIVATE, 0600);
    ASSERT_EQ(send(id, 1, "abc"), 0);
    EXPECT_EQ(msgctl(0, MSG_INFO), 1);
    msginfo info {};
    ASSERT_TRUE(caller_space().backing().copy_from_user(&info, UserAddress(kStat), sizeof(info)).has_value());
    EXPECT_EQ(info.msgpool, 2);
    EXPECT_EQ(info.msgmap, 1);
    EXPECT_EQ(info.msgtql, 3);
    EXPECT_EQ(info.msgmax, MSGMAX);
    EXPECT_EQ(info.msgmnb, MSGMNB);
    EXPECT_EQ(info.msgmni, MSGMNI);
}

// --- namespaces --------------------------------------------------------------

TEST_F(MsgTest, NewIpcNamespace_StartsEmpty)
{
    // ipc_namespaces(7): each IPC namespace has its own System V objects.
    const i64 id = msgget(kKey, IPC_CREAT | 0600);
    ASSERT_EQ(call(__NR_unshare, CLONE_NEWIPC), 0);
    EXPECT_EQ(msgget(kKey, 0), -ENOENT);
    EXPECT_EQ(msgctl(id, IPC_STAT), -EINVAL);
    EXPECT_EQ(msgget(kKey, IPC_CREAT | 0600), 0);
}

} // namespace
} // namespace sirius::testing
