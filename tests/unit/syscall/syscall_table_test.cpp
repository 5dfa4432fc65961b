// The syscall table against the UAPI header it is built from, and the
// dispatcher's behaviour for what is missing.
#include <asm/unistd_64.h>
#include <linux/sched.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "core/syscall/syscall_table.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {
namespace {

// Every __NR_<name> of Debian's linux-libc-dev, parsed from the header text.
std::map<std::string, u32> syscalls_in_uapi_header()
{
    std::map<std::string, u32> numbers;
    std::ifstream header("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    const std::regex define(R"(#define __NR_(\w+) (\d+))");
    std::string line;
    std::smatch match;
    while (std::getline(header, line)) {
        if (std::regex_search(line, match, define)) {
            numbers[match[1]] = static_cast<u32>(std::stoul(match[2]));
        }
    }
    return numbers;
}

TEST(SyscallTableTest, Table_ListsEverySyscallOfTheUapiHeaderWithItsNumber)
{
    const auto expected = syscalls_in_uapi_header();
    ASSERT_GT(expected.size(), 300U);
    const syscall::SyscallTable table = syscall::syscall_table();
    std::map<std::string, u32> listed;
    for (usize i = 0; i < table.count; ++i) {
        listed[table.entries[i].name] = table.entries[i].number;
    }
    EXPECT_EQ(listed, expected);
}

TEST(SyscallTableTest, MissingSyscall_HasNoHandler)
{
    const syscall::SyscallTable table = syscall::syscall_table();
    for (usize i = 0; i < table.count; ++i) {
        const syscall::SyscallEntry& entry = table.entries[i];
        EXPECT_EQ(entry.handler == nullptr, entry.status == syscall::SyscallStatus::Missing) << entry.name;
    }
}

class SyscallDispatchTest : public KernelTest { };

TEST_F(SyscallDispatchTest, MissingSyscall_IsEnosys)
{
    syscall::SyscallContext context { *kernel, caller() };
    const syscall::SyscallTable table = syscall::syscall_table();
    usize missing = 0;
    for (usize i = 0; i < table.count; ++i) {
        if (table.entries[i].status == syscall::SyscallStatus::Missing) {
            EXPECT_EQ(syscall::dispatch_syscall(context, table.entries[i].number, {}), -ENOSYS) << table.entries[i].name;
            ++missing;
        }
    }
    EXPECT_GT(missing, 0U);
}

TEST_F(SyscallDispatchTest, UnknownNumber_IsEnosys)
{
    syscall::SyscallContext context { *kernel, caller() };
    EXPECT_EQ(syscall::dispatch_syscall(context, 100000, {}), -ENOSYS);
    EXPECT_EQ(syscall::dispatch_syscall(context, 335, {}), -ENOSYS); // a hole in the x86_64 numbering
    EXPECT_EQ(syscall::dispatch_syscall(context, ~u64 { 0 }, {}), -ENOSYS);
}

TEST_F(SyscallDispatchTest, Fork_ReturnsChildPidInCallersNamespace)
{
    syscall::SyscallContext context { *kernel, caller() };
    const i64 pid = syscall::dispatch_syscall(context, __NR_fork, {});
    ASSERT_GT(pid, 0);
    proc::Thread* child = kernel->find_thread(caller().active_pid_namespace(), static_cast<PidNr>(pid));
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(child->process().parent(), &caller().process());
}

TEST_F(SyscallDispatchTest, Clone_ErrorIsNegativeErrno)
{
    syscall::SyscallContext context { *kernel, caller() };
    syscall::SyscallArguments args;
    args.values[0] = CLONE_THREAD | CLONE_VM; // without CLONE_SIGHAND
    EXPECT_EQ(syscall::dispatch_syscall(context, __NR_clone, args), -EINVAL);
}

TEST_F(SyscallDispatchTest, Clone3_ReadsStructFromCallerMemory)
{
    clone_args args {};
    args.exit_signal = SIGCHLD;
    ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(kUserData), &args, sizeof(args)).has_value());
    syscall::SyscallContext context { *kernel, caller() };
    syscall::SyscallArguments registers;
    registers.values[0] = kUserData;
    registers.values[1] = sizeof(args);
    EXPECT_GT(syscall::dispatch_syscall(context, __NR_clone3, registers), 0);
    registers.values[1] = 8;
    EXPECT_EQ(syscall::dispatch_syscall(context, __NR_clone3, registers), -EINVAL);
}

} // namespace
} // namespace sirius::testing
