// <linux/stat.h> comes first: it leaves out the S_IF* constants once a glibc
// header has been seen (the host build's <stdint.h>).
#include <linux/stat.h>

// The rest after it.
#include "core/fs/dentry.h"
#include "core/fs/inode.h"
#include "core/fs/pipe.h"
#include "core/fs/super_block.h"

namespace sirius::fs {

Inode::Inode(SuperBlock& super_block, u64 ino)
    : m_super_block(&super_block)
    , m_ino(ino)
{
}

Inode::~Inode() = default;

bool Inode::is_directory() const { return S_ISDIR(mode); }
bool Inode::is_regular() const { return S_ISREG(mode); }
bool Inode::is_symlink() const { return S_ISLNK(mode); }

Result<RefPtr<Dentry>> Inode::lookup(const RefPtr<Dentry>& /*directory*/, const u8* /*name*/, usize /*size*/, const WalkContext& /*context*/)
{
    return RefPtr<Dentry>();
}

} // namespace sirius::fs
