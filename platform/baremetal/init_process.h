#pragma once

// Starts pid 1: the program at the init= path (default /init) of the
// initramfs, loaded as a static ELF with Linux's initial stack, argv and
// envp (run_init_process: argv[0] the path, then the unknown boot words;
// envp HOME=/ and TERM=linux, then the unknown name=value words).
//
// Until the VFS exists (the files issue), the program is found in the
// kernel's root archive (Kernel::root_archive) by fs::lookup_in_archive.
#include "core/proc/kernel.h"
#include "platform/baremetal/boot_options.h"

namespace sirius::baremetal {

// Errors: those of fs::lookup_in_archive (ENOENT with no archive), EACCES,
// ENOEXEC (not a static x86_64 ELF: a dynamic one needs the files issue's
// interpreter loading), the ELF stage-2 errors, ENOMEM.
Result<proc::Thread*> start_init(proc::Kernel& kernel, const BootOptions& options);

} // namespace sirius::baremetal
