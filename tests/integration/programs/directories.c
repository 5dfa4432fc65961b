// Directories through the VFS: mkdir(2) and rmdir(2) with their errors,
// getdents64(2) listing "." and ".." and resuming across calls, rename(2)
// and renameat2(2) with its flags, unlink(2), chdir/fchdir/getcwd(2), and
// link counts. Everything happens in a fresh directory under /tmp; names
// are printed sorted where the order is the file system's own.
#define _GNU_SOURCE
#include <dirent.h>
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

static int compare(const void* a, const void* b)
{
    return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// The names in `path`, sorted, read with getdents64 `chunk` bytes at a time.
static void list(const char* what, const char* path, int chunk)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        printf("%s: %s\n", what, errno_name(errno));
        return;
    }
    static char names[64][64];
    char* sorted[64];
    int count = 0;
    char buffer[4096];
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buffer, chunk);
        if (got <= 0) {
            break;
        }
        for (long at = 0; at < got;) {
            unsigned short length;
            memcpy(&length, buffer + at + 16, 2);
            if (count < 64) {
                snprintf(names[count], sizeof names[count], "%s", buffer + at + 19);
                sorted[count] = names[count];
                ++count;
            }
            at += length;
        }
    }
    qsort(sorted, count, sizeof sorted[0], compare);
    printf("%s:", what);
    for (int i = 0; i < count; ++i) {
        printf(" %s", sorted[i]);
    }
    printf("\n");
}

static void links(const char* what, const char* path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        printf("%s: %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: %lu links\n", what, (unsigned long)st.st_nlink);
}

int main(void)
{
    mkdir("/tmp", 01777);
    char directory[] = "/tmp/sirius_dirs_XXXXXX";
    if (mkdtemp(directory) == NULL || chdir(directory) < 0) {
        printf("no work directory\n");
        return 1;
    }

    check("mkdir a", mkdir("a", 0755) == 0);
    check("mkdir a/b", mkdir("a/b", 0755) == 0);
    check("mkdir with a trailing slash", mkdir("c/", 0755) == 0);
    result("mkdir existing", mkdir("a", 0755));
    result("mkdir .", mkdir(".", 0755));
    result("mkdir in a missing directory", mkdir("missing/x", 0755));
    links("a after a/b", "a");
    int fd = open("a/file", O_RDWR | O_CREAT, 0600);
    check("create a/file", fd >= 0);
    result("mkdir below a file", mkdir("a/file/x", 0755));
    result("mknod a directory", mknod("a/node", S_IFDIR | 0755, 0));
    check("mknod a FIFO", mknod("a/fifo", S_IFIFO | 0600, 0) == 0);
    result("mknod with a trailing slash", mknod("a/fifo2/", S_IFIFO | 0600, 0));

    list("a", "a", 4096);
    for (int i = 0; i < 20; ++i) {
        char name[32];
        snprintf(name, sizeof name, "c/entry%02d", i);
        close(open(name, O_RDWR | O_CREAT, 0600));
    }
    list("c in small reads", "c", 100);
    char small[8];
    int c = open("c", O_RDONLY | O_DIRECTORY);
    long got = syscall(SYS_getdents64, c, small, sizeof small);
    printf("getdents64 into 8 bytes: %s\n", got < 0 ? errno_name(errno) : "ok");
    got = syscall(SYS_getdents64, fd, small, sizeof small);
    printf("getdents64 on a file: %s\n", got < 0 ? errno_name(errno) : "ok");

    result("rmdir a non-empty directory", rmdir("a"));
    result("rmdir a file", rmdir("a/file"));
    result("rmdir a/b/.", rmdir("a/b/."));
    result("rmdir a/b/..", rmdir("a/b/.."));
    result("unlink a directory", unlink("a/b"));
    result("unlink a file with a trailing slash", unlink("a/file/"));
    result("unlink missing", unlink("a/missing"));

    // rename.
    check("rename a file", rename("a/file", "a/renamed") == 0);
    result("stat the old name", access("a/file", F_OK));
    check("rename a directory to another parent", rename("a/b", "c/b") == 0);
    links("a after moving b out", "a");
    links("c after moving b in", "c");
    result("rename a directory into itself", rename("c", "c/b/inside"));
    result("rename over a non-empty directory", rename("a", "c"));
    result("rename a directory over a file", rename("c/b", "a/renamed"));
    result("rename a file over a directory", rename("a/renamed", "c/b"));
    result("rename .", rename(".", "x"));
    result("RENAME_NOREPLACE over a file", syscall(SYS_renameat2, AT_FDCWD, "a/renamed", AT_FDCWD, "a/fifo", 1));
    result("RENAME_NOREPLACE|RENAME_EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, "a/renamed", AT_FDCWD, "a/fifo", 3));
    check("RENAME_EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, "a/renamed", AT_FDCWD, "c/b", 2) == 0);
    struct stat st;
    check("exchanged: a/renamed is the directory", stat("a/renamed", &st) == 0 && S_ISDIR(st.st_mode));
    check("exchanged: c/b is the file", stat("c/b", &st) == 0 && S_ISREG(st.st_mode));
    result("RENAME_EXCHANGE with a missing target", syscall(SYS_renameat2, AT_FDCWD, "c/b", AT_FDCWD, "c/none", 2));
    check("rename over a file", rename("c/b", "c/entry00") == 0);
    list("a at the end", "a", 4096);

    // The working directory.
    char cwd[4096];
    check("chdir a/renamed", chdir("a/renamed") == 0);
    check("getcwd ends in /a/renamed", getcwd(cwd, sizeof cwd) != NULL && strlen(cwd) > 10 && strcmp(cwd + strlen(cwd) - 10, "/a/renamed") == 0);
    result("getcwd into 2 bytes", getcwd(cwd, 2) == NULL ? -1 : 0);
    check("chdir ..", chdir("..") == 0);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    check("chdir /", chdir("/") == 0);
    check("fchdir back", fchdir(here) == 0);
    check("getcwd after fchdir ends in /a", getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd + strlen(cwd) - 2, "/a") == 0);
    result("chdir to a FIFO", chdir("fifo"));
    check("mkdir gone", mkdir("gone", 0755) == 0);
    check("chdir gone", chdir("gone") == 0);
    check("rmdir the working directory", rmdir("../gone") == 0);
    result("getcwd of a removed directory", getcwd(cwd, sizeof cwd) == NULL ? -1 : 0);
    result("mkdir in a removed directory", mkdir("x", 0755));

    // Clean up (on the host).
    chdir(directory);
    for (int i = 0; i < 20; ++i) {
        char name[32];
        snprintf(name, sizeof name, "c/entry%02d", i);
        unlink(name);
    }
    unlink("a/fifo");
    rmdir("a/renamed");
    rmdir("a");
    rmdir("c");
    chdir("/");
    check("work directory removed", rmdir(directory) == 0);
    return failures == 0 ? 0 : 1;
}
