// Prints docs/syscalls.md from the syscall table, so the documentation can
// never disagree with what the dispatcher does.
#include <cstdio>

#include "core/syscall/syscall_table.h"

int main()
{
    using namespace sirius::syscall;
    const SyscallTable table = syscall_table();
    unsigned counts[3] = {};
    for (sirius::usize i = 0; i < table.count; ++i) {
        ++counts[static_cast<int>(table.entries[i].status)];
    }
    std::printf("# x86_64 syscalls in Sirius\n\n");
    std::printf("Generated from `core/syscall/syscall_table.def` by `tools/syscall_docs.cpp`\n");
    std::printf("(`cmake --build --preset host --target update-syscall-docs`); a ctest check\n");
    std::printf("fails when this file and the table disagree. A missing syscall returns\n");
    std::printf("`-ENOSYS`.\n\n");
    std::printf("Supported: %u. Partial: %u. Missing: %u. Total: %zu.\n\n", counts[0], counts[1], counts[2], table.count);
    std::printf("The same handlers run in the x86_64 kernel and in the host library under test.\n\n");
    std::printf("| nr | name | status | note |\n| ---: | --- | --- | --- |\n");
    static const char* const kNames[] = { "supported", "partial", "missing" };
    for (sirius::usize i = 0; i < table.count; ++i) {
        const SyscallEntry& entry = table.entries[i];
        std::printf("| %u | %s | %s | %s |\n", entry.number, entry.name, kNames[static_cast<int>(entry.status)], entry.note);
    }
    return 0;
}
