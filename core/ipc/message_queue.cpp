#include "core/ipc/message_queue.h"

namespace sirius::ipc {

bool MessageQueue::matches(const Message& message, i64 type, SearchMode mode)
{
    switch (mode) {
    case SearchMode::Any:
    case SearchMode::Number:
        return true;
    case SearchMode::LessEqual:
        return message.type <= type;
    case SearchMode::Equal:
        return message.type == type;
    case SearchMode::NotEqual:
        return message.type != type;
    }
    return false;
}

i64 MessageQueue::find(i64 type, SearchMode mode) const
{
    i64 found = -1;
    i64 count = 0;
    for (usize i = 0; i < messages.size(); ++i) {
        const Message& message = *messages[i];
        if (!matches(message, type, mode)) {
            continue;
        }
        // find_msg: a LessEqual search narrows to types below the best so
        // far; a message of type 1 cannot be beaten.
        if (mode == SearchMode::LessEqual && message.type != 1) {
            type = message.type - 1;
            found = static_cast<i64>(i);
        } else if (mode == SearchMode::Number) {
            if (type == count) {
                return static_cast<i64>(i);
            }
        } else {
            return static_cast<i64>(i);
        }
        ++count;
    }
    return found;
}

} // namespace sirius::ipc
