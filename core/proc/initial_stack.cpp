#include "core/proc/initial_stack.h"

#include <asm/param.h>
#include <linux/auxvec.h>
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/limits.h>
#include <linux/resource.h>

namespace sirius::proc {

namespace {

// <linux/binfmts.h> spells MAX_ARG_STRLEN as (PAGE_SIZE * 32), in the pages
// of the kernel that uses it: ours are EXEC_PAGESIZE.
constexpr u64 PAGE_SIZE = EXEC_PAGESIZE;
static_assert(kMaxArgStrlen == MAX_ARG_STRLEN);
static_assert(kMaxArgStrings == MAX_ARG_STRINGS);

// ELF_PLATFORM on x86_64 is utsname()->machine.
constexpr char kPlatform[] = "x86_64";
constexpr u64 kWord = sizeof(u64); // elf_addr_t
constexpr u64 kRandomBytes = sizeof(InitialStackRequest::random_bytes);
// The auxv entries create_elf_tables can write on x86_64, AT_NULL aside.
constexpr usize kMaxAuxvEntries = 20;

// The image holds u64 words as x86_64 reads them.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);

// "" for an empty argv.
constexpr u8 kEmptyString[1] = { 0 };

struct AuxvEntry {
    u64 type;
    u64 value;
};

class Auxv {
public:
    void add(u64 type, u64 value) { m_entries[m_count++] = { type, value }; }
    [[nodiscard]] usize count() const { return m_count; }
    [[nodiscard]] const AuxvEntry& operator[](usize index) const { return m_entries[index]; }

private:
    AuxvEntry m_entries[kMaxAuxvEntries] {};
    usize m_count { 0 };
};

// create_elf_tables' NEW_AUX_ENT calls, in their order (Linux 6.18, x86_64).
Auxv auxv_of(const AuxvValues& values, const InitialStack& stack)
{
    Auxv auxv;
    // ARCH_DLINFO comes first: the vDSO "if (vdso64_enabled)", then
    // AT_MINSIGSTKSZ unconditionally.
    if (values.sysinfo_ehdr != 0) {
        auxv.add(AT_SYSINFO_EHDR, values.sysinfo_ehdr);
    }
    auxv.add(AT_MINSIGSTKSZ, values.minsigstksz);
    auxv.add(AT_HWCAP, values.hwcap);
    auxv.add(AT_PAGESZ, EXEC_PAGESIZE); // ELF_EXEC_PAGESIZE
    auxv.add(AT_CLKTCK, HZ); // CLOCKS_PER_SEC, which is USER_HZ
    auxv.add(AT_PHDR, values.phdr);
    auxv.add(AT_PHENT, sizeof(Elf64_Phdr));
    auxv.add(AT_PHNUM, values.phnum);
    auxv.add(AT_BASE, values.base);
    auxv.add(AT_FLAGS, values.flags);
    auxv.add(AT_ENTRY, values.entry);
    auxv.add(AT_UID, values.uid);
    auxv.add(AT_EUID, values.euid);
    auxv.add(AT_GID, values.gid);
    auxv.add(AT_EGID, values.egid);
    auxv.add(AT_SECURE, values.secure ? 1 : 0);
    auxv.add(AT_RANDOM, stack.random);
    auxv.add(AT_HWCAP2, values.hwcap2); // x86 defines ELF_HWCAP2
    auxv.add(AT_EXECFN, stack.execfn);
    auxv.add(AT_PLATFORM, stack.platform);
    // No AT_BASE_PLATFORM (x86 has no ELF_BASE_PLATFORM) and no AT_EXECFD
    // (binfmt_misc only). Linux 6.3+ ends with AT_RSEQ_FEATURE_SIZE and
    // AT_RSEQ_ALIGN under CONFIG_RSEQ; neither the UAPI headers we build
    // against nor the core have rseq, so they are left out.
    return auxv;
}

// A string as it lies on the stack: its bytes and NUL.
u64 stored_size(const ArgString& string) { return u64 { string.length } + 1; }

// copy_strings and copy_string_kernel, for one string: valid_arg_len, then
// "if (bprm->p < bprm->argmin)".
Result<void> take_string(const ArgString& string, u64& used, u64 budget)
{
    if (string.length >= kMaxArgStrlen) {
        return errno_error(E2BIG);
    }
    used += stored_size(string); // both below budget + MAX_ARG_STRLEN: no wrap
    if (used > budget) {
        return errno_error(E2BIG);
    }
    return {};
}

// The address `bytes` below `address`; EFAULT below 0 (no stack to grow to).
Result<u64> below(u64 address, u64 bytes)
{
    u64 result = 0;
    if (__builtin_sub_overflow(address, bytes, &result)) {
        return errno_error(EFAULT);
    }
    return result;
}

constexpr u64 align_down_16(u64 address) { return address & ~u64 { 15 }; }

u64 total_size(const ArgString* strings, usize count)
{
    u64 total = 0;
    for (usize i = 0; i < count; ++i) {
        total += stored_size(strings[i]); // bounded by check_exec_strings
    }
    return total;
}

// Writes into the image, which covers [base, base + size).
class ImageWriter {
public:
    ImageWriter(Vector<u8>& image, u64 base)
        : m_image(image)
        , m_base(base)
    {
    }
    void put_word(u64 address, u64 value) { copy_bytes(m_image.begin() + (address - m_base), &value, sizeof(value)); }
    void put_bytes(u64 address, const void* bytes, usize size)
    {
        if (size != 0) {
            copy_bytes(m_image.begin() + (address - m_base), bytes, size);
        }
    }
    // The pointers to `count` strings stored back to back from `strings_at`,
    // then NULL; returns where the next word goes.
    u64 put_string_list(u64 pointers_at, const ArgString* strings, usize count, u64 strings_at)
    {
        for (usize i = 0; i < count; ++i) {
            put_word(pointers_at, strings_at);
            put_bytes(strings_at, strings[i].bytes, strings[i].length); // the NUL is already 0
            pointers_at += kWord;
            strings_at += stored_size(strings[i]);
        }
        put_word(pointers_at, 0);
        return pointers_at + kWord;
    }

private:
    Vector<u8>& m_image;
    u64 m_base;
};

} // namespace

u64 arg_strings_limit(u64 stack_soft_limit)
{
    // "Limit to 1/4 of the max stack size or 3/4 of _STK_LIM (whichever is
    // smaller) ... We've historically supported up to 32 pages (ARG_MAX) of
    // argument strings even with small stacks."
    u64 limit = u64 { _STK_LIM } / 4 * 3;
    limit = min(limit, stack_soft_limit / 4);
    return max<u64>(limit, ARG_MAX);
}

Result<void> check_exec_strings(const ExecStrings& strings, u64 max_strings_bytes)
{
    // count(): "if (i >= max) return -E2BIG".
    if (strings.argc >= kMaxArgStrings || strings.envc >= kMaxArgStrings) {
        return errno_error(E2BIG);
    }
    // bprm_stack_limits: room for a pointer to every string, an empty argv
    // counting as one; "if (limit <= ptr_size) return -E2BIG".
    const u64 pointer_count = strings.reserved_pointers != 0 ? strings.reserved_pointers : max<u64>(strings.argc, 1) + strings.envc;
    const u64 pointers = pointer_count * kWord; // < 2^35
    if (max_strings_bytes <= pointers) {
        return errno_error(E2BIG);
    }
    const u64 budget = max_strings_bytes - pointers;
    // In Linux's order: the file name, envp, argv, then "" for an empty argv.
    u64 used = 0;
    TRY(take_string(strings.execfn, used, budget));
    for (usize i = 0; i < strings.envc; ++i) {
        TRY(take_string(strings.envp[i], used, budget));
    }
    for (usize i = 0; i < strings.argc; ++i) {
        TRY(take_string(strings.argv[i], used, budget));
    }
    if (strings.argc == 0) {
        TRY(take_string(ArgString { kEmptyString, 0 }, used, budget));
    }
    return {};
}

Result<InitialStack> build_initial_stack(const InitialStackRequest& request)
{
    const ExecStrings& strings = request.strings;
    TRY(check_exec_strings(strings, request.max_strings_bytes));

    // do_execveat_common: "When argv is empty, add an empty string ("") as
    // argv[0] to ensure confused userspace programs that start processing
    // from argv[1] won't end up walking envp."
    const ArgString empty_argv0 { kEmptyString, 0 };
    const ArgString* argv = strings.argc == 0 ? &empty_argv0 : strings.argv;
    const usize argc = strings.argc == 0 ? 1 : strings.argc;

    InitialStack stack;
    // bprm_mm_init: "bprm->p = vma->vm_end - sizeof(void *)". Then the file
    // name, envp and argv, each list from its last string down, so every
    // list lies in order, back to back.
    u64 p = TRY(below(request.stack_top, kWord));
    stack.execfn = p = TRY(below(p, stored_size(strings.execfn)));
    stack.env_end = stack.execfn;
    stack.env_start = p = TRY(below(p, total_size(strings.envp, strings.envc)));
    stack.arg_end = stack.env_start;
    stack.arg_start = p = TRY(below(p, total_size(argv, argc)));

    // create_elf_tables: "p = arch_align_stack(p)" (x86: minus the random
    // shift, then "& ~0xf"), then STACK_ALLOC the platform string and the
    // random bytes, unaligned.
    p = align_down_16(TRY(below(p, request.align_shift)));
    stack.platform = p = TRY(below(p, sizeof(kPlatform)));
    stack.random = p = TRY(below(p, kRandomBytes));

    // "sp = STACK_ADD(p, ei_index); items = (argc + 1) + (envc + 1) + 1;
    // bprm->p = STACK_ROUND(sp, items)": the auxv words (AT_NULL's
    // included) and the argc/argv/envp words, then down to 16 bytes.
    const Auxv auxv = auxv_of(request.auxv, stack);
    const u64 auxv_words = 2 * (auxv.count() + 1);
    const u64 items = (u64 { argc } + 1) + (u64 { strings.envc } + 1) + 1; // < 2^33
    stack.stack_pointer = align_down_16(TRY(below(p, (auxv_words + items) * kWord)));

    const u64 size = request.stack_top - stack.stack_pointer;
    TRY(stack.image.try_reserve(size));
    for (u64 i = 0; i < size; ++i) {
        TRY(stack.image.try_append(u8 { 0 })); // reserved: cannot fail
    }

    ImageWriter writer(stack.image, stack.stack_pointer);
    // "put_user(argc, sp++)", the argv and envp pointers, then the auxv
    // right after envp's NULL ("copy_to_user(sp, mm->saved_auxv, ...)").
    writer.put_word(stack.stack_pointer, argc);
    u64 next = writer.put_string_list(stack.stack_pointer + kWord, argv, argc, stack.arg_start);
    next = writer.put_string_list(next, strings.envp, strings.envc, stack.env_start);
    for (usize i = 0; i < auxv.count(); ++i) {
        writer.put_word(next, auxv[i].type);
        writer.put_word(next + kWord, auxv[i].value);
        next += 2 * kWord;
    }
    writer.put_word(next, AT_NULL);
    writer.put_word(next + kWord, 0);

    writer.put_bytes(stack.random, request.random_bytes, kRandomBytes);
    writer.put_bytes(stack.platform, kPlatform, sizeof(kPlatform));
    writer.put_bytes(stack.execfn, strings.execfn.bytes, strings.execfn.length);
    return stack;
}

} // namespace sirius::proc
