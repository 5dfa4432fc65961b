// Files through the VFS: open(2) and its flags, read/write at the position,
// O_APPEND, holes, lseek(2) with SEEK_DATA/SEEK_HOLE, pread/pwrite, stat(2)
// fields that do not depend on the file system type, truncate, links,
// symlinks, readlink, chmod, utimensat, access. Everything happens in a
// fresh directory under /tmp; what is printed is the same for root (in
// Sirius) and an ordinary user (on the host).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static void result(const char* what, long value)
{
    printf("%s: %s\n", what, value < 0 ? errno_name(errno) : "ok");
}

static void show_stat(const char* what, const char* path, int follow)
{
    struct stat st;
    int got = follow ? stat(path, &st) : lstat(path, &st);
    if (got < 0) {
        printf("%s: %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: mode %o nlink %lu size %lld blocks>0 %d\n", what, (unsigned)st.st_mode, (unsigned long)st.st_nlink, (long long)st.st_size, st.st_blocks > 0);
}

int main(void)
{
    mkdir("/tmp", 01777);
    char directory[] = "/tmp/sirius_files_XXXXXX";
    if (mkdtemp(directory) == NULL || chdir(directory) < 0) {
        printf("no work directory\n");
        return 1;
    }

    // open, write, read, the position.
    int fd = open("file", O_RDWR | O_CREAT | O_EXCL, 0600);
    check("O_CREAT|O_EXCL creates", fd >= 0);
    check("write 5", write(fd, "hello", 5) == 5);
    check("position after write is 5", lseek(fd, 0, SEEK_CUR) == 5);
    char buffer[64] = { 0 };
    check("read at end gives 0", read(fd, buffer, sizeof buffer) == 0);
    check("lseek SEEK_SET 1", lseek(fd, 1, SEEK_SET) == 1);
    check("read 3 from 1", read(fd, buffer, 3) == 3 && memcmp(buffer, "ell", 3) == 0);
    result("O_CREAT|O_EXCL again", open("file", O_RDWR | O_CREAT | O_EXCL, 0600));
    result("O_DIRECTORY on a file", open("file", O_RDONLY | O_DIRECTORY));
    result("trailing slash on a file", open("file/", O_RDONLY));
    result("O_CREAT with a trailing slash", open("new/", O_RDWR | O_CREAT, 0600));
    result("open a directory for writing", open(".", O_WRONLY));
    result("open missing", open("missing", O_RDONLY));
    result("walk through a file", open("file/x", O_RDONLY));

    // A hole: bytes past the end read as zeros.
    check("pwrite at 10000", pwrite(fd, "x", 1, 10000) == 1);
    check("pwrite kept the position", lseek(fd, 0, SEEK_CUR) == 4);
    memset(buffer, 'q', sizeof buffer);
    check("hole reads zeros", pread(fd, buffer, 4, 5000) == 4 && buffer[0] == 0 && buffer[3] == 0);
    show_stat("sparse file", "file", 1);
    check("SEEK_DATA at 0 is 0", lseek(fd, 0, SEEK_DATA) == 0);
    off_t hole = lseek(fd, 0, SEEK_HOLE);
    check("SEEK_HOLE from 0 is before the last byte", hole > 0 && hole <= 10000);
    result("SEEK_DATA past the end", lseek(fd, 10001, SEEK_DATA));
    result("lseek to a negative offset", lseek(fd, -1, SEEK_SET));
    result("lseek with whence 9", lseek(fd, 0, 9));
    result("pread at a negative offset", pread(fd, buffer, 1, -1));

    // O_APPEND writes at the end whatever the position.
    int append = open("file", O_WRONLY | O_APPEND);
    check("open O_APPEND", append >= 0);
    lseek(append, 0, SEEK_SET);
    check("append write", write(append, "!", 1) == 1);
    check("appended at the end", lseek(append, 0, SEEK_CUR) == 10002);

    // truncate.
    check("ftruncate to 3", ftruncate(fd, 3) == 0);
    check("ftruncate to 6", ftruncate(fd, 6) == 0);
    check("truncated bytes read as zeros", pread(fd, buffer, 10, 0) == 6 && memcmp(buffer, "hel\0\0\0", 6) == 0);
    result("truncate to a negative length", truncate("file", -1));
    result("truncate a directory", truncate(".", 0));
    int readonly = open("file", O_RDONLY);
    result("ftruncate a read-only fd", ftruncate(readonly, 0));
    result("write to a read-only fd", write(readonly, "x", 1));

    // stat.
    check("chmod 0640", chmod("file", 0640) == 0);
    show_stat("file", "file", 1);
    result("stat missing", stat("missing", &(struct stat) { 0 }));

    // Hard links and symlinks.
    check("link", link("file", "hard") == 0);
    show_stat("after link", "file", 1);
    result("link onto an existing name", link("file", "hard"));
    result("link a directory", link(".", "dirlink"));
    check("symlink", symlink("file", "soft") == 0);
    show_stat("stat through the symlink", "soft", 1);
    show_stat("lstat of the symlink", "soft", 0);
    ssize_t length = readlink("soft", buffer, sizeof buffer);
    printf("readlink: %.*s (%zd)\n", (int)(length > 0 ? length : 0), buffer, length);
    memset(buffer, 'q', sizeof buffer);
    check("readlink truncates without a NUL", readlink("soft", buffer, 2) == 2 && buffer[2] == 'q');
    result("readlink of a file", readlink("file", buffer, sizeof buffer));
    result("O_NOFOLLOW on a symlink", open("soft", O_RDONLY | O_NOFOLLOW));
    check("O_PATH|O_NOFOLLOW opens the symlink", open("soft", O_PATH | O_NOFOLLOW) >= 0);
    check("symlink loop", symlink("loop", "loop") == 0);
    result("open a symlink loop", open("loop", O_RDONLY));
    check("dangling symlink", symlink("nowhere", "dangling") == 0);
    result("open a dangling symlink", open("dangling", O_RDONLY));
    check("O_CREAT through a dangling symlink creates its target", open("dangling", O_RDWR | O_CREAT, 0600) >= 0 && access("nowhere", F_OK) == 0);

    // Times.
    struct timespec times[2] = { { 1000000000, 0 }, { 1200000000, 500 } };
    check("utimensat", utimensat(AT_FDCWD, "file", times, 0) == 0);
    struct stat st;
    stat("file", &st);
    printf("times: atime %lld mtime %lld.%ld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    result("utimensat with a bad tv_nsec", utimensat(AT_FDCWD, "file", bad, 0));

    // access.
    result("access R_OK|W_OK", access("file", R_OK | W_OK));
    result("access X_OK on a 0640 file", access("file", X_OK));
    result("access with mode 8", access("file", 8));

    // Clean up (on the host).
    unlink("nowhere");
    unlink("dangling");
    unlink("loop");
    unlink("soft");
    unlink("hard");
    unlink("file");
    chdir("/");
    check("work directory removed", rmdir(directory) == 0);
    return failures == 0 ? 0 : 1;
}
