// Fuzzes path resolution and the calls that change a tmpfs tree: a small
// tree, then a sequence of stat/open/mkdir/mknod/unlink/rmdir/rename/link/
// symlink/chdir/chroot calls with names built from the input (components,
// "."/"..", slashes, long names, symlinks that loop). Invariants: every
// result is a success or an errno the call's man page documents; the tree
// stays consistent after every call (each child's parent is the directory
// holding it, a directory's link count is 2 plus its subdirectories, no
// name appears twice in a directory); nothing leaks (ASan's leak check when
// the machine is shut down).
#include <asm/unistd_64.h>
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <set>
#include <string>

#include "core/fs/dentry.h"
#include "core/fs/fs_context.h"
#include "core/syscall/syscall_table.h"
#include "fuzz/fuzz_check.h"
#include "platform/host/host_machine.h"

namespace {

using namespace sirius;
using sirius::fuzz::check;
using sirius::fuzz::is_documented;

constexpr u64 kPath = host::kUserData;
constexpr u64 kPath2 = host::kUserData + 4096 + 1024;
constexpr u64 kBuffer = host::kUserData + 3 * 4096;

i64 call(host::HostMachine& machine, u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0)
{
    syscall::SyscallContext context { *machine.kernel, *machine.init };
    syscall::SyscallArguments args;
    args.values[0] = a0;
    args.values[1] = a1;
    args.values[2] = a2;
    args.values[3] = a3;
    args.values[4] = a4;
    return syscall::dispatch_syscall(context, number, args);
}

u64 put(host::HostMachine& machine, const std::string& text, u64 at)
{
    (void)machine.init->memory->address_space().copy_to_user(UserAddress(at), text.c_str(), text.size() + 1);
    return at;
}

// A name from the input: components from a small set, so that the walks
// meet each other's files.
std::string make_name(FuzzedDataProvider& data)
{
    static const char* const kParts[] = { "a", "b", "c", "link", "loop", "file", ".", "..", "", "dir" };
    std::string name = data.ConsumeBool() ? "/" : "";
    const int count = data.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < count; ++i) {
        const int pick = data.ConsumeIntegralInRange<int>(0, 11);
        if (pick < 10) {
            name += kParts[pick];
        } else if (pick == 10) {
            name += std::string(data.ConsumeIntegralInRange<int>(250, 260), 'n');
        } else {
            name += data.ConsumeRandomLengthString(8);
        }
        if (i + 1 < count || data.ConsumeBool()) {
            name += "/";
        }
    }
    if (name.size() > 3000) {
        name.resize(3000);
    }
    return name;
}

void check_tree(const fs::Dentry& directory, int depth)
{
    check(depth < 64, "the tree is shallow");
    u32 subdirectories = 0;
    std::set<std::string> names;
    for (u64 offset = 2;;) {
        RefPtr<fs::Dentry> child = directory.child_at_or_after(offset);
        if (!child) {
            break;
        }
        check(child->parent() == &directory, "a child's parent is its directory");
        check(!child->is_unlinked(), "a listed child is linked");
        const fs::Name name = child->name();
        check(names.insert(std::string(reinterpret_cast<const char*>(name.data), name.size)).second, "names are unique");
        if (child->inode_ref().is_directory()) {
            ++subdirectories;
            check_tree(*child, depth + 1);
        }
        offset = child->directory_offset() + 1;
    }
    check(directory.inode_ref().nlink == 2 + subdirectories, "a directory has 2 + subdirectories links");
}

void step(host::HostMachine& machine, FuzzedDataProvider& data)
{
    const int operation = data.ConsumeIntegralInRange<int>(0, 11);
    const std::string name = make_name(data);
    const u64 path = put(machine, name, kPath);
    i64 result = 0;
    switch (operation) {
    case 0:
        result = call(machine, __NR_newfstatat, static_cast<u64>(AT_FDCWD), path, kBuffer, data.ConsumeBool() ? AT_SYMLINK_NOFOLLOW : 0);
        check(is_documented(result, { EACCES, EFAULT, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM }), "stat errno");
        break;
    case 1: {
        const u64 flags = data.ConsumeIntegral<u32>() & (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY | O_NOFOLLOW | O_PATH | O_APPEND);
        result = call(machine, __NR_openat, static_cast<u64>(AT_FDCWD), path, flags, 0644);
        // A FIFO opened for reading or writing alone waits for the other
        // end, which nobody here opens: the deterministic scheduler
        // interrupts the wait (ERESTARTSYS, EINTR to the program).
        check(is_documented(result, { EACCES, EEXIST, EINVAL, EISDIR, ELOOP, EMFILE, ENAMETOOLONG, ENOENT, ENOTDIR, ENXIO, ENOMEM, EOPNOTSUPP, sirius::ERESTARTSYS }), "open errno");
        if (result >= 0) {
            (void)machine.init->files->close(static_cast<int>(result));
        }
        break;
    }
    case 2:
        result = call(machine, __NR_mkdir, path, 0755);
        check(is_documented(result, { EACCES, EEXIST, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM }), "mkdir errno");
        break;
    case 3:
        result = call(machine, __NR_mknod, path, data.ConsumeBool() ? (S_IFIFO | 0644) : (S_IFCHR | 0600), 0x0103);
        check(is_documented(result, { EACCES, EEXIST, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM, EPERM }), "mknod errno");
        break;
    case 4:
        result = call(machine, __NR_unlink, path);
        check(is_documented(result, { EACCES, EBUSY, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM, EPERM }), "unlink errno");
        break;
    case 5:
        result = call(machine, __NR_rmdir, path);
        check(is_documented(result, { EACCES, EBUSY, EINVAL, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, ENOMEM, EPERM }), "rmdir errno");
        break;
    case 6: {
        const u64 other = put(machine, make_name(data), kPath2);
        result = call(machine, __NR_renameat2, static_cast<u64>(AT_FDCWD), path, static_cast<u64>(AT_FDCWD), other, data.ConsumeIntegralInRange<u32>(0, 3));
        check(is_documented(result, { EACCES, EBUSY, EEXIST, EINVAL, EISDIR, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY, ENOMEM, EPERM, EXDEV }), "rename errno");
        break;
    }
    case 7: {
        const u64 other = put(machine, make_name(data), kPath2);
        result = call(machine, __NR_link, path, other);
        check(is_documented(result, { EACCES, EEXIST, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM, EPERM, EXDEV }), "link errno");
        break;
    }
    case 8: {
        const u64 other = put(machine, make_name(data), kPath2);
        result = call(machine, __NR_symlink, path, other);
        check(is_documented(result, { EACCES, EEXIST, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM }), "symlink errno");
        break;
    }
    case 9:
        result = call(machine, __NR_chdir, path);
        check(is_documented(result, { EACCES, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM }), "chdir errno");
        break;
    case 10:
        result = call(machine, __NR_getcwd, kBuffer, data.ConsumeIntegralInRange<u64>(0, 4096));
        check(is_documented(result, { ERANGE, ENOENT, ENAMETOOLONG }), "getcwd errno");
        break;
    default:
        result = call(machine, __NR_readlink, path, kBuffer, data.ConsumeIntegralInRange<u64>(0, 300));
        check(is_documented(result, { EACCES, EINVAL, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, ENOMEM }), "readlink errno");
        break;
    }
    check_tree(*machine.kernel->mounts().root().dentry, 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size)
{
    FuzzedDataProvider data(bytes, size);
    host::HostMachine machine;
    if (!machine.boot()) {
        return 0;
    }
    // The tree every input starts from.
    call(machine, __NR_mkdir, put(machine, "/a", kPath), 0755);
    call(machine, __NR_mkdir, put(machine, "/a/b", kPath), 0755);
    call(machine, __NR_symlink, put(machine, "a/b", kPath), put(machine, "/link", kPath2));
    call(machine, __NR_symlink, put(machine, "loop", kPath), put(machine, "/loop", kPath2));
    for (int i = 0; i < 32 && data.remaining_bytes() > 0; ++i) {
        step(machine, data);
    }
    machine.shut_down();
    return 0;
}
