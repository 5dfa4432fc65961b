#include "core/ipc/msg.h"

#include <linux/capability.h>

#include "core/ipc/ipc_get.h"

namespace sirius::ipc {

namespace {

// INT_MAX: a MSG_NOERROR receiver takes a message of any size.
constexpr u64 kAnySize = 0x7fffffff;
// LONG_MAX and LONG_MIN.
constexpr i64 kLongMax = 0x7fffffffffffffff;
constexpr i64 kLongMin = -kLongMax - 1;

Result<int> create_queue(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int flags)
{
    // newque.
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<MessageQueue> queue = TRY(try_make_ref<MessageQueue>());
    queue->perm.mode = static_cast<u32>(flags) & kModeMask;
    queue->perm.key = key;
    queue->ctime = real_seconds(kernel);
    queue->qbytes = kMsgMnb;
    const proc::Credentials& credentials = *caller.credentials;
    MessageQueue& added = *queue;
    TRY(ns.message_queues.add(move(queue), kMsgMni, credentials.uid.effective, credentials.gid.effective));
    return added.perm.id;
}

// convert_mode: msgtyp and the flags make a search.
SearchMode convert_mode(i64& type, int flags)
{
    if ((flags & MSG_COPY) != 0) {
        return SearchMode::Number;
    }
    if (type == 0) {
        return SearchMode::Any;
    }
    if (type < 0) {
        // "-LONG_MIN is undefined".
        type = type == kLongMin ? kLongMax : -type;
        return SearchMode::LessEqual;
    }
    return (flags & MSG_EXCEPT) != 0 ? SearchMode::NotEqual : SearchMode::Equal;
}

// pipelined_send: the first receiver waiting for a message like this one
// gets it at once; on the way, a receiver whose buffer is too small is
// given E2BIG. True when a receiver took it.
bool pipelined_send(proc::Kernel& kernel, MessageQueue& queue, OwnPtr<Message>& message)
{
    for (MessageReceiver& receiver : queue.receivers) {
        if (!MessageQueue::matches(*message, receiver.type, receiver.mode)) {
            continue;
        }
        receiver.node.unlink();
        receiver.done = true;
        if (receiver.max_size < message->text.size()) {
            receiver.error = E2BIG;
            kernel.scheduler().wake_one(receiver.queue);
            continue;
        }
        queue.lrpid = receiver.tgid;
        queue.rtime = real_seconds(kernel);
        receiver.message = move(message);
        kernel.scheduler().wake_one(receiver.queue);
        return true;
    }
    return false;
}

// expunge_all: every waiting receiver ends with `error` (EIDRM when the
// queue goes, EAGAIN to look again after IPC_SET).
void expunge_receivers(proc::Kernel& kernel, MessageQueue& queue, int error)
{
    for (MessageReceiver& receiver : queue.receivers) {
        receiver.node.unlink();
        receiver.done = true;
        receiver.error = error;
        kernel.scheduler().wake_one(receiver.queue);
    }
}

// ss_wakeup: the waiting senders there is now room for look again; all
// of them when the queue goes (`kill`).
void wake_senders(proc::Kernel& kernel, MessageQueue& queue, bool kill)
{
    for (MessageSender& sender : queue.senders) {
        if (!kill && !queue.fits(sender.size)) {
            continue;
        }
        sender.node.unlink();
        sender.woken = true;
        kernel.scheduler().wake_one(sender.queue);
    }
}

Result<RefPtr<MessageQueue>> queue_by_id(const proc::Thread& caller, int id)
{
    MessageQueue* queue = TRY(ipc_namespace_of(caller).message_queues.by_id(id));
    return RefPtr<MessageQueue>(queue);
}

void account(ns::IpcNamespace& ns, u64 size, bool add)
{
    ns.message_bytes = add ? ns.message_bytes + size : ns.message_bytes - size;
    ns.message_count = add ? ns.message_count + 1 : ns.message_count - 1;
}

} // namespace

Result<int> message_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int flags)
{
    return ipc_get(
        ipc_namespace_of(caller).message_queues, caller, key, flags, [&] { return create_queue(kernel, caller, key, flags); },
        [](MessageQueue&) -> Result<void> { return {}; });
}

Result<void> message_send(proc::Kernel& kernel, proc::Thread& caller, int id, OwnPtr<Message> message, int flags)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<MessageQueue> queue = TRY(queue_by_id(caller, id));
    const u64 size = message->text.size();
    for (;;) {
        if (!may_access(*caller.credentials, ns.owner(), queue->perm, kWriteAll)) {
            return errno_error(EACCES);
        }
        // "raced with RMID?"
        if (queue->perm.deleted) {
            return errno_error(EIDRM);
        }
        if (queue->fits(size)) {
            break;
        }
        // msgsnd(2) EAGAIN: "the message can't be sent due to the msg_qbytes
        // limit for the queue and IPC_NOWAIT was specified".
        if ((flags & IPC_NOWAIT) != 0) {
            return errno_error(EAGAIN);
        }
        MessageSender sender;
        sender.size = size;
        queue->senders.append(sender);
        (void)kernel.scheduler().wait_until(sender.queue, hal::BlockMode::Interruptible,
            [&] { return sender.woken || caller.has_deliverable_signal(); });
        sender.node.unlink();
        // msgsnd is restarted only when no handler runs (ERESTARTNOHAND):
        // "never restarted ... regardless of SA_RESTART" (signal(7)).
        if (caller.has_deliverable_signal()) {
            return errno_error(ERESTARTNOHAND);
        }
    }
    queue->lspid = caller.process().pid_ref();
    queue->stime = real_seconds(kernel);
    if (!pipelined_send(kernel, *queue, message)) {
        TRY(queue->messages.try_append(move(message)));
        account(ns, size, true);
        queue->cbytes += size;
        ++queue->qnum;
    }
    return {};
}

Result<OwnPtr<Message>> message_receive(proc::Kernel& kernel, proc::Thread& caller, int id, i64 size, i64 type, int flags)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    if (id < 0 || size < 0) {
        return errno_error(EINVAL);
    }
    if ((flags & MSG_COPY) != 0) {
        // "MSG_COPY ... IPC_NOWAIT must be specified", and not MSG_EXCEPT.
        if ((flags & MSG_EXCEPT) != 0 || (flags & IPC_NOWAIT) == 0) {
            return errno_error(EINVAL);
        }
        // prepare_copy: the copy's room is min(bufsz, msgmax).
        size = size < static_cast<i64>(kMsgMax) ? size : static_cast<i64>(kMsgMax);
    }
    const SearchMode mode = convert_mode(type, flags);
    RefPtr<MessageQueue> queue = TRY(queue_by_id(caller, id));
    for (;;) {
        if (!may_access(*caller.credentials, ns.owner(), queue->perm, kReadAll)) {
            return errno_error(EACCES);
        }
        if (queue->perm.deleted) {
            return errno_error(EIDRM);
        }
        const i64 found = queue->find(type, mode);
        if (found >= 0) {
            const auto index = static_cast<usize>(found);
            const u64 length = queue->messages[index]->text.size();
            // msgrcv(2) E2BIG: "The message text length is greater than
            // msgsz and MSG_NOERROR isn't specified in msgflg."
            if (static_cast<u64>(size) < length && (flags & MSG_NOERROR) == 0) {
                return errno_error(E2BIG);
            }
            if ((flags & MSG_COPY) != 0) {
                // copy_msg: a copy, the queue unchanged; "if (dst->m_ts <
                // src->m_ts) return ERR_PTR(-EINVAL)" with MSG_NOERROR.
                if (static_cast<u64>(size) < length) {
                    return errno_error(EINVAL);
                }
                OwnPtr<Message> copy = TRY(try_make_own<Message>());
                copy->type = queue->messages[index]->type;
                copy->text = TRY(queue->messages[index]->text.try_clone());
                return copy;
            }
            OwnPtr<Message> message = move(queue->messages[index]);
            queue->messages.remove(index);
            --queue->qnum;
            queue->rtime = real_seconds(kernel);
            queue->lrpid = caller.process().pid_ref();
            queue->cbytes -= length;
            account(ns, length, false);
            wake_senders(kernel, *queue, false);
            return message;
        }
        // msgrcv(2) ENOMSG: "IPC_NOWAIT was specified in msgflg and no
        // message of the requested type existed on the message queue."
        if ((flags & IPC_NOWAIT) != 0) {
            return errno_error(ENOMSG);
        }
        MessageReceiver receiver;
        receiver.type = type;
        receiver.mode = mode;
        receiver.max_size = (flags & MSG_NOERROR) != 0 ? kAnySize : static_cast<u64>(size);
        receiver.tgid = caller.process().pid_ref();
        queue->receivers.append(receiver);
        (void)kernel.scheduler().wait_until(receiver.queue, hal::BlockMode::Interruptible,
            [&] { return receiver.done || caller.has_deliverable_signal(); });
        receiver.node.unlink();
        if (receiver.done && receiver.error == 0) {
            return move(receiver.message);
        }
        if (receiver.done && receiver.error != EAGAIN) {
            return errno_error(receiver.error);
        }
        if (caller.has_deliverable_signal()) {
            return errno_error(ERESTARTNOHAND);
        }
    }
}

int message_info(proc::Thread& caller, int cmd, msginfo& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = msginfo {};
    out.msgmni = static_cast<int>(kMsgMni);
    out.msgmax = static_cast<int>(kMsgMax);
    out.msgmnb = static_cast<int>(kMsgMnb);
    out.msgssz = MSGSSZ;
    out.msgseg = MSGSEG;
    if (cmd == MSG_INFO) {
        constexpr u64 kIntMax = 0x7fffffff;
        out.msgpool = static_cast<int>(ns.message_queues.in_use());
        out.msgmap = static_cast<int>(ns.message_count < kIntMax ? ns.message_count : kIntMax);
        out.msgtql = static_cast<int>(ns.message_bytes < kIntMax ? ns.message_bytes : kIntMax);
    } else {
        out.msgmap = MSGMAP;
        out.msgpool = MSGPOOL;
        out.msgtql = MSGTQL;
    }
    return highest_index(ns.message_queues);
}

Result<int> message_stat(proc::Thread& caller, int id, int cmd, msqid64_ds& out)
{
    const ns::IpcNamespace& ns = ipc_namespace_of(caller);
    out = msqid64_ds {};
    MessageQueue* queue = TRY(object_to_stat(ns.message_queues, caller, id, cmd, MSG_STAT_ANY));
    const ns::PidNamespace& viewer = caller.active_pid_namespace();
    out.msg_perm = to_user_permission(*caller.credentials, queue->perm);
    out.msg_stime = queue->stime;
    out.msg_rtime = queue->rtime;
    out.msg_ctime = queue->ctime;
    out.msg_cbytes = queue->cbytes;
    out.msg_qnum = queue->qnum;
    out.msg_qbytes = queue->qbytes;
    out.msg_lspid = pid_as_seen(queue->lspid, viewer);
    out.msg_lrpid = pid_as_seen(queue->lrpid, viewer);
    // "MSG_STAT and MSG_STAT_ANY ... Return the full id".
    return cmd == IPC_STAT ? 0 : queue->perm.id;
}

Result<void> message_set(proc::Kernel& kernel, proc::Thread& caller, int id, const msqid64_ds& in)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<MessageQueue> queue = TRY(queue_by_id(caller, id));
    // msgctl(2) EPERM: not the owner or creator, and no CAP_SYS_ADMIN.
    if (!may_control(*caller.credentials, ns.owner(), queue->perm)) {
        return errno_error(EPERM);
    }
    // msgctl(2) EPERM: "an attempt was made to increase the value of
    // msg_qbytes beyond the system parameter MSGMNB, but the caller is not
    // privileged (Linux: does not have the CAP_SYS_RESOURCE capability)".
    if (in.msg_qbytes > kMsgMnb && !capable_in_initial_namespace(*caller.credentials, CAP_SYS_RESOURCE)) {
        return errno_error(EPERM);
    }
    TRY(update_permission(*caller.credentials, in.msg_perm, queue->perm));
    queue->qbytes = in.msg_qbytes;
    queue->ctime = real_seconds(kernel);
    // "Sleeping receivers might be excluded by stricter permissions";
    // "sleeping senders might be able to send due to a larger queue size."
    expunge_receivers(kernel, *queue, EAGAIN);
    wake_senders(kernel, *queue, false);
    return {};
}

Result<void> message_remove(proc::Kernel& kernel, proc::Thread& caller, int id)
{
    ns::IpcNamespace& ns = ipc_namespace_of(caller);
    RefPtr<MessageQueue> queue = TRY(queue_by_id(caller, id));
    if (!may_control(*caller.credentials, ns.owner(), queue->perm)) {
        return errno_error(EPERM);
    }
    // freeque: waiters fail with EIDRM, the messages go.
    expunge_receivers(kernel, *queue, EIDRM);
    wake_senders(kernel, *queue, true);
    ns.message_queues.remove(*queue);
    for (const OwnPtr<Message>& message : queue->messages) {
        account(ns, message->text.size(), false);
    }
    queue->messages.clear();
    return {};
}

} // namespace sirius::ipc
