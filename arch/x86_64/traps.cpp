#include "arch/x86_64/traps.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/exception_fixup.h"
#include "arch/x86_64/x86_address_space.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/panic.h"

namespace sirius::x86_64 {

namespace {

constexpr u64 kPageFault = 14;
constexpr u64 kExceptionCount = 32;

const char* const kExceptionNames[kExceptionCount] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded", "invalid opcode",
    "device not available", "double fault", "coprocessor segment overrun", "invalid TSS", "segment not present",
    "stack-segment fault", "general protection fault", "page fault", "reserved (15)", "x87 floating-point error",
    "alignment check", "machine check", "SIMD floating-point error", "virtualization exception",
    "control protection exception", "reserved (22)", "reserved (23)", "reserved (24)", "reserved (25)",
    "reserved (26)", "reserved (27)", "hypervisor injection", "VMM communication", "security exception", "reserved (31)"
};

InterruptHandler g_handlers[256];
UserExceptionHandler g_user_exception_handler = nullptr;
KernelUserFaultHandler g_kernel_user_fault_handler = nullptr;
ReturnToUserHook g_return_to_user_hook = nullptr;

[[noreturn]] void kernel_exception(TrapFrame& frame, u64 fault_address)
{
    using baremetal::Hex;
    baremetal::print("\n*** kernel ", kExceptionNames[frame.vector], " (vector ", frame.vector, ", error code ",
        Hex { frame.error_code }, ")");
    if (frame.vector == kPageFault) {
        baremetal::print(" at address ", Hex { fault_address });
    }
    baremetal::print("\n");
    print_trap_frame(frame);
    baremetal::panic_with_backtrace("unhandled kernel exception", frame.rip, frame.rbp);
}

void handle_exception(TrapFrame& frame)
{
    u64 fault_address = frame.vector == kPageFault ? read_cr2() : 0;
    // A write to a copy-on-write page, by user code or by a user copy in
    // the kernel: copy the page (or take it over) and retry.
    constexpr u64 kPageFaultWrite = 1U << 1;
    if (frame.vector == kPageFault && (frame.error_code & kPageFaultWrite) != 0 && resolve_copy_on_write(read_cr3(), fault_address)) {
        return;
    }
    if (!frame.from_user()) {
        // A fault inside a user copy: resume at its fixup, which returns
        // EFAULT. Anything else in kernel mode is a kernel bug.
        if (u64 fixup = find_exception_fixup(frame.rip); fixup != 0) {
            if (frame.vector == kPageFault && fault_address < kUserAddressLimit && g_kernel_user_fault_handler != nullptr
                && g_kernel_user_fault_handler(frame, fault_address)) {
                return;
            }
            frame.rip = fixup;
            return;
        }
        kernel_exception(frame, fault_address);
    }
    if (g_user_exception_handler == nullptr) {
        kernel_exception(frame, fault_address);
    }
    g_user_exception_handler(frame, fault_address);
}

} // namespace

void set_interrupt_handler(u8 vector, InterruptHandler handler) { g_handlers[vector] = handler; }
void set_user_exception_handler(UserExceptionHandler handler) { g_user_exception_handler = handler; }
void set_kernel_user_fault_handler(KernelUserFaultHandler handler) { g_kernel_user_fault_handler = handler; }
void set_return_to_user_hook(ReturnToUserHook hook) { g_return_to_user_hook = hook; }

void print_trap_frame(const TrapFrame& frame)
{
    using baremetal::Hex;
    using baremetal::print;
    print("rip ", Hex { frame.rip }, " cs ", Hex { frame.cs }, " rflags ", Hex { frame.rflags }, "\n");
    print("rsp ", Hex { frame.rsp }, " ss ", Hex { frame.ss }, " rbp ", Hex { frame.rbp }, "\n");
    print("rax ", Hex { frame.rax }, " rbx ", Hex { frame.rbx }, " rcx ", Hex { frame.rcx }, "\n");
    print("rdx ", Hex { frame.rdx }, " rsi ", Hex { frame.rsi }, " rdi ", Hex { frame.rdi }, "\n");
    print("r8  ", Hex { frame.r8 }, " r9  ", Hex { frame.r9 }, " r10 ", Hex { frame.r10 }, "\n");
    print("r11 ", Hex { frame.r11 }, " r12 ", Hex { frame.r12 }, " r13 ", Hex { frame.r13 }, "\n");
    print("r14 ", Hex { frame.r14 }, " r15 ", Hex { frame.r15 }, " cr3 ", Hex { read_cr3() }, "\n");
}

} // namespace sirius::x86_64

extern "C" void handle_trap(sirius::x86_64::TrapFrame* frame)
{
    using namespace sirius::x86_64;
    if (frame->vector < kExceptionCount) {
        handle_exception(*frame);
    } else if (InterruptHandler handler = g_handlers[frame->vector]; handler != nullptr) {
        handler(*frame);
    } else {
        sirius::baremetal::log(sirius::baremetal::LogLevel::Warning, "spurious interrupt, vector ", frame->vector);
    }
    if (frame->from_user() && g_return_to_user_hook != nullptr) {
        g_return_to_user_hook(*frame);
    }
}
