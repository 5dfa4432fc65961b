// System V shared memory as shmget(2), shmat(2), shmdt(2), shmctl(2) and
// svipc(7) describe it: newseg's size checks, keys, attaching read-write,
// read-only and at a fixed or rounded address, what shm_nattch counts
// (VMAs: an mprotect that splits an attachment adds one, fork copies them,
// exit and shmdt take them away), IPC_RMID while attached (SHM_DEST, the
// private key, still attachable by id, gone with the last detach), the
// IPC_INFO and SHM_INFO figures, SHM_LOCK, the permission rules for a
// non-root uid, /proc/self/maps and /proc/sysvipc/shm, and isolation by
// unshare(CLONE_NEWIPC).
//
// Everything runs in a child that first unshares CLONE_NEWIPC, so the
// host's segments are never touched and ids are the same on both kernels.
// Nothing printed depends on the host: pids are printed as "me", "parent"
// or "child", times as whether they are set, addresses as offsets.
#define _GNU_SOURCE
#include <grp.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

enum { PAGE = 4096 };
static const key_t KEY = 0x5157;
// <linux/shm.h>'s SHMMAX: ULONG_MAX - (1UL << 24).
static const unsigned long SHMMAX_VALUE = ~0UL - (1UL << 24);

static void report(const char* what, long result)
{
    printf("%s: %s\n", what, result < 0 ? errno_name(errno) : "ok");
}

static void report_pointer(const char* what, void* result)
{
    printf("%s: %s\n", what, result == (void*)-1 ? errno_name(errno) : "ok");
}

static int wait_status(pid_t pid)
{
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char* who(pid_t pid, pid_t parent, pid_t child)
{
    if (pid == 0) {
        return "none";
    }
    if (pid == getpid()) {
        return "me";
    }
    if (pid == parent) {
        return "parent";
    }
    if (pid == child) {
        return "child";
    }
    return "other";
}

// IPC_STAT as a line: size, attaches, mode, key, and who created and last
// used it.
static void show(const char* what, int id, pid_t parent, pid_t child)
{
    struct shmid_ds stat;
    memset(&stat, 0, sizeof(stat));
    if (shmctl(id, IPC_STAT, &stat) != 0) {
        printf("%s: IPC_STAT %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: size %lu nattch %lu mode %o key %#x cpid %s lpid %s atime %s dtime %s ctime %s\n", what, (unsigned long)stat.shm_segsz,
           (unsigned long)stat.shm_nattch, (unsigned)stat.shm_perm.mode, (unsigned)stat.shm_perm.__key, who(stat.shm_cpid, parent, child),
           who(stat.shm_lpid, parent, child), stat.shm_atime != 0 ? "set" : "0", stat.shm_dtime != 0 ? "set" : "0", stat.shm_ctime != 0 ? "set" : "0");
}

// The /proc/self/maps lines of System V segments: everything after the
// address range (protection, offset, device, inode, name).
static void show_maps(const char* what)
{
    printf("%s:\n", what);
    FILE* maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) {
        printf("  cannot open /proc/self/maps\n");
        return;
    }
    char line[512];
    while (fgets(line, sizeof(line), maps) != NULL) {
        if (strstr(line, "/SYSV") == NULL) {
            continue;
        }
        char protection[8], offset[16], device[16], name[128], deleted[32];
        unsigned long inode = 0;
        if (sscanf(line, "%*s %7s %15s %15s %lu %127s %31s", protection, offset, device, &inode, name, deleted) == 6) {
            printf("  %s %s %s %lu %s %s\n", protection, offset, device, inode, name, deleted);
        }
    }
    fclose(maps);
}

static void become_user(void)
{
    setgroups(0, NULL);
    if (setgid(1000) != 0 || setuid(1000) != 0) {
        _exit(99);
    }
}

static void creation(void)
{
    report("shmget size 0", shmget(IPC_PRIVATE, 0, 0600));
    report("shmget size SHMMAX + 1", shmget(IPC_PRIVATE, SHMMAX_VALUE + 1, 0600));
    report("shmget size -1", shmget(IPC_PRIVATE, (size_t)-1, 0600));
    report("shmget size 2^63 (above the largest file)", shmget(IPC_PRIVATE, (size_t)1 << 63, 0600));
    report("shmget 64 TiB (more than the machine has)", shmget(IPC_PRIVATE, (size_t)1 << 46, 0600));
    int huge = shmget(IPC_PRIVATE, (size_t)1 << 40, 0600 | SHM_NORESERVE);
    report("shmget 1 TiB with SHM_NORESERVE", huge);
    report("IPC_RMID of it", shmctl(huge, IPC_RMID, NULL));
    report("shmget SHM_HUGETLB as root (no huge pages)", shmget(IPC_PRIVATE, 2 << 20, 0600 | SHM_HUGETLB));
    report("shmget SHM_HUGETLB of 32 MiB pages", shmget(IPC_PRIVATE, 2 << 20, 0600 | SHM_HUGETLB | SHM_HUGE_32MB));
    report("shmget of an absent key without IPC_CREAT", shmget(KEY, 100, 0600));
}

static void attaching(void)
{
    int id = shmget(KEY, 10000, IPC_CREAT | 0640);
    printf("the first id in a new IPC namespace after one removal: %d\n", id);
    show("created", id, 0, 0);
    report("shmget of the key, larger", shmget(KEY, 10001, 0));
    report("shmget of the key, IPC_CREAT|IPC_EXCL", shmget(KEY, 100, IPC_CREAT | IPC_EXCL));
    check("shmget of the key, size 0, gives its id", shmget(KEY, 0, 0) == id);

    char* first = shmat(id, NULL, 0);
    check("shmat returns a page-aligned address", first != (void*)-1 && ((uintptr_t)first % PAGE) == 0);
    show("attached", id, 0, 0);
    show_maps("maps after one attach");
    check("a new segment reads zeroes", first[0] == 0 && first[9999] == 0);
    report_pointer("shmat at an unaligned address", shmat(id, first + 1, 0));
    report_pointer("shmat SHM_REMAP without an address", shmat(id, NULL, SHM_REMAP));
    report_pointer("shmat over the first attach without SHM_REMAP", shmat(id, first, 0));
    report_pointer("shmat of id + 1", shmat(id + 1, NULL, 0));
    report_pointer("shmat of id -1", shmat(-1, NULL, 0));
    report_pointer("shmat SHM_RND|SHM_REMAP rounding to 0", shmat(id, (void*)4095, SHM_RND | SHM_REMAP));

    char* second = shmat(id, NULL, SHM_RDONLY);
    check("a second, read-only attach", second != (void*)-1 && second != first);
    first[5000] = 'x';
    check("a write through one attach is read through the other", second[5000] == 'x');
    report("mprotect of the read-only attach to writable", mprotect(second, PAGE, PROT_READ | PROT_WRITE));
    report("mprotect of one page of the first attach to r-x", mprotect(first, PAGE, PROT_READ | PROT_EXEC));
    show("after the mprotect split", id, 0, 0);
    show_maps("maps with the split");

    fflush(stdout);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        show("the child after fork", id, parent, getpid());
        first[6000] = 'y';
        report("the child's shmdt of the first attach", shmdt(first));
        show("after the child's shmdt", id, parent, getpid());
        _exit(0);
    }
    check("the child exited", wait_status(child) == 0);
    check("the child's write is seen by the parent", first[6000] == 'y');
    show("after the child exited", id, parent, child);

    child = fork();
    if (child == 0) {
        second[0] = 1;
        _exit(0);
    }
    printf("a child writing to the read-only attach: %s\n", wait_status(child) == 128 + SIGSEGV ? "SIGSEGV" : "no SIGSEGV");

    report("shmdt in the middle of the attach", shmdt(first + PAGE));
    report("shmdt at an unaligned address", shmdt(first + 1));
    report("shmdt of the first attach", shmdt(first));
    show("after shmdt (both pieces)", id, 0, 0);
    report("shmdt of it again", shmdt(first));
    report("shmdt of NULL", shmdt(NULL));

    // An address rounded down by SHM_RND, and SHM_REMAP over a mapping.
    char* anywhere = mmap(NULL, 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* rounded = shmat(id, anywhere + PAGE + 123, SHM_RND | SHM_REMAP);
    check("SHM_RND|SHM_REMAP attaches at the page below, over a mapping", rounded == anywhere + PAGE);
    check("its contents are the segment's", rounded != (void*)-1 && rounded[5000] == 'x');
    report("shmdt of it", shmdt(rounded));

    report("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL));
    show("removed, still attached", id, 0, 0);
    show_maps("maps after IPC_RMID");
    report("shmget of the key after IPC_RMID", shmget(KEY, 0, 0));
    char* late = shmat(id, NULL, 0);
    check("shmat of a removed segment by id still works", late != (void*)-1 && late[5000] == 'x');
    show("attached after removal", id, 0, 0);
    shmdt(late);
    shmdt(second);
    show("after the last detach", id, 0, 0);
}

static void exit_detaches(void)
{
    int id = shmget(IPC_PRIVATE, 3 * PAGE, 0600);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        char* memory = shmat(id, NULL, 0);
        memory[0] = 1;
        memory[2 * PAGE] = 1;
        _exit(memory == (void*)-1);
    }
    check("a child attached and exited", wait_status(child) == 0);
    show("after the child's exit", id, getpid(), child);
    struct shm_info info;
    memset(&info, 0, sizeof(info));
    long highest = syscall(SYS_shmctl, 0, SHM_INFO, &info);
    printf("SHM_INFO: highest index %ld used_ids %d shm_tot %lu pages shm_rss %lu pages\n", highest, info.used_ids, (unsigned long)info.shm_tot,
           (unsigned long)info.shm_rss);
    struct shminfo limits;
    memset(&limits, 0, sizeof(limits));
    highest = syscall(SYS_shmctl, 0, IPC_INFO, &limits);
    printf("IPC_INFO: highest index %ld shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n", highest, (unsigned long)limits.shmmax,
           (unsigned long)limits.shmmin, (unsigned long)limits.shmmni, (unsigned long)limits.shmseg, (unsigned long)limits.shmall);
    struct shmid_ds stat;
    printf("SHM_STAT of its index: %s\n", shmctl(id % 32768, SHM_STAT, &stat) == id ? "the full id" : errno_name(errno));
    report("SHM_STAT of index 0 (free)", shmctl(0, SHM_STAT, &stat));

    // /proc/sysvipc/shm: the header, and the segment's line with its pids
    // and times masked (the columns keep their widths).
    FILE* file = fopen("/proc/sysvipc/shm", "r");
    char line[512];
    if (file != NULL && fgets(line, sizeof(line), file) != NULL) {
        printf("/proc/sysvipc/shm:\n%s", line);
        while (fgets(line, sizeof(line), file) != NULL) {
            // Columns 5 and 6 are cpid and lpid, 12 to 14 the times.
            int column = 0;
            // A masked column's padding is masked too (all but the one
            // space that separates it), as pids differ in length.
            for (char* at = line; *at != '\0';) {
                char* padding = at;
                while (*at == ' ') {
                    ++at;
                }
                if (*at == '\0' || *at == '\n') {
                    break;
                }
                ++column;
                int masked = column == 5 || column == 6 || (column >= 12 && column <= 14);
                for (char* space = padding + 1; masked && space < at; ++space) {
                    *space = 'N';
                }
                for (; *at != ' ' && *at != '\n' && *at != '\0'; ++at) {
                    if (masked) {
                        *at = 'N';
                    }
                }
            }
            printf("%s", line);
        }
        fclose(file);
    }

    report("shmctl with an unknown command", shmctl(id, 100, &stat));
    errno = 0;
    report("shmctl IPC_STAT | IPC_64", syscall(SYS_shmctl, id, IPC_STAT | 0x100, &stat));
    report("shmctl IPC_STAT to NULL", shmctl(id, IPC_STAT, NULL));
    report("shmctl IPC_SET from NULL", shmctl(id, IPC_SET, NULL));
    report("shmctl IPC_INFO to NULL", syscall(SYS_shmctl, 0, IPC_INFO, NULL));
    report("shmctl of id -1", shmctl(-1, IPC_STAT, &stat));
    report("SHM_LOCK", shmctl(id, SHM_LOCK, NULL));
    show("locked", id, 0, child);
    report("SHM_UNLOCK", shmctl(id, SHM_UNLOCK, NULL));
    show("unlocked", id, 0, child);
    report("IPC_RMID with nothing attached", shmctl(id, IPC_RMID, NULL));
    show("removed", id, 0, 0);
}

static void beyond_the_end(void)
{
    int id = shmget(IPC_PRIVATE, PAGE, 0600);
    char* memory = shmat(id, NULL, 0);
    shmctl(id, IPC_RMID, NULL);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        char* grown = mremap(memory, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
        if (grown == MAP_FAILED) {
            _exit(1);
        }
        grown[0] = 1;
        grown[PAGE] = 1;
        _exit(0);
    }
    int status = wait_status(child);
    printf("touching a page mremap added past the segment: %s\n", status == 128 + SIGBUS ? "SIGBUS" : status == 1 ? "mremap failed" : "no SIGBUS");
    shmdt(memory);
}

static void permissions(void)
{
    int private_id = shmget(KEY + 1, PAGE, IPC_CREAT | 0600);
    int readable_id = shmget(KEY + 2, PAGE, IPC_CREAT | 0604);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        become_user();
        report_pointer("uid 1000: shmat of a 0600 segment", shmat(private_id, NULL, SHM_RDONLY));
        report_pointer("uid 1000: shmat of a 0604 segment read-write", shmat(readable_id, NULL, 0));
        void* reading = shmat(readable_id, NULL, SHM_RDONLY);
        report_pointer("uid 1000: shmat of a 0604 segment SHM_RDONLY", reading);
        report_pointer("uid 1000: shmat of a 0604 segment SHM_RDONLY|SHM_EXEC", shmat(readable_id, NULL, SHM_RDONLY | SHM_EXEC));
        struct shmid_ds stat;
        report("uid 1000: IPC_STAT of the 0600 segment", shmctl(private_id, IPC_STAT, &stat));
        printf("uid 1000: SHM_STAT_ANY of its index: %s\n", shmctl(private_id % 32768, SHM_STAT_ANY, &stat) == private_id ? "the full id" : errno_name(errno));
        report("uid 1000: shmget of the 0600 key", shmget(KEY + 1, 0, 0));
        report("uid 1000: shmget of the 0604 key for reading", shmget(KEY + 2, 0, 0004));
        memset(&stat, 0, sizeof(stat));
        shmctl(readable_id, IPC_STAT, &stat);
        report("uid 1000: IPC_SET of root's segment", shmctl(readable_id, IPC_SET, &stat));
        report("uid 1000: IPC_RMID of root's segment", shmctl(readable_id, IPC_RMID, NULL));
        report("uid 1000: SHM_LOCK of root's segment", shmctl(readable_id, SHM_LOCK, NULL));
        report("uid 1000: shmget SHM_HUGETLB (not in group 0)", shmget(IPC_PRIVATE, 2 << 20, 0600 | SHM_HUGETLB));
        int own = shmget(IPC_PRIVATE, PAGE, 0600);
        report("uid 1000: SHM_LOCK of its own segment", shmctl(own, SHM_LOCK, NULL));
        shmctl(own, IPC_RMID, NULL);
        _exit(failures != 0);
    }
    check("the uid 1000 child finished", wait_status(child) == 0);
    struct shmid_ds stat;
    memset(&stat, 0, sizeof(stat));
    shmctl(readable_id, IPC_STAT, &stat);
    stat.shm_perm.uid = 1000;
    stat.shm_perm.mode = 0660;
    report("IPC_SET of uid 1000 and mode 0660", shmctl(readable_id, IPC_SET, &stat));
    show("after IPC_SET", readable_id, 0, child);
    stat.shm_perm.uid = (uid_t)-1;
    report("IPC_SET of uid -1", shmctl(readable_id, IPC_SET, &stat));
    shmctl(private_id, IPC_RMID, NULL);
    shmctl(readable_id, IPC_RMID, NULL);
}

static void namespaces(void)
{
    int id = shmget(KEY + 3, PAGE, IPC_CREAT | 0600);
    char* memory = shmat(id, NULL, 0);
    memory[0] = 'n';
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        report("unshare(CLONE_NEWIPC)", unshare(CLONE_NEWIPC));
        report("shmget of the key in the new namespace", shmget(KEY + 3, 0, 0));
        check("the attach inherited from the old namespace still reads", memory[0] == 'n');
        report("shmdt of it", shmdt(memory));
        _exit(failures != 0);
    }
    check("the child in a new IPC namespace finished", wait_status(child) == 0);
    show("after the child detached from another namespace", id, getpid(), child);
    shmdt(memory);
    shmctl(id, IPC_RMID, NULL);
}

static int run(void)
{
    if (unshare(CLONE_NEWIPC) != 0) {
        printf("unshare(CLONE_NEWIPC) failed\n");
        return 1;
    }
    creation();
    attaching();
    exit_detaches();
    beyond_the_end();
    permissions();
    namespaces();
    return failures == 0 ? 0 : 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t child = fork();
    if (child == 0) {
        _exit(run());
    }
    int status = wait_status(child);
    printf("done: %d\n", status);
    return status;
}
