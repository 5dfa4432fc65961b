#pragma once

// Open cgroup2 directories for the CLONE_INTO_CGROUP tests and fuzzers:
// the hierarchy mounted at /cgroup (once), a child cgroup made there, as
// root, through the VFS (so the fd is what openat(2) would give).
#include "core/proc/kernel.h"

namespace sirius::host {

// The cgroup at /cgroup/`name` ("" for the root), made if missing, opened
// O_RDONLY | O_DIRECTORY. Errors: those of mount, mkdir and open.
Result<RefPtr<fs::File>> open_cgroup_directory(proc::Kernel& kernel, const char* name);

// rmdir /cgroup/`name`. Errors: those of rmdir (EBUSY...).
Result<void> remove_cgroup_directory(proc::Kernel& kernel, const char* name);

} // namespace sirius::host
