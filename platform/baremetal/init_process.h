#pragma once

// Starts pid 1: the program at the init= path (default /init) of the
// initramfs, loaded as a static ELF with Linux's initial stack, argv and
// envp (run_init_process: argv[0] the path, then the unknown boot words;
// envp HOME=/ and TERM=linux, then the unknown name=value words).
//
// The program is found in the root file system, which the initramfs filled
// (Kernel::unpack_initramfs), from init's root.
#include "core/proc/kernel.h"
#include "platform/baremetal/boot_options.h"

namespace sirius::baremetal {

// Errors: those of the path walk (ENOENT with no initramfs), EACCES,
// ENOEXEC (not a static x86_64 ELF: a dynamic one needs the files issue's
// interpreter loading), the ELF stage-2 errors, ENOMEM.
Result<proc::Thread*> start_init(proc::Kernel& kernel, const BootOptions& options);

} // namespace sirius::baremetal
