#include "platform/baremetal/cpu_entropy_source.h"

#include "platform/baremetal/early_random.h"

namespace sirius::baremetal {

bool CpuEntropySource::read_seed(u8* bytes, usize count)
{
    // RDRAND where the CPU has it (early_random_bytes asks it ten times per
    // word, as Intel advises). A CPU without it (QEMU's default qemu64
    // model; scripts/qemu-run.sh asks for -cpu max or host) gets mixed
    // time-stamp-counter readings instead, and the seed is still answered:
    // Linux in that case does not leave getrandom(2) blocked either, but
    // makes entropy from timer jitter (try_to_generate_entropy) and
    // declares the generator ready within a second or so. The TSC mix is
    // weaker than that - its values are distinct, not secret - until a
    // jitter or device source comes.
    early_random_bytes(bytes, count);
    return true;
}

} // namespace sirius::baremetal
