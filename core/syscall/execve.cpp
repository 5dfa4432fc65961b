#include "core/syscall/execve.h"

#include <asm/signal.h>
#include <linux/fcntl.h>
#include <linux/resource.h>

#include "core/fs/dentry.h"
#include "core/proc/de_thread.h"
#include "core/proc/exec.h"
#include "core/proc/program_file.h"
#include "core/proc/script_interpreters.h"
#include "core/signal/send_signal.h"
#include "core/syscall/path_argument.h"

namespace sirius::syscall {

namespace {

// "/dev/fd/N" or "/dev/fd/N/name" (alloc_bprm's kasprintf).
Result<void> set_fd_filename(proc::ExecArguments& arguments, int fd, const proc::ArgString& name)
{
    Vector<u8> text;
    constexpr char kPrefix[] = "/dev/fd/";
    TRY(text.try_reserve(sizeof(kPrefix) + 11 + 1 + name.length));
    for (usize i = 0; i + 1 < sizeof(kPrefix); ++i) {
        TRY(text.try_append(static_cast<u8>(kPrefix[i])));
    }
    i64 value = fd;
    if (value < 0) {
        TRY(text.try_append(static_cast<u8>('-')));
        value = -value;
    }
    u8 digits[12];
    usize count = 0;
    do {
        digits[count++] = static_cast<u8>('0' + (value % 10));
        value /= 10;
    } while (value != 0);
    while (count > 0) {
        TRY(text.try_append(digits[--count]));
    }
    if (name.length > 0) {
        TRY(text.try_append(static_cast<u8>('/')));
        for (usize i = 0; i < name.length; ++i) {
            TRY(text.try_append(name.bytes[i]));
        }
    }
    return arguments.set_filename(text.begin(), text.size());
}

// do_open_execat: the file execveat names - the fd's own file for an empty
// name with AT_EMPTY_PATH, else the name walked from dirfd, the last symlink
// not followed under AT_SYMLINK_NOFOLLOW (O_NOFOLLOW: ELOOP).
Result<void> open_program(SyscallContext& context, int dirfd, const proc::ArgString& name, u64 flags, proc::ProgramFile& file)
{
    if (name.length == 0 && dirfd != AT_FDCWD) {
        RefPtr<fs::File> holder = TRY(fd_file(context, static_cast<u64>(static_cast<u32>(dirfd))));
        const fs::VfsFile* vfs = fs::as_vfs_file(holder.get());
        if (vfs == nullptr) {
            // A pipe or the console: no regular file (do_open_execat's
            // S_ISREG check).
            return errno_error(EACCES);
        }
        return file.open_found(context.kernel, context.current, vfs->path());
    }
    fs::PathName path;
    TRY(path.copy_from_kernel(name.bytes, name.length, true));
    fs::Path start = TRY(start_path(context, static_cast<u64>(static_cast<i64>(dirfd)), path));
    const bool follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
    fs::Path found = TRY(fs::lookup(vfs_caller(context), start, path, follow));
    if (!follow && found.inode().is_symlink()) {
        return errno_error(ELOOP);
    }
    return file.open_found(context.kernel, context.current, found);
}

// do_execveat_common's order: the name (getname: EFAULT, ENAMETOOLONG,
// ENOENT), the flags (EINVAL), the file (do_open_execat: EBADF, ENOENT,
// ENOTDIR, ELOOP, EACCES), the argument lists (EFAULT, E2BIG), then the
// binary handlers: scripts (binfmt_script: ELOOP, ENOENT, E2BIG, the
// interpreter's open errors) and ELF (ENOEXEC).
Result<i64> execveat(SyscallContext& context, int dirfd, UserAddress path, UserAddress argv, UserAddress envp, u64 flags)
{
    proc::Kernel& kernel = context.kernel;
    proc::Thread& caller = context.current;
    hal::AddressSpace& memory = memory_of(context);
    proc::ExecArguments arguments;
    TRY(arguments.copy_filename(memory, path, (flags & AT_EMPTY_PATH) != 0));
    // do_open_execat: "if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    // != 0) return ERR_PTR(-EINVAL);"
    TRY(check_at_flags(flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
    const proc::ArgString name = arguments.filename();
    proc::ProgramFile program_file;
    TRY(open_program(context, dirfd, name, flags, program_file));
    // alloc_bprm: a name relative to a descriptor becomes "/dev/fd/N[/name]",
    // which the interpreter of a script cannot open once a close-on-exec
    // descriptor is closed (BINPRM_FLAGS_PATH_INACCESSIBLE).
    bool path_inaccessible = false;
    const bool from_fd = dirfd != AT_FDCWD && (name.length == 0 || name.bytes[0] != '/');
    if (from_fd) {
        path_inaccessible = caller.files->close_on_exec(dirfd);
        TRY(set_fd_filename(arguments, dirfd, name));
    }
    const u64 stack_limit = caller.process().limits().get(RLIMIT_STACK).soft;
    const u64 max_strings_bytes = proc::arg_strings_limit(stack_limit);
    TRY(arguments.copy_arguments(memory, argv, envp, max_strings_bytes));
    TRY(proc::resolve_script_interpreters(kernel, caller, program_file, arguments, path_inaccessible, max_strings_bytes));
    if (from_fd && name.length == 0) {
        // begin_new_exec's comm_from_dentry: the file finally run (the
        // last interpreter) names the process, not "/dev/fd/N".
        const fs::Name run = program_file.dentry_name();
        TRY(arguments.set_comm_name(run.data, run.size));
    }
    const fs::CpioBytes file = program_file.bytes();
    proc::ElfHeaders headers = TRY(proc::read_elf_headers(file.data, file.size));
    // begin_new_exec: the point of no return, then de_thread. Its failure
    // means a fatal signal came (or a group exit is under way): the caller
    // dies of it, as bprm_execve's "if (bprm->point_of_no_return &&
    // !fatal_signal_pending(current)) force_fatal_sig(SIGSEGV)".
    if (auto alone = proc::de_thread(kernel, caller); alone.is_error()) {
        if (!caller.has_fatal_signal()) {
            signal::force_signal(kernel, caller, SIGSEGV, true);
        }
        return alone.error();
    }
    TRY(proc::unshare_for_exec(caller));
    auto image = proc::check_program_image(kernel, move(headers));
    if (image.is_error()) {
        if (image.error().code() != ENOEXEC) {
            // A check Linux makes after the point of no return:
            // "force_fatal_sig(SIGSEGV)" (bprm_execve).
            signal::force_signal(kernel, caller, SIGSEGV, true);
        }
        return image.error();
    }
    auto program = TRY(proc::load_elf_program(kernel, caller, image.value(), file, arguments));
    program.memory->set_executable(program_file.path());
    proc::commit_exec(kernel, caller, move(program), arguments);
    return 0;
}

} // namespace

i64 sys_execve(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(execveat(context, AT_FDCWD, UserAddress(args[0]), UserAddress(args[1]), UserAddress(args[2]), 0));
}

i64 sys_execveat(SyscallContext& context, const SyscallArguments& args)
{
    // SYSCALL_DEFINE5(execveat, int, fd, ...): the descriptor is an int.
    return to_syscall_return(execveat(context, static_cast<int>(args[0]), UserAddress(args[1]), UserAddress(args[2]), UserAddress(args[3]), args[4]));
}

} // namespace sirius::syscall
