#include "core/fs/file_system_types.h"

#include <linux/mount.h>

#include "core/fs/procfs/proc_inode.h"
#include "core/fs/ramfs.h"
#include "core/fs/text_buffer.h"
#include "core/hal/memory_statistics.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

namespace {

constexpr FileSystemType kTypes[] = {
    { "tmpfs", false, true },
    { "proc", false, true },
    { "cgroup2", false, true }, // after proc, before devtmpfs, as Linux registers it
    { "devtmpfs", false, false },
    { "ramfs", false, true },
};

bool equal(const char* a, const char* b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

// One option of a comma-separated list: key[=value].
struct Option {
    const char* key;
    usize key_length;
    const char* value; // nullptr without "="
    usize value_length;
    [[nodiscard]] bool is(const char* name) const
    {
        usize i = 0;
        for (; i < key_length; ++i) {
            if (name[i] != key[i]) {
                return false;
            }
        }
        return name[i] == '\0';
    }
};

// Calls `handle` for every option ("a,b=c"); empty ones are skipped (Linux
// vfs_parse_monolithic_sep: "if (*key) { ... }").
template<typename Handler>
Result<void> for_each_option(const char* options, Handler handle)
{
    if (options == nullptr) {
        return {};
    }
    const char* at = options;
    while (*at != '\0') {
        const char* end = at;
        while (*end != '\0' && *end != ',') {
            ++end;
        }
        if (end != at) {
            Option option { at, static_cast<usize>(end - at), nullptr, 0 };
            for (const char* p = at; p < end; ++p) {
                if (*p == '=') {
                    option.key_length = static_cast<usize>(p - at);
                    option.value = p + 1;
                    option.value_length = static_cast<usize>(end - p - 1);
                    break;
                }
            }
            TRY(handle(option));
        }
        at = *end == ',' ? end + 1 : end;
    }
    return {};
}

// A number in `base` filling the whole value; false for anything else.
bool parse_unsigned(const Option& option, u32 base, u64& result)
{
    if (option.value == nullptr || option.value_length == 0) {
        return false;
    }
    u64 value = 0;
    for (usize i = 0; i < option.value_length; ++i) {
        const char c = option.value[i];
        if (c < '0' || c > '9' || static_cast<u32>(c - '0') >= base) {
            return false;
        }
        const u64 next = value * base + static_cast<u64>(c - '0');
        if (next / base != value) {
            return false;
        }
        value = next;
    }
    result = value;
    return true;
}

// shmem_parse_one's size: memparse (k, m, g, t, p, e suffixes) or a
// percentage of RAM.
bool parse_size(const Option& option, u64& bytes)
{
    if (option.value == nullptr || option.value_length == 0) {
        return false;
    }
    Option digits = option;
    u64 multiplier = 1;
    bool percent = false;
    const char last = option.value[option.value_length - 1];
    switch (last) {
    case 'k':
    case 'K':
        multiplier = u64 { 1 } << 10;
        break;
    case 'm':
    case 'M':
        multiplier = u64 { 1 } << 20;
        break;
    case 'g':
    case 'G':
        multiplier = u64 { 1 } << 30;
        break;
    case 't':
    case 'T':
        multiplier = u64 { 1 } << 40;
        break;
    case '%':
        percent = true;
        break;
    default:
        break;
    }
    if (multiplier != 1 || percent) {
        --digits.value_length;
    }
    u64 value = 0;
    if (!parse_unsigned(digits, 10, value)) {
        return false;
    }
    if (percent) {
        // "size = (size * totalram_pages()) / 100" in pages.
        if (value > 100) {
            return false;
        }
        bytes = hal::memory_statistics().total_bytes / 100 * value;
        return true;
    }
    if (value != 0 && value * multiplier / multiplier != value) {
        return false;
    }
    bytes = value * multiplier;
    return true;
}

// The sb flags generic code takes from the option string
// (vfs_parse_sb_flag): "ro", "rw", "sync", "async", "dirsync", "mand",
// "nomand", "lazytime", "nolazytime", "silent".
bool is_generic_option(const Option& option)
{
    constexpr const char* kNames[] = { "ro", "rw", "sync", "async", "dirsync", "mand", "nomand", "lazytime", "nolazytime", "silent" };
    if (option.value != nullptr) {
        return false;
    }
    for (const char* name : kNames) {
        if (option.is(name)) {
            return true;
        }
    }
    return false;
}

Result<RamfsOptions> parse_ramfs_options(const char* options, bool tmpfs)
{
    RamfsOptions parsed;
    parsed.mode = tmpfs ? 01777 : 0755;
    TRY(for_each_option(options, [&](const Option& option) -> Result<void> {
        if (is_generic_option(option)) {
            return {};
        }
        u64 value = 0;
        if (option.is("mode")) {
            // fsparam_u32oct: "mode = result.uint_32 & S_IALLUGO".
            if (!parse_unsigned(option, 8, value)) {
                return errno_error(EINVAL);
            }
            parsed.mode = static_cast<u32>(value) & 07777;
            return {};
        }
        if (!tmpfs) {
            // ramfs_parse_param: "We might like to report bad mount
            // options here; but traditionally ramfs has ignored all mount
            // options" - only mode counts.
            return {};
        }
        if (option.is("uid") || option.is("gid")) {
            // A number, which must map in the caller's user namespace
            // (identity here); -1 does not.
            if (!parse_unsigned(option, 10, value) || value >= 0xffffffff) {
                return errno_error(EINVAL);
            }
            (option.is("uid") ? parsed.uid : parsed.gid) = static_cast<u32>(value);
            return {};
        }
        if (option.is("size")) {
            if (!parse_size(option, value)) {
                return errno_error(EINVAL);
            }
            parsed.size_bytes = value;
            return {};
        }
        if (option.is("nr_inodes")) {
            if (!parse_size(option, value)) {
                return errno_error(EINVAL);
            }
            parsed.max_inodes = value;
            return {};
        }
        // "tmpfs: Unknown parameter" (fs_parse's -ENOPARAM becomes EINVAL).
        return errno_error(EINVAL);
    }));
    return parsed;
}

Result<void> parse_proc_options(const char* options)
{
    return for_each_option(options, [&](const Option& option) -> Result<void> {
        if (is_generic_option(option)) {
            return {};
        }
        u64 value = 0;
        // proc_parse_param: gid= a number; hidepid= 0-4 or a name;
        // subset= "pid". Accepted, not applied.
        if (option.is("gid")) {
            return parse_unsigned(option, 10, value) ? Result<void> {} : errno_error(EINVAL);
        }
        if (option.is("hidepid")) {
            return option.value != nullptr ? Result<void> {} : errno_error(EINVAL);
        }
        if (option.is("subset")) {
            return option.value != nullptr ? Result<void> {} : errno_error(EINVAL);
        }
        return errno_error(EINVAL);
    });
}

} // namespace

FileSystemTypeList file_system_types()
{
    return FileSystemTypeList { kTypes, sizeof(kTypes) / sizeof(kTypes[0]) };
}

const FileSystemType* find_file_system_type(const char* name)
{
    for (const FileSystemType& type : kTypes) {
        if (equal(type.name, name)) {
            return &type;
        }
    }
    return nullptr;
}

Result<RefPtr<SuperBlock>> make_super_block(proc::Kernel& kernel, proc::Thread& caller, const FileSystemType& type, const char* options)
{
    if (equal(type.name, "tmpfs") || equal(type.name, "ramfs")) {
        const bool tmpfs = equal(type.name, "tmpfs");
        const RamfsOptions parsed = TRY(parse_ramfs_options(options, tmpfs));
        auto super_block = TRY(RamfsSuperBlock::create(kernel.mount_numbers().allocate_device(), tmpfs ? RamfsType::Tmpfs : RamfsType::Ramfs, parsed, kernel.file_time()));
        return RefPtr<SuperBlock>(move(super_block));
    }
    if (equal(type.name, "devtmpfs")) {
        // devtmpfs_get_tree: every mount shows the one instance (options
        // go to its tmpfs, which takes them at its first mount only).
        return RefPtr<SuperBlock>(kernel.devtmpfs());
    }
    if (equal(type.name, "cgroup2")) {
        // cgroup2_parse_param: nsdelegate, favordynmods,
        // memory_localevents, memory_recursiveprot... change nothing
        // without controllers; Sirius takes none and says EINVAL.
        TRY(for_each_option(options, [](const Option& option) -> Result<void> {
            return is_generic_option(option) ? Result<void> {} : errno_error(EINVAL);
        }));
        // cgroup_do_get_tree: the caller's cgroup namespace's view.
        return kernel.cgroup_hierarchy()->super_block_for(*caller.namespaces->namespaces().cgroup);
    }
    TRY(parse_proc_options(options));
    // proc_fill_super: "ctx->pid_ns = get_pid_ns(task_active_pid_ns(current))".
    RefPtr<ns::PidNamespace> pid_namespace(&caller.active_pid_namespace());
    auto super_block = TRY(ProcSuperBlock::create(kernel, kernel.mount_numbers().allocate_device(), move(pid_namespace), kernel.file_time()));
    return RefPtr<SuperBlock>(move(super_block));
}

void append_mount_flags(TextBuffer& text, u32 flags)
{
    // show_mnt_opts: "ro"/"rw" (from the mount and the super block), then
    // nosuid, nodev, noexec, noatime, nodiratime, relatime, in that order.
    text.append((flags & MS_RDONLY) != 0 ? "ro" : "rw");
    if ((flags & MS_NOSUID) != 0) {
        text.append(",nosuid");
    }
    if ((flags & MS_NODEV) != 0) {
        text.append(",nodev");
    }
    if ((flags & MS_NOEXEC) != 0) {
        text.append(",noexec");
    }
    if ((flags & MS_NOATIME) != 0) {
        text.append(",noatime");
    }
    if ((flags & MS_NODIRATIME) != 0) {
        text.append(",nodiratime");
    }
    if ((flags & MS_RELATIME) != 0) {
        text.append(",relatime");
    }
}

} // namespace sirius::fs
