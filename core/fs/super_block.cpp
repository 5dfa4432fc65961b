#include <linux/limits.h>

#include "core/fs/super_block.h"

#include "core/fs/dentry.h"

namespace sirius::fs {

SuperBlock::~SuperBlock() = default;

void SuperBlock::set_root(RefPtr<Dentry> root)
{
    m_root = move(root);
}

FsStatistics SuperBlock::statistics() const
{
    constexpr u64 kPageSize = 4096;
    return FsStatistics { .type = magic(), .block_size = kPageSize, .name_max = NAME_MAX };
}

void SuperBlock::kill()
{
    if (m_root) {
        m_root->drop_children();
        // The root's inode holds this super block; the root dentry goes
        // with the last reference a mount or a task keeps to it.
        m_root.clear();
    }
}

} // namespace sirius::fs
