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
    // bprm->interp: the name the next interpreter is told to run - the file
    // name at first, then each script interpreter's name in turn.
    [[nodiscard]] ArgString interp() const { return { m_interp_bytes.begin(), m_interp_bytes.size() }; }
    // What the process's name (comm) is taken from: the last part of the
    // file name, unless set_comm_name gave another.
    [[nodiscard]] ArgString comm_source() const;

    // getname (fs/namei.c): the path, up to PATH_MAX bytes with its NUL.
    // Errors: EFAULT, ENAMETOOLONG, ENOENT (an empty path, unless
    // `allow_empty`: execveat's AT_EMPTY_PATH).
    Result<void> copy_filename(UserMemory& memory, UserAddress path, bool allow_empty = false);

    // execveat's bprm->filename for a file named by a descriptor
    // ("/dev/fd/N" or "/dev/fd/N/name", alloc_bprm): it replaces the name
    // copied in, and is bprm->interp too. Errors: ENOMEM.
    Result<void> set_filename(const u8* bytes, usize length);

    // begin_new_exec's comm_from_dentry (execveat of an fd with an empty
    // path): the process is named after the file run. Errors: ENOMEM.
    Result<void> set_comm_name(const u8* bytes, usize length);

    // load_script's rewrite of the arguments for a script whose "#!" line
    // names `interpreter` (with `argument`, if `has_argument`):
    // remove_arg_zero drops argv[0], then the interpreter's name, its
    // argument and bprm->interp (the script's name) go in front, and the
    // interpreter becomes bprm->interp. The new strings count against
    // `max_strings_bytes` (arg_strings_limit). Errors: E2BIG, ENOMEM.
    Result<void> splice_interpreter(ArgString interpreter, bool has_argument, ArgString argument, u64 max_strings_bytes);

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
    Result<void> set_bytes(Vector<u8>& into, const u8* bytes, usize length);

    Vector<u8> m_bytes; // every string, back to back, without NULs
    Vector<Span> m_argv_spans;
    Vector<Span> m_envp_spans;
    Vector<ArgString> m_argv;
    Vector<ArgString> m_envp;
    Vector<u8> m_filename_bytes;
    ArgString m_filename;
    Vector<u8> m_interp_bytes;
    usize m_reserved_pointers { 0 }; // set once a script's strings are spliced in
    Vector<u8> m_comm_bytes; // empty: the file name's last part
    bool m_has_comm { false };
};

} // namespace sirius::proc
