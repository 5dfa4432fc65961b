// <linux/stat.h> comes first: it leaves out the S_IF* constants once a glibc
// header has been seen (the host build's <stdint.h>).
#include <linux/resource.h>
#include <linux/stat.h>

// The rest after it.
#include "core/fs/fd_table.h"
#include "core/fs/permission.h"
#include "core/proc/exec.h"
#include "core/signal/exec_signals.h"

namespace sirius::proc {

namespace {

constexpr u64 kPageSize = 4096;
// Linux's stack_guard_gap-free start: STACK_TOP without randomization is
// TASK_SIZE; the initial stack is the strings' pages plus 128 KiB
// (setup_arg_pages: stack_expand).
constexpr u64 kInitialStackExpansion = u64 { 128 } * 1024;

u64 page_down(u64 address) { return address & ~(kPageSize - 1); }
u64 page_up(u64 address) { return (address + kPageSize - 1) & ~(kPageSize - 1); }


// elf_load and padzero, with anonymous memory standing in for the file
// mapping: the pages of a segment get the file's bytes page for page (so a
// page two segments share reads as the file has it), and with a bss the
// rest of the last file page is cleared.
Result<void> load_segment(mm::MemoryDescriptor& memory, const ElfSegment& segment, u64 bias, const fs::CpioBytes& file)
{
    u64 start = page_down(bias + segment.vaddr);
    u64 end = page_up(bias + segment.vaddr + segment.memsz);
    if (end == start) {
        return {};
    }
    TRY(memory.map_fixed(UserAddress(start), end - start, hal::Protection::ReadWrite, mm::VmaKind::ProgramImage, mm::Backing::Now));
    u64 page_offset = (bias + segment.vaddr) - start;
    u64 file_start = segment.offset - page_offset;
    u64 file_bytes = min(page_up(page_offset + segment.filesz), file.size - file_start);
    file_bytes = min(file_bytes, end - start);
    if (segment.filesz > 0) {
        TRY(memory.address_space().copy_to_user(UserAddress(start), file.data + file_start, file_bytes));
    }
    if (segment.memsz > segment.filesz) {
        u64 zero_start = bias + segment.vaddr + segment.filesz;
        u64 zero_end = min(page_up(zero_start), end);
        static const u8 kZeroes[kPageSize] {};
        if (zero_end > zero_start) {
            TRY(memory.address_space().copy_to_user(UserAddress(zero_start), kZeroes, zero_end - zero_start));
        }
    }
    return {};
}

// PT_GNU_STACK: an executable stack only when the program asks for one.
hal::Protection stack_protection(const ElfImage& image)
{
    return image.gnu_stack == GnuStack::Executable ? hal::Protection::ReadWriteExecute : hal::Protection::ReadWrite;
}

Result<InitialStack> build_stack(Kernel& kernel, Thread& caller, const ElfImage& image, const ExecArguments& arguments, u64 stack_top)
{
    const Credentials& credentials = *caller.credentials;
    const ns::UserNamespace& user_ns = *credentials.user_ns;
    InitialStackRequest request;
    request.stack_top = stack_top;
    request.strings = arguments.strings();
    request.max_strings_bytes = arg_strings_limit(caller.process().limits().get(RLIMIT_STACK).soft);
    const ProgramEnvironment& environment = kernel.program_environment();
    if (environment.random_bytes != nullptr) {
        environment.random_bytes(request.random_bytes, sizeof(request.random_bytes));
    }
    request.auxv.hwcap = environment.hwcap;
    request.auxv.hwcap2 = environment.hwcap2;
    request.auxv.minsigstksz = environment.minsigstksz;
    request.auxv.phdr = image.phdr_address;
    request.auxv.phnum = image.phnum;
    request.auxv.entry = image.entry;
    request.auxv.uid = user_ns.uid_from_kernel_munged(credentials.uid.real);
    request.auxv.euid = user_ns.uid_from_kernel_munged(credentials.uid.effective);
    request.auxv.gid = user_ns.gid_from_kernel_munged(credentials.gid.real);
    request.auxv.egid = user_ns.gid_from_kernel_munged(credentials.gid.effective);
    return build_initial_stack(request);
}

} // namespace

Result<void> check_may_execute(const Kernel&, const fs::Inode& file, const Credentials& credentials)
{
    // do_open_execat: "if (!S_ISREG(file_inode(file)->i_mode)) goto exit"
    // (EACCES), then inode_permission(MAY_EXEC): generic_permission, whose
    // CAP_DAC_OVERRIDE runs a file only if some execute bit is set.
    if (!S_ISREG(file.mode)) {
        return errno_error(EACCES);
    }
    return fs::check_permission(credentials, file, fs::kMayExec);
}

Result<ElfImage> check_program_image(const Kernel& kernel, ElfHeaders&& headers)
{
    if (headers.has_interpreter || headers.type != ElfType::Executable) {
        // Dynamic programs need their interpreter loaded beside them, and an
        // ET_DYN image a load bias: not yet.
        return errno_error(ENOEXEC);
    }
    return check_elf_segments(move(headers), page_down(kernel.mmu().user_address_limit()));
}

Result<LoadedProgram> load_elf_program(Kernel& kernel, Thread& caller, const ElfImage& image, const fs::CpioBytes& file, const ExecArguments& arguments)
{
    const u64 user_limit = page_down(kernel.mmu().user_address_limit());
    RefPtr<hal::AddressSpace> space = TRY(kernel.mmu().create_address_space());
    RefPtr<mm::MemoryDescriptor> memory = TRY(mm::MemoryDescriptor::create(move(space), kernel.mmu(), kernel.scheduler()));
    memory->pick_mmap_layout(caller.process().limits().get(RLIMIT_STACK).soft, false);
    memory->set_dumpable(mm::Dumpable::User);
    // bprm_mm_init's mm_alloc: "mm->user_ns = get_user_ns(current_user_ns())".
    memory->set_user_namespace(caller.credentials->user_ns);
    for (const ElfSegment& segment : image.load_segments) {
        TRY(load_segment(*memory, segment, 0, file));
    }
    // Each segment's own protection once all are written; on a page two
    // segments share the later one's wins, as its mmap replaced the page.
    for (const ElfSegment& segment : image.load_segments) {
        u64 start = page_down(segment.vaddr);
        u64 end = page_up(segment.vaddr + segment.memsz);
        if (end > start) {
            TRY(memory->protect(UserAddress(start), end - start, segment.protection));
        }
    }

    memory->set_program_break(UserAddress(page_up(image.brk_start)));
    memory->set_data_segment(UserAddress(image.start_data), UserAddress(image.end_data));

    const u64 stack_top = user_limit;
    InitialStack stack = TRY(build_stack(kernel, caller, image, arguments, stack_top));
    u64 stack_bottom = page_down(stack.stack_pointer) - kInitialStackExpansion;
    TRY(memory->create_stack(UserAddress(stack_top), stack_top - stack_bottom, stack_protection(image)));
    TRY(memory->address_space().copy_to_user(UserAddress(stack.stack_pointer), stack.image.begin(), stack.image.size()));
    memory->set_argument_area({ stack.arg_start, stack.arg_end, stack.env_start, stack.env_end });
    return LoadedProgram { move(memory), image.entry, stack.stack_pointer };
}

Result<void> unshare_for_exec(Thread& caller)
{
    if (caller.files && caller.files->ref_count() > 1) {
        caller.files = TRY(caller.files->clone());
    }
    if (caller.signal_actions->ref_count() > 1) {
        caller.signal_actions = TRY(caller.signal_actions->clone());
    }
    return {};
}

void commit_exec(Kernel& kernel, Thread& caller, LoadedProgram&& program, const ExecArguments& arguments)
{
    // exec_mm_release: a vfork parent may run again, and CHILD_CLEARTID is
    // cleared in the memory being left (then forgotten).
    kernel.release_memory(caller);
    caller.memory = move(program.memory);
    // begin_new_exec: "me->flags &= ~(PF_RANDOMIZE | PF_FORKNOEXEC | ...)":
    // the parent's setpgid(2) cannot move it any more (EACCES).
    caller.process().set_forked_without_exec(false);
    signal::reset_signals_for_exec(caller);
    if (caller.files) {
        caller.files->close_on_exec_all();
    }
    // __set_task_comm(me, kbasename(bprm->filename)): at most 15 bytes.
    const ArgString comm = arguments.comm_source();
    usize length = min(comm.length, sizeof(caller.name) - 1);
    fill_bytes(caller.name, 0, sizeof(caller.name));
    copy_bytes(caller.name, comm.bytes, length);
    caller.context->start_program(program.entry, program.stack_pointer);
}

} // namespace sirius::proc
