#pragma once

// The kernel command line, as Linux reads its own (Documentation/admin-guide/
// kernel-parameters.txt): words separated by spaces, `name=value` or a bare
// `name`. Sirius knows:
//   init=PATH         the first program (default /init)
//   loglevel=N        console log level, 0-7 (Linux's numbers; default 6)
//   quiet             loglevel=4
//   sirius.strace     log every syscall with its result
//   sirius.selftest   run the kernel's boot self-checks and power off
//   sirius.selftest=fault   fault in the kernel on purpose (the test of
//                     the fault report)
//   sirius.console=plain    init's console is not a terminal: no line
//                     discipline, no job control, reads at end of file (the
//                     differential runner's host side has stdin /dev/null
//                     and stdout a file; the default is the terminal,
//                     core/tty)
// Words it does not know are kept for init's environment or argv, as
// Linux does (run_init_process): `a=b` goes to envp, the rest to argv.
#include "core/base/types.h"

namespace sirius::baremetal {

struct BootOptions {
    static constexpr usize kMaxPath = 256;
    static constexpr usize kMaxInitArguments = 16;

    char init_path[kMaxPath] { "/init" };
    u8 log_level { 6 };
    bool syscall_trace { false };
    bool console_is_terminal { true };
    enum class SelfTest : u8 { None,
        Checks,
        Fault };
    SelfTest self_test { SelfTest::None };
    // Pointers into the buffer parse_boot_options was given.
    const char* init_arguments[kMaxInitArguments] {};
    usize init_argument_count { 0 };
    const char* init_environment[kMaxInitArguments] {};
    usize init_environment_count { 0 };
};

// Parses `line` in place (spaces become NULs so the words can be kept).
// Unusable values (a path too long, a bad level) keep the default.
BootOptions parse_boot_options(char* line);

} // namespace sirius::baremetal
