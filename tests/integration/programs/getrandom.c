// getrandom(2): bytes come back in the count asked for, differ from call to
// call and are not all zero; the flags GRND_NONBLOCK, GRND_RANDOM and
// GRND_INSECURE are accepted alone and together except INSECURE with
// RANDOM, and any other bit is EINVAL (before the buffer is looked at);
// flags is an unsigned int. A count of 0 returns 0 whatever the buffer, but
// a kernel address is EFAULT even then; NULL, an unmapped page and a
// read-only page are EFAULT; a buffer running into a hole gives the bytes
// before it; a count over MAX_RW_COUNT is cut, not refused. Only counts and
// errno names are printed, never a random byte. Exit status: 0 when every
// check holds, 1 otherwise.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004
#define KERNEL_ADDRESS 0xffff800000000000UL

static long get_random(void* buffer, unsigned long count, unsigned long flags) { return syscall(SYS_getrandom, buffer, count, flags); }

static void expect(const char* what, long result, long expected_result, int expected_errno)
{
    int error = result == -1 ? errno : 0;
    if (error != 0) {
        printf("%s: %s\n", what, errno_name(error));
    } else {
        printf("%s: returned %ld\n", what, result);
    }
    failures += error != expected_errno || (expected_errno == 0 && result != expected_result);
}

static int all_zero(const unsigned char* bytes, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        if (bytes[i] != 0) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    static unsigned char first[256];
    static unsigned char second[256];

    expect("getrandom(buf, 16, 0)", get_random(first, 16, 0), 16, 0);
    expect("getrandom(buf, 256, 0)", get_random(first, 256, 0), 256, 0);
    check("the bytes are not all zero", !all_zero(first, sizeof(first)));
    expect("getrandom(buf, 256, 0) again", get_random(second, 256, 0), 256, 0);
    check("a second call gives other bytes", memcmp(first, second, sizeof(first)) != 0);
    check("a long read is not one block repeated", memcmp(first, first + 64, 64) != 0 && memcmp(first + 64, first + 128, 64) != 0);

    expect("GRND_NONBLOCK", get_random(first, 32, GRND_NONBLOCK), 32, 0);
    expect("GRND_RANDOM", get_random(first, 33, GRND_RANDOM), 33, 0);
    expect("GRND_RANDOM|GRND_NONBLOCK", get_random(first, 64, GRND_RANDOM | GRND_NONBLOCK), 64, 0);
    expect("GRND_INSECURE", get_random(first, 65, GRND_INSECURE), 65, 0);
    expect("GRND_INSECURE|GRND_NONBLOCK", get_random(first, 1, GRND_INSECURE | GRND_NONBLOCK), 1, 0);
    expect("GRND_INSECURE|GRND_RANDOM", get_random(first, 16, GRND_INSECURE | GRND_RANDOM), 0, EINVAL);
    expect("all three flags", get_random(first, 16, GRND_INSECURE | GRND_RANDOM | GRND_NONBLOCK), 0, EINVAL);
    expect("flag 0x8", get_random(first, 16, 0x8), 0, EINVAL);
    expect("flag 0x80000000", get_random(first, 16, 0x80000000UL), 0, EINVAL);
    expect("flags 0x100000000 (an unsigned int: 0)", get_random(first, 16, 0x100000000UL), 16, 0);
    expect("flag 0x8 with a NULL buffer", get_random(NULL, 16, 0x8), 0, EINVAL);

    expect("count 0, NULL buffer", get_random(NULL, 0, 0), 0, 0);
    expect("count 0, (void*)1", get_random((void*)1, 0, 0), 0, 0);
    expect("count 0, kernel address", get_random((void*)KERNEL_ADDRESS, 0, 0), 0, EFAULT);
    expect("NULL buffer", get_random(NULL, 16, 0), 0, EFAULT);
    expect("(void*)1", get_random((void*)1, 100, 0), 0, EFAULT);
    expect("kernel address", get_random((void*)KERNEL_ADDRESS, 16, 0), 0, EFAULT);

    // Three pages, the middle one unmapped, the last read-only; at a fixed
    // address far enough below the top of user space that MAX_RW_COUNT
    // bytes from it still pass access_ok (where mmap puts them depends on
    // the kernel's layout).
    unsigned char* pages = mmap((void*)0x300000000000UL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check("mmap of three pages", pages != MAP_FAILED);
    munmap(pages + 4096, 4096);
    mprotect(pages + 2 * 4096, 4096, PROT_READ);
    expect("unmapped page", get_random(pages + 4096, 16, 0), 0, EFAULT);
    expect("read-only page", get_random(pages + 2 * 4096, 16, 0), 0, EFAULT);
    expect("read-only page, 4096 bytes", get_random(pages + 2 * 4096, 4096, 0), 0, EFAULT);
    expect("200 bytes, 100 before a hole", get_random(pages + 4096 - 100, 200, 0), 100, 0);
    expect("20 bytes, 10 before a hole", get_random(pages + 4096 - 10, 20, 0), 10, 0);
    expect("200 bytes, 70 before a hole", get_random(pages + 4096 - 70, 200, 0), 70, 0);
    expect("8192 bytes, a page before a hole", get_random(pages, 8192, 0), 4096, 0);
    expect("16 bytes, 16 before a hole", get_random(pages + 4096 - 16, 16, 0), 16, 0);
    // MAX_RW_COUNT (0x7ffff000) cuts the count before the range check.
    expect("count ~0 from a page before a hole", get_random(pages, ~0UL, 0), 4096, 0);
    expect("count 1 << 62 from a page before a hole", get_random(pages, 1UL << 62, 0), 4096, 0);
    expect("count ~0 from near the top of user space", get_random((void*)(0x7ffffffff000UL - 4096), ~0UL, 0), 0, EFAULT);
    return failures == 0 ? 0 : 1;
}
