#include "platform/baremetal/init_process.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/user_context.h"
#include "core/fs/cpio_archive.h"
#include "core/proc/elf_image.h"
#include "core/proc/initial_stack.h"
#include "platform/baremetal/console_device.h"
#include "platform/baremetal/physical_memory.h"

namespace sirius::baremetal {

namespace {

// Linux's STACK_TOP on x86_64 without randomization (TASK_SIZE - the guard
// page is already out of TASK_SIZE_MAX).
constexpr u64 kStackTop = 0x7ffffffff000;
// Mapped whole at exec until VMAs let the stack grow on demand.
constexpr u64 kStackSize = 256 * 1024;
constexpr usize kMaxSymlinkHops = 8;

struct ArchiveFile {
    const u8* data { nullptr };
    usize size { 0 };
};

usize length_of(const char* text)
{
    usize length = 0;
    while (text[length] != '\0') {
        ++length;
    }
    return length;
}

// Archive names have no leading "/" (or a "./"): compare without them.
bool same_path(const fs::CpioBytes& name, const u8* path, usize length)
{
    const u8* archive = name.data;
    usize archive_length = name.size;
    while (archive_length > 0 && (archive[0] == '/' || (archive[0] == '.' && archive_length > 1 && archive[1] == '/'))) {
        usize skip = archive[0] == '/' ? 1 : 2;
        archive += skip;
        archive_length -= skip;
    }
    while (length > 0 && path[0] == '/') {
        ++path;
        --length;
    }
    return archive_length == length && __builtin_memcmp(archive, path, length) == 0;
}

Result<ArchiveFile> find_in_archive(const u8* archive, usize archive_size, const char* wanted)
{
    u8 path[BootOptions::kMaxPath];
    usize length = length_of(wanted);
    __builtin_memcpy(path, wanted, length);
    for (usize hop = 0; hop <= kMaxSymlinkHops; ++hop) {
        fs::CpioReader reader(archive, archive_size);
        fs::CpioEntry entry;
        bool found = false;
        while (TRY(reader.next(entry))) {
            if (same_path(entry.name, path, length)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return errno_error(ENOENT);
        }
        constexpr u16 kTypeMask = 0170000;
        constexpr u16 kRegular = 0100000;
        constexpr u16 kSymlink = 0120000;
        if ((entry.mode & kTypeMask) == kRegular) {
            return ArchiveFile { entry.data.data, entry.data.size };
        }
        if ((entry.mode & kTypeMask) != kSymlink || entry.data.size == 0 || entry.data.size >= sizeof(path)) {
            return errno_error(EACCES);
        }
        // A relative target is relative to the link's directory.
        usize directory = 0;
        if (entry.data.data[0] != '/') {
            for (usize i = 0; i < length; ++i) {
                if (path[i] == '/') {
                    directory = i + 1;
                }
            }
        }
        if (directory + entry.data.size >= sizeof(path)) {
            return errno_error(ENAMETOOLONG);
        }
        __builtin_memmove(path + directory, entry.data.data, entry.data.size);
        length = directory + entry.data.size;
    }
    return errno_error(ELOOP);
}

Result<void> load_segments(hal::AddressSpace& space, const proc::ElfImage& image, const u8* file)
{
    for (const proc::ElfSegment& segment : image.load_segments) {
        u64 start = round_down_to_page(segment.vaddr);
        u64 end = round_up_to_page(segment.vaddr + segment.memsz);
        // Pages two segments share are mapped once (the first keeps them).
        for (u64 page = start; page < end; page += kPageSize) {
            if (space.translate(UserAddress(page)).is_error()) {
                TRY(space.map(UserAddress(page), kPageSize, hal::Protection::Read | hal::Protection::Write));
            }
        }
        TRY(space.copy_to_user(UserAddress(segment.vaddr), file + segment.offset, segment.filesz));
    }
    for (const proc::ElfSegment& segment : image.load_segments) {
        u64 start = round_down_to_page(segment.vaddr);
        u64 end = round_up_to_page(segment.vaddr + segment.memsz);
        TRY(space.protect(UserAddress(start), end - start, segment.protection));
    }
    return {};
}

proc::ArgString arg(const char* text) { return { reinterpret_cast<const u8*>(text), length_of(text) }; }

Result<u64> build_stack(hal::AddressSpace& space, const proc::ElfImage& image, const BootOptions& options)
{
    TRY(space.map(UserAddress(kStackTop - kStackSize), kStackSize, hal::Protection::Read | hal::Protection::Write));
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

    proc::InitialStackRequest request;
    request.stack_top = kStackTop;
    request.strings = { argv, argc, envp, envc, arg(options.init_path) };
    request.max_strings_bytes = proc::arg_strings_limit(8 * 1024 * 1024);
    // AT_RANDOM: the TSC is what there is before an entropy pool exists.
    for (usize i = 0; i < sizeof(request.random_bytes); i += 8) {
        u64 value = __builtin_ia32_rdtsc() * 0x9e3779b97f4a7c15ULL;
        __builtin_memcpy(request.random_bytes + i, &value, 8);
    }
    request.auxv.hwcap = x86_64::cpuid(1).edx;
    request.auxv.minsigstksz = 2048; // MINSIGSTKSZ: the frame without XSAVE state
    request.auxv.phdr = image.phdr_address;
    request.auxv.phnum = image.phnum;
    request.auxv.entry = image.entry;
    proc::InitialStack stack = TRY(proc::build_initial_stack(request));
    TRY(space.copy_to_user(UserAddress(stack.stack_pointer), stack.image.begin(), stack.image.size()));
    return stack.stack_pointer;
}

} // namespace

Result<proc::Thread*> start_init(proc::Kernel& kernel, PhysicalRange initrd, const BootOptions& options)
{
    if (initrd.end <= initrd.start) {
        return errno_error(ENOENT);
    }
    ArchiveFile file = TRY(find_in_archive(physical_to_virtual<const u8>(initrd.start), initrd.end - initrd.start, options.init_path));
    proc::ElfImage image = TRY(proc::parse_elf_image(file.data, file.size, kernel.mmu().user_address_limit() & ~(kPageSize - 1)));
    if (image.has_interpreter || image.type != proc::ElfType::Executable) {
        // Dynamic and position-independent programs need the interpreter
        // and a load bias: they come with the files issue.
        return errno_error(ENOEXEC);
    }
    RefPtr<hal::AddressSpace> space = TRY(kernel.mmu().create_address_space());
    TRY(load_segments(*space, image, file.data));
    u64 stack_pointer = TRY(build_stack(*space, image, options));
    auto context = TRY(x86_64::X86UserContext::create(image.entry, stack_pointer));
    proc::Thread* init = TRY(kernel.create_init(move(space), move(context)));
    // It has not run yet: the boot CPU runs nothing else until it idles.
    TRY(install_console_descriptors(*init));
    return init;
}

} // namespace sirius::baremetal
