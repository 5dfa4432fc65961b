#include "arch/x86_64/user_context.h"

#include <asm/sigcontext.h>
#include <asm/signal.h>
#include <asm/ucontext.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/segments.h"
#include "core/base/heap_object.h"

namespace sirius::x86_64 {

namespace {

// Linux arch/x86/include/asm/sigframe.h: what a 64-bit handler finds at its
// stack pointer. The FPU state follows separately, 64-byte aligned, above.
struct RtSigframe {
    u64 return_address; // pretcode: sa_restorer
    struct ucontext context;
    u8 info[128]; // siginfo_t
};
static_assert(__builtin_offsetof(RtSigframe, context) == 8);

constexpr u64 kRedZone = 128;
constexpr u64 kSaRestorer = 0x04000000; // SA_RESTORER (<asm/signal.h>)
constexpr u64 kFlagInterrupt = 1U << 9;
constexpr u64 kFlagReserved = 1U << 1;
// The flags a user may change through sigreturn (Linux FIX_EFLAGS): AC, OF,
// DF, TF, SF, ZF, AF, PF, CF and RF.
constexpr u64 kUserChangeableFlags = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;
// Cleared on handler entry (Linux handle_signal: TF, DF, RF, AC).
constexpr u64 kHandlerClearedFlags = 0x100 | 0x400 | 0x10000 | 0x40000;
// MXCSR bits a user may set (fxrstor faults on the others).
constexpr u32 kMxcsrMask = 0xffff;
constexpr usize kMxcsrOffset = 24;

} // namespace

Result<OwnPtr<hal::UserContext>> X86UserContext::create(u64 entry, u64 stack_pointer)
{
    X86UserContext* context = TRY(try_create<X86UserContext>());
    context->start_program(entry, stack_pointer);
    return OwnPtr<hal::UserContext>(context);
}

void X86UserContext::start_program(u64 entry, u64 stack_pointer)
{
    // Linux start_thread_common: every general register zero, the flat user
    // segments, interrupts on; fpu__clear_user_states: the initial FPU.
    u64 vector = m_registers.vector;
    m_registers = TrapFrame {};
    m_registers.vector = vector; // how the thread entered the kernel, still
    m_registers.rip = entry;
    m_registers.rsp = stack_pointer;
    m_registers.cs = kUserCode;
    m_registers.ss = kUserData;
    m_registers.rflags = kFlagInterrupt | kFlagReserved;
    m_fs_base = 0;
    m_gs_base = 0;
    forget_live_fpu(m_fpu); // the old program's registers are dropped
    m_fpu = initial_fpu_state();
}

Result<OwnPtr<hal::UserContext>> X86UserContext::clone() const
{
    X86UserContext* copy = TRY(try_create<X86UserContext>(*this));
    // The caller's FPU registers may be live (a syscall, fpu.h): then the
    // CPU, not m_fpu, has the state the child inherits.
    if (is_live_fpu(m_fpu)) {
        save_fpu(copy->m_fpu);
    }
    return OwnPtr<hal::UserContext>(copy);
}

void X86UserContext::load_from(const TrapFrame& frame, bool syscall)
{
    m_registers = frame;
    m_original_number = syscall ? static_cast<i64>(frame.rax) : -1;
}

void X86UserContext::store_to(TrapFrame& frame) const
{
    frame = m_registers;
    write_msr(kMsrFsBase, m_fs_base);
    // The user GS base waits in KERNEL_GS_BASE until swapgs on the way out.
    write_msr(kMsrKernelGsBase, m_gs_base);
}

void X86UserContext::record_fault(u64 vector, u64 error_code, u64 address)
{
    m_fault_vector = vector;
    m_fault_error_code = error_code;
    m_fault_address = address;
}

void X86UserContext::restart_syscall()
{
    // Back over the two-byte `syscall`, with the number it had.
    m_registers.rip -= 2;
    m_registers.rax = static_cast<u64>(m_original_number);
}

void X86UserContext::restart_syscall_as(u64 number)
{
    m_registers.rip -= 2;
    m_registers.rax = number;
}

Result<void> X86UserContext::push_signal_frame(hal::AddressSpace& memory, const hal::SignalFrame& request)
{
    // The state the frame keeps is in the CPU while it is live (fpu.h).
    sync_fpu(m_fpu);
    // x86_64 setup_rt_frame: without SA_RESTORER there is nowhere to return.
    if ((request.flags & kSaRestorer) == 0) {
        return errno_error(EFAULT);
    }
    // Linux get_sigframe: below the red zone (not on the alternate stack),
    // the FPU state 64-byte aligned, then the frame, so that the handler
    // starts as if called: (rsp + 8) 16-byte aligned.
    u64 top = request.stack_top;
    if (!request.on_alternate_stack) {
        top -= kRedZone;
    }
    u64 fpu_address = (top - sizeof(FpuState)) & ~u64 { 63 };
    u64 frame_address = ((fpu_address - sizeof(RtSigframe)) & ~u64 { 15 }) - 8;

    RtSigframe frame {};
    frame.return_address = request.restorer;
    frame.context.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    frame.context.uc_stack.ss_sp = reinterpret_cast<void*>(request.saved_stack.base);
    frame.context.uc_stack.ss_size = request.saved_stack.size;
    frame.context.uc_stack.ss_flags = static_cast<int>(request.saved_stack.flags);
    struct sigcontext& saved = frame.context.uc_mcontext;
    saved.r8 = m_registers.r8;
    saved.r9 = m_registers.r9;
    saved.r10 = m_registers.r10;
    saved.r11 = m_registers.r11;
    saved.r12 = m_registers.r12;
    saved.r13 = m_registers.r13;
    saved.r14 = m_registers.r14;
    saved.r15 = m_registers.r15;
    saved.rdi = m_registers.rdi;
    saved.rsi = m_registers.rsi;
    saved.rbp = m_registers.rbp;
    saved.rbx = m_registers.rbx;
    saved.rdx = m_registers.rdx;
    saved.rax = m_registers.rax;
    saved.rcx = m_registers.rcx;
    saved.rsp = m_registers.rsp;
    saved.rip = m_registers.rip;
    saved.eflags = m_registers.rflags;
    saved.cs = kUserCode;
    saved.ss = kUserData;
    saved.trapno = m_fault_vector;
    saved.err = m_fault_error_code;
    saved.cr2 = m_fault_address;
    saved.oldmask = request.saved_mask;
    saved.fpstate = reinterpret_cast<struct _fpstate_64*>(fpu_address);
    frame.context.uc_sigmask = request.saved_mask;
    __builtin_memcpy(frame.info, request.info, sizeof(frame.info));

    TRY(memory.copy_to_user(UserAddress(fpu_address), &m_fpu, sizeof(m_fpu)));
    TRY(memory.copy_to_user(UserAddress(frame_address), &frame, sizeof(frame)));

    m_registers.rsp = frame_address;
    m_registers.rip = request.handler;
    m_registers.rdi = static_cast<u64>(request.signal);
    m_registers.rsi = frame_address + __builtin_offsetof(RtSigframe, info);
    m_registers.rdx = frame_address + __builtin_offsetof(RtSigframe, context);
    m_registers.rax = 0;
    m_registers.rflags &= ~kHandlerClearedFlags;
    m_registers.cs = kUserCode;
    m_registers.ss = kUserData;
    // The handler starts with a clean FPU (Linux fpu__clear_user_states).
    m_fpu = initial_fpu_state();
    return {};
}

Result<hal::RestoredSignalState> X86UserContext::pop_signal_frame(hal::AddressSpace& memory)
{
    // m_fpu is replaced below: it must not be live then (fpu.h).
    sync_fpu(m_fpu);
    // The handler's `ret` popped pretcode: the frame is 8 bytes lower.
    RtSigframe frame {};
    TRY(memory.copy_from_user(&frame, UserAddress(m_registers.rsp - 8), sizeof(frame)));
    const struct sigcontext& saved = frame.context.uc_mcontext;
    m_registers.r8 = saved.r8;
    m_registers.r9 = saved.r9;
    m_registers.r10 = saved.r10;
    m_registers.r11 = saved.r11;
    m_registers.r12 = saved.r12;
    m_registers.r13 = saved.r13;
    m_registers.r14 = saved.r14;
    m_registers.r15 = saved.r15;
    m_registers.rdi = saved.rdi;
    m_registers.rsi = saved.rsi;
    m_registers.rbp = saved.rbp;
    m_registers.rbx = saved.rbx;
    m_registers.rdx = saved.rdx;
    m_registers.rax = saved.rax;
    m_registers.rcx = saved.rcx;
    m_registers.rsp = saved.rsp;
    m_registers.rip = saved.rip;
    m_registers.rflags = (m_registers.rflags & ~kUserChangeableFlags) | (saved.eflags & kUserChangeableFlags);
    // Segments are never taken from user memory: a 64-bit task has these.
    m_registers.cs = kUserCode;
    m_registers.ss = kUserData;
    m_original_number = -1; // restore_sigcontext: no syscall restart checks

    if (saved.fpstate != nullptr) {
        FpuState fpu;
        TRY(memory.copy_from_user(&fpu, UserAddress(reinterpret_cast<u64>(saved.fpstate)), sizeof(fpu)));
        // A reserved MXCSR bit would make fxrstor fault in the kernel.
        u32 mxcsr;
        __builtin_memcpy(&mxcsr, fpu.bytes + kMxcsrOffset, sizeof(mxcsr));
        if ((mxcsr & ~kMxcsrMask) != 0) {
            return errno_error(EFAULT);
        }
        m_fpu = fpu;
    } else {
        m_fpu = initial_fpu_state();
    }
    return hal::RestoredSignalState { frame.context.uc_sigmask, { reinterpret_cast<u64>(frame.context.uc_stack.ss_sp), frame.context.uc_stack.ss_size, static_cast<u32>(frame.context.uc_stack.ss_flags) } };
}

} // namespace sirius::x86_64
