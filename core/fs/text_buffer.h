#pragma once

// Text made in the kernel for a file to read (/proc files, seq_file's
// buffer): appends that may run out of memory, checked once at the end.
#include "core/base/vector.h"

namespace sirius::fs {

class TextBuffer {
public:
    TextBuffer& append(const char* text);
    TextBuffer& append(const u8* bytes, usize size);
    TextBuffer& append_char(char c);
    // Decimal, at least `width` characters wide, padded with spaces on the
    // left (or zeros with `zero_pad`), as printf's "%*llu".
    TextBuffer& append_unsigned(u64 value, usize width = 0, bool zero_pad = false);
    TextBuffer& append_signed(i64 value);
    // Lowercase hexadecimal, at least `width` digits with leading zeros
    // (printf "%0*llx").
    TextBuffer& append_hex(u64 value, usize width = 0);
    // Octal, at least `width` digits with leading zeros ("%0*o").
    TextBuffer& append_octal(u64 value, usize width = 0);

    [[nodiscard]] const u8* data() const { return m_bytes.begin(); }
    [[nodiscard]] usize size() const { return m_bytes.size(); }
    // ENOMEM when an append could not grow the buffer.
    [[nodiscard]] Result<void> status() const;
    // Takes the bytes out (the buffer is empty after).
    Vector<u8> take()
    {
        m_reserved = 0;
        return move(m_bytes);
    }

private:
    TextBuffer& append_digits(u64 value, u32 base, usize width, char pad);

    Vector<u8> m_bytes;
    usize m_reserved { 0 };
    bool m_failed { false };
};

} // namespace sirius::fs
