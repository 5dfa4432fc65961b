#include "core/proc/elf_image.h"

#include <asm/param.h>
#include <linux/elf.h>
#include <linux/limits.h>

namespace sirius::proc {

namespace {

static_assert(sizeof(Elf64_Ehdr) == 64);
static_assert(sizeof(Elf64_Phdr) == 56);

// ELF_MIN_ALIGN: ELF_EXEC_PAGESIZE on x86_64, the UAPI's EXEC_PAGESIZE.
constexpr u64 kElfMinAlign = EXEC_PAGESIZE;

// load_elf_phdrs: "if (size == 0 || size > 65536)" for the table in bytes.
// (Linux 6.18 runs 74 headers: the old "size > ELF_MIN_ALIGN" cap is gone.)
constexpr u64 kMaxProgramHeaderBytes = 65536;

// The largest position kernel_read accepts: rw_verify_area refuses one that
// is negative as an loff_t.
constexpr u64 kMaxFilePosition = INT64_MAX;

// Linux does these in unsigned long, which wraps; so do we, on purpose and
// only where Linux does (never to index memory).
constexpr u64 wrapping_add(u64 a, u64 b)
{
    u64 sum = 0;
    (void)__builtin_add_overflow(a, b, &sum);
    return sum;
}
constexpr u64 wrapping_sub(u64 a, u64 b)
{
    u64 difference = 0;
    (void)__builtin_sub_overflow(a, b, &difference);
    return difference;
}

// ELF_PAGESTART, ELF_PAGEOFFSET, ELF_PAGEALIGN.
constexpr u64 page_start(u64 value) { return value & ~(kElfMinAlign - 1); }
constexpr u64 page_offset(u64 value) { return value & (kElfMinAlign - 1); }
constexpr u64 page_align(u64 value) { return page_start(wrapping_add(value, kElfMinAlign - 1)); }

constexpr bool is_power_of_two(u64 value) { return value != 0 && (value & (value - 1)) == 0; }

// [offset, offset + length) lies inside a file of `size` bytes.
bool is_inside_file(u64 offset, u64 length, usize size)
{
    u64 end = 0;
    return checked_add(offset, length, end) && end <= size;
}

hal::Protection protection_of(u32 flags)
{
    // make_prot; arch_elf_adjust_prot is the identity on x86_64.
    hal::Protection protection = hal::Protection::None;
    if ((flags & PF_R) != 0) {
        protection = protection | hal::Protection::Read;
    }
    if ((flags & PF_W) != 0) {
        protection = protection | hal::Protection::Write;
    }
    if ((flags & PF_X) != 0) {
        protection = protection | hal::Protection::Execute;
    }
    return protection;
}

bool is_executable(const ElfSegment& segment)
{
    return (static_cast<u32>(segment.protection) & static_cast<u32>(hal::Protection::Execute)) != 0;
}

Elf64_Phdr program_header(const u8* file, u64 phoff, usize index)
{
    // The table was checked to lie inside the file; copied because the file
    // need not be aligned for Elf64_Phdr.
    Elf64_Phdr header {};
    copy_bytes(&header, file + phoff + index * sizeof(Elf64_Phdr), sizeof(header));
    return header;
}

// The PT_INTERP checks of load_elf_binary's first program header loop.
Result<void> read_interpreter(ElfHeaders& headers, const u8* file, usize size, const Elf64_Phdr& interp)
{
    // "if (elf_ppnt->p_filesz > PATH_MAX || elf_ppnt->p_filesz < 2)": ENOEXEC.
    if (interp.p_filesz > PATH_MAX || interp.p_filesz < 2) {
        return errno_error(ENOEXEC);
    }
    // elf_read: kernel_read's rw_verify_area refuses a position that is, or
    // becomes with the count, negative as an loff_t (EINVAL); a short read is
    // EIO. p_filesz <= PATH_MAX here, so the sum cannot wrap.
    if (interp.p_offset > kMaxFilePosition || interp.p_offset + interp.p_filesz > kMaxFilePosition) {
        return errno_error(EINVAL);
    }
    if (!is_inside_file(interp.p_offset, interp.p_filesz, size)) {
        return errno_error(EIO);
    }
    // "make sure path is NULL terminated": ENOEXEC.
    const u8* path = file + interp.p_offset;
    if (path[interp.p_filesz - 1] != 0) {
        return errno_error(ENOEXEC);
    }
    // open_exec takes it as a C string: up to its first NUL.
    usize length = 0;
    while (path[length] != 0) {
        ++length;
    }
    headers.has_interpreter = true;
    headers.interpreter = path;
    headers.interpreter_length = length;
    return {};
}

// total_mapping_size: from the page of the lowest PT_LOAD to the end of the
// highest, wrapping as Linux's does.
u64 total_mapping_size(const Vector<ElfSegment>& segments)
{
    u64 lowest = ~u64 { 0 };
    u64 highest = 0;
    for (const ElfSegment& segment : segments) {
        lowest = min(lowest, page_start(segment.vaddr));
        highest = max(highest, wrapping_add(segment.vaddr, segment.memsz));
    }
    return wrapping_sub(highest, lowest);
}

// get_unmapped_area for a mapping of `length` bytes: longer than the user
// range is ENOMEM; at a fixed `address` (ET_EXEC), so is ending above it.
Result<void> check_mapping_range(ElfType type, u64 address, u64 length, u64 user_limit)
{
    if (length > user_limit) {
        return errno_error(ENOMEM);
    }
    if (type == ElfType::Executable && address > user_limit - length) {
        return errno_error(ENOMEM);
    }
    return {};
}

// elf_load: vm_mmap of the file part (the whole span for the first mapping of
// an ET_DYN image, `total_size`), then vm_brk_flags of the zero-filled part,
// with the refusals of those calls that the headers alone decide.
Result<void> check_segment_mapping(ElfType type, const ElfSegment& segment, u64 total_size, u64 user_limit)
{
    const u64 map_address = page_start(segment.vaddr);
    if (segment.filesz != 0) {
        // elf_map: "size = p_filesz + ELF_PAGEOFFSET(p_vaddr)", page-aligned;
        // "off = p_offset - ELF_PAGEOFFSET(p_vaddr)"; a zero size maps nothing.
        const u64 size = page_align(wrapping_add(segment.filesz, page_offset(segment.vaddr)));
        const u64 offset = wrapping_sub(segment.offset, page_offset(segment.vaddr));
        if (size != 0) {
            const u64 length = total_size != 0 ? page_align(total_size) : size;
            // vm_mmap: "offset + PAGE_ALIGN(len) < offset" and
            // "offset_in_page(offset)" are EINVAL; do_mmap: "!len" is EINVAL.
            if (wrapping_add(offset, length) < offset || page_offset(offset) != 0 || length == 0) {
                return errno_error(EINVAL);
            }
            TRY(check_mapping_range(type, map_address, length, user_limit));
        }
    }
    if (segment.memsz > segment.filesz) {
        // The zero-filled pages past the file part: from the page after
        // p_vaddr + p_filesz (or the segment's first page when it has no file
        // part) to the page end of p_vaddr + p_memsz.
        const u64 zero_start = segment.filesz != 0 ? page_align(wrapping_add(segment.vaddr, segment.filesz)) : map_address;
        const u64 zero_end = page_align(wrapping_add(segment.vaddr, segment.memsz));
        const u64 length = wrapping_sub(zero_end, zero_start);
        if (length != 0) {
            TRY(check_mapping_range(type, zero_start, length, user_limit));
        }
    }
    // load_elf_binary: "if (BAD_ADDR(error))" on the address elf_load returns,
    // which for ET_EXEC is the segment's first page.
    if (type == ElfType::Executable && map_address >= user_limit) {
        return errno_error(EINVAL);
    }
    return {};
}

} // namespace

Result<ElfHeaders> read_elf_headers(const u8* file, usize size)
{
    // prepare_binprm reads the head of the file into a zeroed buffer.
    Elf64_Ehdr header {};
    if (size != 0) {
        copy_bytes(&header, file, min(size, sizeof(header)));
    }

    // load_elf_binary: "First of all, some simple consistency checks".
    if (!bytes_equal(header.e_ident, ELFMAG, SELFMAG)) {
        return errno_error(ENOEXEC);
    }
    if (header.e_type != ET_EXEC && header.e_type != ET_DYN) {
        return errno_error(ENOEXEC);
    }
    // x86_64 elf_check_arch: "(x)->e_machine == EM_X86_64", nothing else of
    // e_ident (Linux runs an ELFCLASS32 or ELFDATA2MSB header as ELF64).
    if (header.e_machine != EM_X86_64) {
        return errno_error(ENOEXEC);
    }
    // load_elf_phdrs; any failure there is ENOEXEC, a short read included.
    if (header.e_phentsize != sizeof(Elf64_Phdr)) {
        return errno_error(ENOEXEC);
    }
    const u64 table_bytes = u64 { header.e_phnum } * sizeof(Elf64_Phdr);
    if (table_bytes == 0 || table_bytes > kMaxProgramHeaderBytes) {
        return errno_error(ENOEXEC);
    }
    if (header.e_phoff > kMaxFilePosition || !is_inside_file(header.e_phoff, table_bytes, size)) {
        return errno_error(ENOEXEC);
    }

    ElfHeaders headers;
    headers.type = header.e_type == ET_EXEC ? ElfType::Executable : ElfType::Dynamic;
    headers.entry = header.e_entry;
    headers.phoff = header.e_phoff;
    headers.phnum = header.e_phnum;
    headers.phent = header.e_phentsize;
    headers.file_size = size;

    usize loads = 0;
    for (usize i = 0; i < header.e_phnum; ++i) {
        if (program_header(file, header.e_phoff, i).p_type == PT_LOAD) {
            ++loads;
        }
    }
    TRY(headers.load_segments.try_reserve(loads));

    // The first loop: the first PT_INTERP is the interpreter (Linux stops at
    // it, so a later one is not looked at).
    for (usize i = 0; i < header.e_phnum; ++i) {
        const Elf64_Phdr phdr = program_header(file, header.e_phoff, i);
        if (phdr.p_type == PT_INTERP) {
            TRY(read_interpreter(headers, file, size, phdr));
            break;
        }
    }
    // The second loop: PT_GNU_STACK, the last one wins. (The PT_LOPROC..
    // PT_HIPROC hook accepts everything on x86_64, and x86_64 does not parse
    // PT_GNU_PROPERTY: ARCH_USE_GNU_PROPERTY is not selected.)
    for (usize i = 0; i < header.e_phnum; ++i) {
        const Elf64_Phdr phdr = program_header(file, header.e_phoff, i);
        if (phdr.p_type == PT_GNU_STACK) {
            headers.gnu_stack = (phdr.p_flags & PF_X) != 0 ? GnuStack::Executable : GnuStack::NonExecutable;
        }
        if (phdr.p_type == PT_LOAD) {
            // maximum_alignment: "skip non-power of two alignments as invalid".
            if (is_power_of_two(phdr.p_align)) {
                headers.load_alignment = max<u64>(headers.load_alignment, phdr.p_align);
            }
            ElfSegment segment;
            segment.vaddr = phdr.p_vaddr;
            segment.memsz = phdr.p_memsz;
            segment.filesz = phdr.p_filesz;
            segment.offset = phdr.p_offset;
            segment.protection = protection_of(phdr.p_flags);
            TRY(headers.load_segments.try_append(segment)); // reserved: cannot fail
        }
    }
    // "ensure we align to at least one page" (ELF_PAGEALIGN keeps 0 at 0).
    headers.load_alignment = page_align(headers.load_alignment);
    return headers;
}

Result<ElfImage> check_elf_segments(ElfHeaders&& headers, u64 user_limit)
{
    ElfImage image;
    static_cast<ElfHeaders&>(image) = move(headers);

    u64 highest_end = 0;
    bool first = true;
    for (const ElfSegment& segment : image.load_segments) {
        u64 total_size = 0;
        if (first && image.type == ElfType::Dynamic) {
            // The first ET_DYN mapping reserves the whole span:
            // "if (!total_size) { retval = -EINVAL; ...".
            total_size = total_mapping_size(image.load_segments);
            if (total_size == 0) {
                return errno_error(EINVAL);
            }
        }
        first = false;
        TRY(check_segment_mapping(image.type, segment, total_size, user_limit));

        // "Figure out which segment in the file contains the Program Header
        // table, and map to the associated memory address."
        if (segment.offset <= image.phoff && image.phoff - segment.offset < segment.filesz) {
            image.phdr_address = wrapping_add(image.phoff - segment.offset, segment.vaddr);
        }
        if (is_executable(segment) && segment.vaddr < image.start_code) {
            image.start_code = segment.vaddr;
        }
        image.start_data = max(image.start_data, segment.vaddr);

        // "Check to see if the section's size will overflow the allowed task
        // size": BAD_ADDR(p_vaddr), p_filesz > p_memsz, p_memsz > TASK_SIZE,
        // TASK_SIZE - p_memsz < p_vaddr. "set_brk can never work": EINVAL.
        if (segment.vaddr >= user_limit || segment.filesz > segment.memsz || segment.memsz > user_limit || user_limit - segment.memsz < segment.vaddr) {
            return errno_error(EINVAL);
        }
        // Ours, not Linux's (see the header): the file bytes must exist.
        if (segment.filesz != 0 && !is_inside_file(segment.offset, segment.filesz, image.file_size)) {
            return errno_error(EIO);
        }

        // Both ends are below user_limit now.
        const u64 file_end = segment.vaddr + segment.filesz;
        if (is_executable(segment)) {
            image.end_code = max(image.end_code, file_end);
        }
        image.end_data = max(image.end_data, file_end);
        highest_end = max(highest_end, segment.vaddr + segment.memsz);
    }

    // Without an interpreter: "if (BAD_ADDR(elf_entry)) retval = -EINVAL".
    // An ET_DYN entry is checked by the loader once it has the load bias.
    if (image.type == ElfType::Executable && image.entry >= user_limit) {
        return errno_error(EINVAL);
    }
    // "mm->start_brk = mm->brk = ELF_PAGEALIGN(elf_brk)".
    image.brk_start = page_align(highest_end);
    return image;
}

Result<ElfImage> parse_elf_image(const u8* file, usize size, u64 user_limit)
{
    ElfHeaders headers = TRY(read_elf_headers(file, size));
    return check_elf_segments(move(headers), user_limit);
}

} // namespace sirius::proc
