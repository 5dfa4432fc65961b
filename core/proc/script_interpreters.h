#pragma once

// exec_binprm's loop over the binary handlers (fs/exec.c) with binfmt_script
// in it: while the file to run is a "#!" script, the arguments are rewritten
// for its interpreter (ExecArguments::splice_interpreter) and the
// interpreter is opened in its place (open_exec: found from the working
// directory, symlinks followed, check_may_execute). What is left is the
// file for the ELF loader.
#include "core/proc/exec_arguments.h"
#include "core/proc/program_file.h"

namespace sirius::proc {

// exec_binprm: "if (depth > 5) return -ELOOP;" - a script may name a script
// as its interpreter, five deep at most, the sixth file being the program.
inline constexpr int kMaxInterpreterDepth = 5;

// Replaces `file` by the program that runs it, through as many interpreters
// as its "#!" lines name. `path_inaccessible` is BINPRM_FLAGS_PATH_INACCESSIBLE
// (execveat of a close-on-exec fd by "/dev/fd/N"): the interpreter could not
// open the script, so a script is ENOENT. A file that is not a script is
// left for the ELF loader (whose ENOEXEC covers a "#!" line that does not
// parse). Errors: ELOOP, ENOENT, E2BIG, and open_exec's (ENOENT, EACCES,
// ENOTDIR, ELOOP, ENOMEM).
Result<void> resolve_script_interpreters(Kernel& kernel, const Thread& caller, ProgramFile& file, ExecArguments& arguments, bool path_inaccessible, u64 max_strings_bytes);

} // namespace sirius::proc
