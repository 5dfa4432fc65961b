#include "arch/x86_64/fpu.h"

#include "arch/x86_64/cpu.h"

namespace sirius::x86_64 {

namespace {
FpuState g_initial;
// The state whose registers are live in the CPU and not saved (fpu.h).
FpuState* g_live = nullptr;
constexpr u64 kCr0MonitorCoprocessor = 1U << 1;
constexpr u64 kCr0Emulation = 1U << 2;
constexpr u64 kCr0TaskSwitched = 1U << 3;
} // namespace

void initialize_fpu()
{
    u64 cr0 = read_cr0();
    cr0 = (cr0 & ~(kCr0Emulation | kCr0TaskSwitched)) | kCr0MonitorCoprocessor;
    asm volatile("mov %0, %%cr0" : : "r"(cr0));
    write_cr4(read_cr4() | kCr4OsFxsr | kCr4OsXmmExcpt);
    u32 mxcsr = 0x1f80; // all SIMD exceptions masked, round to nearest
    asm volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    save_fpu(g_initial);
}

void save_fpu(FpuState& state) { asm volatile("fxsave64 %0" : "=m"(state)); }
void restore_fpu(const FpuState& state) { asm volatile("fxrstor64 %0" : : "m"(state)); }
const FpuState& initial_fpu_state() { return g_initial; }

void set_live_fpu(FpuState& state) { g_live = &state; }
bool is_live_fpu(const FpuState& state) { return g_live == &state; }

void sync_fpu(FpuState& state)
{
    if (g_live == &state) {
        save_fpu(state);
        g_live = nullptr;
    }
}

void save_live_fpu()
{
    if (g_live != nullptr) {
        save_fpu(*g_live);
        g_live = nullptr;
    }
}

bool claim_live_fpu(const FpuState& state)
{
    if (g_live != &state) {
        return false;
    }
    g_live = nullptr;
    return true;
}

void forget_live_fpu(const FpuState& state)
{
    if (g_live == &state) {
        g_live = nullptr;
    }
}

} // namespace sirius::x86_64
