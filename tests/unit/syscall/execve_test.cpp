// execve(2) as fs/exec.c and fs/binfmt_elf.c have it, for static programs
// found in the initramfs archive: the order of its errors (the name, the
// file, the argument lists, the format), and what the new program gets and
// keeps. One test per rule of the man page, named after it.
#include "tests/unit/support/archive_builder.h"

// The rest after it.

#include <cstring>
#include <string>
#include <fcntl.h>
#include <sys/resource.h>
#include <vector>

#include "core/proc/exec.h"
#include "core/signal/delivery.h"
#include "core/signal/send_signal.h"
#include "core/time/tick.h"
#include "platform/host/plain_file.h"
#include "tests/unit/support/elf_builder.h"
#include "tests/unit/support/signal_fixture.h"

namespace sirius::testing {
namespace {

constexpr u64 kPath = KernelTest::kUserData + 0x100;
constexpr u64 kArgv = KernelTest::kUserData + 0x800;
constexpr u64 kEnvp = KernelTest::kUserData + 0xa00;
constexpr u64 kStrings = KernelTest::kUserData + 0x1000;
constexpr u64 kUnmapped = 0xdead0000;
constexpr u64 kEntry = 0x401000;

class ExecveTest : public SignalTest {
protected:
    void SetUp() override
    {
        SignalTest::SetUp();
        ElfBuilder program = static_executable();
        program.place(0x1000, "\x0f\x05text");
        program.place(0x1100, "data");
        Header executable;
        executable.mode = S_IFREG | 0755;
        std::vector<u8> bytes = program.build();
        elf = std::string(bytes.begin(), bytes.end());
        archive.directory("bin").entry("bin/prog", elf, executable).symlink("bin/link", "prog");
        Header plain;
        plain.mode = S_IFREG | 0644;
        archive.entry("bin/noexec", elf, plain);
        archive.entry("bin/text", "#!/bin/sh\n", executable);
        archive.entry("bin/empty", "", executable);
        ElfBuilder dynamic = static_executable();
        dynamic.interp(0x1f00, std::string("/lib/ld-musl-x86_64.so.1") + '\0');
        std::vector<u8> dynamic_bytes = dynamic.build();
        archive.entry("bin/dynamic", std::string(dynamic_bytes.begin(), dynamic_bytes.end()), executable);
        ElfBuilder broken = static_executable();
        broken.header.e_entry = 0x7ffffffff000; // stage 2: entry above TASK_SIZE
        std::vector<u8> broken_bytes = broken.build();
        archive.entry("bin/broken", std::string(broken_bytes.begin(), broken_bytes.end()), executable);
        archive.entry("bin/script", "#!/bin/prog\necho\n", executable);
        archive.entry("bin/script_arg", "#! \t/bin/prog  a b \t\n", executable);
        archive.entry("bin/nested", "#!/bin/script_arg x\n", executable);
        archive.entry("bin/c0", "#!/bin/script\n", executable);
        for (int i = 1; i < 6; ++i) {
            archive.entry("bin/c" + std::to_string(i), "#!/bin/c" + std::to_string(i - 1) + "\n", executable);
        }
        archive.entry("bin/missing_interpreter", "#!/bin/none\n", executable);
        archive.entry("bin/noexec_interpreter", "#!/bin/noexec\n", executable);
        archive.entry("bin/directory_interpreter", "#!/bin\n", executable);
        archive.entry("bin/dynamic_interpreter", "#!/bin/dynamic\n", executable);
        archive.entry("bin/no_name", "#!  \n", executable);
        archive.entry("bin/hash_bang", "#!", executable);
        archive.entry("bin/noexec_script", "#!/bin/prog\n", plain);
        archive.trailer();
        ASSERT_TRUE(kernel->unpack_initramfs({ archive.bytes().data(), archive.bytes().size() }).has_value());
    }

    void write_string(u64 address, const std::string& text)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(address), text.c_str(), text.size() + 1).has_value());
    }
    // Writes the strings at kStrings onward and a NULL-terminated list of
    // pointers to them at `list`.
    void write_list(u64 list, const std::vector<std::string>& strings, u64& next)
    {
        std::vector<u64> pointers;
        for (const std::string& text : strings) {
            write_string(next, text);
            pointers.push_back(next);
            next += text.size() + 1;
        }
        pointers.push_back(0);
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(list), pointers.data(), pointers.size() * 8).has_value());
    }
    i64 execve(const std::string& path, const std::vector<std::string>& argv = { "prog" }, const std::vector<std::string>& envp = {})
    {
        write_string(kPath, path);
        u64 next = kStrings;
        write_list(kArgv, argv, next);
        write_list(kEnvp, envp, next);
        return call(__NR_execve, kPath, kArgv, kEnvp);
    }
    host::FakeUserContext& registers() { return static_cast<host::FakeUserContext&>(*caller().context); }
    std::string read_new(u64 address, usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(caller().memory->address_space().copy_from_user(bytes.data(), UserAddress(address), size).has_value());
        return bytes;
    }
    u64 read_new_u64(u64 address)
    {
        u64 value = 0;
        EXPECT_TRUE(caller().memory->address_space().copy_from_user(&value, UserAddress(address), 8).has_value());
        return value;
    }

    std::string read_new_string(u64 address)
    {
        std::string text;
        for (;;) {
            char c = read_new(address + text.size(), 1)[0];
            if (c == '\0') {
                return text;
            }
            text.push_back(c);
        }
    }
    // The argv the new program finds on its stack.
    std::vector<std::string> new_argv()
    {
        const u64 argc = read_new_u64(registers().rsp);
        std::vector<std::string> argv;
        for (u64 i = 0; i < argc; ++i) {
            argv.push_back(read_new_string(read_new_u64(registers().rsp + 8 + i * 8)));
        }
        return argv;
    }
    using Strings = std::vector<std::string>;

    int open_fd(const std::string& path, u64 flags)
    {
        constexpr u64 kOpenPath = KernelTest::kUserData + 0x300;
        write_string(kOpenPath, path);
        return static_cast<int>(call(__NR_openat, static_cast<u64>(AT_FDCWD), kOpenPath, flags, 0));
    }
    i64 execveat(int dirfd, const std::string& path, u64 flags, const std::vector<std::string>& argv = { "prog", "one" })
    {
        write_string(kPath, path);
        u64 next = kStrings;
        write_list(kArgv, argv, next);
        write_list(kEnvp, {}, next);
        return call(__NR_execveat, static_cast<u64>(static_cast<i64>(dirfd)), kPath, kArgv, kEnvp, flags);
    }

    ArchiveBuilder archive;
    std::string elf;
};

TEST_F(ExecveTest, Execve_StaticProgram_StartsAtItsEntryWithArgcOnTheStack)
{
    ASSERT_EQ(execve("/bin/prog", { "prog", "one", "two" }, { "A=1" }), 0);
    EXPECT_EQ(registers().rip, kEntry);
    EXPECT_EQ(registers().programs_started, 1);
    // The psABI's initial stack: argc at rsp, 16-byte aligned.
    EXPECT_EQ(registers().rsp % 16, 0U);
    EXPECT_EQ(read_new_u64(registers().rsp), 3U);
    u64 argv1 = read_new_u64(registers().rsp + 16);
    EXPECT_EQ(read_new(argv1, 4), std::string("one", 4));
}

TEST_F(ExecveTest, Execve_LoadsTheSegmentsFileBytesAndZeroesTheBss)
{
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_EQ(read_new(0x401000, 6), "\x0f\x05text");
    EXPECT_EQ(read_new(0x403100, 4), "data");
    // p_memsz beyond p_filesz reads as zero.
    EXPECT_EQ(read_new(0x403180, 16), std::string(16, '\0'));
}

TEST_F(ExecveTest, Execve_ReplacesTheCallersMemory)
{
    mm::MemoryDescriptor* old_memory = caller().memory.get();
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_NE(caller().memory.get(), old_memory);
    // The old program's data is gone from the new memory.
    u8 byte = 0;
    EXPECT_TRUE(caller().memory->address_space().copy_from_user(&byte, UserAddress(kPath), 1).is_error());
}

TEST_F(ExecveTest, Execve_ThroughASymlink_RunsItsTarget)
{
    EXPECT_EQ(execve("/bin/link"), 0);
    EXPECT_EQ(registers().rip, kEntry);
}

TEST_F(ExecveTest, Execve_SetsTheNameFromTheFileName)
{
    // execve(2) / prctl(2) PR_SET_NAME: comm is the file name's last part.
    ASSERT_EQ(execve("/bin/link"), 0);
    EXPECT_STREQ(caller().name, "link");
}

TEST_F(ExecveTest, Execve_MissingFile_IsEnoent)
{
    EXPECT_EQ(execve("/bin/none"), -ENOENT);
    EXPECT_EQ(registers().programs_started, 0);
}

TEST_F(ExecveTest, Execve_EmptyPath_IsEnoent)
{
    EXPECT_EQ(execve(""), -ENOENT);
}

TEST_F(ExecveTest, Execve_BadPath_IsEfault)
{
    EXPECT_EQ(call(__NR_execve, kUnmapped, 0, 0), -EFAULT);
    EXPECT_EQ(call(__NR_execve, 0, 0, 0), -EFAULT);
}

TEST_F(ExecveTest, Execve_PathOfPathMaxBytes_IsEnametoolong)
{
    EXPECT_EQ(execve("/" + std::string(PATH_MAX - 1, 'a')), -ENAMETOOLONG);
}

TEST_F(ExecveTest, Execve_ADirectory_IsEacces)
{
    // execve(2): "EACCES The file or a script interpreter is not a regular
    // file."
    EXPECT_EQ(execve("/bin"), -EACCES);
}

TEST_F(ExecveTest, Execve_NoExecuteBit_IsEaccesEvenForRoot)
{
    // execve(2): "EACCES Execute permission is denied for the file"; root's
    // CAP_DAC_OVERRIDE needs at least one execute bit.
    EXPECT_EQ(execve("/bin/noexec"), -EACCES);
}

TEST_F(ExecveTest, Execve_OthersWithoutTheOthersExecuteBit_IsEacces)
{
    Header owner_only;
    owner_only.mode = S_IFREG | 0700;
    ArchiveBuilder other;
    other.entry("tool", elf, owner_only).trailer();
    ASSERT_TRUE(kernel->unpack_initramfs({ other.bytes().data(), other.bytes().size() }).has_value());
    become_user(1000);
    EXPECT_EQ(execve("/tool"), -EACCES);
}

TEST_F(ExecveTest, Execve_BelowARegularFile_IsEnotdir)
{
    EXPECT_EQ(execve("/bin/prog/x"), -ENOTDIR);
}

TEST_F(ExecveTest, Execve_NotAnElf_IsEnoexec)
{
    // execve(2): "ENOEXEC An executable is not in a recognized format".
    EXPECT_EQ(execve("/bin/empty"), -ENOEXEC);
}

TEST_F(ExecveTest, Execve_Script_RunsItsInterpreterWithTheScriptPathForArgv0)
{
    // execve(2) "Interpreter scripts": "the interpreter is invoked with
    // argv: interpreter [optional-arg] pathname arg...", argv[0] of the
    // call dropped.
    ASSERT_EQ(execve("/bin/script", { "zero", "one", "two" }), 0);
    EXPECT_EQ(registers().rip, kEntry);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "/bin/script", "one", "two" }));
}

TEST_F(ExecveTest, Execve_ScriptWithAnArgument_PassesItAsOneArgument)
{
    ASSERT_EQ(execve("/bin/script_arg", { "zero", "one" }), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "a b", "/bin/script_arg", "one" }));
}

TEST_F(ExecveTest, Execve_ScriptWithAnEmptyArgv_StillGetsItsPath)
{
    // Linux adds "" for an empty argv (5.18) and remove_arg_zero drops it.
    write_string(kPath, "/bin/script");
    ASSERT_EQ(call(__NR_execve, kPath, 0, 0), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "/bin/script" }));
}

TEST_F(ExecveTest, Execve_ScriptIsNamedAfterTheScript)
{
    // begin_new_exec: comm is kbasename(bprm->filename), the script's name.
    ASSERT_EQ(execve("/bin/script_arg"), 0);
    EXPECT_STREQ(caller().name, "script_arg");
}

TEST_F(ExecveTest, Execve_ScriptWhoseInterpreterIsAScript_NestsTheArguments)
{
    // Each level puts its interpreter, argument and bprm->interp (the name
    // of the script it runs) in front.
    ASSERT_EQ(execve("/bin/nested", { "zero", "one" }), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "a b", "/bin/script_arg", "x", "/bin/nested", "one" }));
}

TEST_F(ExecveTest, Execve_FiveNestedScripts_Run)
{
    // exec_binprm: "if (depth > 5) return -ELOOP;" - c3 -> c2 -> c1 -> c0 ->
    // script -> prog is five scripts and the program at depth 5.
    ASSERT_EQ(execve("/bin/c3", { "zero" }), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "/bin/script", "/bin/c0", "/bin/c1", "/bin/c2", "/bin/c3" }));
}

TEST_F(ExecveTest, Execve_SixNestedScripts_IsEloop)
{
    // execve(2) ELOOP: "the maximum recursion limit was reached during
    // recursive script interpretation".
    KernelSnapshot before = snapshot();
    EXPECT_EQ(execve("/bin/c4"), -ELOOP);
    EXPECT_EQ(execve("/bin/c5"), -ELOOP);
    EXPECT_EQ(registers().programs_started, 0);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ExecveTest, Execve_ScriptWithAMissingInterpreter_IsEnoent)
{
    // execve(2) ENOENT: "the file pathname or a script or ELF interpreter
    // does not exist".
    EXPECT_EQ(execve("/bin/missing_interpreter"), -ENOENT);
    EXPECT_EQ(execve("/bin/text"), -ENOENT); // no /bin/sh here
}

TEST_F(ExecveTest, Execve_ScriptOfHashBangAlone_IsEaccesForTheWorkingDirectory)
{
    // A file of "#!" alone names the interpreter "": open_exec's
    // getname_kernel takes it, and the walk ends at the working directory,
    // which is no regular file.
    EXPECT_EQ(execve("/bin/hash_bang"), -EACCES);
}

TEST_F(ExecveTest, Execve_ScriptInterpreterWithoutExecutePermission_IsEacces)
{
    // open_exec checks the interpreter as the file itself: EACCES.
    EXPECT_EQ(execve("/bin/noexec_interpreter"), -EACCES);
}

TEST_F(ExecveTest, Execve_ScriptInterpreterNotARegularFile_IsEacces)
{
    // execve(2) EACCES: "The file or a script interpreter is not a regular
    // file."
    EXPECT_EQ(execve("/bin/directory_interpreter"), -EACCES);
}

TEST_F(ExecveTest, Execve_ScriptWithoutExecutePermission_IsEacces)
{
    EXPECT_EQ(execve("/bin/noexec_script"), -EACCES);
}

TEST_F(ExecveTest, Execve_ScriptWithoutAnInterpreterName_IsEnoexec)
{
    EXPECT_EQ(execve("/bin/no_name"), -ENOEXEC);
}

TEST_F(ExecveTest, Execve_ScriptWhoseInterpreterIsNotAFormatKnown_IsEnoexec)
{
    EXPECT_EQ(execve("/bin/dynamic_interpreter"), -ENOEXEC);
    EXPECT_EQ(registers().programs_started, 0);
}

TEST_F(ExecveTest, Execve_ScriptStrings_CountAgainstTheSpaceLinuxReserved)
{
    // The interpreter's strings count against the argument space
    // (copy_string_kernel: "bprm->p < bprm->argmin"), whose pointer room
    // bprm_stack_limits reserved for the caller's 34 strings only: the
    // script's "/bin/prog", "a b" and "/bin/script_arg" (30 bytes) replace
    // "z" (2) in 128 KiB less 34 pointers. Measured on Linux 6.18 with the
    // same lengths: a last string of 2721 bytes runs, 2722 is E2BIG.
    caller().process().limits().get(RLIMIT_STACK).soft = 512 * 1024;
    ASSERT_EQ(proc::arg_strings_limit(512 * 1024), 128U * 1024);
    constexpr u64 kLarge = kStrings;
    constexpr u64 kTail = kLarge + 4001;
    constexpr u64 kLongArgv = KernelTest::kUserData + 0x4000;
    write_string(kLarge, std::string(4000, 'x'));
    const auto run = [&](u64 tail) {
        const u64 z = kTail + tail + 1;
        write_string(kTail, std::string(tail, 'y'));
        write_string(z, "z");
        std::vector<u64> pointers { z };
        pointers.insert(pointers.end(), 32, kLarge);
        pointers.push_back(kTail);
        pointers.push_back(0);
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(kLongArgv), pointers.data(), pointers.size() * 8).has_value());
        write_string(kPath, "/bin/script_arg");
        return call(__NR_execve, kPath, kLongArgv, 0);
    };
    EXPECT_EQ(run(2722), -E2BIG);
    EXPECT_EQ(registers().programs_started, 0);
    EXPECT_EQ(run(2721), 0);
    EXPECT_EQ(registers().programs_started, 1);
}

TEST_F(ExecveTest, Execve_DynamicProgram_IsEnoexecUntilTheInterpreterLoads)
{
    EXPECT_EQ(execve("/bin/dynamic"), -ENOEXEC);
    EXPECT_EQ(registers().programs_started, 0);
}

TEST_F(ExecveTest, Execve_ErrorBeforeThePointOfNoReturn_LeavesTheCallerAsItWas)
{
    KernelSnapshot before = snapshot();
    EXPECT_EQ(execve("/bin/dynamic"), -ENOEXEC);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(ExecveTest, Execve_SegmentCheckFailing_KillsWithSigsegv)
{
    // load_elf_binary checks the entry point after the point of no return:
    // "force_fatal_sig(SIGSEGV)".
    EXPECT_LT(execve("/bin/broken"), 0);
    EXPECT_TRUE(thread_pending(caller(), SIGSEGV));
}

TEST_F(ExecveTest, Execve_BadArgvArray_IsEfault)
{
    write_string(kPath, "/bin/prog");
    EXPECT_EQ(call(__NR_execve, kPath, kUnmapped, 0), -EFAULT);
}

TEST_F(ExecveTest, Execve_BadArgvString_IsEfault)
{
    write_string(kPath, "/bin/prog");
    const u64 pointers[] = { kUnmapped, 0 };
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kArgv), pointers, sizeof(pointers)).has_value());
    EXPECT_EQ(call(__NR_execve, kPath, kArgv, 0), -EFAULT);
}

TEST_F(ExecveTest, Execve_NullArgvAndEnvp_RunWithAnEmptyArgv0)
{
    // execve(2): "On Linux, argv and envp can be specified as NULL ... an
    // empty string is added as argv[0]" (since 5.18), so argc is 1.
    write_string(kPath, "/bin/prog");
    ASSERT_EQ(call(__NR_execve, kPath, 0, 0), 0);
    EXPECT_EQ(read_new_u64(registers().rsp), 1U);
}

TEST_F(ExecveTest, Execve_StringsOverTheStackLimitsQuarter_IsE2big)
{
    // execve(2) "Limits on size of arguments and environment": a quarter of
    // RLIMIT_STACK, and one string at most MAX_ARG_STRLEN.
    // 8 MiB of stack allows 2 MiB of strings: 600 pointers to one 4000-byte
    // string are over it.
    ASSERT_EQ(caller().process().limits().get(RLIMIT_STACK).soft, 8U * 1024 * 1024);
    write_string(kPath, "/bin/prog");
    write_string(kStrings, std::string(4000, 'x'));
    std::vector<u64> pointers(600, kStrings);
    pointers.push_back(0);
    constexpr u64 kLongArgv = KernelTest::kUserData + 0x2000;
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kLongArgv), pointers.data(), pointers.size() * 8).has_value());
    EXPECT_EQ(call(__NR_execve, kPath, kLongArgv, 0), -E2BIG);
}

TEST_F(ExecveTest, Execve_AStringOfMaxArgStrlen_IsE2big)
{
    // execve(2): "the maximum length of a single string is MAX_ARG_STRLEN"
    // with its NUL. The test's memory is too small for such a string, so
    // the check is made on the kernel-side copy (init's strings take it).
    proc::ExecArguments arguments;
    std::string large(proc::kMaxArgStrlen, 'x');
    proc::ArgString argv[] = { { reinterpret_cast<const u8*>(large.data()), large.size() } };
    proc::ArgString name { reinterpret_cast<const u8*>("/bin/prog"), 9 };
    EXPECT_EQ(errno_of(arguments.copy_from_kernel(name, argv, 1, nullptr, 0, proc::arg_strings_limit(8 * 1024 * 1024))), E2BIG);
}

TEST_F(ExecveTest, Execve_CaughtSignalsAreReset_IgnoredStayIgnored)
{
    // execve(2): "The dispositions of any signals that are being caught
    // are reset to the default"; signal(7): ignored stays ignored.
    caller().signal_actions->action(SIGUSR1).handler = 0x401234;
    caller().signal_actions->action(SIGUSR2).handler = signal::kSigIgnore;
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR1).handler, signal::kSigDefault);
    EXPECT_EQ(caller().signal_actions->action(SIGUSR2).handler, signal::kSigIgnore);
}

TEST_F(ExecveTest, Execve_IntervalTimersAndCpuTimes_AreKept)
{
    // setitimer(2): "Interval timers are preserved across an execve(2)";
    // alarm(2): "Alarms created by alarm() are preserved across
    // execve(2)". The CPU time used so far stays the process's.
    clock.freeze();
    ASSERT_EQ(call(__NR_alarm, 5), 0);
    time::account_tick(*kernel, caller(), time::TickMode::User);
    const time::CpuTimes before = time::process_times(caller().process());
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_EQ(caller().process().interval_timers().get(time::IntervalTimerKind::Real, clock).value, 5'000'000'000);
    EXPECT_EQ(time::process_times(caller().process()), before);
    EXPECT_EQ(caller().cpu_time.sample(), before);
}

TEST_F(ExecveTest, Execve_SharedSignalActions_AreUnsharedFirst)
{
    // A CLONE_SIGHAND sharer keeps its handler (de_thread's unshare_sighand).
    proc::Thread* sharer = clone_ok(request_with(CLONE_VM | CLONE_SIGHAND));
    ASSERT_NE(sharer, nullptr);
    caller().signal_actions->action(SIGUSR1).handler = 0x401234;
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_EQ(sharer->signal_actions->action(SIGUSR1).handler, 0x401234U);
}

TEST_F(ExecveTest, Execve_ClosesCloseOnExecDescriptorsOnly)
{
    ASSERT_OK_AND_ASSIGN(RefPtr<host::PlainFile> file, try_make_ref<host::PlainFile>());
    ASSERT_OK_AND_ASSIGN(int kept, caller().files->reserve(0, 1024));
    caller().files->install(kept, file, false);
    ASSERT_OK_AND_ASSIGN(int closed, caller().files->reserve(0, 1024));
    caller().files->install(closed, file, true);
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_TRUE(caller().files->get(kept));
    EXPECT_FALSE(caller().files->get(closed));
}

TEST_F(ExecveTest, Execve_SharedDescriptorTable_IsUnsharedFirst)
{
    // The CLONE_FILES sharer keeps its close-on-exec descriptors.
    proc::Thread* sharer = clone_ok(request_with(CLONE_FILES));
    ASSERT_NE(sharer, nullptr);
    ASSERT_OK_AND_ASSIGN(RefPtr<host::PlainFile> file, try_make_ref<host::PlainFile>());
    ASSERT_OK_AND_ASSIGN(int fd, caller().files->reserve(0, 1024));
    caller().files->install(fd, file, true);
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_TRUE(sharer->files->get(fd));
    EXPECT_NE(sharer->files.get(), caller().files.get());
}

TEST_F(ExecveTest, Execve_ClearsChildTidInTheOldMemoryAndForgetsIt)
{
    // exec_mm_release: CLONE_CHILD_CLEARTID is honoured on exec too.
    constexpr u64 kTid = KernelTest::kUserData + 0x2000;
    poke(kTid, 1234);
    caller().clear_child_tid = UserAddress(kTid);
    RefPtr<mm::MemoryDescriptor> old_memory = caller().memory;
    ASSERT_EQ(execve("/bin/prog"), 0);
    i32 value = -1;
    ASSERT_TRUE(old_memory->address_space().copy_from_user(&value, UserAddress(kTid), 4).has_value());
    EXPECT_EQ(value, 0);
    EXPECT_TRUE(caller().clear_child_tid.is_null());
}

TEST_F(ExecveTest, Execve_TheNewProgramsMemoryIsNotSharedWithAVforkParent)
{
    // A CLONE_VM child (vfork's) gets memory of its own; the parent's stays.
    proc::Thread* child = clone_ok(request_with(CLONE_VM));
    ASSERT_NE(child, nullptr);
    ASSERT_EQ(call_as(*child, __NR_execve, kPath, 0, 0), -ENOENT); // no path written yet
    write_string(kPath, "/bin/prog");
    ASSERT_EQ(call_as(*child, __NR_execve, kPath, 0, 0), 0);
    EXPECT_NE(child->memory.get(), caller().memory.get());
}

TEST_F(ExecveTest, Execve_TheParentMayNoLongerSetpgid_IsEacces)
{
    // setpgid(2) EACCES: "the child had already performed an execve(2)" -
    // begin_new_exec clears PF_FORKNOEXEC.
    ASSERT_TRUE(caller().process().forked_without_exec());
    ASSERT_EQ(call_as(*init, __NR_setpgid, tgid_of(caller()), 0), 0);
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_FALSE(caller().process().forked_without_exec());
    EXPECT_EQ(call_as(*init, __NR_setpgid, tgid_of(caller()), 1), -EACCES);
    EXPECT_EQ(call_as(*init, __NR_setpgid, tgid_of(caller()), tgid_of(caller())), -EACCES);
}

TEST_F(ExecveTest, Execveat_EmptyPathWithAtEmptyPath_RunsTheFilesOwnDescriptor)
{
    // execveat(2): "If pathname is an empty string and the AT_EMPTY_PATH
    // flag is specified, then the file descriptor dirfd specifies the file
    // to be executed."
    const int fd = open_fd("/bin/prog", O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(execveat(fd, "", AT_EMPTY_PATH), 0);
    EXPECT_EQ(registers().rip, kEntry);
    EXPECT_EQ(new_argv(), (Strings { "prog", "one" }));
    // comm_from_dentry: named after the file, not "/dev/fd/N".
    EXPECT_STREQ(caller().name, "prog");
}

TEST_F(ExecveTest, Execveat_EmptyPathWithoutAtEmptyPath_IsEnoent)
{
    const int fd = open_fd("/bin/prog", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(execveat(fd, "", 0), -ENOENT);
}

TEST_F(ExecveTest, Execveat_OtherFlags_AreEinval)
{
    // execveat(2) EINVAL: "Invalid flag specified in flags."
    EXPECT_EQ(execveat(AT_FDCWD, "/bin/prog", AT_REMOVEDIR), -EINVAL);
    EXPECT_EQ(execveat(AT_FDCWD, "/bin/prog", AT_SYMLINK_FOLLOW), -EINVAL);
    EXPECT_EQ(registers().programs_started, 0);
}

TEST_F(ExecveTest, Execveat_BadPathBeforeBadFlags_IsEfault)
{
    // getname_uflags runs before do_open_execat's flag check.
    EXPECT_EQ(call(__NR_execveat, 999, kUnmapped, 0, 0, AT_REMOVEDIR), -EFAULT);
}

TEST_F(ExecveTest, Execveat_BadDescriptor_IsEbadf)
{
    // execveat(2) EBADF: "dirfd is not a valid file descriptor."
    EXPECT_EQ(execveat(999, "", AT_EMPTY_PATH), -EBADF);
    EXPECT_EQ(execveat(999, "prog", 0), -EBADF);
}

TEST_F(ExecveTest, Execveat_RelativeNameWithAFileDescriptorNotADirectory_IsEnotdir)
{
    // execveat(2) ENOTDIR: "pathname is relative and dirfd is a file
    // descriptor referring to a file other than a directory."
    const int fd = open_fd("/bin/prog", O_RDONLY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(execveat(fd, "x", 0), -ENOTDIR);
}

TEST_F(ExecveTest, Execveat_DirectoryDescriptorWithAnEmptyPath_IsEacces)
{
    const int fd = open_fd("/bin", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(execveat(fd, "", AT_EMPTY_PATH), -EACCES);
}

TEST_F(ExecveTest, Execveat_RelativeName_IsFoundFromTheDirectoryDescriptor)
{
    // execveat(2): "If pathname is relative, then it is interpreted
    // relative to the directory referred to by the file descriptor dirfd".
    // The script's interpreter sees "/dev/fd/N/name" (alloc_bprm).
    const int fd = open_fd("/bin", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(execveat(fd, "script", 0), 0);
    const std::string fd_path = "/dev/fd/" + std::to_string(fd) + "/script";
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", fd_path, "one" }));
    EXPECT_STREQ(caller().name, "script");
}

TEST_F(ExecveTest, Execveat_AbsoluteName_IgnoresTheDescriptor)
{
    // execveat(2): "If pathname is absolute, then dirfd is ignored."
    ASSERT_EQ(execveat(999, "/bin/script", 0), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "/bin/script", "one" }));
}

TEST_F(ExecveTest, Execveat_SymlinkWithAtSymlinkNofollow_IsEloop)
{
    // execveat(2) ELOOP: "flags includes AT_SYMLINK_NOFOLLOW and the file
    // referred to by pathname is a symbolic link."
    const int fd = open_fd("/bin", O_RDONLY | O_DIRECTORY);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(execveat(fd, "link", AT_SYMLINK_NOFOLLOW), -ELOOP);
    EXPECT_EQ(execveat(fd, "link", 0), 0);
}

TEST_F(ExecveTest, Execveat_ScriptByDescriptor_GetsDevFdN)
{
    const int fd = open_fd("/bin/script_arg", O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(execveat(fd, "", AT_EMPTY_PATH), 0);
    EXPECT_EQ(new_argv(), (Strings { "/bin/prog", "a b", "/dev/fd/" + std::to_string(fd), "one" }));
    // comm_from_dentry names the process after the file finally run: the
    // interpreter.
    EXPECT_STREQ(caller().name, "prog");
}

TEST_F(ExecveTest, Execveat_ScriptByCloseOnExecDescriptor_IsEnoent)
{
    // execveat(2) ENOENT: "The program identified by fd and pathname
    // requires the use of an interpreter program (such as a script
    // starting with "#!"), but the file descriptor fd was opened with the
    // O_CLOEXEC flag, with the result that the program file is
    // inaccessible to the launched interpreter."
    const int fd = open_fd("/bin/script", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    KernelSnapshot before = snapshot();
    EXPECT_EQ(execveat(fd, "", AT_EMPTY_PATH), -ENOENT);
    EXPECT_EQ(snapshot(), before);
    // A program needs no interpreter: it runs.
    const int program = open_fd("/bin/prog", O_RDONLY | O_CLOEXEC);
    ASSERT_GE(program, 0);
    EXPECT_EQ(execveat(program, "", AT_EMPTY_PATH), 0);
}

// --- de_thread: execve from a process with several threads ---

TEST_F(ExecveTest, Execve_FromTheLeader_KillsTheOtherThreadsAndWaitsForThem)
{
    // execve(2): "All threads other than the calling thread are destroyed
    // during an execve()." The others get SIGKILL and the caller waits,
    // killably, until they have run to their end.
    proc::Thread* first = spawn_thread();
    proc::Thread* second = spawn_thread();
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_TRUE(thread_pending(*first, SIGKILL));
        EXPECT_TRUE(thread_pending(*second, SIGKILL));
        EXPECT_FALSE(ready());
        // Each dies on its way to user space; that is no group exit: the
        // exec'ing thread is not killed with them (do_group_exit).
        EXPECT_EQ(signal::handle_signals(*kernel, *first, nullptr), signal::ReturnToUser::Exited);
        EXPECT_FALSE(ready());
        EXPECT_EQ(signal::handle_signals(*kernel, *second, nullptr), signal::ReturnToUser::Exited);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    ASSERT_EQ(execve("/bin/prog"), 0);
    EXPECT_EQ(caller().process().live_thread_count(), 1U);
    EXPECT_FALSE(thread_pending(caller(), SIGKILL));
    EXPECT_FALSE(caller().process().group_signals().exiting);
    EXPECT_EQ(registers().programs_started, 1);
}

TEST_F(ExecveTest, Execve_FromAThread_TakesOverTheLeadersPid)
{
    // execve(2): "all threads other than the thread group leader are
    // terminated, and the new program is executed in the thread group
    // leader" - the caller trades pids with the leader (exchange_tids): its
    // tid is the process's pid from now on, and its old tid is free.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    proc::Process& process = caller().process();
    const u64 tgid = tgid_of(caller());
    const u64 old_tid = tid_of(*thread);
    proc::Thread* leader = &caller();
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()> ready) {
        EXPECT_EQ(signal::handle_signals(*kernel, *leader, nullptr), signal::ReturnToUser::Exited);
        EXPECT_TRUE(ready());
        return hal::WakeReason::Woken;
    });
    write_string(kPath, "/bin/prog");
    ASSERT_EQ(call_as(*thread, __NR_execve, kPath, 0, 0), 0);
    EXPECT_TRUE(thread->is_group_leader());
    EXPECT_EQ(&thread->process(), &process);
    EXPECT_EQ(tid_of(*thread), tgid);
    EXPECT_EQ(tgid_of(*thread), tgid);
    const ns::PidNamespace& root = thread->active_pid_namespace();
    EXPECT_EQ(kernel->find_thread(root, static_cast<PidNr>(tgid)), thread);
    EXPECT_EQ(kernel->find_thread(root, static_cast<PidNr>(old_tid)), nullptr);
    EXPECT_EQ(process.live_thread_count(), 1U);
    EXPECT_EQ(call_as(*thread, __NR_getpid), static_cast<i64>(tgid));
    EXPECT_EQ(call_as(*thread, __NR_gettid), static_cast<i64>(tgid));
}

TEST_F(ExecveTest, Execve_KilledWhileWaitingForTheOtherThreads_DiesOfIt)
{
    // de_thread's wait is killable: a SIGKILL to the group ends it and the
    // exec fails after the point of no return (the caller dies).
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_EQ(call_as(*init, __NR_kill, tgid_of(caller()), SIGKILL), 0);
        return hal::WakeReason::Interrupted;
    });
    EXPECT_EQ(execve("/bin/prog"), -EAGAIN);
    EXPECT_TRUE(caller().has_fatal_signal());
    EXPECT_EQ(registers().programs_started, 0);
    EXPECT_EQ(caller().process().group_signals().exec_thread, nullptr);
}

TEST_F(ExecveTest, Execve_DuringAGroupExit_IsEagain)
{
    // "if (signal_group_exit(sig)) return -EAGAIN;"
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    signal::start_group_exit(*kernel, caller().process(), SIGKILL);
    EXPECT_CALL(scheduler, wait_until(_, _, _)).Times(0);
    EXPECT_EQ(execve("/bin/prog"), -EAGAIN);
    EXPECT_EQ(registers().programs_started, 0);
}

TEST_F(ExecveTest, Execve_FromAThread_KeepsPendingSignalsAndResetsHandlersAndTheAltStack)
{
    // execve(2): pending signals are kept ("the set of pending signals is
    // cleared" only for fork), caught ones reset to SIG_DFL, ignored kept;
    // sigaltstack(2): "the alternate signal stack is cleared" by execve.
    proc::Thread* thread = spawn_thread();
    ASSERT_NE(thread, nullptr);
    block(*thread, SIGUSR1);
    thread->pending.add(SIGUSR1);
    caller().signal_actions->action(SIGUSR2).handler = 0x401234;
    caller().signal_actions->action(SIGHUP).handler = signal::kSigIgnore;
    thread->alternate_stack = signal::AlternateStack { KernelTest::kUserData, 8192, 0 };
    proc::Thread* leader = &caller();
    EXPECT_CALL(scheduler, wait_until(_, hal::BlockMode::Killable, _)).WillOnce([&](hal::WaitQueue&, hal::BlockMode, FunctionRef<bool()>) {
        EXPECT_EQ(signal::handle_signals(*kernel, *leader, nullptr), signal::ReturnToUser::Exited);
        return hal::WakeReason::Woken;
    });
    write_string(kPath, "/bin/prog");
    ASSERT_EQ(call_as(*thread, __NR_execve, kPath, 0, 0), 0);
    EXPECT_TRUE(thread_pending(*thread, SIGUSR1));
    EXPECT_TRUE(thread->blocked.contains(SIGUSR1));
    EXPECT_EQ(thread->signal_actions->action(SIGUSR2).handler, signal::kSigDefault);
    EXPECT_EQ(thread->signal_actions->action(SIGHUP).handler, signal::kSigIgnore);
    EXPECT_EQ(thread->alternate_stack.flags, static_cast<u32>(SS_DISABLE));
}

} // namespace
} // namespace sirius::testing
