#pragma once

// The user registers of an x86_64 thread behind hal::UserContext: the
// TrapFrame an entry from user space saved, the FS and GS bases, the
// original syscall number (for restarts) and the x87/SSE state. The entry
// code loads a thread's context from the frame when it enters the kernel
// and stores it back to the frame just before it returns.
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/trap_frame.h"
#include "core/hal/user_context.h"

namespace sirius::x86_64 {

// AT_MINSIGSTKSZ (Linux get_sigframe_size): what a signal frame takes with
// the FXSAVE state this kernel saves, rounded up as MINSIGSTKSZ is.
inline constexpr u64 kMinimumSignalStackSize = 2048;

class X86UserContext final : public hal::UserContext {
public:
    // A thread that has never run: user segments, interrupts on, at `entry`
    // with stack `stack_pointer`, a clean FPU. Errors: ENOMEM.
    static Result<OwnPtr<hal::UserContext>> create(u64 entry, u64 stack_pointer);

    Result<OwnPtr<hal::UserContext>> clone() const override;
    void set_child_return_state() override { m_registers.rax = 0; }
    void start_program(u64 entry, u64 stack_pointer) override;
    void set_stack_pointer(u64 address) override { m_registers.rsp = address; }
    void set_tls(u64 value) override { m_fs_base = value; }
    void set_gs_base(u64 value) override { m_gs_base = value; }
    void set_return_value(u64 value) override { m_registers.rax = value; }
    Result<void> push_signal_frame(hal::AddressSpace& memory, const hal::SignalFrame& frame) override;
    Result<hal::RestoredSignalState> pop_signal_frame(hal::AddressSpace& memory) override;
    void restart_syscall() override;
    void restart_syscall_as(u64 number) override;
    [[nodiscard]] u64 stack_pointer() const override { return m_registers.rsp; }
    [[nodiscard]] u64 tls() const override { return m_fs_base; }
    [[nodiscard]] u64 gs_base() const override { return m_gs_base; }
    [[nodiscard]] u64 return_value() const override { return m_registers.rax; }
    [[nodiscard]] u64 instruction_pointer() const override { return m_registers.rip; }

    // Entry from user space: the frame becomes the context (`syscall`: it
    // was the syscall instruction, whose number is kept for restarts).
    void load_from(const TrapFrame& frame, bool syscall);
    // Return to user space: the context becomes the frame, and the FS/GS
    // base registers are set for it.
    void store_to(TrapFrame& frame) const;

    FpuState& fpu() { return m_fpu; }
    [[nodiscard]] const TrapFrame& registers() const { return m_registers; }
    // What a fault reports in the signal frame (sigcontext trapno, err, cr2).
    void record_fault(u64 vector, u64 error_code, u64 address);

    X86UserContext() = default;
    X86UserContext(const X86UserContext&) = default;
    X86UserContext& operator=(const X86UserContext&) = delete;
    // A context whose FPU registers are live goes with them (fpu.h).
    ~X86UserContext() override { forget_live_fpu(m_fpu); }

private:
    TrapFrame m_registers {};
    u64 m_fs_base { 0 };
    u64 m_gs_base { 0 };
    i64 m_original_number { -1 }; // -1: not in a syscall (Linux orig_ax)
    u64 m_fault_vector { 0 };
    u64 m_fault_error_code { 0 };
    u64 m_fault_address { 0 };
    FpuState m_fpu {};
};

} // namespace sirius::x86_64
