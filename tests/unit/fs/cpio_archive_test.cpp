// The initramfs reader: newc cpio archives as Linux's init/initramfs.c reads
// them (parse_header, do_header, do_name, do_symlink, do_reset,
// unpack_to_rootfs). One test per rule, named after it; the archives are made
// by a small builder, and two made by GNU cpio prove the format matches.
//
// <linux/stat.h> before any glibc header, which would make it leave out S_IF*.
#include <linux/limits.h>
#include <linux/stat.h>

// The rest after it.
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fs/cpio_archive.h"
#include "tests/unit/support/archive_builder.h"

namespace sirius::testing {
namespace {

using fs::CpioEntry;
using fs::CpioFailure;
using fs::CpioReader;

std::string text(fs::CpioBytes bytes)
{
    return bytes.size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(bytes.data), bytes.size);
}

// The whole walk of an archive: every entry until the end or the first error.
struct Walk {
    std::vector<CpioEntry> entries;
    int error = 0;
    CpioFailure failure = CpioFailure::None;
    usize skipped = 0;
    const char* compression = nullptr;

    [[nodiscard]] std::vector<std::string> names() const
    {
        std::vector<std::string> out;
        for (const CpioEntry& entry : entries) {
            out.push_back(text(entry.name));
        }
        return out;
    }
};

Walk walk(const u8* bytes, usize size)
{
    Walk result;
    CpioReader reader(bytes, size);
    CpioEntry entry;
    while (true) {
        auto more = reader.next(entry);
        if (more.is_error()) {
            result.error = more.error().code();
            break;
        }
        if (!more.value()) {
            break;
        }
        result.entries.push_back(entry);
    }
    result.failure = reader.failure();
    result.skipped = reader.skipped_entries();
    result.compression = reader.compression();
    return result;
}

Walk walk(const std::vector<u8>& bytes) { return walk(bytes.data(), bytes.size()); }
Walk walk(const ArchiveBuilder& archive) { return walk(archive.bytes()); }

using Names = std::vector<std::string>;

TEST(CpioArchiveTest, Cpio_EmptyInput_HasNoEntries)
{
    EXPECT_EQ(walk(nullptr, 0).entries.size(), 0u);
    EXPECT_EQ(walk(nullptr, 0).error, 0);
    const u8 byte = 0;
    EXPECT_EQ(walk(&byte, 0).error, 0);
}

TEST(CpioArchiveTest, Cpio_RegularFile_YieldsEveryHeaderField)
{
    Header header;
    header.ino = 0x1234;
    header.mode = S_IFREG | 04755;
    header.uid = 1000;
    header.gid = 100;
    header.nlink = 1;
    header.mtime = 1700000000;
    header.dev_major = 8;
    header.dev_minor = 1;
    header.rdev_major = 0xabcdef01;
    header.rdev_minor = 0xfffffffe;
    ArchiveBuilder archive;
    archive.entry("bin/init", "#!/bin/sh\n", header).trailer();

    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), 1u);
    const CpioEntry& entry = result.entries[0];
    EXPECT_EQ(text(entry.name), "bin/init");
    EXPECT_EQ(text(entry.data), "#!/bin/sh\n");
    EXPECT_EQ(entry.mode, S_IFREG | 04755);
    EXPECT_EQ(entry.file_type(), S_IFREG);
    EXPECT_EQ(entry.ino, 0x1234u);
    EXPECT_EQ(entry.uid, 1000u);
    EXPECT_EQ(entry.gid, 100u);
    EXPECT_EQ(entry.nlink, 1u);
    EXPECT_EQ(entry.mtime, 1700000000u);
    EXPECT_EQ(entry.dev_major, 8u);
    EXPECT_EQ(entry.dev_minor, 1u);
    EXPECT_EQ(entry.rdev_major, 0xabcdef01u);
    EXPECT_EQ(entry.rdev_minor, 0xfffffffeu);
    EXPECT_EQ(entry.format, fs::CpioFormat::Newc);
    EXPECT_EQ(entry.archive_index, 0u);
    EXPECT_EQ(entry.header_offset, 0u);
    EXPECT_FALSE(entry.may_be_hard_link());
}

TEST(CpioArchiveTest, Cpio_NamesAndDataPointIntoTheInput)
{
    ArchiveBuilder archive;
    archive.entry("f", "data").trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.entries.size(), 1u);
    // Header 110 bytes, "f\0" to 112, then the data.
    EXPECT_EQ(result.entries[0].name.data, archive.bytes().data() + 110);
    EXPECT_EQ(result.entries[0].data.data, archive.bytes().data() + 112);
}

TEST(CpioArchiveTest, Cpio_DirectoryDeviceFifoSocket_HaveNoData)
{
    Header device;
    device.mode = S_IFCHR | 0600;
    device.rdev_major = 5;
    device.rdev_minor = 1;
    Header block = device;
    block.mode = S_IFBLK | 0600;
    Header fifo;
    fifo.mode = S_IFIFO | 0600;
    Header socket;
    socket.mode = S_IFSOCK | 0600;
    ArchiveBuilder archive;
    archive.directory("dev").entry("dev/console", {}, device).entry("dev/sda", {}, block).entry("p", {}, fifo).entry("s", {}, socket).trailer();

    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "dev", "dev/console", "dev/sda", "p", "s" }));
    const u16 types[] = { S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK };
    for (usize i = 0; i < result.entries.size(); ++i) {
        EXPECT_EQ(result.entries[i].file_type(), types[i]);
        EXPECT_EQ(result.entries[i].data.size, 0u);
    }
    EXPECT_EQ(result.entries[1].rdev_major, 5u);
    EXPECT_EQ(result.entries[1].rdev_minor, 1u);
}

TEST(CpioArchiveTest, Cpio_Symlink_DataIsTheTarget)
{
    ArchiveBuilder archive;
    archive.symlink("sbin/init", "../bin/busybox").trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(result.entries[0].file_type(), S_IFLNK);
    EXPECT_EQ(text(result.entries[0].data), "../bin/busybox");
}

// N_ALIGN: header + name is padded to a multiple of 4, for every name length.
TEST(CpioArchiveTest, Cpio_HeaderAndName_ArePaddedToFourBytes)
{
    ArchiveBuilder archive;
    const Names names = { "a", "ab", "abc", "abcd", "abcde", "abcdef" };
    for (const std::string& name : names) {
        archive.entry(name, "x");
    }
    archive.trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), names);
    for (const CpioEntry& entry : result.entries) {
        EXPECT_EQ(text(entry.data), "x");
        EXPECT_EQ((entry.data.data - archive.bytes().data()) % 4, 0);
    }
}

TEST(CpioArchiveTest, Cpio_Data_IsPaddedToFourBytes)
{
    ArchiveBuilder archive;
    const Names datas = { "", "1", "12", "123", "1234", "12345" };
    for (const std::string& data : datas) {
        archive.entry("f" + std::to_string(data.size()), data);
    }
    archive.trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), datas.size());
    for (usize i = 0; i < datas.size(); ++i) {
        EXPECT_EQ(text(result.entries[i].data), datas[i]);
        EXPECT_EQ(result.entries[i].header_offset % 4, 0u);
    }
}

TEST(CpioArchiveTest, Cpio_Trailer_EndsTheArchiveAndIsNotAnEntry)
{
    ArchiveBuilder archive;
    archive.entry("a").trailer().zeros(512);
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "a" }));
}

// Linux: "free any hardlink state collected without optional TRAILER!!!".
TEST(CpioArchiveTest, Cpio_MissingTrailer_EndsAtTheEndOfInput)
{
    ArchiveBuilder archive;
    archive.entry("a", "1").entry("b", "2");
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "a", "b" }));
}

TEST(CpioArchiveTest, Cpio_DataPaddingCutOffByEndOfInput_IsAccepted)
{
    ArchiveBuilder archive;
    archive.entry("a", "1");
    archive.truncate(archive.size() - 3);
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(text(result.entries[0].data), "1");
}

TEST(CpioArchiveTest, Cpio_TruncatedHeader_IsEinval)
{
    ArchiveBuilder archive;
    archive.entry("a").trailer();
    for (usize cut : { usize { 1 }, usize { 6 }, usize { 109 } }) {
        ArchiveBuilder shorter = archive;
        shorter.truncate(cut);
        const Walk result = walk(shorter);
        EXPECT_EQ(result.error, EINVAL) << cut;
        EXPECT_EQ(result.failure, CpioFailure::TruncatedHeader) << cut;
        EXPECT_TRUE(result.entries.empty());
    }
    // A second header cut short after a good entry.
    ArchiveBuilder second = archive;
    second.truncate(112 + 50);
    const Walk result = walk(second);
    EXPECT_EQ(result.names(), (Names { "a" }));
    EXPECT_EQ(result.error, EINVAL);
}

TEST(CpioArchiveTest, Cpio_OldCharacterMagic070707_IsEinval)
{
    Header header;
    header.magic = "070707";
    ArchiveBuilder archive;
    archive.entry("a", {}, header);
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::OldCharacterFormat);
    EXPECT_STREQ(fs::cpio_failure_message(result.failure), "incorrect cpio method used: use -H newc option");
}

TEST(CpioArchiveTest, Cpio_UnknownMagic_IsEinval)
{
    for (const char* magic : { "070700", "070703", "0707o1", "000000" }) {
        Header header;
        header.magic = magic;
        ArchiveBuilder archive;
        archive.entry("a", {}, header);
        const Walk result = walk(archive);
        EXPECT_EQ(result.error, EINVAL) << magic;
        EXPECT_EQ(result.failure, CpioFailure::NoMagic) << magic;
    }
}

TEST(CpioArchiveTest, Cpio_NameSizeZero_IsEinval)
{
    Header header;
    header.name_size = 0;
    ArchiveBuilder archive;
    archive.raw_entry("", {}, header).trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::EmptyName);
}

TEST(CpioArchiveTest, Cpio_NameWithoutNul_IsEinval)
{
    ArchiveBuilder archive;
    archive.raw_entry("abc", "data").trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::NameWithoutNul);
    EXPECT_STREQ(fs::cpio_failure_message(result.failure), "malformed archive");

    // do_symlink has the same check.
    Header link;
    link.mode = S_IFLNK | 0777;
    ArchiveBuilder symlink;
    symlink.raw_entry("abc", "target", link);
    EXPECT_EQ(walk(symlink).failure, CpioFailure::NameWithoutNul);
}

// Linux handles the name as a C string.
TEST(CpioArchiveTest, Cpio_NameWithEmbeddedNul_EndsAtTheFirstNul)
{
    ArchiveBuilder archive;
    archive.raw_entry(std::string_view("abc\0def\0", 8), "x").trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "abc" }));
    EXPECT_EQ(text(result.entries[0].data), "x");
}

TEST(CpioArchiveTest, Cpio_NameRunningPastTheEnd_IsEinval)
{
    for (u32 name_size : { 20u, 0x1000u, 0xffffffffu }) {
        Header header;
        header.name_size = name_size;
        ArchiveBuilder archive;
        archive.entry("abc", {}, header);
        const Walk result = walk(archive);
        EXPECT_EQ(result.error, EINVAL) << name_size;
        EXPECT_EQ(result.failure, CpioFailure::NameRunsPastEnd) << name_size;
    }
    // The name fits but its padding does not.
    ArchiveBuilder archive;
    archive.entry("abcd");
    archive.truncate(110 + 5);
    EXPECT_EQ(walk(archive).failure, CpioFailure::NameRunsPastEnd);
}

TEST(CpioArchiveTest, Cpio_FileSizePastTheEnd_IsEinval)
{
    for (u32 file_size : { 5u, 0x10000u, 0xffffffffu }) {
        Header header;
        header.file_size = file_size;
        ArchiveBuilder archive;
        archive.entry("a", "abcd", header);
        const Walk result = walk(archive);
        EXPECT_EQ(result.error, EINVAL) << file_size;
        EXPECT_EQ(result.failure, CpioFailure::DataRunsPastEnd) << file_size;
        EXPECT_TRUE(result.entries.empty());
    }
}

// parse_header reads each field with simple_strntoul(s, NULL, 16, 8): the
// number ends at the first non-hex character; there is no error.
TEST(CpioArchiveTest, Cpio_NonHexCharacter_EndsTheFieldAsInLinux)
{
    ArchiveBuilder archive;
    archive.entry("a").set_field(kUid, "0000001g").set_field(kGid, "zzzzzzzz").set_field(kMtime, "12 45678");
    archive.set_field(kIno, "-0000001");
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(result.entries[0].uid, 1u);
    EXPECT_EQ(result.entries[0].gid, 0u);
    EXPECT_EQ(result.entries[0].mtime, 0x12u);
    EXPECT_EQ(result.entries[0].ino, 0u);
}

TEST(CpioArchiveTest, Cpio_HexPrefixAndLowercase_AreReadAsInLinux)
{
    ArchiveBuilder archive;
    archive.entry("a").set_field(kUid, "0x00abcd").set_field(kGid, "0X0000Ff").set_field(kMtime, "deadbeef");
    const Walk result = walk(archive);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(result.entries[0].uid, 0xabcdu);
    EXPECT_EQ(result.entries[0].gid, 0xffu);
    EXPECT_EQ(result.entries[0].mtime, 0xdeadbeefu);
}

// A size field read short by a non-hex character moves the next header, as in
// Linux: here the name size reads as 0.
TEST(CpioArchiveTest, Cpio_NonHexNameSize_IsReadAsInLinux)
{
    ArchiveBuilder archive;
    archive.entry("a").set_field(kNameSize, "x0000002");
    EXPECT_EQ(walk(archive).failure, CpioFailure::EmptyName);
}

// parse_header: "mode = parsed[1]" into a umode_t keeps the low 16 bits.
TEST(CpioArchiveTest, Cpio_ModeAboveSixteenBits_IsTruncatedAsInLinux)
{
    Header header;
    header.mode = 0x000f0000 | S_IFREG | 0600;
    ArchiveBuilder archive;
    archive.entry("a", "x", header);
    const Walk result = walk(archive);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(result.entries[0].mode, S_IFREG | 0600);
}

TEST(CpioArchiveTest, Cpio_ChecksumFormatWithMatchingSum_IsAccepted)
{
    Header header;
    header.magic = "070702";
    header.check = 'a' + 'b' + 'c';
    ArchiveBuilder archive;
    archive.entry("f", "abc", header).trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), 1u);
    EXPECT_EQ(result.entries[0].format, fs::CpioFormat::NewcChecksum);
}

TEST(CpioArchiveTest, Cpio_ChecksumFormatWithWrongSum_IsEinval)
{
    Header header;
    header.magic = "070702";
    header.check = 'a' + 'b' + 'c' + 1;
    ArchiveBuilder archive;
    archive.entry("f", "abc", header).trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::BadChecksum);
    EXPECT_TRUE(result.entries.empty());
}

// do_copy checks the sum of a regular file only; newc ("070701") has none.
TEST(CpioArchiveTest, Cpio_ChecksumOfNonRegularOrNewc_IsIgnored)
{
    Header link;
    link.magic = "070702";
    link.mode = S_IFLNK | 0777;
    link.check = 12345;
    Header newc;
    newc.check = 12345;
    ArchiveBuilder archive;
    archive.entry("l", "target", link).entry("f", "abc", newc).trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "l", "f" }));
}

TEST(CpioArchiveTest, Cpio_ConcatenatedArchivesWithZeroPadding_AreOneStream)
{
    ArchiveBuilder archive;
    archive.entry("first").trailer().zeros(512).entry("second").trailer().zeros(4).entry("third").trailer().zeros(3);
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "first", "second", "third" }));
    EXPECT_EQ(result.entries[0].archive_index, 0u);
    EXPECT_EQ(result.entries[1].archive_index, 1u);
    EXPECT_EQ(result.entries[2].archive_index, 2u);
}

TEST(CpioArchiveTest, Cpio_ConcatenatedArchivesWithoutPadding_AreOneStream)
{
    ArchiveBuilder archive;
    archive.entry("first").trailer().entry("second").trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "first", "second" }));
    EXPECT_EQ(result.entries[1].archive_index, 1u);
}

TEST(CpioArchiveTest, Cpio_LeadingZeros_AreSkipped)
{
    ArchiveBuilder archive;
    archive.zeros(8).entry("a").trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "a" }));
    EXPECT_EQ(result.entries[0].header_offset, 8u);
}

// do_reset: zeros that end at an unaligned offset are "broken padding".
TEST(CpioArchiveTest, Cpio_ZeroPaddingEndingUnaligned_IsEinval)
{
    ArchiveBuilder archive;
    archive.entry("a").trailer().zeros(2).entry("b").trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.names(), (Names { "a" }));
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::BrokenPadding);
}

TEST(CpioArchiveTest, Cpio_JunkAfterTrailer_IsEinval)
{
    ArchiveBuilder archive;
    archive.entry("a").trailer().append("junk");
    const Walk result = walk(archive);
    EXPECT_EQ(result.names(), (Names { "a" }));
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::Junk);
}

// lib/decompress.c's magics: the reader does not decompress, and says so with
// its own errno.
TEST(CpioArchiveTest, Cpio_CompressedArchive_IsEopnotsupp)
{
    struct Case {
        u8 magic[2];
        const char* name;
    };
    const Case cases[] = {
        { { 0x1f, 0x8b }, "gzip" }, { { 0x1f, 0x9e }, "gzip" }, { { 0x42, 0x5a }, "bzip2" },
        { { 0x5d, 0x00 }, "lzma" }, { { 0xfd, 0x37 }, "xz" }, { { 0x89, 0x4c }, "lzo" },
        { { 0x02, 0x21 }, "lz4" }, { { 0x28, 0xb5 }, "zstd" }
    };
    for (const Case& c : cases) {
        const std::vector<u8> bytes = { c.magic[0], c.magic[1], 0x08, 0x00, 0x12, 0x34, 0x56, 0x78 };
        const Walk result = walk(bytes);
        EXPECT_EQ(result.error, EOPNOTSUPP) << c.name;
        EXPECT_EQ(result.failure, CpioFailure::Compressed) << c.name;
        EXPECT_STREQ(result.compression, c.name);
    }
}

// The early-microcode layout: an uncompressed archive, then a compressed one.
TEST(CpioArchiveTest, Cpio_CompressedAfterUncompressed_YieldsTheFirstThenEopnotsupp)
{
    ArchiveBuilder archive;
    archive.entry("kernel/x86/microcode/GenuineIntel.bin", "ucode").trailer().append("\x1f\x8b\x08");
    const Walk result = walk(archive);
    EXPECT_EQ(result.names(), (Names { "kernel/x86/microcode/GenuineIntel.bin" }));
    EXPECT_EQ(result.error, EOPNOTSUPP);
    EXPECT_STREQ(result.compression, "gzip");
}

// newc writes a set of hard links with one ino, nlink >= 2, and the data with
// the last link only.
TEST(CpioArchiveTest, Cpio_HardLinks_ShareInoAndDevWithDataOnTheLastLink)
{
    Header link;
    link.ino = 42;
    link.nlink = 2;
    link.dev_major = 8;
    link.dev_minor = 3;
    ArchiveBuilder archive;
    archive.entry("bin/a", {}, link).entry("bin/b", "shared", link).trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.entries.size(), 2u);
    for (const CpioEntry& entry : result.entries) {
        EXPECT_TRUE(entry.may_be_hard_link());
        EXPECT_EQ(entry.ino, 42u);
        EXPECT_EQ(entry.nlink, 2u);
        EXPECT_EQ(entry.dev_major, 8u);
        EXPECT_EQ(entry.dev_minor, 3u);
    }
    EXPECT_EQ(result.entries[0].data.size, 0u);
    EXPECT_EQ(text(result.entries[1].data), "shared");
}

// maybe_link is only asked for regular files and nodes; directories and
// symlinks with nlink >= 2 are never hard links.
TEST(CpioArchiveTest, Cpio_DirectoryOrSymlinkWithLinks_IsNotAHardLink)
{
    Header header;
    header.nlink = 3;
    ArchiveBuilder archive;
    archive.directory("d", header).symlink("l", "d", header).trailer();
    const Walk result = walk(archive);
    ASSERT_EQ(result.entries.size(), 2u);
    EXPECT_FALSE(result.entries[0].may_be_hard_link());
    EXPECT_FALSE(result.entries[1].may_be_hard_link());
}

// do_header: "if (name_len <= 0 || name_len > PATH_MAX) return 0;" skips.
TEST(CpioArchiveTest, Cpio_NameLongerThanPathMax_IsSkippedAsInLinux)
{
    ArchiveBuilder archive;
    archive.entry(std::string(PATH_MAX, 'n'), "data").entry("next").trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "next" }));
    EXPECT_EQ(result.skipped, 1u);

    // PATH_MAX counts the NUL: a name of PATH_MAX - 1 characters is kept.
    ArchiveBuilder longest;
    longest.entry(std::string(PATH_MAX - 1, 'n')).trailer();
    EXPECT_EQ(walk(longest).entries.size(), 1u);
}

// do_header: "if (body_len > PATH_MAX) return 0;" for a symlink.
TEST(CpioArchiveTest, Cpio_SymlinkTargetLongerThanPathMax_IsSkippedAsInLinux)
{
    ArchiveBuilder archive;
    archive.symlink("long", std::string(PATH_MAX + 1, 't')).symlink("ok", std::string(PATH_MAX, 't')).trailer();
    const Walk result = walk(archive);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "ok" }));
    EXPECT_EQ(result.skipped, 1u);
}

// do_header reads the name only "if (S_ISREG(mode) || !body_len)": a
// directory or node with data is skipped whole.
TEST(CpioArchiveTest, Cpio_NonRegularWithData_IsSkippedAsInLinux)
{
    Header fifo;
    fifo.mode = S_IFIFO | 0600;
    ArchiveBuilder archive;
    archive.directory("d").entry("p", "data", fifo).entry("f").trailer();
    // Make the directory carry data too.
    ArchiveBuilder with_data;
    Header dir;
    dir.mode = S_IFDIR | 0755;
    with_data.entry("d", "xyz", dir).entry("p", "data", fifo).entry("f").trailer();
    const Walk result = walk(with_data);
    EXPECT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "f" }));
    EXPECT_EQ(result.skipped, 2u);
    EXPECT_EQ(walk(archive).names(), (Names { "d", "f" }));
}

// A skipped entry's name is never read, so a trailer with data does not end
// the archive: the next entry belongs to the same one.
TEST(CpioArchiveTest, Cpio_TrailerWithDataOnNonRegular_IsSkippedNotATrailer)
{
    Header header;
    header.mode = 0;
    ArchiveBuilder archive;
    archive.entry("TRAILER!!!", "xx", header).entry("after");
    const Walk result = walk(archive);
    EXPECT_EQ(result.names(), (Names { "after" }));
    EXPECT_EQ(result.entries[0].archive_index, 0u);
}

// do_symlink has no trailer check: a symlink named TRAILER!!! is a symlink.
TEST(CpioArchiveTest, Cpio_SymlinkNamedTrailer_IsASymlink)
{
    ArchiveBuilder archive;
    archive.symlink("TRAILER!!!", "x").entry("after");
    const Walk result = walk(archive);
    EXPECT_EQ(result.names(), (Names { "TRAILER!!!", "after" }));
    EXPECT_EQ(result.entries[1].archive_index, 0u);
}

TEST(CpioArchiveTest, Cpio_AfterAnError_NoEntryAndTheSameError)
{
    ArchiveBuilder archive;
    archive.raw_entry("bad", {}).entry("good").trailer();
    CpioReader reader(archive.bytes().data(), archive.size());
    CpioEntry entry;
    for (int i = 0; i < 3; ++i) {
        auto more = reader.next(entry);
        ASSERT_TRUE(more.is_error());
        EXPECT_EQ(more.error().code(), EINVAL);
    }
    EXPECT_EQ(reader.failure(), CpioFailure::NameWithoutNul);
    EXPECT_EQ(reader.offset(), 0u);
}

TEST(CpioArchiveTest, Cpio_AfterTheEnd_NextStaysFalse)
{
    ArchiveBuilder archive;
    archive.entry("a").trailer();
    CpioReader reader(archive.bytes().data(), archive.size());
    CpioEntry entry;
    ASSERT_TRUE(reader.next(entry).release_value());
    EXPECT_FALSE(reader.next(entry).release_value());
    EXPECT_FALSE(reader.next(entry).release_value());
}

// Made once with GNU cpio 2.13 (not at test time):
//   mkdir d && printf 'hi\n' > d/f && ln d/f d/g && ln -s d/f l
//   chmod 0755 d && chmod 0644 d/f && touch -h -d @1700000000 d d/f l
//   printf 'd\nd/f\nd/g\nl\n' | cpio -o -H newc --reproducible --owner=0:0 -C 4
// (-C 4 pads the end to 4 bytes instead of 512; --reproducible numbers the
// inodes from 0 and zeroes the device.) 588 bytes, split at field boundaries.
constexpr char kGnuCpioNewc[] = "07070100000000000041ED0000000000000000000000026553F10000000000000000000000000000000000000000000000000200000000"
                                "d\0"
                                "07070100000001000081A40000000000000000000000026553F10000000000000000000000000000000000000000000000000400000000"
                                "d/f\0\0\0"
                                "07070100000001000081A40000000000000000000000026553F10000000003000000000000000000000000000000000000000400000000"
                                "d/g\0\0\0"
                                "hi\12\0"
                                "070701000000020000A1FF0000000000000000000000016553F10000000003000000000000000000000000000000000000000200000000"
                                "l\0"
                                "d/f\0"
                                "07070100000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000B00000000"
                                "TRAILER!!!\0\0\0\0";
static_assert(sizeof(kGnuCpioNewc) - 1 == 588);

// Made the same way: printf 'init\n' > x && chmod 0755 x && touch -d @1700000000 x
//   printf 'x\n' | cpio -o -H crc --reproducible --owner=0:0 -C 4
// ("crc" is GNU cpio's name for newc with the "070702" checksum.) 244 bytes.
constexpr char kGnuCpioCrc[] = "07070200000000000081ED0000000000000000000000016553F100000000050000000000000000000000000000000000000002000001BE"
                               "x\0"
                               "init\12\0\0\0"
                               "07070200000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000B00000000"
                               "TRAILER!!!\0\0\0\0";
static_assert(sizeof(kGnuCpioCrc) - 1 == 244);

const u8* as_bytes(const char* text) { return reinterpret_cast<const u8*>(text); }

TEST(CpioArchiveTest, Cpio_ArchiveMadeByGnuCpio_IsReadAsLinuxReadsIt)
{
    const Walk result = walk(as_bytes(kGnuCpioNewc), sizeof(kGnuCpioNewc) - 1);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.names(), (Names { "d", "d/f", "d/g", "l" }));
    const CpioEntry& dir = result.entries[0];
    EXPECT_EQ(dir.mode, S_IFDIR | 0755);
    EXPECT_EQ(dir.nlink, 2u);
    EXPECT_EQ(dir.mtime, 1700000000u);
    // The hard-linked pair: one ino, nlink 2, the data on the last link.
    const CpioEntry& first = result.entries[1];
    const CpioEntry& last = result.entries[2];
    EXPECT_EQ(first.mode, S_IFREG | 0644);
    EXPECT_TRUE(first.may_be_hard_link());
    EXPECT_TRUE(last.may_be_hard_link());
    EXPECT_EQ(first.ino, last.ino);
    EXPECT_EQ(first.data.size, 0u);
    EXPECT_EQ(text(last.data), "hi\n");
    const CpioEntry& link = result.entries[3];
    EXPECT_EQ(link.mode, S_IFLNK | 0777);
    EXPECT_EQ(text(link.data), "d/f");
    for (const CpioEntry& entry : result.entries) {
        EXPECT_EQ(entry.uid, 0u);
        EXPECT_EQ(entry.gid, 0u);
        EXPECT_EQ(entry.format, fs::CpioFormat::Newc);
    }
}

TEST(CpioArchiveTest, Cpio_ChecksumArchiveMadeByGnuCpio_IsRead)
{
    const Walk result = walk(as_bytes(kGnuCpioCrc), sizeof(kGnuCpioCrc) - 1);
    ASSERT_EQ(result.error, 0);
    ASSERT_EQ(result.names(), (Names { "x" }));
    EXPECT_EQ(result.entries[0].format, fs::CpioFormat::NewcChecksum);
    EXPECT_EQ(result.entries[0].mode, S_IFREG | 0755);
    EXPECT_EQ(text(result.entries[0].data), "init\n");
}

// Two GNU cpio archives back to back, with 512 bytes of zeros between them
// (as `cat microcode.cpio initramfs.cpio` of unpadded archives would be).
TEST(CpioArchiveTest, Cpio_GnuCpioArchivesConcatenated_AreOneStream)
{
    std::vector<u8> bytes(as_bytes(kGnuCpioNewc), as_bytes(kGnuCpioNewc) + sizeof(kGnuCpioNewc) - 1);
    bytes.insert(bytes.end(), 512, 0);
    bytes.insert(bytes.end(), as_bytes(kGnuCpioCrc), as_bytes(kGnuCpioCrc) + sizeof(kGnuCpioCrc) - 1);
    const Walk result = walk(bytes);
    ASSERT_EQ(result.error, 0);
    EXPECT_EQ(result.names(), (Names { "d", "d/f", "d/g", "l", "x" }));
    EXPECT_EQ(result.entries[4].archive_index, 1u);
}

TEST(CpioArchiveTest, Cpio_GnuCpioArchiveWithCorruptChecksum_IsEinval)
{
    std::vector<u8> bytes(as_bytes(kGnuCpioCrc), as_bytes(kGnuCpioCrc) + sizeof(kGnuCpioCrc) - 1);
    bytes[112] = 'I'; // "init" -> "Init"
    const Walk result = walk(bytes);
    EXPECT_EQ(result.error, EINVAL);
    EXPECT_EQ(result.failure, CpioFailure::BadChecksum);
}

} // namespace
} // namespace sirius::testing
