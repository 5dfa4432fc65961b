#pragma once

// The fixture of the file tests: the caller (root, a fork of init) in the
// kernel's root tmpfs, syscalls with up to six arguments, and shorthands
// that put path names into the caller's memory.
#include <asm/unistd_64.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "core/syscall/syscall_table.h"
#include "tests/unit/support/kernel_fixture.h"

namespace sirius::testing {

class VfsTest : public KernelTest {
protected:
    static constexpr u64 kPath = kUserData; // a first path name
    static constexpr u64 kPath2 = kUserData + 0x1000; // a second one
    static constexpr u64 kBuffer = kUserData + 0x2000; // results, 8 pages
    static constexpr u64 kBufferSize = 8 * 4096;
    static constexpr u64 kAtFdcwd = static_cast<u64>(static_cast<i64>(AT_FDCWD));

    i64 sys(u64 number, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0, u64 a5 = 0)
    {
        syscall::SyscallContext context { *kernel, caller() };
        syscall::SyscallArguments args;
        args.values[0] = a0;
        args.values[1] = a1;
        args.values[2] = a2;
        args.values[3] = a3;
        args.values[4] = a4;
        args.values[5] = a5;
        return syscall::dispatch_syscall(context, number, args);
    }

    // Writes `text` and its NUL at `at`; returns `at`.
    u64 put(const std::string& text, u64 at = kPath)
    {
        EXPECT_TRUE(caller_space().backing().copy_to_user(UserAddress(at), text.c_str(), text.size() + 1).has_value());
        return at;
    }
    void put_bytes(u64 at, const void* bytes, usize size)
    {
        ASSERT_TRUE(caller_space().backing().copy_to_user(UserAddress(at), bytes, size).has_value());
    }
    std::string load(u64 at, usize size)
    {
        std::string bytes(size, '\0');
        EXPECT_TRUE(caller_space().backing().copy_from_user(bytes.data(), UserAddress(at), size).has_value());
        return bytes;
    }

    i64 open(const std::string& path, u64 flags, u64 mode = 0) { return sys(__NR_openat, kAtFdcwd, put(path), flags, mode); }
    i64 openat(i64 dirfd, const std::string& path, u64 flags, u64 mode = 0) { return sys(__NR_openat, static_cast<u64>(dirfd), put(path), flags, mode); }
    i64 close(i64 fd) { return caller().files->close(static_cast<int>(fd)).is_error() ? -EBADF : 0; }
    i64 mkdir(const std::string& path, u64 mode = 0755) { return sys(__NR_mkdir, put(path), mode); }
    i64 rmdir(const std::string& path) { return sys(__NR_rmdir, put(path)); }
    i64 unlink(const std::string& path) { return sys(__NR_unlink, put(path)); }
    i64 symlink(const std::string& target, const std::string& path) { return sys(__NR_symlink, put(target), put(path, kPath2)); }
    i64 link(const std::string& from, const std::string& to) { return sys(__NR_link, put(from), put(to, kPath2)); }
    i64 rename(const std::string& from, const std::string& to, u64 flags = 0) { return sys(__NR_renameat2, kAtFdcwd, put(from), kAtFdcwd, put(to, kPath2), flags); }
    i64 chdir(const std::string& path) { return sys(__NR_chdir, put(path)); }
    i64 mknod(const std::string& path, u64 mode, u64 device = 0) { return sys(__NR_mknod, put(path), mode, device); }
    i64 write_fd(i64 fd, const std::string& bytes)
    {
        put_bytes(kBuffer, bytes.data(), bytes.size());
        return sys(__NR_write, static_cast<u64>(fd), kBuffer, bytes.size());
    }
    std::string read_fd(i64 fd, usize count)
    {
        i64 got = sys(__NR_read, static_cast<u64>(fd), kBuffer, count);
        if (got < 0) {
            return "<errno " + std::to_string(-got) + ">";
        }
        return load(kBuffer, static_cast<usize>(got));
    }
    // A new file with `contents`. Fails the test if it cannot.
    void make_file(const std::string& path, const std::string& contents = "", u64 mode = 0644)
    {
        i64 fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
        ASSERT_GE(fd, 0) << path;
        if (!contents.empty()) {
            ASSERT_EQ(write_fd(fd, contents), static_cast<i64>(contents.size()));
        }
        close(fd);
    }
    // stat(2) or lstat(2) of `path`; the result's errno in `error`.
    struct stat stat_of(const std::string& path, bool follow = true, i64* error = nullptr)
    {
        struct stat result {};
        i64 got = sys(__NR_newfstatat, kAtFdcwd, put(path), kBuffer, follow ? 0 : AT_SYMLINK_NOFOLLOW);
        if (error != nullptr) {
            *error = got;
        }
        if (got == 0) {
            EXPECT_TRUE(caller_space().backing().copy_from_user(&result, UserAddress(kBuffer), sizeof(result)).has_value());
        }
        return result;
    }
    bool exists(const std::string& path)
    {
        i64 error = 0;
        (void)stat_of(path, false, &error);
        return error == 0;
    }
    std::string getcwd()
    {
        i64 got = sys(__NR_getcwd, kBuffer, 4096);
        if (got < 0) {
            return "<errno " + std::to_string(-got) + ">";
        }
        return load(kBuffer, static_cast<usize>(got - 1));
    }
};

} // namespace sirius::testing
