#pragma once

// The "#!" line of a script (Linux fs/binfmt_script.c load_script, 5.0 and
// later): the interpreter's name and its one optional argument, read from
// the first BINPRM_BUF_SIZE bytes of the file as Linux reads them. Pure: it
// opens nothing.
//
// The rules, each with a test in tests/unit/proc/interpreter_line_test.cpp:
// - a file not starting with "#!" is not a script (ENOEXEC);
// - the line ends at the first '\n' within the 256 bytes; with none, the
//   line is the whole buffer less its last byte, and it is ENOEXEC only if
//   the interpreter's name may be cut short: no space, tab or NUL follows
//   it within the buffer ("we do not want to exec a truncated interpreter
//   path"), or the buffer after "#!" is all spaces and tabs;
// - spaces and tabs before the name and at the end of the line are
//   skipped; no name left is ENOEXEC;
// - the name ends at the first space, tab or NUL; after a space or tab,
//   the rest of the line less its leading blanks is the one argument
//   (inner blanks kept, cut at a NUL, possibly empty); after a NUL there is
//   none.
#include "core/base/result.h"
#include "core/proc/initial_stack.h"

namespace sirius::proc {

// BINPRM_BUF_SIZE of <linux/binfmts.h>: how much of a file exec reads to
// recognise its format.
inline constexpr usize kBinprmBufSize = 256;

class InterpreterLine {
public:
    // load_script's parse of `head`, the first min(`size`, 256) bytes of the
    // file (the rest of the buffer reads as NUL, as prepare_binprm leaves
    // it). Errors: ENOEXEC.
    static Result<InterpreterLine> parse(const u8* head, usize size);

    [[nodiscard]] ArgString name() const { return { m_buffer + m_name_offset, m_name_length }; }
    [[nodiscard]] bool has_argument() const { return m_has_argument; }
    [[nodiscard]] ArgString argument() const { return { m_buffer + m_argument_offset, m_argument_length }; }

private:
    u8 m_buffer[kBinprmBufSize] {};
    usize m_name_offset { 0 };
    usize m_name_length { 0 };
    usize m_argument_offset { 0 };
    usize m_argument_length { 0 };
    bool m_has_argument { false };
};

} // namespace sirius::proc
