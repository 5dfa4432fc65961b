#pragma once

// Unpacking the initramfs into the root tmpfs (Linux init/initramfs.c,
// do_name / do_copy / do_symlink): directories, regular files, symlinks,
// device nodes, FIFOs and sockets with their modes, owners and mtimes;
// hard links joined by (ino, dev) within one archive (maybe_link). As in
// Linux, an entry that cannot be created (a missing parent directory, a
// name that is not valid) is skipped; an existing name of another type is
// removed first (clean_path), one of the same type is reused.
#include "core/fs/cpio_archive.h"
#include "core/fs/vfs.h"

namespace sirius::fs {

struct UnpackReport {
    usize created { 0 };
    usize skipped { 0 };
};

// Errors: the archive's (EINVAL, EOPNOTSUPP) - what was unpacked before
// stays - and ENOMEM.
Result<UnpackReport> unpack_initramfs(const VfsCaller& caller, CpioBytes archive);

} // namespace sirius::fs
