#include "core/proc/script_interpreters.h"

#include "core/proc/interpreter_line.h"

namespace sirius::proc {

Result<void> resolve_script_interpreters(Kernel& kernel, const Thread& caller, ProgramFile& file, ExecArguments& arguments, bool path_inaccessible, u64 max_strings_bytes)
{
    for (int depth = 0;; ++depth) {
        if (depth > kMaxInterpreterDepth) {
            return errno_error(ELOOP);
        }
        const fs::CpioBytes bytes = file.bytes();
        auto line = InterpreterLine::parse(bytes.data, bytes.size);
        if (line.is_error()) {
            // Not a script (or one whose line does not parse): the next
            // handler's (binfmt_elf's) to judge.
            return {};
        }
        // load_script: "If the script filename will be inaccessible after
        // exec ... give up now".
        if (path_inaccessible) {
            return errno_error(ENOENT);
        }
        const ArgString name = line.value().name();
        TRY(arguments.splice_interpreter(name, line.value().has_argument(), line.value().argument(), max_strings_bytes));
        // open_exec(i_name): "OK, now restart the process with the
        // interpreter's dentry."
        ProgramFile interpreter;
        TRY(interpreter.open(kernel, caller, name.bytes, name.length));
        file = move(interpreter);
    }
}

} // namespace sirius::proc
