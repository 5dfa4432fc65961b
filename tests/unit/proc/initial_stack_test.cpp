// The initial user stack of a new program, as do_execveat_common (fs/exec.c)
// and create_elf_tables (fs/binfmt_elf.c) lay it out on x86_64. The layout
// and auxv order were checked against Linux 6.18: a static program that dumps
// its own stack, run with `env -i A=1 setarch -R /tmp/auxv x y`.
// One test per rule, named after it.
#include <cstring>
#include <linux/auxvec.h>
#include <linux/elf.h>
#include <string>
#include <utility>
#include <vector>

#include "core/proc/initial_stack.h"
#include "platform/host/allocator.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kTop = 0x7ffffffff000;
constexpr u64 kWord = 8;

// Owns the strings an ExecStrings points at.
class Strings {
public:
    Strings(std::vector<std::string> argv, std::vector<std::string> envp, std::string execfn)
        : m_argv(std::move(argv))
        , m_envp(std::move(envp))
        , m_execfn(std::move(execfn))
    {
        for (const std::string& arg : m_argv) {
            m_argv_views.push_back(view(arg));
        }
        for (const std::string& env : m_envp) {
            m_envp_views.push_back(view(env));
        }
    }
    Strings(const Strings&) = delete;
    Strings& operator=(const Strings&) = delete;

    [[nodiscard]] proc::ExecStrings exec_strings() const
    {
        proc::ExecStrings strings;
        strings.argv = m_argv_views.data();
        strings.argc = m_argv_views.size();
        strings.envp = m_envp_views.data();
        strings.envc = m_envp_views.size();
        strings.execfn = view(m_execfn);
        return strings;
    }

private:
    static proc::ArgString view(const std::string& string)
    {
        return { reinterpret_cast<const u8*>(string.data()), string.size() };
    }

    std::vector<std::string> m_argv;
    std::vector<std::string> m_envp;
    std::string m_execfn;
    std::vector<proc::ArgString> m_argv_views;
    std::vector<proc::ArgString> m_envp_views;
};

proc::InitialStackRequest request_for(const Strings& strings, u64 top = kTop)
{
    proc::InitialStackRequest request;
    request.stack_top = top;
    request.strings = strings.exec_strings();
    request.max_strings_bytes = proc::arg_strings_limit(8 << 20);
    for (u8 i = 0; i < 16; ++i) {
        request.random_bytes[i] = static_cast<u8>(0xa0 + i);
    }
    request.auxv.sysinfo_ehdr = 0x7ffff7ffd000;
    request.auxv.minsigstksz = 0xd30;
    request.auxv.hwcap = 0x178bebff;
    request.auxv.hwcap2 = 2;
    request.auxv.phdr = 0x400040;
    request.auxv.phnum = 10;
    request.auxv.entry = 0x401530;
    request.auxv.uid = 1000;
    request.auxv.euid = 1001;
    request.auxv.gid = 100;
    request.auxv.egid = 101;
    request.auxv.secure = true;
    return request;
}

u64 word_at(const proc::InitialStack& stack, u64 address)
{
    u64 value = 0;
    std::memcpy(&value, stack.image.begin() + (address - stack.stack_pointer), sizeof(value));
    return value;
}

std::string string_at(const proc::InitialStack& stack, u64 address)
{
    return reinterpret_cast<const char*>(stack.image.begin() + (address - stack.stack_pointer));
}

// The auxv pairs, AT_NULL excluded, read back from the image.
std::vector<std::pair<u64, u64>> auxv_of(const proc::InitialStack& stack)
{
    u64 at = stack.stack_pointer + kWord;
    while (word_at(stack, at) != 0) { // argv
        at += kWord;
    }
    at += kWord;
    while (word_at(stack, at) != 0) { // envp
        at += kWord;
    }
    at += kWord;
    std::vector<std::pair<u64, u64>> auxv;
    while (word_at(stack, at) != AT_NULL) {
        auxv.emplace_back(word_at(stack, at), word_at(stack, at + kWord));
        at += 2 * kWord;
    }
    return auxv;
}

u64 auxv_value(const proc::InitialStack& stack, u64 type)
{
    for (const auto& [key, value] : auxv_of(stack)) {
        if (key == type) {
            return value;
        }
    }
    ADD_FAILURE() << "no auxv entry " << type;
    return 0;
}

// --- Layout ---

TEST(InitialStackTest, InitialStack_HostLinuxExample_SameAddresses)
{
    // Linux 6.18, no ASLR, top 0x7ffffffff000: execfn at ...efee, "A=1" at
    // ...efea, argv[0] at ...efdc, AT_PLATFORM ...efc9, AT_RANDOM ...efb9.
    // Its rsp was ...ee10 with two more auxv entries (AT_RSEQ_*): ours is
    // 32 bytes higher.
    const Strings strings({ "/tmp/auxv", "x", "y" }, { "A=1" }, "/tmp/auxv");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(stack.execfn, 0x7fffffffefeeU);
    EXPECT_EQ(stack.env_start, 0x7fffffffefeaU);
    EXPECT_EQ(stack.arg_start, 0x7fffffffefdcU);
    EXPECT_EQ(stack.platform, 0x7fffffffefc9U);
    EXPECT_EQ(stack.random, 0x7fffffffefb9U);
    EXPECT_EQ(stack.stack_pointer, 0x7fffffffee30U);
}

TEST(InitialStackTest, InitialStack_Image_CoversStackPointerToTop)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(stack.image.size(), kTop - stack.stack_pointer);
}

TEST(InitialStackTest, InitialStack_TopWord_IsZero)
{
    // bprm_mm_init: "bprm->p = vma->vm_end - sizeof(void *)".
    const Strings strings({ "prog" }, { "X=1" }, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(word_at(stack, kTop - kWord), 0U);
    EXPECT_EQ(stack.execfn + std::strlen("/bin/prog") + 1, kTop - kWord);
}

TEST(InitialStackTest, InitialStack_StackPointer_Is16ByteAlignedAtArgc)
{
    for (usize argc = 0; argc < 5; ++argc) {
        for (usize envc = 0; envc < 4; ++envc) {
            const Strings strings(std::vector<std::string>(argc, "ab"), std::vector<std::string>(envc, "K=vvv"), "/x");
            ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
            EXPECT_EQ(stack.stack_pointer % 16, 0U) << argc << " " << envc;
            EXPECT_EQ(word_at(stack, stack.stack_pointer), argc == 0 ? 1 : argc);
        }
    }
}

TEST(InitialStackTest, InitialStack_ArgvAndEnvp_PointAtTheirStringsInOrder)
{
    const Strings strings({ "prog", "", "third" }, { "A=1", "PATH=/bin" }, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    const u64 argv = stack.stack_pointer + kWord;
    EXPECT_EQ(string_at(stack, word_at(stack, argv)), "prog");
    EXPECT_EQ(string_at(stack, word_at(stack, argv + kWord)), "");
    EXPECT_EQ(string_at(stack, word_at(stack, argv + 2 * kWord)), "third");
    EXPECT_EQ(word_at(stack, argv + 3 * kWord), 0U);
    const u64 envp = argv + 4 * kWord;
    EXPECT_EQ(string_at(stack, word_at(stack, envp)), "A=1");
    EXPECT_EQ(string_at(stack, word_at(stack, envp + kWord)), "PATH=/bin");
    EXPECT_EQ(word_at(stack, envp + 2 * kWord), 0U);
    // Each list back to back, in order, argv below envp.
    EXPECT_LT(word_at(stack, argv + 2 * kWord), word_at(stack, envp));
}

TEST(InitialStackTest, InitialStack_MemoryBounds_AreLinuxs)
{
    // mm->arg_start..arg_end and env_start..env_end, as create_elf_tables
    // walks them.
    const Strings strings({ "prog", "arg" }, { "A=1" }, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(stack.arg_start, word_at(stack, stack.stack_pointer + kWord));
    EXPECT_EQ(stack.arg_end, stack.arg_start + 9);
    EXPECT_EQ(stack.env_start, stack.arg_end);
    EXPECT_EQ(stack.env_end, stack.env_start + 4);
    EXPECT_EQ(stack.env_end, stack.execfn);
}

TEST(InitialStackTest, InitialStack_EmptyArgv_GetsEmptyArgv0)
{
    // do_execveat_common since 5.18: "" as argv[0], argc 1.
    const Strings strings({}, { "A=1" }, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(word_at(stack, stack.stack_pointer), 1U);
    EXPECT_EQ(string_at(stack, word_at(stack, stack.stack_pointer + kWord)), "");
    EXPECT_EQ(word_at(stack, stack.stack_pointer + 2 * kWord), 0U);
    EXPECT_EQ(string_at(stack, word_at(stack, stack.stack_pointer + 3 * kWord)), "A=1");
}

TEST(InitialStackTest, InitialStack_PlatformAndRandom_SitBelowTheStringsUnaligned)
{
    // "p = arch_align_stack(p)" rounds down to 16, then STACK_ALLOC of 7 and
    // 16 bytes.
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(stack.platform, (stack.arg_start & ~u64 { 15 }) - 7);
    EXPECT_EQ(stack.random, stack.platform - 16);
}

TEST(InitialStackTest, InitialStack_AlignShift_MovesTablesNotStrings)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    proc::InitialStackRequest request = request_for(strings);
    request.align_shift = 0x123;
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request));
    EXPECT_EQ(stack.execfn, kTop - kWord - 10);
    EXPECT_EQ(stack.platform, ((stack.arg_start - 0x123) & ~u64 { 15 }) - 7);
    EXPECT_EQ(stack.stack_pointer % 16, 0U);
}

// --- The auxiliary vector ---

TEST(InitialStackTest, InitialStack_AuxvOrder_MatchesLinux)
{
    // create_elf_tables on x86_64: ARCH_DLINFO, then the NEW_AUX_ENTs. The
    // host's order, less its trailing AT_RSEQ_FEATURE_SIZE and AT_RSEQ_ALIGN.
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    std::vector<u64> types;
    for (const auto& [type, value] : auxv_of(stack)) {
        types.push_back(type);
    }
    const std::vector<u64> linux_order = {
        AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT,
        AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
        AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM
    };
    EXPECT_EQ(types, linux_order);
}

TEST(InitialStackTest, InitialStack_AuxvEndsWithAtNullRightBelowRandom)
{
    // No gap: the rounding is taken below argc, not above the auxv.
    const Strings strings({ "/tmp/auxv", "x", "y" }, { "A=1" }, "/tmp/auxv");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    const u64 auxv_end = stack.stack_pointer + (1 + 4 + 2 + 2 * 21) * kWord;
    EXPECT_EQ(word_at(stack, auxv_end - 2 * kWord), static_cast<u64>(AT_NULL));
    EXPECT_EQ(word_at(stack, auxv_end - kWord), 0U);
    EXPECT_LE(auxv_end, stack.random);
    EXPECT_LT(stack.random - auxv_end, 16U);
}

TEST(InitialStackTest, InitialStack_NoVdso_OmitsSysinfoEhdr)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    proc::InitialStackRequest request = request_for(strings);
    request.auxv.sysinfo_ehdr = 0;
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request));
    const auto auxv = auxv_of(stack);
    ASSERT_FALSE(auxv.empty());
    EXPECT_EQ(auxv.front().first, static_cast<u64>(AT_MINSIGSTKSZ));
    EXPECT_EQ(auxv.size(), 19U);
}

TEST(InitialStackTest, InitialStack_AuxvConstants_AreLinuxs)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(auxv_value(stack, AT_PAGESZ), 4096U);
    EXPECT_EQ(auxv_value(stack, AT_CLKTCK), 100U);
    EXPECT_EQ(auxv_value(stack, AT_PHENT), sizeof(Elf64_Phdr));
    EXPECT_EQ(auxv_value(stack, AT_BASE), 0U);
    EXPECT_EQ(auxv_value(stack, AT_FLAGS), 0U);
}

TEST(InitialStackTest, InitialStack_AuxvValues_AreTheInputs)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(auxv_value(stack, AT_SYSINFO_EHDR), 0x7ffff7ffd000U);
    EXPECT_EQ(auxv_value(stack, AT_MINSIGSTKSZ), 0xd30U);
    EXPECT_EQ(auxv_value(stack, AT_HWCAP), 0x178bebffU);
    EXPECT_EQ(auxv_value(stack, AT_HWCAP2), 2U);
    EXPECT_EQ(auxv_value(stack, AT_PHDR), 0x400040U);
    EXPECT_EQ(auxv_value(stack, AT_PHNUM), 10U);
    EXPECT_EQ(auxv_value(stack, AT_ENTRY), 0x401530U);
    EXPECT_EQ(auxv_value(stack, AT_UID), 1000U);
    EXPECT_EQ(auxv_value(stack, AT_EUID), 1001U);
    EXPECT_EQ(auxv_value(stack, AT_GID), 100U);
    EXPECT_EQ(auxv_value(stack, AT_EGID), 101U);
    EXPECT_EQ(auxv_value(stack, AT_SECURE), 1U);
}

TEST(InitialStackTest, InitialStack_AtRandom_PointsAtTheGivenBytes)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    const proc::InitialStackRequest request = request_for(strings);
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request));
    const u64 random = auxv_value(stack, AT_RANDOM);
    EXPECT_EQ(random, stack.random);
    EXPECT_EQ(std::memcmp(stack.image.begin() + (random - stack.stack_pointer), request.random_bytes, 16), 0);
}

TEST(InitialStackTest, InitialStack_AtPlatform_IsX86_64)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(string_at(stack, auxv_value(stack, AT_PLATFORM)), "x86_64");
}

TEST(InitialStackTest, InitialStack_AtExecfn_IsTheFileName)
{
    const Strings strings({ "prog" }, {}, "/usr/bin/prog");
    ASSERT_OK_AND_ASSIGN(proc::InitialStack stack, proc::build_initial_stack(request_for(strings)));
    EXPECT_EQ(auxv_value(stack, AT_EXECFN), stack.execfn);
    EXPECT_EQ(string_at(stack, stack.execfn), "/usr/bin/prog");
}

// --- E2BIG and the other failures ---

TEST(InitialStackTest, ArgStringsLimit_IsQuarterOfRlimitStackWithinArgMaxAnd6MiB)
{
    // bprm_stack_limits.
    EXPECT_EQ(proc::arg_strings_limit(8 << 20), 2U << 20);
    EXPECT_EQ(proc::arg_strings_limit(0), 128U << 10);
    EXPECT_EQ(proc::arg_strings_limit(256 << 10), 128U << 10);
    EXPECT_EQ(proc::arg_strings_limit(~u64 { 0 }), 6U << 20);
}

TEST(InitialStackTest, InitialStack_StringOfMaxArgStrlen_IsE2big)
{
    // valid_arg_len: the string with its NUL at most MAX_ARG_STRLEN (32 pages).
    const Strings fits({ std::string(32 * 4096 - 1, 'a') }, {}, "/p");
    EXPECT_TRUE(proc::build_initial_stack(request_for(fits)).has_value());
    const Strings too_long({ std::string(32 * 4096, 'a') }, {}, "/p");
    EXPECT_EQ(errno_of(proc::build_initial_stack(request_for(too_long))), E2BIG);
    const Strings long_env({ "p" }, { std::string(32 * 4096, 'a') }, "/p");
    EXPECT_EQ(errno_of(proc::build_initial_stack(request_for(long_env))), E2BIG);
    const Strings long_name({ "p" }, {}, std::string(32 * 4096, 'a'));
    EXPECT_EQ(errno_of(proc::build_initial_stack(request_for(long_name))), E2BIG);
}

TEST(InitialStackTest, InitialStack_StringsAboveLimit_IsE2big)
{
    // The strings with their NULs may take the limit less a pointer each:
    // 1024 - 8 = 1016 bytes, "/p\0" is 3 of them.
    const Strings fits({ std::string(1012, 'a') }, {}, "/p");
    proc::InitialStackRequest request = request_for(fits);
    request.max_strings_bytes = 1024;
    EXPECT_TRUE(proc::build_initial_stack(request).has_value());
    const Strings over({ std::string(1013, 'a') }, {}, "/p");
    request = request_for(over);
    request.max_strings_bytes = 1024;
    EXPECT_EQ(errno_of(proc::build_initial_stack(request)), E2BIG);
}

TEST(InitialStackTest, InitialStack_ExecfnCountsTowardsLimit)
{
    const Strings strings({ "a" }, {}, std::string(1014, 'f'));
    proc::InitialStackRequest request = request_for(strings);
    request.max_strings_bytes = 1024;
    EXPECT_EQ(errno_of(proc::build_initial_stack(request)), E2BIG);
}

TEST(InitialStackTest, InitialStack_EmptyArgvCountsAPointerAndItsString)
{
    // ptr_size uses max(argc, 1), and the added "" is one more byte.
    const Strings strings({}, {}, "/p");
    proc::InitialStackRequest request = request_for(strings);
    request.max_strings_bytes = 8 + 3 + 1;
    EXPECT_TRUE(proc::build_initial_stack(request).has_value());
    request.max_strings_bytes = 8 + 3;
    EXPECT_EQ(errno_of(proc::build_initial_stack(request)), E2BIG);
}

TEST(InitialStackTest, InitialStack_LimitNotAbovePointers_IsE2big)
{
    // "if (limit <= ptr_size) return -E2BIG".
    const Strings strings({ "a", "b" }, { "c" }, "");
    EXPECT_EQ(errno_of(proc::check_exec_strings(strings.exec_strings(), 3 * 8)), E2BIG);
    EXPECT_TRUE(proc::check_exec_strings(strings.exec_strings(), 3 * 8 + 7).has_value());
}

TEST(InitialStackTest, InitialStack_MaxArgStringsStrings_IsE2big)
{
    // count(): "if (i >= max) return -E2BIG", before any string is read.
    const Strings strings({ "a" }, { "b" }, "/p");
    proc::ExecStrings too_many = strings.exec_strings();
    too_many.argc = 0x7fffffff;
    EXPECT_EQ(errno_of(proc::check_exec_strings(too_many, ~u64 { 0 })), E2BIG);
    too_many = strings.exec_strings();
    too_many.envc = 0x7fffffff;
    EXPECT_EQ(errno_of(proc::check_exec_strings(too_many, ~u64 { 0 })), E2BIG);
}

TEST(InitialStackTest, InitialStack_StackTopBelowImage_IsEfault)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    EXPECT_EQ(errno_of(proc::build_initial_stack(request_for(strings, 0x100))), EFAULT);
}

TEST(InitialStackTest, InitialStack_ImageAllocationFails_IsEnomem)
{
    const Strings strings({ "prog" }, {}, "/bin/prog");
    const proc::InitialStackRequest request = request_for(strings);
    host::AllocationFailureScope fail(0);
    EXPECT_EQ(errno_of(proc::build_initial_stack(request)), ENOMEM);
}

} // namespace
} // namespace sirius::testing
