// execve(2) of "#!" scripts and execveat(2): the program writes scripts
// into a scratch directory whose interpreter is the program itself (argv[0]
// is its own absolute path on the host and "/init" in Sirius); run as an
// interpreter (SCRIPTS_CHILD in its environment) it prints the argv and
// the name (comm) it got. The rules of fs/binfmt_script.c: blanks, the one
// optional argument, a line cut at 256 bytes, NULs, nesting five deep
// (ELOOP beyond), missing or unexecutable interpreters; and execveat's
// AT_EMPTY_PATH, dirfd, AT_SYMLINK_NOFOLLOW, flags and "/dev/fd/N" names.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define DIR "/tmp/sirius_scripts"

static char self[512];
static char* child_environment[] = { "SCRIPTS_CHILD=1", NULL };

// One argument as printed: the program's own path (with any extra leading
// slashes) is SELF, "/dev/fd/<n>" is "/dev/fd/N", and a long one (the
// argument of a cut line, "#!SELF yyy...") the length of the line it makes:
// the same whatever the length of the program's path.
static void print_argument(const char* argument)
{
    const char* collapsed = argument;
    while (collapsed[0] == '/' && collapsed[1] == '/') {
        ++collapsed;
    }
    if (strcmp(collapsed, self) == 0) {
        printf(" [SELF]");
    } else if (strncmp(argument, "/dev/fd/", 8) == 0) {
        const char* rest = argument + 8;
        while (*rest >= '0' && *rest <= '9') {
            ++rest;
        }
        printf(" [/dev/fd/N%s]", rest);
    } else if (strlen(argument) > 40) {
        printf(" [%c... ending a line of %zu bytes]", argument[0], 2 + strlen(self) + 1 + strlen(argument));
    } else {
        printf(" [%s]", argument);
    }
}

static int interpreter(int argc, char** argv)
{
    char comm[17] = { 0 };
    prctl(PR_GET_NAME, comm);
    // The program's own name (comm is at most 15 bytes) is SELF too.
    const char* base = strrchr(self, '/') != NULL ? strrchr(self, '/') + 1 : self;
    printf("  argc %d, comm %s:", argc, strncmp(comm, base, 15) == 0 ? "SELF" : comm);
    for (int i = 0; i < argc; ++i) {
        print_argument(argv[i]);
    }
    printf("\n");
    return 0;
}

static void put(const char* name, const char* text, size_t size, mode_t mode)
{
    char path[256];
    snprintf(path, sizeof(path), DIR "/%s", name);
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0700);
    if (fd < 0 || write(fd, text, size) != (ssize_t)size) {
        printf("cannot write %s\n", name);
        exit(1);
    }
    close(fd);
    chmod(path, mode);
}

static void put_line(const char* name, const char* line) { put(name, line, strlen(line), 0755); }

// Runs execveat(dirfd, path, argv, ..., flags) in a child and prints the
// error if it fails (the interpreter prints its argv if it runs).
static void run_at(const char* what, int dirfd, const char* path, char** argv, int flags)
{
    printf("%s:\n", what);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        long result = syscall(SYS_execveat, dirfd, path, argv, child_environment, flags);
        printf("  %s\n", result == -1 ? errno_name(errno) : "returned");
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    fflush(stdout);
}

static void run(const char* what, const char* name, char** argv)
{
    char path[256];
    snprintf(path, sizeof(path), DIR "/%s", name);
    run_at(what, AT_FDCWD, path, argv, 0);
}

int main(int argc, char** argv)
{
    if (getenv("SCRIPTS_CHILD") != NULL) {
        // The parent passes its own path in the environment, so a child
        // knows it without /proc.
        const char* known = getenv("SCRIPTS_SELF");
        if (known != NULL) {
            snprintf(self, sizeof(self), "%s", known);
        }
        return interpreter(argc, argv);
    }
    if (realpath(argv[0], self) == NULL) {
        printf("realpath failed\n");
        return 1;
    }
    static char self_variable[600];
    snprintf(self_variable, sizeof(self_variable), "SCRIPTS_SELF=%s", self);
    static char* environment[] = { "SCRIPTS_CHILD=1", NULL, NULL };
    environment[1] = self_variable;
    memcpy(child_environment, environment, sizeof(child_environment));
    mkdir("/tmp", 01777);
    mkdir(DIR, 0755);
    char line[600];
    char* args[] = { "zero", "one", NULL };
    char* no_args[] = { NULL };

    snprintf(line, sizeof(line), "#!%s\necho not run\n", self);
    put_line("plain", line);
    run("name only", "plain", args);
    snprintf(line, sizeof(line), "#! \t%s  a b  c \t \nrest", self);
    put_line("argument", line);
    run("blanks and one argument", "argument", args);
    run("empty argv", "argument", no_args);
    run("NULL argv", "argument", NULL);
    snprintf(line, sizeof(line), "#!%s", self);
    put_line("no_newline", line);
    run("no newline", "no_newline", args);
    put_line("nested", "#!" DIR "/argument x\n");
    run("nested", "nested", args);

    // Five scripts deep run; a sixth is ELOOP.
    char previous[64] = DIR "/plain";
    for (int i = 0; i < 6; ++i) {
        char name[16], what[32];
        snprintf(name, sizeof(name), "chain%d", i);
        snprintf(line, sizeof(line), "#!%s\n", previous);
        put_line(name, line);
        snprintf(previous, sizeof(previous), DIR "/%s", name);
        snprintf(what, sizeof(what), "%d scripts deep", i + 2);
        run(what, name, args);
    }

    put_line("missing", "#!" DIR "/none\n");
    run("missing interpreter", "missing", args);
    put("not_executable", "#!/bin/sh\n", 10, 0644);
    put_line("interpreter_not_executable", "#!" DIR "/not_executable\n");
    run("interpreter not executable", "interpreter_not_executable", args);
    run("script not executable", "not_executable", args);
    put_line("directory", "#!" DIR "\n");
    run("interpreter a directory", "directory", args);
    put_line("no_name", "#!\n");
    run("no interpreter name", "no_name", args);
    put_line("blank", "#!   \t \n");
    run("only blanks", "blank", args);
    put_line("garbage", "garbage\n");
    run("not a script", "garbage", args);
    put("empty", "", 0, 0755);
    run("empty file", "empty", args);
    put_line("hash_only", "#");
    run("just #", "hash_only", args);
    put_line("hash_bang_only", "#!");
    run("just #! (an empty interpreter name)", "hash_bang_only", args);

    // The 256-byte buffer.
    snprintf(line, sizeof(line), "#!%s ", self);
    while (strlen(line) < 400) {
        strcat(line, "y");
    }
    strcat(line, "\n");
    put_line("long_argument", line);
    run("argument cut at the buffer", "long_argument", args);
    strcpy(line, "#!");
    while (strlen(line) < 300) {
        strcat(line, "/");
    }
    strcat(line, self + 1);
    strcat(line, "\n");
    put_line("long_name", line);
    run("interpreter name cut", "long_name", args);
    strcpy(line, "#!");
    while (strlen(line) < 253 - strlen(self) + 1) {
        strcat(line, "/");
    }
    strcat(line, self + 1);
    strcat(line, " zz");
    printf("line of %zu bytes\n", strlen(line));
    put_line("name_to_254", line);
    run("argument's last byte cut", "name_to_254", args);
    int length = snprintf(line, sizeof(line), "#!%s x", self);
    memcpy(line + length, "\0y z\n", 5);
    put("nul_in_argument", line, (size_t)length + 5, 0755);
    run("NUL in the argument", "nul_in_argument", args);
    length = snprintf(line, sizeof(line), "#!%s ", self);
    memcpy(line + length, "\0y z\n", 5);
    put("nul_argument", line, (size_t)length + 5, 0755);
    run("NUL starting the argument", "nul_argument", args);

    // An interpreter named relative to the working directory.
    if (chdir(DIR) != 0) {
        printf("chdir failed\n");
    }
    put_line("relative", "#!plain\n");
    run("relative interpreter name", "relative", args);
    if (chdir("/") != 0) {
        printf("chdir failed\n");
    }

    // execveat(2).
    int script_fd = open(DIR "/argument", O_RDONLY);
    run_at("script by fd", script_fd, "", args, AT_EMPTY_PATH);
    int cloexec_fd = open(DIR "/argument", O_RDONLY | O_CLOEXEC);
    run_at("script by close-on-exec fd", cloexec_fd, "", args, AT_EMPTY_PATH);
    int directory_fd = open(DIR, O_RDONLY | O_DIRECTORY);
    run_at("script relative to a dirfd", directory_fd, "argument", args, 0);
    run_at("absolute name ignores the dirfd", 999, DIR "/plain", args, 0);
    int program_fd = open(self, O_RDONLY | O_CLOEXEC);
    char* program_args[] = { "program", NULL };
    run_at("program by close-on-exec fd", program_fd, "", program_args, AT_EMPTY_PATH);
    unlink(DIR "/link");
    if (symlink("plain", DIR "/link") != 0) {
        printf("symlink failed\n");
    }
    run_at("symlink with AT_SYMLINK_NOFOLLOW", directory_fd, "link", args, AT_SYMLINK_NOFOLLOW);
    run_at("symlink followed", directory_fd, "link", args, 0);
    run_at("unknown flag", directory_fd, "plain", args, AT_REMOVEDIR);
    run_at("empty name without AT_EMPTY_PATH", directory_fd, "", args, 0);
    run_at("directory fd with AT_EMPTY_PATH", directory_fd, "", args, AT_EMPTY_PATH);
    run_at("closed fd", 999, "", args, AT_EMPTY_PATH);
    run_at("closed dirfd", 999, "plain", args, 0);
    run_at("relative name from a file fd", script_fd, "x", args, 0);
    run_at("bad name before a bad flag", 999, (const char*)1, args, AT_REMOVEDIR);
    close(script_fd);
    close(cloexec_fd);
    close(directory_fd);
    close(program_fd);

    // The scratch directory goes with what the program put there.
    static const char* const made[] = { "plain", "argument", "no_newline", "nested", "chain0", "chain1", "chain2", "chain3", "chain4", "chain5",
        "missing", "not_executable", "interpreter_not_executable", "directory", "no_name", "blank", "garbage", "empty", "hash_only",
        "hash_bang_only", "long_argument", "long_name", "name_to_254", "nul_in_argument", "nul_argument", "relative", "link" };
    for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); ++i) {
        char path[256];
        snprintf(path, sizeof(path), DIR "/%s", made[i]);
        unlink(path);
    }
    check("scratch directory removed", rmdir(DIR) == 0);
    return failures == 0 ? 0 : 1;
}
