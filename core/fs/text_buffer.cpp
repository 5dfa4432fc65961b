#include "core/fs/text_buffer.h"

namespace sirius::fs {

TextBuffer& TextBuffer::append(const u8* bytes, usize size)
{
    if (m_failed) {
        return *this;
    }
    const usize needed = m_bytes.size() + size;
    if (needed > m_reserved) {
        // Doubling keeps a long text's appends linear.
        const usize capacity = max(needed, max(m_reserved * 2, usize { 256 }));
        if (m_bytes.try_reserve(capacity).is_error()) {
            m_failed = true;
            return *this;
        }
        m_reserved = capacity;
    }
    for (usize i = 0; i < size; ++i) {
        (void)m_bytes.try_append(bytes[i]);
    }
    return *this;
}

TextBuffer& TextBuffer::append(const char* text)
{
    usize size = 0;
    while (text[size] != '\0') {
        ++size;
    }
    return append(reinterpret_cast<const u8*>(text), size);
}

TextBuffer& TextBuffer::append_char(char c)
{
    const u8 byte = static_cast<u8>(c);
    return append(&byte, 1);
}

TextBuffer& TextBuffer::append_digits(u64 value, u32 base, usize width, char pad)
{
    constexpr usize kMaxDigits = 24;
    char digits[kMaxDigits];
    usize count = 0;
    do {
        const u64 digit = value % base;
        digits[count++] = static_cast<char>(digit < 10 ? '0' + digit : 'a' + (digit - 10));
        value /= base;
    } while (value != 0);
    for (usize i = count; i < width; ++i) {
        append_char(pad);
    }
    while (count > 0) {
        append_char(digits[--count]);
    }
    return *this;
}

TextBuffer& TextBuffer::append_unsigned(u64 value, usize width, bool zero_pad)
{
    return append_digits(value, 10, width, zero_pad ? '0' : ' ');
}

TextBuffer& TextBuffer::append_signed(i64 value)
{
    if (value < 0) {
        append_char('-');
        return append_digits(0 - static_cast<u64>(value), 10, 0, ' ');
    }
    return append_digits(static_cast<u64>(value), 10, 0, ' ');
}

TextBuffer& TextBuffer::append_hex(u64 value, usize width)
{
    return append_digits(value, 16, width, '0');
}

TextBuffer& TextBuffer::append_octal(u64 value, usize width)
{
    return append_digits(value, 8, width, '0');
}

Result<void> TextBuffer::status() const
{
    if (m_failed) {
        return errno_error(ENOMEM);
    }
    return {};
}

} // namespace sirius::fs
