#pragma once

// The text scanning Linux's /proc writers use (lib/ctype.c, lib/string.c
// skip_spaces, lib/vsprintf.c simple_strtoull), so a line Sirius accepts is
// exactly a line Linux accepts: the same spaces, no sign, digits that wrap
// rather than fail.
#include "core/base/vector.h"

namespace sirius {

// Linux isspace: _S in lib/ctype.c's table, which has the Latin-1
// no-break space (0xA0) besides the ASCII six.
[[nodiscard]] constexpr bool kernel_isspace(u8 c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0;
}

[[nodiscard]] constexpr bool kernel_isdigit(u8 c)
{
    return c >= '0' && c <= '9';
}

// skip_spaces on a NUL-terminated text.
[[nodiscard]] constexpr const u8* skip_spaces(const u8* text)
{
    while (kernel_isspace(*text)) {
        ++text;
    }
    return text;
}

// simple_strtoull(text, &end, 10): the decimal digits at `text` (none is
// 0, `end` left at `text`), wrapping modulo 2^64 as _parse_integer does.
[[nodiscard]] constexpr u64 simple_strtoull(const u8* text, const u8*& end)
{
    u64 value = 0;
    while (kernel_isdigit(*text)) {
        value = value * 10 + static_cast<u64>(*text - '0');
        ++text;
    }
    end = text;
    return value;
}

// memdup_user_nul's result: `count` bytes and a NUL, for parsers that cut
// the text into lines in place. Errors: ENOMEM.
inline Result<Vector<u8>> nul_terminated_copy(const u8* text, usize count)
{
    Vector<u8> copy;
    TRY(copy.try_reserve(count + 1));
    for (usize i = 0; i < count; ++i) {
        TRY(copy.try_append(text[i]));
    }
    TRY(copy.try_append(u8 { 0 }));
    return copy;
}

// The line walk of map_write and proc_timens_set_offset: ends the line at
// `line` (its '\n' becomes a NUL) and returns where the next one starts,
// or nullptr when this is the last ("Find the end of line and ensure I
// don't look past it": a '\n' right before the NUL ends the text too).
inline u8* split_line(u8* line)
{
    u8* next = line;
    while (*next != '\0' && *next != '\n') {
        ++next;
    }
    if (*next != '\n') {
        return nullptr;
    }
    *next = '\0';
    ++next;
    return *next == '\0' ? nullptr : next;
}

} // namespace sirius
