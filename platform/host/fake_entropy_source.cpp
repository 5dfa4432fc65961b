#include "platform/host/fake_entropy_source.h"

#include "core/base/utility.h"

namespace sirius::host {

bool FakeEntropySource::read_seed(u8* bytes, usize count)
{
    ++m_reads;
    if (!m_available) {
        return false;
    }
    for (usize done = 0; done < count; done += sizeof(u64)) {
        // splitmix64: distinct, evenly spread words; not secret, and not
        // meant to be.
        u64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        copy_bytes(bytes + done, &z, min(count - done, sizeof(z)));
    }
    return true;
}

} // namespace sirius::host
