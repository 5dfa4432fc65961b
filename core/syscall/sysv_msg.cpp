#include "core/syscall/sysv_msg.h"

#include "core/base/user_ptr.h"
#include "core/ipc/msg.h"

namespace sirius::syscall {

namespace {

// struct msgbuf: the type, then the text.
constexpr u64 kTextOffset = sizeof(i64);

Result<i64> msgsnd(SyscallContext& context, int id, u64 buffer, u64 size, int flags)
{
    hal::AddressSpace& memory = memory_of(context);
    // sys_msgsnd: "if (get_user(mtype, &msgp->mtype)) return -EFAULT;"
    const i64 type = TRY(UserPtr<i64>(UserAddress(buffer)).read(memory));
    // do_msgsnd: msgsnd(2) EINVAL "msgsz was less than 0 or greater than
    // the system value MSGMAX", an invalid id, "mtype was less than 1".
    if (size > ipc::kMsgMax || static_cast<i64>(size) < 0 || id < 0) {
        return errno_error(EINVAL);
    }
    if (type < 1) {
        return errno_error(EINVAL);
    }
    // load_msg: the text is copied in before the queue is looked up.
    OwnPtr<ipc::Message> message = TRY(try_make_own<ipc::Message>());
    message->type = type;
    TRY(message->text.try_reserve(size));
    for (u64 i = 0; i < size; ++i) {
        TRY(message->text.try_append(u8 { 0 }));
    }
    if (size > 0) {
        TRY(UserPtr<u8>(UserAddress(buffer + kTextOffset)).read_array(memory, message->text.begin(), size));
    }
    TRY(ipc::message_send(context.kernel, context.current, id, move(message), flags));
    return 0;
}

Result<i64> msgrcv(SyscallContext& context, int id, u64 buffer, u64 size, i64 type, int flags)
{
    OwnPtr<ipc::Message> message = TRY(ipc::message_receive(context.kernel, context.current, id, static_cast<i64>(size), type, flags));
    // do_msg_fill: the type, then as much of the text as fits; a fault
    // here loses the message, as in Linux.
    hal::AddressSpace& memory = memory_of(context);
    TRY(UserPtr<i64>(UserAddress(buffer)).write(memory, message->type));
    const u64 length = size < message->text.size() ? size : message->text.size();
    if (length > 0) {
        TRY(memory.copy_to_user(UserAddress(buffer + kTextOffset), message->text.begin(), length));
    }
    return static_cast<i64>(length);
}

Result<i64> msgctl(SyscallContext& context, int id, int cmd, u64 buffer)
{
    // ksys_msgctl; x86_64 takes no IPC_64 bit in cmd (no ipc_parse_version).
    if (id < 0 || cmd < 0) {
        return errno_error(EINVAL);
    }
    hal::AddressSpace& memory = memory_of(context);
    switch (cmd) {
    case IPC_INFO:
    case MSG_INFO: {
        msginfo info {};
        const int max_index = ipc::message_info(context.current, cmd, info);
        TRY(UserPtr<msginfo>(UserAddress(buffer)).write(memory, info));
        return max_index;
    }
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY: {
        msqid64_ds stat {};
        const int result = TRY(ipc::message_stat(context.current, id, cmd, stat));
        TRY(UserPtr<msqid64_ds>(UserAddress(buffer)).write(memory, stat));
        return result;
    }
    case IPC_SET: {
        const msqid64_ds in = TRY(UserPtr<msqid64_ds>(UserAddress(buffer)).read(memory));
        TRY(ipc::message_set(context.kernel, context.current, id, in));
        return 0;
    }
    case IPC_RMID:
        TRY(ipc::message_remove(context.kernel, context.current, id));
        return 0;
    default:
        return errno_error(EINVAL);
    }
}

} // namespace

i64 sys_msgget(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(ipc::message_get(context.kernel, context.current, static_cast<__kernel_key_t>(args[0]), static_cast<int>(args[1])));
}

i64 sys_msgsnd(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(msgsnd(context, static_cast<int>(args[0]), args[1], args[2], static_cast<int>(args[3])));
}

i64 sys_msgrcv(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(msgrcv(context, static_cast<int>(args[0]), args[1], args[2], static_cast<i64>(args[3]), static_cast<int>(args[4])));
}

i64 sys_msgctl(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(msgctl(context, static_cast<int>(args[0]), static_cast<int>(args[1]), args[2]));
}

} // namespace sirius::syscall
