#pragma once

// What the platform tells every new program about the machine: the auxv
// entries the core cannot know by itself (fs/binfmt_elf.c create_elf_tables).
#include "core/base/types.h"

namespace sirius::proc {

struct ProgramEnvironment {
    u64 hwcap { 0 }; // AT_HWCAP: ELF_HWCAP
    u64 hwcap2 { 0 }; // AT_HWCAP2
    u64 minsigstksz { 0 }; // AT_MINSIGSTKSZ
    // Fills AT_RANDOM's 16 bytes; nullptr leaves them zero (host tests).
    void (*random_bytes)(u8* bytes, usize count) { nullptr };
};

} // namespace sirius::proc
