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

Result<void> ExecArguments::copy_filename(UserMemory& memory, UserAddress path, bool allow_empty)
{
    Span span = TRY(copy_string(memory, path, PATH_MAX, m_filename_bytes));
    if (span.length == 0 && !allow_empty) {
        return errno_error(ENOENT);
    }
    m_filename = ArgString { m_filename_bytes.begin(), m_filename_bytes.size() };
    return set_bytes(m_interp_bytes, m_filename.bytes, m_filename.length);
}

Result<void> ExecArguments::set_bytes(Vector<u8>& into, const u8* bytes, usize length)
{
    Vector<u8> copy;
    TRY(copy.try_reserve(length));
    for (usize i = 0; i < length; ++i) {
        TRY(copy.try_append(bytes[i]));
    }
    into = move(copy);
    return {};
}

Result<void> ExecArguments::set_filename(const u8* bytes, usize length)
{
    TRY(set_bytes(m_filename_bytes, bytes, length));
    m_filename = ArgString { m_filename_bytes.begin(), m_filename_bytes.size() };
    return set_bytes(m_interp_bytes, bytes, length);
}

Result<void> ExecArguments::set_comm_name(const u8* bytes, usize length)
{
    TRY(set_bytes(m_comm_bytes, bytes, length));
    m_has_comm = true;
    return {};
}

ArgString ExecArguments::comm_source() const
{
    if (m_has_comm) {
        return { m_comm_bytes.begin(), m_comm_bytes.size() };
    }
    // kbasename(bprm->filename)
    usize base = 0;
    for (usize i = 0; i < m_filename.length; ++i) {
        if (m_filename.bytes[i] == '/') {
            base = i + 1;
        }
    }
    return { m_filename.bytes + base, m_filename.length - base };
}

Result<void> ExecArguments::splice_interpreter(ArgString interpreter, bool has_argument, ArgString argument, u64 max_strings_bytes)
{
    // The new argv: interpreter, [argument], bprm->interp, argv[1...]. The
    // strings are appended to m_bytes (which may move), so spans are
    // rebuilt and published again.
    Vector<Span> spans;
    const usize kept = m_argv_spans.size() > 0 ? m_argv_spans.size() - 1 : 0; // remove_arg_zero
    TRY(spans.try_reserve(kept + 3));
    const Span interpreter_span = TRY(append_bytes(interpreter, m_bytes));
    TRY(spans.try_append(interpreter_span));
    if (has_argument) {
        const Span argument_span = TRY(append_bytes(argument, m_bytes));
        TRY(spans.try_append(argument_span));
    }
    // bprm->interp is copied before it is replaced below.
    const Span interp_span = TRY(append_bytes(interp(), m_bytes));
    TRY(spans.try_append(interp_span));
    for (usize i = 1; i < m_argv_spans.size(); ++i) {
        TRY(spans.try_append(m_argv_spans[i]));
    }
    Vector<ArgString> argv;
    TRY(argv.try_reserve(spans.size()));
    TRY(set_bytes(m_interp_bytes, interpreter.bytes, interpreter.length));
    // The room for pointers stays what bprm_stack_limits reserved for the
    // caller's argv and envp.
    if (m_reserved_pointers == 0) {
        m_reserved_pointers = max<usize>(m_argv_spans.size(), 1) + m_envp_spans.size();
    }
    m_argv_spans = move(spans);
    m_argv = move(argv);
    m_envp.clear();
    publish();
    return check_exec_strings(strings(), max_strings_bytes);
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
    TRY(set_bytes(m_interp_bytes, filename.bytes, filename.length));
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
    return ExecStrings { m_argv.begin(), m_argv.size(), m_envp.begin(), m_envp.size(), m_filename, m_reserved_pointers };
}

} // namespace sirius::proc
