// <linux/stat.h> comes first: it leaves out the S_IF* constants once a glibc
// header has defined __GLIBC__ (glibc's <sys/stat.h> has its own), and in the
// host build <stdint.h>, which core/base includes, is glibc's.
#include <linux/limits.h>
#include <linux/stat.h>

// The reader's own header after them, for that reason.
#include "core/fs/cpio_archive.h"

namespace sirius::fs {
namespace {

// The newc header: a 6-byte magic and 13 fields of 8 hex characters
// (init/initramfs.h CPIO_HDRLEN).
constexpr usize kMagicSize = 6;
constexpr usize kFieldSize = 8;
constexpr usize kFieldCount = 13;
constexpr usize kHeaderSize = kMagicSize + kFieldSize * kFieldCount;
static_assert(kHeaderSize == 110);

// The order of the fields after the magic (parse_header's parsed[]).
enum Field : usize {
    kIno,
    kMode,
    kUid,
    kGid,
    kNlink,
    kMtime,
    kFileSize,
    kDevMajor,
    kDevMinor,
    kRdevMajor,
    kRdevMinor,
    kNameSize,
    kCheck,
};

constexpr u8 kMagicNewc[kMagicSize] = { '0', '7', '0', '7', '0', '1' };
constexpr u8 kMagicNewcChecksum[kMagicSize] = { '0', '7', '0', '7', '0', '2' };
constexpr u8 kMagicOldCharacter[kMagicSize] = { '0', '7', '0', '7', '0', '7' };
constexpr u8 kTrailerName[] = { 'T', 'R', 'A', 'I', 'L', 'E', 'R', '!', '!', '!' };

// lib/decompress.c compressed_formats: the first two bytes of each method.
struct CompressionMagic {
    u8 bytes[2];
    const char* name;
};
constexpr CompressionMagic kCompressionMagics[] = {
    { { 0x1f, 0x8b }, "gzip" },
    { { 0x1f, 0x9e }, "gzip" },
    { { 0x42, 0x5a }, "bzip2" },
    { { 0x5d, 0x00 }, "lzma" },
    { { 0xfd, 0x37 }, "xz" },
    { { 0x89, 0x4c }, "lzo" },
    { { 0x02, 0x21 }, "lz4" },
    { { 0x28, 0xb5 }, "zstd" },
};

constexpr int errno_for(CpioFailure failure)
{
    return failure == CpioFailure::Compressed ? EOPNOTSUPP : EINVAL;
}

constexpr bool is_aligned4(usize offset) { return (offset & 3) == 0; }

// Rounds up to a multiple of 4; false if that does not fit.
bool align_up4(usize value, usize& out)
{
    if (!checked_add<usize>(value, 3, out)) {
        return false;
    }
    out &= ~static_cast<usize>(3);
    return true;
}

// The value of a hex digit of either case (lib/kstrtox.c
// _parse_integer_limit), or -1.
int hex_digit(u8 c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const u8 lower = static_cast<u8>(c | 0x20);
    if (lower >= 'a' && lower <= 'f') {
        return lower - 'a' + 10;
    }
    return -1;
}

// One header field, read as Linux's parse_header reads it:
// simple_strntoul(field, NULL, 16, 8) (older kernels: simple_strtoul on a
// NUL-terminated copy of the 8 characters, which reads the same). There is no
// error: _parse_integer_fixup_radix skips a "0x"/"0X" prefix, and the number
// ends at the first non-hex character, so "0000001g" is 1 and "zzzzzzzz" is 0.
// The reader follows that rather than rejecting such headers, so that it
// accepts the archives Linux accepts; the structural checks on the values
// (sizes against the input) catch what matters.
u32 parse_hex_field(const u8* field)
{
    usize at = 0;
    if (field[0] == '0' && (field[1] | 0x20) == 'x') {
        at = 2;
    }
    u32 value = 0;
    for (; at < kFieldSize; ++at) {
        const int digit = hex_digit(field[at]);
        if (digit < 0) {
            break;
        }
        // At most 8 digits of 4 bits: no bit is ever shifted out.
        value = (value << 4) | static_cast<u32>(digit);
    }
    return value;
}

// The length of a C string held in `bytes` (which contains a NUL).
usize c_string_length(const u8* bytes, usize size)
{
    usize length = 0;
    while (length < size && bytes[length] != 0) {
        ++length;
    }
    return length;
}

} // namespace

u16 CpioEntry::file_type() const { return static_cast<u16>(mode & S_IFMT); }

bool CpioEntry::may_be_hard_link() const
{
    if (nlink < 2) {
        return false;
    }
    const u16 type = file_type();
    return type == S_IFREG || type == S_IFBLK || type == S_IFCHR || type == S_IFIFO || type == S_IFSOCK;
}

const char* cpio_failure_message(CpioFailure failure)
{
    switch (failure) {
    case CpioFailure::None:
        return "no error";
    case CpioFailure::TruncatedHeader:
    case CpioFailure::NameRunsPastEnd:
    case CpioFailure::DataRunsPastEnd:
        // Linux's words for a compressed archive cut short; it stops silently
        // on an uncompressed one.
        return "junk at the end of compressed archive";
    case CpioFailure::OldCharacterFormat:
        return "incorrect cpio method used: use -H newc option";
    case CpioFailure::NoMagic:
        return "no cpio magic";
    case CpioFailure::EmptyName:
    case CpioFailure::NameWithoutNul:
        // do_name: "initramfs name without nulterm", then this.
        return "malformed archive";
    case CpioFailure::BadChecksum:
        return "bad data checksum";
    case CpioFailure::BrokenPadding:
        return "broken padding";
    case CpioFailure::Junk:
        // Linux 6.x; older kernels said "junk in compressed archive".
        return "invalid magic at start of compressed archive";
    case CpioFailure::Compressed:
        return "compression method not configured";
    }
    return "malformed archive";
}

CpioReader::CpioReader(const u8* bytes, usize size)
    : m_bytes(bytes)
    , m_size(bytes == nullptr ? 0 : size)
{
}

Error CpioReader::fail(CpioFailure failure)
{
    m_failure = failure;
    return errno_error(errno_for(failure));
}

Result<bool> CpioReader::next(CpioEntry& entry)
{
    // Once failed, always failed: no entry is ever yielded after an error.
    if (m_failure != CpioFailure::None) {
        return errno_error(errno_for(m_failure));
    }
    while (true) {
        // unpack_to_rootfs and do_reset: NUL bytes before, between and after
        // archives are skipped one at a time.
        while (m_offset < m_size && m_bytes[m_offset] == 0) {
            ++m_offset;
        }
        if (m_offset == m_size) {
            return false;
        }
        TRY(check_header_start());
        switch (TRY(read_entry(entry))) {
        case Step::Entry:
            return true;
        case Step::Skipped:
        case Step::Trailer:
            break;
        }
    }
}

// At m_offset is a byte that is not NUL. unpack_to_rootfs starts a header
// there only if it is '0' at an aligned offset; anything else goes to
// decompress_method.
Result<void> CpioReader::check_header_start()
{
    const u8 first = m_bytes[m_offset];
    if (first == '0' && is_aligned4(m_offset)) {
        return {};
    }
    // decompress_method needs two bytes ("Need at least this much...").
    if (m_size - m_offset >= 2) {
        for (const CompressionMagic& magic : kCompressionMagics) {
            if (first == magic.bytes[0] && m_bytes[m_offset + 1] == magic.bytes[1]) {
                m_compression = magic.name;
                return fail(CpioFailure::Compressed);
            }
        }
    }
    // do_reset: "if (byte_count && (this_header & 3)) error("broken padding")".
    if (!is_aligned4(m_offset)) {
        return fail(CpioFailure::BrokenPadding);
    }
    // decompress_method found no method: "invalid magic at start of
    // compressed archive".
    return fail(CpioFailure::Junk);
}

// One member at m_offset, in do_header's order. On success m_offset moves to
// where the next header may start; on failure it stays at this header.
Result<CpioReader::Step> CpioReader::read_entry(CpioEntry& entry)
{
    const usize start = m_offset;
    if (m_size - start < kHeaderSize) {
        return fail(CpioFailure::TruncatedHeader);
    }
    const u8* header = m_bytes + start;

    // do_header: "070701" or "070702" (csum_present); "070707" gets its own
    // message.
    CpioFormat format;
    if (bytes_equal(header, kMagicNewc, kMagicSize)) {
        format = CpioFormat::Newc;
    } else if (bytes_equal(header, kMagicNewcChecksum, kMagicSize)) {
        format = CpioFormat::NewcChecksum;
    } else if (bytes_equal(header, kMagicOldCharacter, kMagicSize)) {
        return fail(CpioFailure::OldCharacterFormat);
    } else {
        return fail(CpioFailure::NoMagic);
    }

    u32 fields[kFieldCount];
    for (usize i = 0; i < kFieldCount; ++i) {
        fields[i] = parse_hex_field(header + kMagicSize + i * kFieldSize);
    }
    // parse_header: "mode = parsed[1]" into a umode_t.
    const u16 mode = static_cast<u16>(fields[kMode]);
    const u32 name_size = fields[kNameSize];
    const u32 data_size = fields[kFileSize];

    // Linux skips an entry with "name_len <= 0" (do_header); an empty name
    // cannot come from any cpio writer, so here it is a malformed archive.
    if (name_size == 0) {
        return fail(CpioFailure::EmptyName);
    }
    // N_ALIGN(len) = ((len + 1) & ~3) + 2: the header (110 bytes, 2 mod 4)
    // plus the name, padded to 4 bytes. In u64: no overflow from a u32.
    const u64 padded_name = ((static_cast<u64>(name_size) + 1) & ~static_cast<u64>(3)) + 2;
    const usize name_start = start + kHeaderSize;
    usize data_start = 0;
    if (padded_name > m_size - name_start || !checked_add<usize>(name_start, static_cast<usize>(padded_name), data_start)) {
        return fail(CpioFailure::NameRunsPastEnd);
    }
    usize data_end = 0;
    if (data_size > m_size - data_start || !checked_add<usize>(data_start, data_size, data_end)) {
        return fail(CpioFailure::DataRunsPastEnd);
    }
    // do_header: next_header = (this_header + N_ALIGN(name_len) + body_len + 3) & ~3.
    // The data's padding may be cut off by the end of the input: there is
    // nothing after it to misread.
    usize next = 0;
    if (!align_up4(data_end, next) || next > m_size) {
        next = m_size;
    }

    // The entries do_header sends to SkipIt without reading their name: a
    // name longer than PATH_MAX, a symlink target longer than PATH_MAX, data
    // on anything but a regular file or a symlink.
    const u16 type = static_cast<u16>(mode & S_IFMT);
    bool skip = false;
    if (name_size > PATH_MAX) {
        skip = true;
    } else if (type == S_IFLNK) {
        skip = data_size > PATH_MAX;
    } else {
        skip = type != S_IFREG && data_size != 0;
    }
    if (skip) {
        ++m_skipped;
        m_offset = next;
        return Step::Skipped;
    }

    // do_name / do_symlink: "if (collected[name_len - 1] != '\0')" ->
    // "malformed archive".
    const u8* name = m_bytes + name_start;
    if (name[name_size - 1] != 0) {
        return fail(CpioFailure::NameWithoutNul);
    }
    const usize name_length = c_string_length(name, name_size);
    const u8* data = m_bytes + data_start;

    // do_name: strcmp(collected, "TRAILER!!!") ends the archive. A symlink's
    // name goes to do_symlink instead, which has no such check.
    if (type != S_IFLNK && name_length == sizeof(kTrailerName) && bytes_equal(name, kTrailerName, sizeof(kTrailerName))) {
        // At least 112 bytes per trailer: the count cannot overflow.
        ++m_archive_index;
        m_offset = next;
        return Step::Trailer;
    }

    // do_copy: "if (csum_present && io_csum != hdr_csum)" for a regular file.
    // The sum is a u32 that wraps, as Linux's io_csum does.
    if (format == CpioFormat::NewcChecksum && type == S_IFREG) {
        u32 sum = 0;
        for (usize i = 0; i < data_size; ++i) {
            sum += data[i];
        }
        if (sum != fields[kCheck]) {
            return fail(CpioFailure::BadChecksum);
        }
    }

    entry.name = CpioBytes { name, name_length };
    entry.data = CpioBytes { data, data_size };
    entry.mode = mode;
    entry.uid = fields[kUid];
    entry.gid = fields[kGid];
    entry.nlink = fields[kNlink];
    entry.mtime = fields[kMtime];
    entry.ino = fields[kIno];
    entry.dev_major = fields[kDevMajor];
    entry.dev_minor = fields[kDevMinor];
    entry.rdev_major = fields[kRdevMajor];
    entry.rdev_minor = fields[kRdevMinor];
    entry.format = format;
    entry.archive_index = m_archive_index;
    entry.header_offset = start;
    m_offset = next;
    return Step::Entry;
}

} // namespace sirius::fs
