#include "platform/baremetal/user_mode.h"

#include <asm-generic/siginfo.h>
#include <asm/signal.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/user_context.h"
#include "core/mm/caller_limits.h"
#include "core/proc/clone.h"
#include "core/signal/delivery.h"
#include "core/signal/send_signal.h"
#include "core/syscall/syscall_entry.h"
#include "core/syscall/syscall_table.h"
#include "core/time/tick.h"
#include "platform/baremetal/console_device.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/panic.h"
#include "platform/baremetal/power.h"
#include "platform/baremetal/scheduler.h"

namespace sirius::baremetal {

namespace {

proc::Kernel* g_kernel = nullptr;
UserModeOptions g_options;
// One bit per syscall number: "not implemented" was logged for it.
u64 g_logged_missing[8];

x86_64::X86UserContext& context_of(proc::Thread& thread) { return static_cast<x86_64::X86UserContext&>(*thread.context); }

// The thread has exited in the core; its CPU time ends here. When it was
// the last of init, the machine has nothing left to run: Linux panics
// ("Attempted to kill init!"); Sirius reports init's status and powers
// off with it, which is how a test run ends.
[[noreturn]] void end_current_thread(proc::Thread& thread)
{
    proc::Process& process = thread.process();
    if (thread.pid().global_nr() == 1 && process.state() != proc::ProcessState::Alive) {
        int status = process.exit_status();
        if ((status & 0x7f) == 0) {
            log(LogLevel::Info, "init exited with status ", (status >> 8) & 0xff);
        } else {
            log(LogLevel::Info, "init killed by signal ", status & 0x7f);
        }
        power_off(status == 0 ? kExitStatusSuccess : kExitStatusFailure);
    }
    kernel_scheduler().exit_current_thread();
}

// The last steps before user space: give up the CPU if the slice is over,
// run signal work that arrived meanwhile, then registers and FPU state back.
void finish_return_to_user(proc::Thread& thread, x86_64::TrapFrame& frame)
{
    KernelScheduler& scheduler = kernel_scheduler();
    // A safe point for the core's timer work (core/time/tick.h): timers
    // that came due, and this process's CPU-time itimers.
    time::run_timer_work(*g_kernel, &thread);
    for (;;) {
        // Console input the interrupt handler queued: its signal
        // characters may be for this very thread.
        service_console_input();
        if (scheduler.needs_reschedule()) {
            scheduler.yield();
        }
        if (thread.has_deliverable_signal() || thread.has_fatal_signal()) {
            if (signal::handle_signals(*g_kernel, thread, nullptr) == signal::ReturnToUser::Exited) {
                end_current_thread(thread);
            }
        }
        x86_64::disable_interrupts();
        if (!scheduler.needs_reschedule()) {
            break;
        }
        x86_64::enable_interrupts();
    }
    // execve gave the thread a new address space (Linux activate_mm): the
    // CPU may still walk the old one, or the kernel's if the old one is gone.
    if (u64 root = thread.memory->address_space().page_table_root(); x86_64::read_cr3() != root) {
        x86_64::write_cr3(root);
    }
    x86_64::X86UserContext& context = context_of(thread);
    context.store_to(frame);
    // After a syscall that kept the FPU registers live, they are right.
    if (!x86_64::claim_live_fpu(context.fpu())) {
        x86_64::restore_fpu(context.fpu());
    }
}

void trace_syscall(proc::Thread& thread, const syscall::SyscallEntry* entry, const syscall::SyscallArguments& args, i64 result)
{
    log(LogLevel::Info, "[", thread.pid().innermost_nr(), "] ", entry != nullptr ? entry->name : "?", "(", Hex { args[0] }, ", ",
        Hex { args[1] }, ", ", Hex { args[2] }, ") = ", result);
}

// `entry` is the table's entry for `number` (nullptr: beyond the table).
void log_missing_once(u64 number, const syscall::SyscallEntry* entry)
{
    if (number >= sizeof(g_logged_missing) * 8 || (g_logged_missing[number / 64] >> (number % 64) & 1) != 0) {
        return;
    }
    g_logged_missing[number / 64] |= u64 { 1 } << (number % 64);
    log(LogLevel::Warning, "syscall ", number, " (", entry != nullptr ? entry->name : "unknown", ") is not implemented: ENOSYS");
}

// x86 page fault error code bits (arch/x86/include/asm/trap_pf.h).
constexpr u64 kPageFaultPresent = 1U << 0;
constexpr u64 kPageFaultWrite = 1U << 1;
constexpr u64 kPageFaultInstruction = 1U << 4;

// do_user_addr_fault: what core/mm makes of a fault at a user address
// (demand-zero pages, stack growth), for the current thread.
mm::FaultOutcome resolve_user_page_fault(proc::Thread& thread, u64 error_code, u64 fault_address)
{
    mm::FaultAccess access = mm::FaultAccess::Read;
    if ((error_code & kPageFaultInstruction) != 0) {
        access = mm::FaultAccess::Execute;
    } else if ((error_code & kPageFaultWrite) != 0) {
        access = mm::FaultAccess::Write;
    }
    return thread.memory->handle_page_fault(UserAddress(fault_address), access, mm::CallerLimits::of(*g_kernel, thread));
}

// A user copy in the kernel touched a page not backed yet.
bool kernel_user_fault(x86_64::TrapFrame& frame, u64 fault_address)
{
    proc::Thread* thread = kernel_scheduler().current_thread();
    if (thread == nullptr || !thread->memory) {
        return false;
    }
    return resolve_user_page_fault(*thread, frame.error_code, fault_address) == mm::FaultOutcome::Resolved;
}

// A user-mode exception becomes the signal Linux sends for it
// (arch/x86/kernel/traps.c, fault.c), with its si_code and si_addr.
void user_exception(x86_64::TrapFrame& frame, u64 fault_address)
{
    // Copy-on-write faults never get here: traps.cpp resolves them.
    proc::Thread* thread = kernel_scheduler().current_thread();
    if (thread == nullptr || !thread->context) {
        panic("user exception without a user thread");
    }
    mm::FaultOutcome outcome = mm::FaultOutcome::MapError;
    if (frame.vector == 14) {
        outcome = resolve_user_page_fault(*thread, frame.error_code, fault_address);
        if (outcome == mm::FaultOutcome::Resolved) {
            return;
        }
    }
    x86_64::X86UserContext& context = context_of(*thread);
    x86_64::save_fpu(context.fpu());
    context.load_from(frame, false);
    context.record_fault(frame.vector, frame.error_code, fault_address);
    signal::SignalInfo info;
    info.set_fault_address(frame.rip);
    switch (frame.vector) {
    case 0: // #DE
        info.signo = SIGFPE;
        info.code = FPE_INTDIV;
        break;
    case 1: // #DB
    case 3: // #BP (int3): si_addr is not set for it by Linux (SI_KERNEL)
        info.signo = SIGTRAP;
        info.code = frame.vector == 3 ? SI_KERNEL : TRAP_BRKPT;
        info.set_fault_address(0);
        break;
    case 6: // #UD
        info.signo = SIGILL;
        info.code = ILL_ILLOPN;
        break;
    case 16: // #MF
    case 19: // #XM
        info.signo = SIGFPE;
        info.code = 0;
        break;
    case 17: // #AC
        info.signo = SIGBUS;
        info.code = BUS_ADRALN;
        break;
    case 14: // #PF
        info.signo = SIGSEGV;
        info.code = outcome == mm::FaultOutcome::AccessError || (frame.error_code & kPageFaultPresent) != 0 ? SEGV_ACCERR : SEGV_MAPERR;
        if (outcome == mm::FaultOutcome::BusError) {
            info.signo = SIGBUS;
            info.code = BUS_ADRERR;
        } else if (outcome == mm::FaultOutcome::OutOfMemory) {
            // pagefault_out_of_memory: there is no OOM killer to pick a
            // victim, so the task that could not get its page dies.
            log(LogLevel::Warning, "out of memory: killing pid ", thread->pid().innermost_nr());
            info.signo = SIGKILL;
            info.code = SI_KERNEL;
        }
        info.set_fault_address(fault_address);
        break;
    default: // #GP, #SS, #NP, #OF, #BR...: SIGSEGV from the kernel
        info.signo = SIGSEGV;
        info.code = SI_KERNEL;
        info.set_fault_address(0);
        break;
    }
    signal::force_fault_signal(*g_kernel, *thread, info);
    x86_64::enable_interrupts();
    if (signal::handle_signals(*g_kernel, *thread, nullptr) == signal::ReturnToUser::Exited) {
        end_current_thread(*thread);
    }
    finish_return_to_user(*thread, frame);
}

// After an interrupt that came from user space.
void interrupt_return_to_user(x86_64::TrapFrame& frame)
{
    proc::Thread* thread = kernel_scheduler().current_thread();
    if (thread == nullptr || !thread->context) {
        return;
    }
    // The interrupt came from user space, so no core code is half done: the
    // timer work runs here (the timer interrupt itself only counted).
    time::run_timer_work(*g_kernel, thread);
    if (!kernel_scheduler().needs_reschedule() && !thread->has_deliverable_signal() && !thread->has_fatal_signal() && !console_input_pending()) {
        return;
    }
    x86_64::X86UserContext& context = context_of(*thread);
    x86_64::save_fpu(context.fpu());
    context.load_from(frame, false);
    x86_64::enable_interrupts();
    finish_return_to_user(*thread, frame);
}

} // namespace

void initialize_user_mode(proc::Kernel& kernel, UserModeOptions options)
{
    g_kernel = &kernel;
    g_options = options;
    x86_64::set_user_exception_handler(user_exception);
    x86_64::set_kernel_user_fault_handler(kernel_user_fault);
    x86_64::set_return_to_user_hook(interrupt_return_to_user);
}

void enter_user_mode_first_time(x86_64::TrapFrame& frame)
{
    proc::Thread* thread = kernel_scheduler().current_thread();
    x86_64::enable_interrupts();
    // schedule_tail: CLONE_CHILD_SETTID, in the child's own memory, which
    // is the CPU's now.
    proc::finish_clone_in_child(*thread);
    finish_return_to_user(*thread, frame);
}

} // namespace sirius::baremetal

extern "C" void handle_syscall(sirius::x86_64::TrapFrame* frame)
{
    using namespace sirius;
    using namespace sirius::baremetal;
    proc::Thread& thread = *kernel_scheduler().current_thread();
    x86_64::X86UserContext& context = context_of(thread);
    // The FPU registers stay live in the CPU (arch/x86_64/fpu.h).
    x86_64::set_live_fpu(context.fpu());
    context.load_from(*frame, true);
    x86_64::enable_interrupts();

    const u64 number = frame->rax;
    const syscall::SyscallArguments args { { frame->rdi, frame->rsi, frame->rdx, frame->r10, frame->r8, frame->r9 } };
    syscall::SyscallContext call { *g_kernel, thread };
    const signal::ReturnToUser outcome = syscall::run_syscall(call, number, args);
    if (outcome == signal::ReturnToUser::Exited) {
        end_current_thread(thread);
    }
    // The table alone says a call is missing (dispatch answers -ENOSYS
    // for exactly these).
    const syscall::SyscallEntry* entry = syscall::find_syscall(number);
    if (entry == nullptr || entry->handler == nullptr) {
        log_missing_once(number, entry);
    }
    if (g_options.syscall_trace) {
        trace_syscall(thread, entry, args, static_cast<i64>(thread.context->return_value()));
    }
    finish_return_to_user(thread, *frame);
}
