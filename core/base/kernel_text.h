#pragma once

// The text scanning Linux's /proc writers use (lib/ctype.c, lib/string.c
// skip_spaces, lib/vsprintf.c simple_strtoull), so a line Sirius accepts is
// exactly a line Linux accepts: the same spaces, no sign, digits that wrap
// rather than fail.
#include "core/base/types.h"

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

} // namespace sirius
