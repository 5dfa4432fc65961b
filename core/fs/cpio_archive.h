#pragma once

// The initramfs archive reader: a cursor over the entries of an in-memory
// "newc" cpio archive ("070701", and "070702" with a data checksum), with the
// rules of Linux's init/initramfs.c (unpack_to_rootfs and its state machine).
// It parses only; creating files, directories, nodes and links is the
// unpacker's job. Nothing is copied: names and data point into the input.
//
// What the reader follows from Linux:
// - An initramfs is a stream: archives back to back, with runs of NUL bytes
//   before, between and after them (unpack_to_rootfs and do_reset skip them
//   one by one). A header starts at a 4-byte aligned offset from the start of
//   the input, and "TRAILER!!!" ends one archive (Linux frees its hard-link
//   table there), not the stream. The trailer itself is optional.
// - Each of the 13 header fields is 8 characters read as simple_strntoul(16)
//   reads them (see CpioEntry).
// - The 110-byte header plus the name is padded to 4 bytes (Linux N_ALIGN),
//   the data is padded to 4 bytes.
// - The entries Linux ignores without an error are skipped here too (counted
//   by skipped_entries()): a name longer than PATH_MAX, a symlink target
//   longer than PATH_MAX, and data on anything but a regular file or a
//   symlink (do_header only reads the name of a regular file, a symlink or a
//   data-less entry).
// - For "070702", a regular file's data must sum (bytewise, modulo 2^32) to
//   the header's check field (do_copy: "bad data checksum").
//
// Where the reader is stricter than Linux, because an in-memory archive that
// breaks these rules is corrupt and Linux would unpack part of it silently:
// a name size of 0 (Linux skips the entry), and an archive that ends inside a
// header, a name or the data (Linux stops where the input stops when the
// archive is not compressed, and reports "junk at the end of compressed
// archive" when it is). Both are EINVAL.
//
// Errors (the reader stays failed: every later next() returns the same one):
// - EINVAL: a malformed archive. failure() says which rule, and
//   cpio_failure_message() gives the message Linux's unpack_to_rootfs would
//   return for it ("no cpio magic", "broken padding", ...).
// - EOPNOTSUPP: compressed data (gzip, bzip2, lzma, xz, lzo, lz4, zstd, told
//   apart by lib/decompress.c's magic bytes) where a header would start. The
//   reader does not decompress; compression() names the method. Linux, built
//   without that decompressor, says "compression method %s not configured".
//   The entries of uncompressed archives before it (e.g. an early microcode
//   archive in front of a compressed initramfs) have been yielded by then.
#include "core/base/result.h"
#include "core/base/types.h"

namespace sirius::fs {

// A run of bytes inside the archive given to the reader (never a copy).
struct CpioBytes {
    const u8* data { nullptr };
    usize size { 0 };
};

enum class CpioFormat : u8 {
    Newc, // "070701"
    NewcChecksum, // "070702": c_check is the byte sum of a regular file's data
};

// One archive member. The numeric fields are the header's, as Linux's
// parse_header reads them: simple_strntoul(field, NULL, 16, 8) on each
// 8-character field. That is lenient, and the reader is lenient the same way
// so that it accepts exactly what Linux accepts: an optional "0x"/"0X"
// prefix, then hex digits of either case up to the first non-hex character,
// which ends the number ("0000001g" is 1, "zzzzzzzz" is 0). At most 8 digits,
// so every value fits in 32 bits.
struct CpioEntry {
    // The path, without its NUL. Linux handles it as a C string, so it ends at
    // the first NUL of the c_namesize bytes (whose last byte must be NUL).
    CpioBytes name;
    // A regular file's contents or a symlink's target (which Linux also reads
    // up to its first NUL); empty for every other type. For hard links the
    // data comes with the last link (see may_be_hard_link()).
    CpioBytes data;
    // File type and permission bits: the S_IF* constants of <linux/stat.h>.
    // Linux keeps the field in a umode_t, so only its low 16 bits count.
    // (A hosted file that wants S_IF* from <linux/stat.h> must include it
    // before any glibc header: it leaves them out once __GLIBC__ is defined.)
    u16 mode { 0 };
    u32 uid { 0 };
    u32 gid { 0 };
    u32 nlink { 0 };
    u32 mtime { 0 }; // seconds since the epoch ("breaks in y2106")
    u32 ino { 0 };
    u32 dev_major { 0 }; // the device the file came from (hard-link key)
    u32 dev_minor { 0 };
    u32 rdev_major { 0 }; // the device a block or character node names
    u32 rdev_minor { 0 };
    CpioFormat format { CpioFormat::Newc };
    // Which archive of the stream the entry belongs to: the number of
    // "TRAILER!!!" entries before it. Hard links never cross archives.
    usize archive_index { 0 };
    // Where the entry's header starts in the input (for messages).
    usize header_offset { 0 };

    // mode & S_IFMT.
    [[nodiscard]] u16 file_type() const;

    // Linux maybe_link(): an entry with nlink >= 2 that is a regular file, a
    // block or character device, a FIFO or a socket is a link to the first
    // earlier entry of the same archive with the same (ino, dev_major,
    // dev_minor) and the same file type, if there is one; the unpacker links
    // it to that one instead of creating a new inode. newc writes the data
    // with the last link of a set (GNU cpio gives the earlier ones size 0);
    // Linux opens the linked inode without O_TRUNC and writes the data from
    // offset 0, so the last link's data ends up in the shared inode.
    [[nodiscard]] bool may_be_hard_link() const;
};

// Which rule a failed archive broke. Each maps to one errno (see above).
enum class CpioFailure : u8 {
    None,
    TruncatedHeader, // fewer than 110 bytes left where a header starts
    OldCharacterFormat, // "070707": the odc format, not newc
    NoMagic, // neither "070701" nor "070702"
    EmptyName, // c_namesize is 0
    NameRunsPastEnd, // the name and its padding do not fit in the input
    NameWithoutNul, // the last byte of the name is not NUL
    DataRunsPastEnd, // c_filesize bytes do not fit in the input
    BadChecksum, // "070702" regular file whose bytes do not sum to c_check
    BrokenPadding, // NUL padding that ends at an unaligned offset
    Junk, // neither a header, nor padding, nor known compression
    Compressed, // compressed data (EOPNOTSUPP)
};

// The message Linux's unpack_to_rootfs returns for the same archive (or, for
// the rules only this reader has, a message in the same style).
[[nodiscard]] const char* cpio_failure_message(CpioFailure failure);

class CpioReader {
public:
    // Reads `size` bytes at `bytes`, which must outlive the reader and every
    // entry it yields. `bytes` may be null when `size` is 0.
    CpioReader(const u8* bytes, usize size);

    // Fills `entry` with the next member and returns true, or returns false
    // at the end of the input. Trailer entries and the entries Linux ignores
    // are not yielded. Errors: EINVAL, EOPNOTSUPP (see above). Note that
    // Result<bool> converts to bool as has_value(): test the value, as in
    // `while (TRY(reader.next(entry))) { ... }`.
    [[nodiscard]] Result<bool> next(CpioEntry& entry);

    // None until next() fails; then the rule that failed.
    [[nodiscard]] CpioFailure failure() const { return m_failure; }
    // When failure() is Compressed: "gzip", "bzip2", "lzma", "xz", "lzo",
    // "lz4" or "zstd". Otherwise null.
    [[nodiscard]] const char* compression() const { return m_compression; }
    // Where the reader stands: after a failure, the offset of the header or
    // byte that broke the rule.
    [[nodiscard]] usize offset() const { return m_offset; }
    // Entries skipped as Linux ignores them (see the top of this file).
    [[nodiscard]] usize skipped_entries() const { return m_skipped; }

private:
    enum class Step : u8 {
        Entry,
        Skipped,
        Trailer,
    };

    Result<void> check_header_start();
    Result<Step> read_entry(CpioEntry& entry);
    Error fail(CpioFailure failure);

    const u8* m_bytes;
    usize m_size;
    usize m_offset { 0 };
    usize m_archive_index { 0 };
    usize m_skipped { 0 };
    CpioFailure m_failure { CpioFailure::None };
    const char* m_compression { nullptr };
};

} // namespace sirius::fs
