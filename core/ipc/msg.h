#pragma once

// msgget(2), msgsnd(2), msgrcv(2) and msgctl(2) in the caller's IPC
// namespace (Linux ipc/msg.c). The syscall layer copies the message in
// and out; these take and give whole messages.
#include <linux/msg.h>

#include "core/ipc/message_queue.h"
#include "core/proc/kernel.h"

namespace sirius::ipc {

// ksys_msgget. Errors: ENOENT, EEXIST, EACCES, ENOSPC, ENOMEM.
Result<int> message_get(proc::Kernel& kernel, proc::Thread& caller, __kernel_key_t key, int flags);
// do_msgsnd after load_msg: EINVAL (bad id), EACCES, EIDRM, EAGAIN
// (IPC_NOWAIT and full), ERESTARTNOHAND (a signal while blocked).
Result<void> message_send(proc::Kernel& kernel, proc::Thread& caller, int id, OwnPtr<Message> message, int flags);
// do_msgrcv up to msg_handler: the message taken (or copied, MSG_COPY).
// Errors: EINVAL, EACCES, EIDRM, E2BIG, ENOMSG, ERESTARTNOHAND, ENOMEM.
Result<OwnPtr<Message>> message_receive(proc::Kernel& kernel, proc::Thread& caller, int id, i64 size, i64 type, int flags);
// msgctl_info (IPC_INFO, MSG_INFO): the highest index in use, or 0.
int message_info(proc::Thread& caller, int cmd, msginfo& out);
// msgctl_stat (IPC_STAT, MSG_STAT, MSG_STAT_ANY): 0, or the full id for
// the *_STAT commands. Errors: EINVAL, EACCES.
Result<int> message_stat(proc::Thread& caller, int id, int cmd, msqid64_ds& out);
// msgctl_down. Errors: EINVAL, EPERM.
Result<void> message_set(proc::Kernel& kernel, proc::Thread& caller, int id, const msqid64_ds& in);
Result<void> message_remove(proc::Kernel& kernel, proc::Thread& caller, int id);

} // namespace sirius::ipc
