#include "platform/baremetal/backtrace.h"

#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/kernel_symbols.h"
#include "platform/baremetal/physical_memory.h"

extern "C" char kernel_image_start[];
extern "C" char kernel_image_end[];

namespace sirius::baremetal {

namespace {

constexpr usize kMaxDepth = 32;

// Frame pointers live on the boot stack (in the image) or on a kernel
// stack (in the direct map).
bool is_kernel_stack_address(u64 address)
{
    if (address % 8 != 0) {
        return false;
    }
    auto image_start = reinterpret_cast<u64>(kernel_image_start);
    auto image_end = reinterpret_cast<u64>(kernel_image_end);
    if (address >= image_start && address + 16 <= image_end) {
        return true;
    }
    return address >= kDirectMapBase && address + 16 <= direct_map_end();
}

void print_frame(u64 address)
{
    print("  ", Hex { address }, " ");
    if (auto symbol = find_kernel_symbol(address); symbol.name != nullptr) {
        print(symbol.name, "+", Hex { symbol.offset });
    } else {
        print("?");
    }
    print("\n");
}

} // namespace

void print_backtrace(u64 rip, u64 rbp)
{
    print("backtrace:\n");
    print_frame(rip);
    for (usize depth = 0; depth < kMaxDepth && rbp != 0 && is_kernel_stack_address(rbp); ++depth) {
        const u64* frame = reinterpret_cast<const u64*>(rbp);
        u64 return_address = frame[1];
        if (return_address == 0) {
            break;
        }
        // The call instruction is just before the return address.
        print_frame(return_address - 1);
        rbp = frame[0];
    }
}

} // namespace sirius::baremetal
