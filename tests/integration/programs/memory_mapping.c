// mmap(2), munmap, mprotect, madvise, mremap and brk as Linux applies them
// (mm/mmap.c, mm/mprotect.c, mm/madvise.c, mm/mremap.c): anonymous memory
// starts zero-filled; MAP_SHARED memory is shared with a forked child while
// MAP_PRIVATE memory is copy-on-write; touching an unmapped page is SIGSEGV
// with SEGV_MAPERR and writing a read-only page SEGV_ACCERR, at the faulting
// address (sigaction(2)); MAP_FIXED_NOREPLACE refuses an occupied range
// (EEXIST), MAP_FIXED replaces it; the argument checks (length 0, neither
// MAP_SHARED nor MAP_PRIVATE, misaligned offset or address: EINVAL; mprotect
// of an unmapped range: ENOMEM); MADV_DONTNEED gives private pages back as
// zeroes but keeps shared ones; mremap grows in place or moves with the
// content, and refuses to grow in place into a mapped page (ENOMEM); brk
// grows zero-filled and shrinks, and ignores a request below its start; a
// hint is honoured when the range is free and only a hint when it is not; a
// large untouched mapping costs nothing up front; munmap of a range with a
// hole succeeds; and the main stack grows on demand under deep recursion.
// Exit status: 0 when every check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

enum { PAGE = 4096 };

// Prints "what: ERRNO" for a call that returned -1 (or MAP_FAILED).
static void expect_errno(const char* what, int failed, int expected)
{
    int error = failed ? errno : 0;
    printf("%s: %s\n", what, errno_name(error));
    failures += error != expected;
}

static char* map_pages(size_t pages, int protection, int flags)
{
    void* area = mmap(NULL, pages * PAGE, protection, flags | MAP_ANONYMOUS, -1, 0);
    return area == MAP_FAILED ? NULL : area;
}

// Touching memory under a SIGSEGV handler that jumps back.
static sigjmp_buf recover;
static volatile int recover_armed;
static volatile int fault_code;
static void* volatile fault_address;

static void on_segv(int sig, siginfo_t* info, void* context)
{
    (void)context;
    if (!recover_armed) {
        // A fault outside touch(): die of it, as without a handler.
        signal(sig, SIG_DFL);
        return;
    }
    recover_armed = 0;
    fault_code = info->si_code;
    fault_address = info->si_addr;
    siglongjmp(recover, 1);
}

// "ok", or the si_code of the SIGSEGV the access raised, and whether si_addr
// named the byte touched.
static const char* touch(volatile char* where, int write)
{
    fault_code = 0;
    fault_address = NULL;
    if (sigsetjmp(recover, 1) == 0) {
        recover_armed = 1;
        if (write) {
            *where = 1;
        } else {
            (void)*where;
        }
        recover_armed = 0;
        return "ok";
    }
    if (fault_address != (void*)where) {
        return "SIGSEGV at another address";
    }
    switch (fault_code) {
    case SEGV_MAPERR: return "SIGSEGV SEGV_MAPERR";
    case SEGV_ACCERR: return "SIGSEGV SEGV_ACCERR";
    default: return "SIGSEGV with another si_code";
    }
}

static void expect_touch(const char* what, volatile char* where, int write, const char* expected)
{
    const char* result = touch(where, write);
    printf("%s: %s\n", what, result);
    failures += strcmp(result, expected) != 0;
}

static int all_bytes(const char* area, size_t length, char value)
{
    for (size_t i = 0; i < length; i++) {
        if (area[i] != value) {
            return 0;
        }
    }
    return 1;
}

static void anonymous_private(void)
{
    char* area = map_pages(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("anonymous private mapping of 3 pages", area != NULL);
    if (area == NULL) {
        return;
    }
    check("page aligned", ((uintptr_t)area & (PAGE - 1)) == 0);
    check("zero-filled", all_bytes(area, 3 * PAGE, 0));
    memset(area, 'x', 3 * PAGE);
    check("written and read back", all_bytes(area, 3 * PAGE, 'x'));
    munmap(area, 3 * PAGE);
}

static void shared_and_private_across_fork(void)
{
    char* shared = map_pages(1, PROT_READ | PROT_WRITE, MAP_SHARED);
    char* private = map_pages(1, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (shared == NULL || private == NULL) {
        check("shared and private mappings for fork", 0);
        return;
    }
    shared[0] = 'p';
    private[0] = 'p';
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        int saw_parent = shared[0] == 'p' && private[0] == 'p';
        shared[0] = 'c';
        private[0] = 'c';
        _exit(saw_parent ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    check("child saw the parent's writes in both", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    check("MAP_SHARED: parent sees the child's write", shared[0] == 'c');
    check("MAP_PRIVATE: parent keeps its own copy", private[0] == 'p');

    shared[1] = 's';
    check("madvise(MADV_DONTNEED) on shared memory", madvise(shared, PAGE, MADV_DONTNEED) == 0);
    check("shared memory keeps its data after MADV_DONTNEED", shared[0] == 'c' && shared[1] == 's');
    munmap(shared, PAGE);
    munmap(private, PAGE);
}

static void unmapped_hole(void)
{
    char* area = map_pages(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (area == NULL) {
        check("three pages for the hole", 0);
        return;
    }
    memset(area, 'h', 3 * PAGE);
    check("munmap of the middle page", munmap(area + PAGE, PAGE) == 0);
    expect_touch("reading the unmapped middle page", area + PAGE + 100, 0, "SIGSEGV SEGV_MAPERR");
    expect_touch("writing the unmapped middle page", area + PAGE, 1, "SIGSEGV SEGV_MAPERR");
    check("the first and last pages keep their data", area[PAGE - 1] == 'h' && area[2 * PAGE] == 'h');
    check("munmap of the whole range, hole included", munmap(area, 3 * PAGE) == 0);
    expect_touch("reading the first page after that", area, 0, "SIGSEGV SEGV_MAPERR");
    check("munmap of a range with nothing mapped", munmap(area, 3 * PAGE) == 0);
}

static void protections(void)
{
    char* area = map_pages(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (area == NULL) {
        check("two pages for mprotect", 0);
        return;
    }
    area[0] = 'r';
    check("mprotect(PROT_READ)", mprotect(area, 2 * PAGE, PROT_READ) == 0);
    expect_touch("reading a read-only page", area, 0, "ok");
    expect_touch("writing a read-only page", area + 8, 1, "SIGSEGV SEGV_ACCERR");
    check("the read-only page kept its data", area[0] == 'r' && area[8] == 0);
    check("mprotect back to PROT_READ|PROT_WRITE", mprotect(area, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    expect_touch("writing it again", area + 8, 1, "ok");
    check("mprotect(PROT_NONE) of the second page", mprotect(area + PAGE, PAGE, PROT_NONE) == 0);
    expect_touch("reading a PROT_NONE page", area + PAGE, 0, "SIGSEGV SEGV_ACCERR");
    expect_touch("the first page is still writable", area, 1, "ok");
    munmap(area, 2 * PAGE);

    char* none = map_pages(1, PROT_NONE, MAP_PRIVATE);
    if (none != NULL) {
        expect_touch("reading a page mapped PROT_NONE", none, 0, "SIGSEGV SEGV_ACCERR");
        munmap(none, PAGE);
    }
}

static void fixed_mappings(void)
{
    char* area = map_pages(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (area == NULL) {
        check("two pages for MAP_FIXED", 0);
        return;
    }
    memset(area, 'f', 2 * PAGE);
    void* noreplace = mmap(area + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    expect_errno("MAP_FIXED_NOREPLACE over a mapping", noreplace == MAP_FAILED, EEXIST);
    check("the mapping is untouched", area[PAGE] == 'f');
    void* fixed = mmap(area + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("MAP_FIXED over a mapping returns the address", fixed == area + PAGE);
    check("and replaces it with zeroes", area[PAGE] == 0 && area[0] == 'f');

    // Without MAP_FIXED an occupied address is only a hint.
    void* hinted = mmap(area, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("a hint at an occupied address maps elsewhere", hinted != MAP_FAILED && hinted != area);
    check("and leaves the old mapping alone", area[0] == 'f');
    if (hinted != MAP_FAILED) {
        munmap(hinted, PAGE);
    }
    munmap(area, 2 * PAGE);
}

// Straight to the kernel: musl's wrappers check or round some arguments
// themselves (mmap refuses a misaligned offset, mprotect rounds the address
// down to a page).
static long raw_mmap(void* address, size_t length, int protection, int flags, long offset)
{
    return syscall(SYS_mmap, address, length, protection, flags, -1, offset);
}

static void argument_checks(void)
{
    char* area = map_pages(1, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    expect_errno("mmap of length 0", raw_mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0) == -1, EINVAL);
    expect_errno("mmap with neither MAP_SHARED nor MAP_PRIVATE", raw_mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, 0) == -1, EINVAL);
    expect_errno("mmap with a misaligned offset", raw_mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 100) == -1, EINVAL);
    expect_errno("mmap MAP_FIXED at a misaligned address",
        raw_mmap(area + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0) == -1, EINVAL);
    expect_errno("munmap of a misaligned address", syscall(SYS_munmap, area + 1, PAGE) == -1, EINVAL);
    expect_errno("munmap of length 0", syscall(SYS_munmap, area, 0) == -1, EINVAL);
    expect_errno("mprotect of a misaligned address", syscall(SYS_mprotect, area + 1, PAGE, PROT_READ) == -1, EINVAL);
    expect_errno("mprotect with an unknown protection bit", syscall(SYS_mprotect, area, PAGE, 0x100) == -1, EINVAL);
    check("the page is still mapped and writable after the refused calls", area != NULL && touch(area, 1)[0] == 'o');
    munmap(area, PAGE);
    expect_errno("mprotect of an unmapped range", syscall(SYS_mprotect, area, PAGE, PROT_READ) == -1, ENOMEM);
    expect_errno("madvise(MADV_DONTNEED) of a misaligned address", syscall(SYS_madvise, area + 1, PAGE, MADV_DONTNEED) == -1,
        EINVAL);
}

static void dontneed_private(void)
{
    char* area = map_pages(4, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (area == NULL) {
        check("four pages for madvise", 0);
        return;
    }
    memset(area, 'd', 4 * PAGE);
    check("madvise(MADV_DONTNEED) of the middle two pages", madvise(area + PAGE, 2 * PAGE, MADV_DONTNEED) == 0);
    check("they read back as zeroes", all_bytes(area + PAGE, 2 * PAGE, 0));
    check("the outer pages keep their data", area[0] == 'd' && area[3 * PAGE] == 'd');
    munmap(area, 4 * PAGE);
}

static void remapping(void)
{
    char* area = map_pages(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (area == NULL) {
        check("two pages for mremap", 0);
        return;
    }
    memset(area, 'm', 2 * PAGE);
    char* grown = mremap(area, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    check("mremap grow to 64 pages with MREMAP_MAYMOVE", grown != MAP_FAILED);
    if (grown == MAP_FAILED) {
        return;
    }
    check("the content moved with it", all_bytes(grown, 2 * PAGE, 'm'));
    check("the new pages are zero", all_bytes(grown + 2 * PAGE, 62 * PAGE, 0));
    grown[63 * PAGE] = 'e';
    char* shrunk = mremap(grown, 64 * PAGE, PAGE, 0);
    check("mremap shrink stays in place", shrunk == grown && shrunk[0] == 'm');
    expect_touch("the page past the shrunk end", grown + PAGE, 0, "SIGSEGV SEGV_MAPERR");
    munmap(shrunk, PAGE);

    char* pair = map_pages(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    if (pair != NULL) {
        expect_errno("mremap growing into a mapped page without MREMAP_MAYMOVE", mremap(pair, PAGE, 2 * PAGE, 0) == MAP_FAILED,
            ENOMEM);
        munmap(pair, 2 * PAGE);
    }
}

static long brk_to(uintptr_t address) { return syscall(SYS_brk, address); }

static void program_break(void)
{
    // No malloc in this program: the break is ours to move and put back.
    long current = brk_to(0);
    check("brk(0) returns the current break", current > 0 && brk_to(0) == current);
    if (current <= 0) {
        return;
    }
    uintptr_t start = (uintptr_t)current;
    uintptr_t end = start + 16 * PAGE;
    check("brk grows by 16 pages", (uintptr_t)brk_to(end) == end);
    if ((uintptr_t)brk_to(0) != end) {
        return;
    }
    char* heap = (char*)start;
    check("the new heap reads as zeroes", all_bytes(heap, 16 * PAGE, 0));
    memset(heap, 'b', 16 * PAGE);
    check("and takes writes", heap[16 * PAGE - 1] == 'b');
    check("brk shrinks back", (uintptr_t)brk_to(start) == start);
    expect_touch("the page above the shrunk break", heap + 4 * PAGE, 0, "SIGSEGV SEGV_MAPERR");
    int regrown = (uintptr_t)brk_to(end) == end;
    check("brk grows again", regrown);
    if (!regrown) {
        return;
    }
    check("the regrown heap is zero again", all_bytes(heap, 16 * PAGE, 0));
    check("brk below the start of the heap leaves it unchanged", (uintptr_t)brk_to(PAGE) == end);
    check("brk back to the start", (uintptr_t)brk_to(start) == start);
}

static void large_hinted_mapping(void)
{
    // Far above the program, its heap and the mmap base, below the stack.
    char* hint = (char*)(uintptr_t)0x200000000000;
    // 256 MiB: large, yet below the RAM of the smallest guest, which Linux's
    // overcommit heuristic (mm/util.c __vm_enough_memory) would require.
    size_t length = (size_t)256 << 20;
    char* area = mmap(hint, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("256 MiB mapping at a free hint returns the hint", area == hint);
    if (area == MAP_FAILED) {
        return;
    }
    area[0] = 'a';
    area[length - 1] = 'z';
    check("its first and last bytes take writes", area[0] == 'a' && area[length - 1] == 'z' && area[length / 2] == 0);
    check("munmap of the 256 MiB mapping", munmap(area, length) == 0);
}

// Each level keeps a 4 KiB frame and touches both ends of it.
static int __attribute__((noinline)) recurse(int depth)
{
    volatile char frame[PAGE];
    frame[0] = (char)depth;
    frame[PAGE - 1] = (char)depth;
    if (depth == 0) {
        return 0;
    }
    int below = recurse(depth - 1);
    return below + (frame[0] == (char)depth && frame[PAGE - 1] == (char)depth);
}

int main(void)
{
    // A line at a time, so that a crash in Sirius shows how far it got.
    setvbuf(stdout, NULL, _IOLBF, 0);
    static char altstack[64 * 1024];
    stack_t stack = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &action, NULL);

    anonymous_private();
    shared_and_private_across_fork();
    unmapped_hole();
    protections();
    fixed_mappings();
    argument_checks();
    dontneed_private();
    remapping();
    program_break();
    large_hinted_mapping();
    check("a 400 KiB deep recursion on the main stack", recurse(100) == 100);
    return failures == 0 ? 0 : 1;
}
