// Fuzzes the initramfs reader (core/fs/cpio_archive) with arbitrary bytes.
// Invariants: every name and data span lies inside the input; no name holds a
// NUL; headers start 4-byte aligned and move forward, so the walk ends (each
// entry takes at least 112 bytes); errors are EINVAL or EOPNOTSUPP (this one
// only with a compression method named), and once an error or the end is
// reached, next() never yields an entry again; a "070702" regular file's data
// sums to its check field.
//
// <linux/stat.h> before any glibc header, which would make it leave out S_IF*.
#include <linux/stat.h>

// The rest after it.
#include <cstdint>
#include <cstring>

#include "core/fs/cpio_archive.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace sirius;
using sirius::fuzz::check;

bool inside(const u8* input, usize size, fs::CpioBytes span)
{
    const auto begin = reinterpret_cast<uptr>(input);
    const auto at = reinterpret_cast<uptr>(span.data);
    if (span.size == 0) {
        return span.data == nullptr || (at >= begin && at <= begin + size);
    }
    return span.data != nullptr && at >= begin && at <= begin + size && span.size <= begin + size - at;
}

// Linux's simple_strntoul(field, NULL, 16, 8), written again as an oracle.
u32 field(const u8* header, usize index)
{
    const u8* text = header + 6 + 8 * index;
    usize at = (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) ? 2 : 0;
    u32 value = 0;
    for (; at < 8; ++at) {
        const u8 c = text[at];
        u32 digit = 0;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else {
            break;
        }
        value = value * 16 + digit;
    }
    return value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    fs::CpioReader reader(bytes, size);
    fs::CpioEntry entry;
    usize entries = 0;
    usize last_header = 0;
    int error = 0;
    while (true) {
        auto more = reader.next(entry);
        if (more.is_error()) {
            error = more.error().code();
            check(error == EINVAL || error == EOPNOTSUPP, "cpio errno");
            check((error == EOPNOTSUPP) == (reader.failure() == fs::CpioFailure::Compressed), "cpio errno matches the failure");
            check((error == EOPNOTSUPP) == (reader.compression() != nullptr), "EOPNOTSUPP names the compression");
            check(fs::cpio_failure_message(reader.failure()) != nullptr, "cpio failure message");
            break;
        }
        if (!more.value()) {
            check(reader.failure() == fs::CpioFailure::None, "a clean end has no failure");
            break;
        }
        ++entries;
        // Each yielded entry consumes a 110-byte header and a padded name.
        check(entries <= size / 112, "more entries than the input can hold");
        check(inside(bytes, size, entry.name), "name span outside the input");
        check(inside(bytes, size, entry.data), "data span outside the input");
        check(entry.name.size == 0 || std::memchr(entry.name.data, 0, entry.name.size) == nullptr, "NUL inside a name");
        check(entry.header_offset % 4 == 0, "unaligned header");
        check(entries == 1 || entry.header_offset > last_header, "headers do not move forward");
        check(entry.header_offset + 110 <= size, "header past the end");
        last_header = entry.header_offset;
        const u16 type = entry.file_type();
        if (type != S_IFREG && type != S_IFLNK) {
            check(entry.data.size == 0, "data on a type that has none");
        }
        // The fields match an independent reading of the header.
        const u8* header = bytes + entry.header_offset;
        check(std::memcmp(header, "07070", 5) == 0 && (header[5] == '1' || header[5] == '2'), "entry without newc magic");
        check(entry.ino == field(header, 0) && entry.mode == static_cast<u16>(field(header, 1)) && entry.uid == field(header, 2)
                && entry.gid == field(header, 3) && entry.nlink == field(header, 4) && entry.mtime == field(header, 5)
                && entry.data.size == field(header, 6) && entry.dev_major == field(header, 7) && entry.dev_minor == field(header, 8)
                && entry.rdev_major == field(header, 9) && entry.rdev_minor == field(header, 10),
            "entry fields differ from the header");
        check(entry.name.data == header + 110 && entry.name.size < field(header, 11), "name not where the header says");
        if (entry.format == fs::CpioFormat::NewcChecksum && type == S_IFREG) {
            u32 sum = 0;
            for (usize i = 0; i < entry.data.size; ++i) {
                sum += entry.data.data[i];
            }
            check(sum == field(header, 12), "070702 regular file with a wrong checksum");
        }
    }
    // Sticky end and sticky error: nothing more, ever.
    for (int i = 0; i < 2; ++i) {
        auto again = reader.next(entry);
        if (error != 0) {
            check(again.is_error() && again.error().code() == error, "a different result after an error");
        } else {
            check(again.has_value() && !again.value(), "an entry after the end");
        }
    }
    return 0;
}
