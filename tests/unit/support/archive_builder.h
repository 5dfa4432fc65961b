#pragma once

// Writes newc cpio archives byte by byte for tests of the initramfs reader
// and of lookups in an archive.
//
// <linux/stat.h> before any glibc header, which would make it leave out S_IF*:
// include this header first.
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <linux/stat.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/types.h"

namespace sirius::testing {

// The header fields, in the order they are written after the magic.
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

struct Header {
    std::string magic = "070701";
    u32 ino = 1;
    u32 mode = S_IFREG | 0644;
    u32 uid = 0;
    u32 gid = 0;
    u32 nlink = 1;
    u32 mtime = 0;
    std::optional<u32> file_size; // default: the data's size
    u32 dev_major = 0;
    u32 dev_minor = 0;
    u32 rdev_major = 0;
    u32 rdev_minor = 0;
    std::optional<u32> name_size; // default: the name field's size
    u32 check = 0;
};

// Writes newc archives: 110-byte header, name padded so that header + name
// is a multiple of 4, data padded to 4.
class ArchiveBuilder {
public:
    // A member whose name field is `name` plus its NUL.
    ArchiveBuilder& entry(std::string_view name, std::string_view data = {}, Header header = {})
    {
        std::string field(name);
        field.push_back('\0');
        return raw_entry(field, data, header);
    }
    // A member whose name field is exactly `name_field` (NUL or not).
    ArchiveBuilder& raw_entry(std::string_view name_field, std::string_view data, Header header = {})
    {
        m_last_header = m_bytes.size();
        append(header.magic);
        const u32 fields[] = {
            header.ino, header.mode, header.uid, header.gid, header.nlink, header.mtime,
            header.file_size.value_or(static_cast<u32>(data.size())),
            header.dev_major, header.dev_minor, header.rdev_major, header.rdev_minor,
            header.name_size.value_or(static_cast<u32>(name_field.size())), header.check
        };
        for (u32 value : fields) {
            char text[9];
            std::snprintf(text, sizeof(text), "%08X", value);
            append(text);
        }
        append(name_field);
        pad();
        append(data);
        pad();
        return *this;
    }
    ArchiveBuilder& directory(std::string_view name, Header header = {})
    {
        header.mode = S_IFDIR | 0755;
        return entry(name, {}, header);
    }
    ArchiveBuilder& symlink(std::string_view name, std::string_view target, Header header = {})
    {
        header.mode = S_IFLNK | 0777;
        return entry(name, target, header);
    }
    // What GNU cpio writes last: mode 0, nlink 1, no data.
    ArchiveBuilder& trailer()
    {
        Header header;
        header.ino = 0;
        header.mode = 0;
        return entry("TRAILER!!!", {}, header);
    }
    ArchiveBuilder& zeros(usize count)
    {
        m_bytes.insert(m_bytes.end(), count, 0);
        return *this;
    }
    ArchiveBuilder& append(std::string_view text)
    {
        m_bytes.insert(m_bytes.end(), text.begin(), text.end());
        return *this;
    }
    // Overwrites one 8-character field of the last header written.
    ArchiveBuilder& set_field(Field field, std::string_view text)
    {
        EXPECT_EQ(text.size(), 8u);
        std::copy(text.begin(), text.end(), m_bytes.begin() + static_cast<std::ptrdiff_t>(m_last_header + 6 + 8 * field));
        return *this;
    }
    ArchiveBuilder& truncate(usize size)
    {
        m_bytes.resize(size);
        return *this;
    }
    [[nodiscard]] usize size() const { return m_bytes.size(); }
    [[nodiscard]] const std::vector<u8>& bytes() const { return m_bytes; }

private:
    void pad()
    {
        while (m_bytes.size() % 4 != 0) {
            m_bytes.push_back(0);
        }
    }
    std::vector<u8> m_bytes;
    usize m_last_header = 0;
};

} // namespace sirius::testing
