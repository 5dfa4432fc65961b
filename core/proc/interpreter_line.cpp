#include "core/proc/interpreter_line.h"

namespace sirius::proc {

namespace {

// The helpers of binfmt_script.c, over [first, last] inclusive; -1 for
// none (Linux's NULL).
bool is_space_or_tab(u8 c) { return c == ' ' || c == '\t'; }

isize next_non_space_or_tab(const u8* buffer, isize first, isize last)
{
    for (; first <= last; ++first) {
        if (!is_space_or_tab(buffer[first])) {
            return first;
        }
    }
    return -1;
}

isize next_terminator(const u8* buffer, isize first, isize last)
{
    for (; first <= last; ++first) {
        if (is_space_or_tab(buffer[first]) || buffer[first] == '\0') {
            return first;
        }
    }
    return -1;
}

// strlen up to `end`, which load_script has made a NUL.
usize string_length(const u8* buffer, isize from, isize end)
{
    isize at = from;
    while (at < end && buffer[at] != '\0') {
        ++at;
    }
    return static_cast<usize>(at - from);
}

} // namespace

Result<InterpreterLine> InterpreterLine::parse(const u8* head, usize size)
{
    InterpreterLine line;
    u8* buffer = line.m_buffer;
    copy_bytes(buffer, head, min(size, kBinprmBufSize));
    // "Not ours to exec if we don't start with "#!"."
    if (buffer[0] != '#' || buffer[1] != '!') {
        return errno_error(ENOEXEC);
    }
    const isize buffer_end = static_cast<isize>(kBinprmBufSize) - 1;
    isize end = -1;
    for (isize i = 0; i <= buffer_end; ++i) {
        if (buffer[i] == '\n') {
            end = i;
            break;
        }
    }
    if (end < 0) {
        end = next_non_space_or_tab(buffer, 2, buffer_end);
        if (end < 0) {
            return errno_error(ENOEXEC); // "Entire buf is spaces/tabs"
        }
        // "If there is no later space/tab/NUL we must assume the
        // interpreter path is truncated."
        if (next_terminator(buffer, end, buffer_end) < 0) {
            return errno_error(ENOEXEC);
        }
        end = buffer_end;
    }
    // "Trim any trailing spaces/tabs from i_end"
    while (is_space_or_tab(buffer[end - 1])) {
        --end;
    }
    const isize name = next_non_space_or_tab(buffer, 2, end);
    if (name < 0 || name == end) {
        return errno_error(ENOEXEC); // "No interpreter name found"
    }
    isize argument = -1;
    const isize separator = next_terminator(buffer, name, end);
    if (separator >= 0 && buffer[separator] != '\0') {
        argument = next_non_space_or_tab(buffer, separator, end);
    }
    // "*((char *)i_end) = '\0'", and with an argument "*i_sep = '\0'": both
    // strings are C strings from here.
    buffer[end] = '\0';
    if (argument >= 0) {
        buffer[separator] = '\0';
        line.m_has_argument = true;
        line.m_argument_offset = static_cast<usize>(argument);
        line.m_argument_length = string_length(buffer, argument, end);
    }
    line.m_name_offset = static_cast<usize>(name);
    line.m_name_length = string_length(buffer, name, end);
    return line;
}

} // namespace sirius::proc
