#include "core/tty/terminal_devices.h"

#include <asm-generic/fcntl.h>

#include "core/proc/kernel.h"
#include "core/tty/controlling_terminal.h"
#include "core/tty/terminal.h"
#include "core/tty/terminal_file.h"

namespace sirius::tty {

Result<RefPtr<fs::File>> ControllingTerminalDevice::open(const fs::DeviceOpen& request)
{
    // tty_open_current_tty: "tty = get_current_tty(); if (!tty) return
    // ERR_PTR(-ENXIO);"
    if (request.caller == nullptr) {
        return errno_error(ENXIO);
    }
    Terminal* terminal = request.caller->process().process_group().session().controlling_terminal;
    if (terminal == nullptr) {
        return errno_error(ENXIO);
    }
    RefPtr<TerminalFile> file = TRY(try_make_ref<TerminalFile>(RefPtr<Terminal>(terminal), request.flags));
    return RefPtr<fs::File>(move(file));
}

Result<RefPtr<fs::File>> TerminalDevice::open(const fs::DeviceOpen& request)
{
    RefPtr<TerminalFile> file = TRY(try_make_ref<TerminalFile>(RefPtr<Terminal>(&m_terminal), request.flags));
    // tty_open_proc_set_tty: "if (!noctty && current->signal->leader &&
    // !current->signal->tty && tty->ctrl.session == NULL)" - silently.
    const bool noctty = m_never_controlling || (request.flags & O_NOCTTY) != 0;
    if (!noctty && request.caller != nullptr && m_terminal.session() == nullptr) {
        proc::Session& session = request.caller->process().process_group().session();
        if (&session.pid() == &request.caller->process().pid() && session.controlling_terminal == nullptr) {
            (void)acquire_controlling_terminal(request.kernel, *request.caller, m_terminal, true, 0);
        }
    }
    return RefPtr<fs::File>(move(file));
}

} // namespace sirius::tty
