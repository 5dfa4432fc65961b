#pragma once

// devtmpfs (Linux drivers/base/devtmpfs.c): a tmpfs the kernel fills with a
// node for each device it registers - one instance, shown by every mount of
// type devtmpfs and mounted on /dev at boot. Its nodes are those of the
// devices Sirius has, with the modes their drivers' devnode callbacks give
// (mem.c's 0666 for null, zero, full, random and urandom; tty_devnode's
// 0666 for /dev/tty; 0600 otherwise), plus the links that udev or mdev
// would add in Linux: /dev/fd -> /proc/self/fd and stdin, stdout, stderr
// -> /proc/self/fd/0, 1, 2.
#include "core/fs/ramfs.h"

namespace sirius::fs {

// A devtmpfs instance with its nodes. Errors: ENOMEM.
Result<RefPtr<RamfsSuperBlock>> create_devtmpfs(u64 device, Timestamp now);

} // namespace sirius::fs
