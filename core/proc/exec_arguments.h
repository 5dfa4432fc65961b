#pragma once

// The strings execve(2) takes from the caller (Linux struct linux_binprm's
// argument pages): the file name, argv and envp, copied into the kernel
// before the old program is given up, with fs/exec.c's rules and errnos.
#include "core/base/user_memory.h"
#include "core/base/vector.h"
#include "core/proc/initial_stack.h"

namespace sirius::proc {

class ExecArguments {
public:
    // What build_initial_stack takes. Points into *this: valid while it lives
    // and is not moved.
    [[nodiscard]] ExecStrings strings() const;
    [[nodiscard]] const ArgString& filename() const { return m_filename; }

    // getname (fs/namei.c): the path, up to PATH_MAX bytes with its NUL.
    // Errors: EFAULT, ENAMETOOLONG, ENOENT (an empty path).
    Result<void> copy_filename(UserMemory& memory, UserAddress path);

    // count() and copy_strings() of do_execveat_common: argv and envp are
    // NULL-terminated arrays of string pointers (NULL for none); each string
    // is read up to MAX_ARG_STRLEN, the last one first, envp before argv, as
    // Linux copies them (so the first error Linux meets is the one returned).
    // `max_strings_bytes` is arg_strings_limit(RLIMIT_STACK).
    // Errors: EFAULT (a bad array or string), E2BIG (check_exec_strings),
    // ENOMEM.
    Result<void> copy_arguments(UserMemory& memory, UserAddress argv, UserAddress envp, u64 max_strings_bytes);

    // kernel_execve (init): the same strings from the kernel's own memory.
    // Errors: ENOMEM, E2BIG (check_exec_strings).
    Result<void> copy_from_kernel(ArgString filename, const ArgString* argv, usize argc, const ArgString* envp, usize envc, u64 max_strings_bytes);

private:
    struct Span {
        usize offset;
        usize length;
    };
    Result<void> copy_list(UserMemory& memory, UserAddress list, usize count, Vector<Span>& spans);
    Result<Span> append_bytes(ArgString string, Vector<u8>& into);
    Result<Span> copy_string(UserMemory& memory, UserAddress string, usize limit, Vector<u8>& into);
    void publish();

    Vector<u8> m_bytes; // every string, back to back, without NULs
    Vector<Span> m_argv_spans;
    Vector<Span> m_envp_spans;
    Vector<ArgString> m_argv;
    Vector<ArgString> m_envp;
    Vector<u8> m_filename_bytes;
    ArgString m_filename;
};

} // namespace sirius::proc
