#pragma once

// The initial user stack of a new program, byte for byte as Linux lays it out
// on x86_64: do_execveat_common (fs/exec.c) copies the strings, each list from
// its last string down, and create_elf_tables (fs/binfmt_elf.c) puts the
// platform string, the AT_RANDOM bytes and the tables below them. Pure: the
// caller copies the image to [stack_pointer, stack_top) of the new address
// space and starts the program there.
//
// From the top (highest address) down:
//   8 zero bytes                    bprm->p starts one pointer below the top
//   execfn and its NUL              AT_EXECFN; mm->env_end
//   envp strings, envp[0] lowest    mm->env_start
//   argv strings, argv[0] lowest    mm->arg_start
//   (down by align_shift, then to 16 bytes: arch_align_stack)
//   "x86_64" and its NUL            AT_PLATFORM
//   16 random bytes                 AT_RANDOM
//   (down to 16 bytes for the stack pointer)
//   auxv (type, value) pairs, AT_NULL last
//   envp pointers, NULL
//   argv pointers, NULL
//   argc                            stack_pointer, 16-byte aligned (psABI)
#include "core/base/result.h"
#include "core/base/vector.h"

namespace sirius::proc {

// MAX_ARG_STRLEN and MAX_ARG_STRINGS of <linux/binfmts.h>, which spells the
// first with the kernel's PAGE_SIZE (a header cannot include it; the .cpp
// checks these against it).
inline constexpr u64 kMaxArgStrlen = u64 { 32 } * 4096;
inline constexpr u64 kMaxArgStrings = 0x7fffffff;

// One argument or environment string as exec copied it in: `length` bytes
// without the terminating NUL, which the image adds. Preconditions: no NUL
// among the bytes (they were read up to the first one).
struct ArgString {
    const u8* bytes { nullptr };
    usize length { 0 };
};

// The strings execve passes: argv, envp and the file name (bprm->filename,
// which becomes AT_EXECFN).
struct ExecStrings {
    const ArgString* argv { nullptr };
    usize argc { 0 };
    const ArgString* envp { nullptr };
    usize envc { 0 };
    ArgString execfn;
    // The pointers bprm_stack_limits reserved room for, when not these
    // strings' own (0): a script's interpreter strings replace argv[0]
    // without more room reserved (copy_string_kernel), so the count stays
    // that of the argv and envp the caller passed.
    usize reserved_pointers { 0 };
};

// The auxiliary vector's inputs. AT_PAGESZ (4096), AT_CLKTCK (USER_HZ, 100)
// and AT_PHENT (sizeof(Elf64_Phdr)) are constants; AT_RANDOM, AT_EXECFN and
// AT_PLATFORM point into the image.
struct AuxvValues {
    u64 sysinfo_ehdr { 0 }; // AT_SYSINFO_EHDR, the vDSO's address; 0 leaves the entry out
    u64 minsigstksz { 0 }; // AT_MINSIGSTKSZ: get_sigframe_size() (x86 always sends it)
    u64 hwcap { 0 }; // AT_HWCAP: ELF_HWCAP, CPUID.1:EDX on x86
    u64 hwcap2 { 0 }; // AT_HWCAP2: ELF_HWCAP2 (HWCAP2_RING3MWAIT, HWCAP2_FSGSBASE)
    u64 phdr { 0 }; // AT_PHDR: ElfImage::phdr_address plus the load bias
    u64 phnum { 0 }; // AT_PHNUM
    u64 base { 0 }; // AT_BASE: the interpreter's load address, 0 without one
    u64 flags { 0 }; // AT_FLAGS (AT_FLAGS_PRESERVE_ARGV0 from binfmt_misc)
    u64 entry { 0 }; // AT_ENTRY: the program's entry plus the load bias
    // AT_UID, AT_EUID, AT_GID, AT_EGID, as the caller's user namespace sees
    // them (from_kuid_munged).
    u32 uid { 0 };
    u32 euid { 0 };
    u32 gid { 0 };
    u32 egid { 0 };
    bool secure { false }; // AT_SECURE: bprm->secureexec
};

struct InitialStackRequest {
    // The top of the new stack (STACK_TOP, randomized, page-aligned on Linux).
    u64 stack_top { 0 };
    ExecStrings strings;
    // The bytes the strings may take: arg_strings_limit(RLIMIT_STACK).
    u64 max_strings_bytes { 0 };
    // arch_align_stack's random shift below the strings (under 8192 with
    // ASLR); 0 is a non-randomized Linux (setarch -R).
    u64 align_shift { 0 };
    u8 random_bytes[16] {};
    AuxvValues auxv;
};

struct InitialStack {
    Vector<u8> image; // the bytes of [stack_pointer, stack_top)
    u64 stack_pointer { 0 }; // where argc is: rsp at the first instruction
    u64 arg_start { 0 }; // mm->arg_start .. arg_end: the argv strings
    u64 arg_end { 0 };
    u64 env_start { 0 }; // mm->env_start .. env_end: the envp strings
    u64 env_end { 0 };
    // The addresses AT_EXECFN, AT_PLATFORM and AT_RANDOM point at.
    u64 execfn { 0 };
    u64 platform { 0 };
    u64 random { 0 };
};

// bprm_stack_limits: the strings may take a quarter of the stack rlimit, at
// most 3/4 of _STK_LIM (6 MiB) and at least ARG_MAX (128 KiB).
[[nodiscard]] u64 arg_strings_limit(u64 stack_soft_limit);

// The E2BIG rules of execve, checked before anything is built: at least
// MAX_ARG_STRINGS strings in argv or envp (count()); a string longer than
// MAX_ARG_STRLEN (32 pages) with its NUL (valid_arg_len); the strings with
// their NULs, plus one pointer per string (an empty argv counting as one;
// or `reserved_pointers`), above `max_strings_bytes` (bprm_stack_limits,
// copy_strings). The empty
// string exec adds for an empty argv counts too.
[[nodiscard]] Result<void> check_exec_strings(const ExecStrings& strings, u64 max_strings_bytes);

// Lays out the stack. An empty argv gets "" as argv[0] and argc 1, as Linux
// does since 5.18 (do_execveat_common).
// Errors: E2BIG (check_exec_strings); EFAULT if the image would reach below
// address 0; ENOMEM if the image buffer cannot be allocated.
[[nodiscard]] Result<InitialStack> build_initial_stack(const InitialStackRequest& request);

} // namespace sirius::proc
