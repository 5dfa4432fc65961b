#pragma once

// execve's two halves (fs/exec.c, fs/binfmt_elf.c): building the new program's
// memory from a static ELF64 image, and the point of no return where the
// calling thread gives up its old program for it (begin_new_exec).
#include "core/fs/cpio_archive.h"
#include "core/fs/inode.h"
#include "core/proc/elf_image.h"
#include "core/proc/exec_arguments.h"
#include "core/proc/kernel.h"

namespace sirius::proc {

// A new program, built and not yet running.
struct LoadedProgram {
    RefPtr<mm::MemoryDescriptor> memory;
    u64 entry { 0 };
    u64 stack_pointer { 0 };
};

// Linux do_open_execat's checks on the file found: a regular file (EACCES
// otherwise, directories included) the caller may execute by the mode bits
// (EACCES): owner, group or other bits by the caller's fsuid and groups;
// CAP_DAC_OVERRIDE lets it run a file only if some execute bit is set.
Result<void> check_may_execute(const Kernel& kernel, const fs::Inode& file, const Credentials& credentials);

// load_elf_binary's checks of the program headers read by read_elf_headers:
// ENOEXEC for a program that needs an interpreter or a load bias (dynamic and
// static-pie programs come later); the stage-2 errors of check_elf_segments,
// which Linux meets after the point of no return and answers with SIGSEGV
// (the caller must too).
Result<ElfImage> check_program_image(const Kernel& kernel, ElfHeaders&& headers);

// load_elf_binary's building: a fresh address space with the PT_LOAD
// segments of `image`, the break after them and the stack with argv, envp
// and auxv. Errors: E2BIG, EFAULT, ENOMEM.
Result<LoadedProgram> load_elf_program(Kernel& kernel, Thread& caller, const ElfImage& image, const fs::CpioBytes& file, const ExecArguments& arguments);

// What exec makes private before it starts (unshare_files in bprm_execve,
// unshare_sighand in de_thread): a descriptor table or signal actions still
// shared by CLONE_FILES or CLONE_SIGHAND are copied, so that closing
// close-on-exec descriptors and resetting handlers touch only the caller.
// Errors: ENOMEM (what was unshared stays unshared, as on Linux).
Result<void> unshare_for_exec(Thread& caller);

// The point of no return (begin_new_exec, setup_new_exec, start_thread):
// the caller runs `program` from now on. A vfork parent is released, the old
// memory dropped (its CHILD_CLEARTID cleared as mm_release does), the
// process no longer counts as forked without exec (setpgid's EACCES), caught
// signals reset, close-on-exec descriptors closed, the name set from the
// file name, and the registers set to the new entry and stack.
// Preconditions: the caller is the only thread of its process.
void commit_exec(Kernel& kernel, Thread& caller, LoadedProgram&& program, const ExecArguments& arguments);

} // namespace sirius::proc
