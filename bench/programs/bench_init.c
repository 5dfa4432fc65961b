// The benchmark image's /init, the same binary on Linux and on Sirius.
// First thing it writes a marker to the console (the runner timestamps its
// arrival on the host: boot to /init); then it mounts devtmpfs on /dev
// (where missing) and a tmpfs on /tmp, reports the kernel and the
// monotonic clock's observed step, runs each benchmark program in
// /bench, and powers off: reboot(RB_POWER_OFF) on Linux (QEMU runs with
// -no-reboot), or, where reboot is not implemented (Sirius), by exiting,
// which Sirius turns into an isa-debug-exit power-off.
//
// Arguments (from the kernel command line): "probe" powers off right after
// the marker (the runner's accelerator probe and boot-time boots).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

extern char** environ;

static void power_off(int status)
{
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    // Sirius has no reboot(2): init's exit powers the machine off.
    _exit(status);
}

// The smallest step CLOCK_MONOTONIC was seen to take: the clock's real
// resolution (clock_getres reports what the kernel claims).
static long clock_step_ns(void)
{
    long smallest = -1;
    for (int sample = 0; sample < 5; ++sample) {
        uint64_t first = bench_now_ns();
        uint64_t next;
        while ((next = bench_now_ns()) == first) {
        }
        long step = (long)(next - first);
        if (smallest < 0 || step < smallest) {
            smallest = step;
        }
    }
    return smallest;
}

// Linux's view of the CPU's vulnerabilities and its mitigations, and its
// clock source (sysfs; Sirius has no sysfs, and no mitigations): one
// @@mitigation line each and @@clocksource, for the runner's logs.
static void report_mitigations(void)
{
    mkdir("/sys", 0755);
    if (mount("sysfs", "/sys", "sysfs", 0, NULL) != 0) {
        return;
    }
    static const char kDirectory[] = "/sys/devices/system/cpu/vulnerabilities";
    DIR* directory = opendir(kDirectory);
    if (directory == NULL) {
        return;
    }
    struct dirent* entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        char path[512];
        char text[256] = "";
        snprintf(path, sizeof path, "%s/%s", kDirectory, entry->d_name);
        int fd = open(path, O_RDONLY);
        if (fd >= 0) {
            ssize_t n = read(fd, text, sizeof text - 1);
            text[n > 0 ? n : 0] = '\0';
            close(fd);
        }
        text[strcspn(text, "\n")] = '\0';
        printf("@@mitigation %s: %s\n", entry->d_name, text);
    }
    closedir(directory);
    int fd = open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY);
    if (fd >= 0) {
        char text[64] = "";
        ssize_t n = read(fd, text, sizeof text - 1);
        text[n > 0 ? n : 0] = '\0';
        text[strcspn(text, "\n")] = '\0';
        close(fd);
        printf("@@clocksource %s\n", text);
    }
}

static void run(const char* path, char* argument)
{
    char* argv[] = { (char*)path, argument, NULL };
    pid_t child = fork();
    if (child == 0) {
        execve(path, argv, environ);
        printf("bench: exec %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) {
        printf("bench: %s did not run: %s\n", path, strerror(errno));
        return;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("bench: %s ended with status 0x%x\n", path, status);
    }
    fflush(stdout);
}

int main(int argc, char** argv)
{
    static const char kMarker[] = "@@BENCH-INIT\n";
    syscall(SYS_write, 1, kMarker, sizeof kMarker - 1);
    struct timespec boottime;
    clock_gettime(CLOCK_BOOTTIME, &boottime);

    if (argc > 1 && strcmp(argv[1], "probe") == 0) {
        power_off(0);
    }
    if (access("/dev/null", F_OK) != 0) {
        mkdir("/dev", 0755);
        if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0) {
            printf("bench: mount devtmpfs: %s\n", strerror(errno));
        }
    }
    mkdir("/tmp", 01777);
    if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL) != 0) {
        printf("bench: mount tmpfs on /tmp: %s\n", strerror(errno));
    }

    struct utsname name;
    uname(&name);
    struct timespec resolution = { 0 };
    clock_getres(CLOCK_MONOTONIC, &resolution);
    printf("@@kernel %s %s\n", name.sysname, name.release);
    printf("@@init_boottime_ms %.3f\n", (double)boottime.tv_sec * 1e3 + (double)boottime.tv_nsec / 1e6);
    printf("@@clock_getres_ns %ld\n", resolution.tv_nsec);
    printf("@@clock_step_ns %ld\n", clock_step_ns());
    report_mitigations();
    fflush(stdout);

    run("/bench/lat_syscall", NULL);
    run("/bench/lat_proc", NULL);
    run("/bench/lat_ipc", NULL);
    run("/bench/lat_mem", NULL);
    printf("@@BENCH-DONE\n");
    power_off(0);
}
