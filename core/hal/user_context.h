#pragma once

// UserContext: the saved user registers of a thread. The layout is the
// architecture's (arch/x86_64 implements it); the core only sets the few
// things clone, exec and signals decide.
#include "core/base/heap_object.h"
#include "core/base/own_ptr.h"
#include "core/hal/address_space.h"

namespace sirius::hal {

// The alternate signal stack as a frame records it (stack_t: uc_stack).
struct SignalStackState {
    u64 base { 0 };
    u64 size { 0 };
    u32 flags { 0 };
};

// One handler invocation, as the core decided it; the architecture lays
// out the frame (x86_64: struct rt_sigframe - return address, ucontext,
// siginfo - 16-byte aligned below `stack_top`, past the red zone unless on
// the alternate stack).
struct SignalFrame {
    int signal { 0 };
    const void* info { nullptr }; // the 128-byte siginfo_t to copy out
    u64 handler { 0 };
    u64 restorer { 0 }; // sa_restorer: where the handler returns to
    u64 flags { 0 }; // sa_flags (SA_SIGINFO: pass info and ucontext)
    u64 stack_top { 0 };
    bool on_alternate_stack { false }; // stack_top is the alternate stack's
    u64 saved_mask { 0 }; // restored by rt_sigreturn
    SignalStackState saved_stack; // uc_stack
};

// What rt_sigreturn takes back from a frame besides the registers.
struct RestoredSignalState {
    u64 mask { 0 };
    SignalStackState stack;
};

class UserContext : public HeapObject {
public:
    virtual ~UserContext() = default;

    // A copy of these registers for a new task (clone/fork child).
    // Errors: ENOMEM.
    virtual Result<OwnPtr<UserContext>> clone() const = 0;

    // The state a clone child returns to user space with: the syscall return
    // value register set to 0 (Linux ret_from_fork).
    virtual void set_child_return_state() = 0;

    // execve (Linux start_thread): the new program starts at `entry` on
    // `stack_pointer`; every other register, the TLS and GS bases and the
    // FPU state are what a new program gets.
    virtual void start_program(u64 entry, u64 stack_pointer) = 0;

    virtual void set_stack_pointer(u64 address) = 0;
    // The thread pointer (FS base on x86_64; CLONE_SETTLS, arch_prctl).
    virtual void set_tls(u64 value) = 0;
    // The GS base (x86_64 arch_prctl ARCH_SET_GS: the user's GS base, with
    // a null GS selector, as Linux's "ARCH_SET_GS has always overwritten the
    // index and the base"). Precondition: value < Mmu::user_address_limit()
    // (arch_prctl checked it: EPERM).
    virtual void set_gs_base(u64 value) = 0;
    virtual void set_return_value(u64 value) = 0;

    // Writes the frame for a handler into `memory` and points the registers
    // at the handler: signal number, siginfo and ucontext as arguments,
    // `restorer` as the return address. Errors: EFAULT (the frame cannot be
    // written, or - x86_64 - there is no SA_RESTORER to return through; the
    // registers are unchanged).
    virtual Result<void> push_signal_frame(AddressSpace& memory, const SignalFrame& frame) = 0;

    // rt_sigreturn: reads the frame the handler returned from (just above
    // the stack pointer), restores the registers it saved - all of them,
    // the return value included - and gives back its mask and uc_stack.
    // Errors: EFAULT (a bad frame; the registers are then undefined, and
    // the core kills the thread with SIGSEGV).
    virtual Result<RestoredSignalState> pop_signal_frame(AddressSpace& memory) = 0;

    // Makes the interrupted syscall run again on return to user space: the
    // instruction pointer goes back to the syscall instruction and the
    // number register gets the original number (or `number`, for
    // restart_syscall(2)).
    virtual void restart_syscall() = 0;
    virtual void restart_syscall_as(u64 number) = 0;

    [[nodiscard]] virtual u64 stack_pointer() const = 0;
    [[nodiscard]] virtual u64 tls() const = 0;
    [[nodiscard]] virtual u64 gs_base() const = 0;
    [[nodiscard]] virtual u64 return_value() const = 0;
    [[nodiscard]] virtual u64 instruction_pointer() const = 0;
};

} // namespace sirius::hal
