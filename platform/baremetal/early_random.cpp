#include "platform/baremetal/early_random.h"

#include "arch/x86_64/cpu.h"

namespace sirius::baremetal {

namespace {

bool has_rdrand() { return (x86_64::cpuid(1).ecx & (1U << 30)) != 0; }

// RDRAND may fail transiently (CF clear): Intel's guidance is ten tries.
bool rdrand(u64& value)
{
    for (int attempt = 0; attempt < 10; ++attempt) {
        unsigned char ok = 0;
        asm volatile("rdrand %0; setc %1" : "=r"(value), "=qm"(ok)::"cc");
        if (ok != 0) {
            return true;
        }
    }
    return false;
}

// splitmix64 over the TSC: distinct values per call, not secret ones.
u64 mixed_timestamp()
{
    u64 z = __builtin_ia32_rdtsc() + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

void early_random_bytes(u8* bytes, usize count)
{
    static const bool rdrand_present = has_rdrand();
    for (usize i = 0; i < count; i += 8) {
        u64 value = 0;
        if (!rdrand_present || !rdrand(value)) {
            value = mixed_timestamp();
        }
        usize chunk = count - i < 8 ? count - i : 8;
        __builtin_memcpy(bytes + i, &value, chunk);
    }
}

} // namespace sirius::baremetal
