#include "core/syscall/execve.h"

#include <asm/signal.h>
#include <linux/resource.h>

#include "core/proc/exec.h"
#include "core/proc/program_file.h"
#include "core/signal/send_signal.h"

namespace sirius::syscall {

namespace {

// do_execveat_common's order: the name (getname), the file (do_open_execat:
// ENOENT, ENOTDIR, ELOOP, EACCES), the argument lists (EFAULT, E2BIG), then
// the binary handlers (ENOEXEC).
Result<i64> execve(SyscallContext& context, UserAddress path, UserAddress argv, UserAddress envp)
{
    proc::Kernel& kernel = context.kernel;
    proc::Thread& caller = context.current;
    hal::AddressSpace& memory = memory_of(context);
    proc::ExecArguments arguments;
    TRY(arguments.copy_filename(memory, path));
    const proc::ArgString& name = arguments.filename();
    proc::ProgramFile program_file;
    TRY(program_file.open(kernel, caller, name.bytes, name.length));
    const fs::CpioBytes file = program_file.bytes();
    const u64 stack_limit = caller.process().limits().get(RLIMIT_STACK).soft;
    TRY(arguments.copy_arguments(memory, argv, envp, proc::arg_strings_limit(stack_limit)));
    if (caller.process().live_thread_count() > 1) {
        // de_thread (killing the other threads, a non-leader taking over the
        // leader's pid) comes with the files issue's exec work.
        return errno_error(ENOSYS);
    }
    TRY(proc::unshare_for_exec(caller));
    // "#!" scripts (binfmt_script) come with the files issue: until then a
    // script is not a format exec knows.
    proc::ElfHeaders headers = TRY(proc::read_elf_headers(file.data, file.size));
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
    proc::commit_exec(kernel, caller, move(program), arguments);
    return 0;
}

} // namespace

i64 sys_execve(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(execve(context, UserAddress(args[0]), UserAddress(args[1]), UserAddress(args[2])));
}

} // namespace sirius::syscall
