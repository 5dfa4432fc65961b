#include "platform/baremetal/init_process.h"

#include "arch/x86_64/user_context.h"
#include "core/proc/exec.h"
#include "core/proc/program_file.h"
#include "platform/baremetal/console_device.h"

namespace sirius::baremetal {

namespace {

usize length_of(const char* text)
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return length;
}

proc::ArgString arg(const char* text) { return { reinterpret_cast<const u8*>(text), length_of(text) }; }

// init's argv and envp as Linux's kernel_init gives them: the path, then the
// command line's leftover words; HOME=/ and TERM=linux, then the leftover
// name=value words.
Result<void> init_arguments(proc::ExecArguments& arguments, const BootOptions& options)
{
    proc::ArgString argv[1 + BootOptions::kMaxInitArguments];
    usize argc = 0;
    argv[argc++] = arg(options.init_path);
    for (usize i = 0; i < options.init_argument_count; ++i) {
        argv[argc++] = arg(options.init_arguments[i]);
    }
    proc::ArgString envp[2 + BootOptions::kMaxInitArguments];
    usize envc = 0;
    envp[envc++] = arg("HOME=/");
    envp[envc++] = arg("TERM=linux");
    for (usize i = 0; i < options.init_environment_count; ++i) {
        envp[envc++] = arg(options.init_environment[i]);
    }
    return arguments.copy_from_kernel(arg(options.init_path), argv, argc, envp, envc, proc::arg_strings_limit(8 * 1024 * 1024));
}

} // namespace

Result<proc::Thread*> start_init(proc::Kernel& kernel, const BootOptions& options)
{
    // Linux's run_init_process: kernel_execve of the path, in a process that
    // exists already (pid 1).
    proc::ExecArguments arguments;
    TRY(init_arguments(arguments, options));
    const proc::ArgString& path = arguments.filename();

    RefPtr<hal::AddressSpace> space = TRY(kernel.mmu().create_address_space());
    auto context = TRY(x86_64::X86UserContext::create(0, 0));
    proc::Thread* init = TRY(kernel.create_init(move(space), move(context)));
    // The program is found from init's root, as kernel_execve does.
    proc::ProgramFile file;
    TRY(file.open(kernel, *init, path.bytes, path.length));
    proc::ElfHeaders headers = TRY(proc::read_elf_headers(file.bytes().data, file.bytes().size));
    proc::ElfImage image = TRY(proc::check_program_image(kernel, move(headers)));
    proc::LoadedProgram program = TRY(proc::load_elf_program(kernel, *init, image, file.bytes(), arguments));
    program.memory->set_executable(file.path());
    proc::commit_exec(kernel, *init, move(program), arguments);
    // It has not run yet: the boot CPU runs nothing else until it idles.
    TRY(install_console_descriptors(kernel, *init, options.console_is_terminal));
    return init;
}

} // namespace sirius::baremetal
