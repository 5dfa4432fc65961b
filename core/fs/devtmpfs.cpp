// <linux/stat.h> first: the S_IF* constants are left out once a glibc
// header has been seen (the host build's <stdint.h>).
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/devtmpfs.h"

namespace sirius::fs {

namespace {

struct NodeSpec {
    const char* name;
    u32 mode;
    u32 major;
    u32 minor;
};

// The devices Sirius has drivers for (core/fs/memory_devices.h,
// core/tty/terminal_devices.h, the platform's console).
constexpr NodeSpec kNodes[] = {
    { "null", 0666, 1, 3 },
    { "zero", 0666, 1, 5 },
    { "full", 0666, 1, 7 },
    { "random", 0666, 1, 8 },
    { "urandom", 0666, 1, 9 },
    { "tty", 0666, 5, 0 },
    { "console", 0600, 5, 1 },
    { "ttyS0", 0600, 4, 64 },
};

struct LinkSpec {
    const char* name;
    const char* target;
};

constexpr LinkSpec kLinks[] = {
    { "fd", "/proc/self/fd" },
    { "stdin", "/proc/self/fd/0" },
    { "stdout", "/proc/self/fd/1" },
    { "stderr", "/proc/self/fd/2" },
};

usize length_of(const char* text)
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return length;
}

Result<void> add_entry(const RefPtr<Dentry>& root, const char* name, RefPtr<Inode> inode)
{
    const Name entry_name { reinterpret_cast<const u8*>(name), length_of(name) };
    auto dentry = TRY(Dentry::create(root, entry_name, move(inode)));
    return root->add_child(move(dentry));
}

} // namespace

Result<RefPtr<RamfsSuperBlock>> create_devtmpfs(u64 device, Timestamp now)
{
    // devtmpfs_setup: "mount -t tmpfs -o mode=0755".
    RamfsOptions options;
    options.mode = 0755;
    auto super_block = TRY(RamfsSuperBlock::create(device, RamfsType::Devtmpfs, options, now));
    const RefPtr<Dentry>& root = super_block->root();
    for (const NodeSpec& node : kNodes) {
        auto inode = TRY(super_block->create_inode(S_IFCHR | node.mode, 0, 0, encode_device(node.major, node.minor), now));
        inode->nlink = 1;
        TRY(add_entry(root, node.name, move(inode)));
    }
    for (const LinkSpec& link : kLinks) {
        auto inode = TRY(super_block->create_inode(S_IFLNK | 0777, 0, 0, 0, now));
        inode->nlink = 1;
        const usize length = length_of(link.target);
        TRY(static_cast<RamfsInode&>(*inode).set_link_target(reinterpret_cast<const u8*>(link.target), length));
        inode->size = length;
        TRY(add_entry(root, link.name, move(inode)));
    }
    return super_block;
}

} // namespace sirius::fs
