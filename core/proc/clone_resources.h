#pragma once

// One helper per resource a clone shares or copies, by flag (Linux copy_creds,
// copy_files, copy_fs, copy_sighand, copy_mm, copy_namespaces, copy_thread).
// Each returns the child's reference, or an errno with nothing created.
#include "core/proc/clone_request.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

// CLONE_THREAD shares the caller's credentials; otherwise a copy, and with
// CLONE_NEWUSER a copy in a new user namespace with a full capability set.
// Errors: ENOSPC (user namespace nesting), EPERM (chrooted caller, or its
// ids unmapped in its namespace), ENOMEM.
Result<RefPtr<Credentials>> clone_credentials(Kernel&, const Thread& current, u64 flags);

// CLONE_FILES shares the fd table; otherwise a copy. ENOMEM.
Result<RefPtr<fs::FdTable>> clone_files(const Thread& current, u64 flags);

// CLONE_FS shares umask, root and cwd; otherwise a copy. ENOMEM.
Result<RefPtr<fs::FsContext>> clone_fs(const Thread& current, u64 flags);

// CLONE_SIGHAND shares the signal actions; otherwise a copy, reset by
// CLONE_CLEAR_SIGHAND. ENOMEM.
Result<RefPtr<signal::SignalActions>> clone_sighand(const Thread& current, u64 flags);

// CLONE_VM shares the memory; otherwise a copy-on-write copy. ENOMEM.
Result<RefPtr<mm::MemoryDescriptor>> clone_vm(const Thread& current, u64 flags);

// The child's namespaces. Errors: EPERM (CLONE_NEW* without CAP_SYS_ADMIN
// over `child_credentials`' user namespace), EINVAL (CLONE_NEWIPC with
// CLONE_SYSVSEM; CLONE_NEWPID after unshare(CLONE_NEWPID)), ENOSPC, ENOMEM.
// With CLONE_NEWNS the child's `child_fs` (its own: CLONE_FS is refused
// with CLONE_NEWNS) moves into the copied mount tree.
Result<RefPtr<ns::NsProxy>> clone_namespaces(Kernel&, const Thread& current, u64 flags, const Credentials& child_credentials, fs::FsContext& child_fs);

// The child's registers: the caller's, returning 0, on the requested stack
// and TLS. Errors: EPERM (CLONE_SETTLS outside the user half), ENOMEM.
Result<OwnPtr<hal::UserContext>> clone_user_context(Kernel&, const Thread& current, const CloneRequest& request);

} // namespace sirius::proc
