#pragma once

// The reading and checking half of execve for a static ELF64 x86_64 program,
// with the rules of Linux's fs/binfmt_elf.c load_elf_binary (6.18). Pure: it
// maps nothing; the loader maps what ElfImage describes.
//
// Linux checks an executable in two stages, and a loader must keep them apart
// because execve reports them differently:
// 1. read_elf_headers: the ELF header and the program header table, before
//    begin_new_exec() (the point of no return). A failure is execve's result.
// 2. check_elf_segments: the PT_LOAD segments, which Linux checks while it
//    maps them, after the point of no return. A failure there cannot be
//    returned: Linux kills the process with SIGSEGV (exec.c bprm_execve).
// parse_elf_image runs both, for callers that do not care which failed.
//
// Nothing is copied from the file but the segment list: the interpreter path
// points into the file, which must outlive the result.
//
// Where this differs from Linux on purpose (each has a test):
// - A PT_LOAD whose file bytes run past the end of the file is EIO in stage 2.
//   Linux maps it anyway and the program takes SIGBUS when it touches a page
//   wholly past the end (the rest of the last page reads as zero); we have no
//   file-backed mappings to fault on, so the exec fails instead.
// - Checks that need the load bias of an ET_DYN image (its entry point, the
//   address range of each mapping) and checks of the address space itself
//   (mmap_min_addr, overlap with the stack: MAP_FIXED_NOREPLACE) belong to the
//   loader. For ET_EXEC every address is fixed and checked here.
#include "core/base/result.h"
#include "core/base/vector.h"
#include "core/hal/address_space.h"

namespace sirius::proc {

// e_type: ET_EXEC loads at its addresses; ET_DYN (a static-pie, or a dynamic
// loader run directly) at a load bias the loader chooses.
enum class ElfType : u8 {
    Executable,
    Dynamic,
};

// PT_GNU_STACK as load_elf_binary records it (EXSTACK_DEFAULT, _DISABLE_X,
// _ENABLE_X); with several, the last one wins. On x86_64 an absent header
// leaves the stack non-executable (elf_read_implies_exec is for ia32 only).
enum class GnuStack : u8 {
    Absent,
    NonExecutable,
    Executable,
};

// One PT_LOAD: p_filesz bytes at p_offset of the file go to p_vaddr, the rest
// of p_memsz is zero. The protection is make_prot's: PF_R, PF_W and PF_X as
// read, write and execute, nothing implied.
struct ElfSegment {
    u64 vaddr { 0 };
    u64 memsz { 0 };
    u64 filesz { 0 };
    u64 offset { 0 };
    hal::Protection protection { hal::Protection::None };
};

// What stage 1 read. Segments are in file order and not yet checked.
struct ElfHeaders {
    ElfType type { ElfType::Executable };
    u64 entry { 0 }; // e_entry, before any load bias
    u64 phoff { 0 }; // e_phoff
    u16 phnum { 0 }; // e_phnum (AT_PHNUM)
    u16 phent { 0 }; // e_phentsize, always sizeof(Elf64_Phdr) (AT_PHENT)
    u64 load_alignment { 0 }; // maximum_alignment(): largest power-of-two p_align of a PT_LOAD, page-aligned; 0 if none
    GnuStack gnu_stack { GnuStack::Absent };
    // The first PT_INTERP's path as open_exec would take it (up to its first
    // NUL), pointing into the file; has_interpreter is false without one.
    bool has_interpreter { false };
    const u8* interpreter { nullptr };
    usize interpreter_length { 0 };
    usize file_size { 0 };
    Vector<ElfSegment> load_segments;
};

// A checked image: every PT_LOAD lies in [0, user_limit) and inside the file.
// Addresses are before the load bias (0 for ET_EXEC): add it for ET_DYN.
struct ElfImage : ElfHeaders {
    // AT_PHDR: where the segment holding file offset e_phoff maps it (the
    // last such PT_LOAD wins); 0 if none does. Linux does not read PT_PHDR.
    u64 phdr_address { 0 };
    // mm->start_brk: the highest p_vaddr + p_memsz, page-aligned (0 without
    // PT_LOAD), before brk randomization.
    u64 brk_start { 0 };
    // mm->start_code/end_code/start_data/end_data as load_elf_binary computes
    // them: code from the PF_X segments (start ~0 when there is none), data
    // start the highest p_vaddr of any PT_LOAD, ends at p_vaddr + p_filesz.
    u64 start_code { ~u64 { 0 } };
    u64 end_code { 0 };
    u64 start_data { 0 };
    u64 end_data { 0 };
};

// Stage 1: the ELF header and program headers of the `size` bytes at `file`.
// A file shorter than the ELF header reads as zero past its end, as
// prepare_binprm's zeroed buffer does.
// Errors, in Linux's order:
// - ENOEXEC: not "\177ELF"; e_type neither ET_EXEC nor ET_DYN; e_machine not
//   EM_X86_64 (EI_CLASS and EI_DATA are not looked at, as on Linux); e_phentsize
//   not sizeof(Elf64_Phdr); no program header, or more than 64 KiB of them;
//   the table not inside the file; a PT_INTERP path of fewer than 2 or more
//   than PATH_MAX bytes, or not NUL-terminated.
// - EINVAL: a PT_INTERP offset that kernel_read refuses (negative as loff_t).
// - EIO: a PT_INTERP path past the end of the file (a short read).
// - ENOMEM: no memory for the segment list.
[[nodiscard]] Result<ElfHeaders> read_elf_headers(const u8* file, usize size);

// Stage 2: the PT_LOAD checks load_elf_binary makes while mapping (elf_load's
// vm_mmap and vm_brk_flags, then "set_brk can never work"), and the entry
// point. `user_limit` is TASK_SIZE (0x7ffffffff000 on x86_64 with 4-level
// paging). Preconditions: user_limit is page-aligned.
// Errors (on Linux each is SIGSEGV, not an execve result):
// - EINVAL: an ET_DYN image whose PT_LOADs span nothing; p_offset and p_vaddr
//   apart modulo the page size with p_filesz != 0, or p_offset plus the mapped
//   length wrapping; p_filesz > p_memsz; p_vaddr at or above user_limit, or
//   p_vaddr + p_memsz above it; an ET_EXEC mapping that starts at or above
//   user_limit; an ET_EXEC entry point at or above it.
// - ENOMEM: a mapping longer than user_limit, or an ET_EXEC mapping (file
//   part or zero-filled part) that ends above it: mmap's get_unmapped_area.
// - EIO: file bytes past the end of the file (see above).
[[nodiscard]] Result<ElfImage> check_elf_segments(ElfHeaders&& headers, u64 user_limit);

// Both stages.
[[nodiscard]] Result<ElfImage> parse_elf_image(const u8* file, usize size, u64 user_limit);

} // namespace sirius::proc
