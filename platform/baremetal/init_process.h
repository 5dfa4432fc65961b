#pragma once

// Starts pid 1: the program at the init= path (default /init) of the
// initramfs, loaded as a static ELF with Linux's initial stack, argv and
// envp (run_init_process: argv[0] the path, then the unknown boot words;
// envp HOME=/ and TERM=linux, then the unknown name=value words).
//
// Until the VFS exists (the files issue), the program is read straight from
// the cpio archive: a regular file, or a symbolic link to one inside it.
#include "core/proc/kernel.h"
#include "platform/baremetal/boot_info.h"
#include "platform/baremetal/boot_options.h"

namespace sirius::baremetal {

// Errors: ENOENT (no such file in the archive, or no archive), ENOEXEC (not
// a static x86_64 ELF; a dynamic one needs the files issue's interpreter
// loading), EINVAL/EOPNOTSUPP (a broken or compressed archive), ENOMEM.
Result<proc::Thread*> start_init(proc::Kernel& kernel, PhysicalRange initrd, const BootOptions& options);

} // namespace sirius::baremetal
