#pragma once

// What every namespace has: an identity that user space sees as the inode
// number of /proc/<pid>/ns/<type>, and the user namespace that owns it (the
// one whose capabilities govern it, user_namespaces(7)).
#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"

namespace sirius::ns {

class UserNamespace;

enum class NamespaceType : u8 { Uts, Ipc, Mount, Pid, Net, User, Cgroup, Time };

// Inode numbers of the initial namespaces, as Linux fixes them
// (include/linux/proc_ns.h); later ones are allocated from kFirstDynamicInode.
inline constexpr u32 kInitIpcInode = 0xEFFFFFFFU;
inline constexpr u32 kInitUtsInode = 0xEFFFFFFEU;
inline constexpr u32 kInitUserInode = 0xEFFFFFFDU;
inline constexpr u32 kInitPidInode = 0xEFFFFFFCU;
inline constexpr u32 kInitCgroupInode = 0xEFFFFFFBU;
inline constexpr u32 kInitTimeInode = 0xEFFFFFFAU;
// Linux gives the initial mount and net namespaces dynamic numbers; these are
// the first two it hands out at boot.
inline constexpr u32 kFirstDynamicInode = 0xF0000000U;

// Hands out namespace inode numbers (Linux proc_alloc_inum).
class NamespaceInodeAllocator {
public:
    u32 allocate() { return m_next++; }

private:
    u32 m_next { kFirstDynamicInode };
};

struct NamespaceIdentity {
    u32 inode { 0 };
};

} // namespace sirius::ns
