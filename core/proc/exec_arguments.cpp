#include "core/proc/exec_arguments.h"

#include <linux/limits.h>

namespace sirius::proc {

namespace {

constexpr usize kPageSize = 4096;

// fs/exec.c count(): the pointers up to the NULL, at most `max` of them.
// Errors: EFAULT, E2BIG.
Result<usize> count_pointers(UserMemory& memory, UserAddress list, usize max)
{
    if (list.is_null()) {
        return usize { 0 };
    }
    usize count = 0;
    for (;;) {
        u64 pointer = 0;
        auto at = TRY(list.offset(count * sizeof(u64)));
        TRY(memory.copy_from_user(&pointer, at, sizeof(pointer)));
        if (pointer == 0) {
            return count;
        }
        if (++count >= max) {
            return errno_error(E2BIG);
        }
    }
}

} // namespace

Result<void> ExecArguments::copy_filename(UserMemory& memory, UserAddress path)
{
    Span span = TRY(copy_string(memory, path, PATH_MAX, m_filename_bytes));
    if (span.length == 0) {
        return errno_error(ENOENT);
    }
    m_filename = ArgString { m_filename_bytes.begin(), m_filename_bytes.size() };
    return {};
}

Result<ExecArguments::Span> ExecArguments::copy_string(UserMemory& memory, UserAddress string, usize limit, Vector<u8>& into)
{
    // strnlen_user in small pieces that never cross a page boundary: a
    // string may end just before an unmapped page.
    constexpr usize kPiece = 256;
    usize offset = into.size();
    u64 address = string.value();
    for (usize length = 0;;) {
        usize chunk = min(kPiece, kPageSize - (address % kPageSize));
        u8 bytes[kPiece];
        TRY(memory.copy_from_user(bytes, UserAddress(address), chunk));
        for (usize i = 0; i < chunk; ++i) {
            if (bytes[i] == '\0') {
                return Span { offset, length };
            }
            if (++length >= limit) {
                // The string with its NUL would be over the limit: getname
                // says ENAMETOOLONG, valid_arg_len E2BIG.
                return errno_error(limit == PATH_MAX ? ENAMETOOLONG : E2BIG);
            }
            TRY(into.try_append(bytes[i]));
        }
        address += chunk;
    }
}

Result<void> ExecArguments::copy_list(UserMemory& memory, UserAddress list, usize count, Vector<Span>& spans)
{
    TRY(spans.try_reserve(count));
    for (usize i = 0; i < count; ++i) {
        TRY(spans.try_append(Span { 0, 0 }));
    }
    // copy_strings: "while (argc-- > 0)", the last string first.
    for (usize i = count; i-- > 0;) {
        u64 pointer = 0;
        TRY(memory.copy_from_user(&pointer, UserAddress(list.value() + i * sizeof(u64)), sizeof(pointer)));
        spans[i] = TRY(copy_string(memory, UserAddress(pointer), kMaxArgStrlen, m_bytes));
    }
    return {};
}

Result<void> ExecArguments::copy_arguments(UserMemory& memory, UserAddress argv, UserAddress envp, u64 max_strings_bytes)
{
    // do_execveat_common: count(argv), count(envp), then bprm_stack_limits,
    // then copy_strings(envp), copy_strings(argv).
    usize argc = TRY(count_pointers(memory, argv, kMaxArgStrings));
    usize envc = TRY(count_pointers(memory, envp, kMaxArgStrings));
    // bprm_stack_limits: the pointers alone may not fill the limit.
    u64 pointers = (max(argc, usize { 1 }) + envc) * sizeof(u64);
    if (max_strings_bytes <= pointers) {
        return errno_error(E2BIG);
    }
    TRY(copy_list(memory, envp, envc, m_envp_spans));
    TRY(copy_list(memory, argv, argc, m_argv_spans));
    TRY(m_argv.try_reserve(argc));
    TRY(m_envp.try_reserve(envc));
    publish();
    return check_exec_strings(strings(), max_strings_bytes);
}

Result<ExecArguments::Span> ExecArguments::append_bytes(ArgString string, Vector<u8>& into)
{
    usize offset = into.size();
    TRY(into.try_reserve(offset + string.length));
    for (usize i = 0; i < string.length; ++i) {
        TRY(into.try_append(string.bytes[i]));
    }
    return Span { offset, string.length };
}

Result<void> ExecArguments::copy_from_kernel(ArgString filename, const ArgString* argv, usize argc, const ArgString* envp, usize envc, u64 max_strings_bytes)
{
    TRY(append_bytes(filename, m_filename_bytes));
    m_filename = ArgString { m_filename_bytes.begin(), m_filename_bytes.size() };
    TRY(m_argv_spans.try_reserve(argc));
    TRY(m_envp_spans.try_reserve(envc));
    for (usize i = 0; i < argc; ++i) {
        Span span = TRY(append_bytes(argv[i], m_bytes));
        TRY(m_argv_spans.try_append(span));
    }
    for (usize i = 0; i < envc; ++i) {
        Span span = TRY(append_bytes(envp[i], m_bytes));
        TRY(m_envp_spans.try_append(span));
    }
    TRY(m_argv.try_reserve(argc));
    TRY(m_envp.try_reserve(envc));
    publish();
    return check_exec_strings(strings(), max_strings_bytes);
}

void ExecArguments::publish()
{
    // Only now are the bytes where they stay.
    for (const Span& span : m_argv_spans) {
        (void)m_argv.try_append(ArgString { m_bytes.begin() + span.offset, span.length });
    }
    for (const Span& span : m_envp_spans) {
        (void)m_envp.try_append(ArgString { m_bytes.begin() + span.offset, span.length });
    }
}

ExecStrings ExecArguments::strings() const
{
    return ExecStrings { m_argv.begin(), m_argv.size(), m_envp.begin(), m_envp.size(), m_filename };
}

} // namespace sirius::proc
