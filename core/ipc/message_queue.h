#pragma once

// A System V message queue (Linux struct msg_queue, ipc/msg.c): the
// messages in arrival order, and the tasks blocked on it - receivers
// waiting for a message of their type, senders waiting for room.
#include "core/base/intrusive_list.h"
#include "core/base/own_ptr.h"
#include "core/hal/wait_queue.h"
#include "core/ipc/id_table.h"
#include "core/proc/pid.h"

namespace sirius::ipc {

// struct msg_msg: a message's type and text.
struct Message : public HeapObject {
    i64 type { 0 };
    Vector<u8> text;
};

// convert_mode's search modes.
enum class SearchMode : u8 {
    Any, // msgtyp == 0: the first message
    Equal, // msgtyp > 0: the first of that type
    NotEqual, // msgtyp > 0 with MSG_EXCEPT: the first of another type
    LessEqual, // msgtyp < 0: the lowest type <= |msgtyp|
    Number, // MSG_COPY: the msgtyp-th message
};

// struct msg_receiver: a msgrcv blocked for a message. A sender hands a
// matching message straight to it (pipelined_send), or an error.
struct MessageReceiver {
    IntrusiveListNode node;
    i64 type { 0 };
    SearchMode mode { SearchMode::Any };
    u64 max_size { 0 };
    RefPtr<proc::Pid> tgid;
    OwnPtr<Message> message;
    int error { 0 }; // E2BIG, EIDRM, or EAGAIN: look again (IPC_SET)
    bool done { false };
    hal::WaitQueue queue;
};

// struct msg_sender: a msgsnd blocked for room.
struct MessageSender {
    IntrusiveListNode node;
    u64 size { 0 };
    bool woken { false };
    hal::WaitQueue queue;
};

class MessageQueue : public RefCounted<MessageQueue> {
public:
    // testmsg: does `message` satisfy a search for `type` in `mode`?
    static bool matches(const Message& message, i64 type, SearchMode mode);
    // find_msg: the index of the message a search picks, or -1. A
    // LessEqual search takes the lowest type, the first of it.
    [[nodiscard]] i64 find(i64 type, SearchMode mode) const;
    // msg_fits_inqueue: room for `size` more bytes and one more message.
    [[nodiscard]] bool fits(u64 size) const { return size + cbytes <= qbytes && 1 + qnum <= qbytes; }

    IpcPermission perm;
    i64 stime { 0 };
    i64 rtime { 0 };
    i64 ctime { 0 };
    u64 cbytes { 0 };
    u64 qnum { 0 };
    u64 qbytes { 0 };
    RefPtr<proc::Pid> lspid;
    RefPtr<proc::Pid> lrpid;
    Vector<OwnPtr<Message>> messages;
    IntrusiveList<MessageReceiver, &MessageReceiver::node> receivers;
    IntrusiveList<MessageSender, &MessageSender::node> senders;
};

} // namespace sirius::ipc
