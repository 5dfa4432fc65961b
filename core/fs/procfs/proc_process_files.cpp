// The files of /proc/<pid> (Linux fs/proc/array.c do_task_stat and
// proc_pid_status, fs/proc/task_mmu.c show_map, fs/proc/base.c comm),
// field for field in Linux's order and format.
#include <linux/resource.h>

#include "core/fs/fd_table.h"
#include "core/fs/fs_context.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/mm/memory_descriptor.h"
#include "core/proc/kernel.h"
#include "core/proc/process_group.h"
#include "core/signal/signal_actions.h"
#include "core/time/cpu_time.h"

namespace sirius::fs {

namespace {

// The nice value a task starts with maps to priority 20 ("task_prio: p->prio
// - MAX_RT_PRIO", with DEFAULT_PRIO 120).
constexpr i64 kDefaultPriority = 20;

const proc::Thread* main_thread(const proc::Process& process)
{
    return process.leader() != nullptr ? process.leader() : process.first_thread();
}

// get_task_state: the letter and name of task_state_array.
const char* state_name(const proc::Process& process)
{
    if (process.state() != proc::ProcessState::Alive) {
        return "Z (zombie)";
    }
    if (process.group_signals().stopped) {
        return "T (stopped)";
    }
    return "S (sleeping)";
}

void append_name(TextBuffer& text, const proc::Thread* thread)
{
    if (thread == nullptr) {
        return;
    }
    usize length = 0;
    while (length < sizeof(thread->name) && thread->name[length] != '\0') {
        ++length;
    }
    text.append(reinterpret_cast<const u8*>(thread->name), length);
}

// A process's number as the reading procfs sees it (0 outside it).
u64 nr_in(const ProcSuperBlock& super_block, const proc::Pid& pid)
{
    return static_cast<u64>(pid.nr_in(super_block.pid_namespace()));
}

u64 parent_nr(const ProcSuperBlock& super_block, const proc::Process& process)
{
    // "ppid = pid_alive(p) ? task_tgid_nr_ns(rcu_dereference(p->real_parent),
    // ns) : 0" - a parent outside the namespace shows as 0.
    return process.parent() != nullptr ? nr_in(super_block, process.parent()->pid()) : 0;
}

struct MemoryTotals {
    u64 size { 0 };
    u64 data { 0 };
    u64 stack { 0 };
    u64 exec { 0 };
};

MemoryTotals memory_totals(const proc::Thread* thread)
{
    MemoryTotals totals;
    if (thread == nullptr || !thread->memory) {
        return totals;
    }
    auto vmas = thread->memory->vmas();
    if (vmas.is_error()) {
        return totals;
    }
    for (const mm::Vma& vma : vmas.value()) {
        totals.size += vma.size();
        const bool writable = mm::allows(vma.protection, hal::Protection::Write);
        const bool executable = mm::allows(vma.protection, hal::Protection::Execute);
        if (vma.kind == mm::VmaKind::Stack || vma.flags.grows_down) {
            totals.stack += vma.size();
        } else if (executable && !writable) {
            totals.exec += vma.size();
        } else if (writable && !vma.flags.shared) {
            totals.data += vma.size();
        }
    }
    return totals;
}

// "seq_put_decimal_ull_width(m, "VmPeak:\t", x, 8); seq_puts(m, " kB\n")".
void append_kilobytes(TextBuffer& text, const char* label, u64 bytes)
{
    text.append(label).append_unsigned(bytes / 1024, 8).append(" kB\n");
}

void append_hex_line(TextBuffer& text, const char* label, u64 value)
{
    text.append(label).append_hex(value, 16).append_char('\n');
}

// collect_sigign_sigcatch: the signals a thread's actions ignore (SIG_IGN)
// and catch (a handler), as masks with bit n-1 for signal n.
struct SignalDispositions {
    u64 ignored { 0 };
    u64 caught { 0 };
};

SignalDispositions collect_dispositions(const proc::Thread* thread)
{
    SignalDispositions dispositions;
    if (thread == nullptr || !thread->signal_actions) {
        return dispositions;
    }
    for (int signal = 1; signal <= 64; ++signal) {
        const u64 handler = thread->signal_actions->action(signal).handler;
        if (handler == signal::kSigIgnore) {
            dispositions.ignored |= u64 { 1 } << (signal - 1);
        } else if (handler > signal::kSigIgnore) {
            dispositions.caught |= u64 { 1 } << (signal - 1);
        }
    }
    return dispositions;
}

} // namespace

Result<void> write_process_comm(const proc::Process& process, TextBuffer& text)
{
    append_name(text, main_thread(process));
    text.append_char('\n');
    return text.status();
}

Result<void> write_process_strings(const proc::Process& process, bool arguments, TextBuffer& text)
{
    // get_mm_cmdline / environ_read: the bytes of [start, end) of the
    // process's memory, as far as they can be read. A process without
    // memory (a zombie) reads as empty.
    const proc::Thread* thread = main_thread(process);
    if (thread == nullptr || !thread->memory || process.state() != proc::ProcessState::Alive) {
        return {};
    }
    const mm::MemoryDescriptor::ArgumentArea area = thread->memory->argument_area();
    const u64 start = arguments ? area.arg_start : area.env_start;
    const u64 end = arguments ? area.arg_end : area.env_end;
    constexpr usize kChunk = 256;
    u8 chunk[kChunk];
    for (u64 at = start; at < end;) {
        const usize size = min<u64>(end - at, kChunk);
        if (thread->memory->address_space().copy_from_user(chunk, UserAddress(at), size).is_error()) {
            break;
        }
        text.append(chunk, size);
        at += size;
    }
    return text.status();
}

Result<void> write_process_stat(const ProcSuperBlock& super_block, const proc::Process& process, TextBuffer& text)
{
    const proc::Thread* thread = main_thread(process);
    const proc::ProcessGroup& group = process.process_group();
    const proc::Session& session = group.session();
    const MemoryTotals memory = memory_totals(thread);
    const time::CpuTimes times = process.cpu_time().sample();
    const time::CpuTimes& children = process.children_times();
    const i64 nice = thread != nullptr ? thread->nice : 0;
    const bool has_terminal = session.controlling_terminal != nullptr;
    // do_task_stat, in order: pid (comm) state ppid pgrp session tty_nr
    // tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    // priority nice num_threads itrealvalue starttime vsize rss rsslim
    // startcode endcode startstack kstkesp kstkeip signal blocked sigignore
    // sigcatch wchan nswap cnswap exit_signal processor rt_priority policy
    // delayacct_blkio_ticks guest_time cguest_time start_data end_data
    // start_brk arg_start arg_end env_start env_end exit_code.
    text.append_unsigned(nr_in(super_block, process.pid())).append(" (");
    append_name(text, thread);
    text.append(") ").append_char(state_name(process)[0]);
    text.append_char(' ').append_unsigned(parent_nr(super_block, process));
    text.append_char(' ').append_unsigned(nr_in(super_block, group.pid()));
    text.append_char(' ').append_unsigned(nr_in(super_block, session.pid()));
    // tty_nr: the serial console (4,64) as new_encode_dev has it; tpgid -1
    // without a terminal.
    text.append_char(' ').append_unsigned(has_terminal ? encode_device(4, 64) : 0);
    text.append_char(' ').append_signed(has_terminal ? static_cast<i64>(nr_in(super_block, group.pid())) : -1);
    // flags: PF_RANDOMIZE, which every user task of a randomizing kernel has.
    text.append(" 4194304");
    text.append(" 0 0 0 0");
    text.append_char(' ').append_signed(time::to_clock_ticks(times.user));
    text.append_char(' ').append_signed(time::to_clock_ticks(times.system));
    text.append_char(' ').append_signed(time::to_clock_ticks(children.user));
    text.append_char(' ').append_signed(time::to_clock_ticks(children.system));
    text.append_char(' ').append_signed(kDefaultPriority + nice);
    text.append_char(' ').append_signed(nice);
    text.append_char(' ').append_unsigned(process.live_thread_count());
    // itrealvalue (always 0), starttime (boot-relative ticks: not kept).
    text.append(" 0 0");
    text.append_char(' ').append_unsigned(memory.size);
    text.append(" 0");
    // rsslim: RLIMIT_RSS, unlimited.
    text.append(" 18446744073709551615");
    // startcode endcode startstack kstkesp kstkeip.
    text.append(" 0 0 0 0 0");
    // signal blocked sigignore sigcatch: "Obsolete, because it does not
    // provide information on real-time signals" - still there.
    const SignalDispositions dispositions = collect_dispositions(thread);
    const u64 pending = process.shared_pending().set().bits() | (thread != nullptr ? thread->pending.set().bits() : 0);
    text.append_char(' ').append_unsigned(pending & 0x7fffffff);
    text.append_char(' ').append_unsigned(thread != nullptr ? thread->blocked.bits() & 0x7fffffff : 0);
    text.append_char(' ').append_unsigned(dispositions.ignored & 0x7fffffff);
    text.append_char(' ').append_unsigned(dispositions.caught & 0x7fffffff);
    // wchan nswap cnswap.
    text.append(" 0 0 0");
    text.append_char(' ').append_signed(process.exit_signal());
    // processor rt_priority policy delayacct_blkio_ticks guest_time
    // cguest_time start_data end_data start_brk, then arg_start arg_end
    // env_start env_end.
    text.append(" 0 0 0 0 0 0 0 0 0");
    const mm::MemoryDescriptor::ArgumentArea area = thread != nullptr && thread->memory ? thread->memory->argument_area() : mm::MemoryDescriptor::ArgumentArea {};
    text.append_char(' ').append_unsigned(area.arg_start).append_char(' ').append_unsigned(area.arg_end);
    text.append_char(' ').append_unsigned(area.env_start).append_char(' ').append_unsigned(area.env_end);
    text.append_char(' ').append_signed(process.state() == proc::ProcessState::Alive ? 0 : process.exit_status());
    text.append_char('\n');
    return text.status();
}

Result<void> write_process_status(const ProcSuperBlock& super_block, const proc::Process& process, const ns::UserNamespace& reader_ns, TextBuffer& text)
{
    const proc::Thread* thread = main_thread(process);
    const ns::PidNamespace& ns = super_block.pid_namespace();
    text.append("Name:\t");
    append_name(text, thread);
    text.append_char('\n');
    if (thread != nullptr && thread->fs) {
        text.append("Umask:\t").append_octal(thread->fs->umask(), 4).append_char('\n');
    }
    text.append("State:\t").append(state_name(process)).append_char('\n');
    const u64 tgid = nr_in(super_block, process.pid());
    text.append("Tgid:\t").append_unsigned(tgid).append_char('\n');
    text.append("Ngid:\t0\n");
    text.append("Pid:\t").append_unsigned(thread != nullptr ? nr_in(super_block, thread->pid()) : tgid).append_char('\n');
    text.append("PPid:\t").append_unsigned(parent_nr(super_block, process)).append_char('\n');
    text.append("TracerPid:\t0\n");
    if (thread != nullptr && thread->credentials) {
        const proc::Credentials& credentials = *thread->credentials;
        // "Uid:\t%u\t%u\t%u\t%u": real, effective, saved, filesystem, each
        // from_kuid_munged(user_ns, ...) with the reader's namespace.
        auto uid = [&](u32 kernel_uid) { return reader_ns.uid_from_kernel_munged(kernel_uid); };
        auto gid = [&](u32 kernel_gid) { return reader_ns.gid_from_kernel_munged(kernel_gid); };
        text.append("Uid:\t").append_unsigned(uid(credentials.uid.real)).append_char('\t').append_unsigned(uid(credentials.uid.effective));
        text.append_char('\t').append_unsigned(uid(credentials.uid.saved)).append_char('\t').append_unsigned(uid(credentials.uid.filesystem)).append_char('\n');
        text.append("Gid:\t").append_unsigned(gid(credentials.gid.real)).append_char('\t').append_unsigned(gid(credentials.gid.effective));
        text.append_char('\t').append_unsigned(gid(credentials.gid.saved)).append_char('\t').append_unsigned(gid(credentials.gid.filesystem)).append_char('\n');
        text.append("FDSize:\t").append_unsigned(thread->files ? max<usize>(thread->files->slot_count(), 64) : 0).append_char('\n');
        text.append("Groups:\t");
        for (u32 group : credentials.groups) {
            text.append_unsigned(gid(group)).append_char(' ');
        }
        text.append_char('\n');
    }
    // NStgid, NSpid, NSpgid, NSsid: the numbers from the reader's
    // namespace down to the task's own, tab-separated.
    auto append_numbers = [&](const char* label, const proc::Pid& pid) {
        text.append(label);
        bool first = true;
        // From the reader's namespace (level ns.level()) to the innermost.
        for (u32 depth = ns.level(); depth <= pid.level(); ++depth) {
            const ns::PidNamespace* at = &pid.innermost_namespace();
            while (at != nullptr && at->level() > depth) {
                at = at->parent();
            }
            if (at == nullptr) {
                break;
            }
            if (!first) {
                text.append_char('\t');
            }
            first = false;
            text.append_unsigned(static_cast<u64>(pid.nr_in(*at)));
        }
        text.append_char('\n');
    };
    append_numbers("NStgid:\t", process.pid());
    append_numbers("NSpid:\t", thread != nullptr ? thread->pid() : process.pid());
    append_numbers("NSpgid:\t", process.process_group().pid());
    append_numbers("NSsid:\t", process.process_group().session().pid());
    text.append("Kthread:\t0\n");
    if (thread != nullptr && thread->memory && process.state() == proc::ProcessState::Alive) {
        const MemoryTotals memory = memory_totals(thread);
        append_kilobytes(text, "VmPeak:\t", memory.size);
        append_kilobytes(text, "VmSize:\t", memory.size);
        append_kilobytes(text, "VmLck:\t", 0);
        append_kilobytes(text, "VmPin:\t", 0);
        append_kilobytes(text, "VmHWM:\t", 0);
        append_kilobytes(text, "VmRSS:\t", 0);
        append_kilobytes(text, "RssAnon:\t", 0);
        append_kilobytes(text, "RssFile:\t", 0);
        append_kilobytes(text, "RssShmem:\t", 0);
        append_kilobytes(text, "VmData:\t", memory.data);
        append_kilobytes(text, "VmStk:\t", memory.stack);
        append_kilobytes(text, "VmExe:\t", memory.exec);
        append_kilobytes(text, "VmLib:\t", 0);
        append_kilobytes(text, "VmPTE:\t", 0);
        append_kilobytes(text, "VmSwap:\t", 0);
    }
    text.append("Threads:\t").append_unsigned(process.live_thread_count()).append_char('\n');
    const u64 shared = process.shared_pending().set().bits();
    const u64 own = thread != nullptr ? thread->pending.set().bits() : 0;
    text.append("SigQ:\t0/").append_unsigned(process.limits().get(RLIMIT_SIGPENDING).soft).append_char('\n');
    append_hex_line(text, "SigPnd:\t", own);
    append_hex_line(text, "ShdPnd:\t", shared);
    const SignalDispositions dispositions = collect_dispositions(thread);
    append_hex_line(text, "SigBlk:\t", thread != nullptr ? thread->blocked.bits() : 0);
    append_hex_line(text, "SigIgn:\t", dispositions.ignored);
    append_hex_line(text, "SigCgt:\t", dispositions.caught);
    if (thread != nullptr && thread->credentials) {
        const proc::Credentials& credentials = *thread->credentials;
        append_hex_line(text, "CapInh:\t", credentials.inheritable.bits());
        append_hex_line(text, "CapPrm:\t", credentials.permitted.bits());
        append_hex_line(text, "CapEff:\t", credentials.effective.bits());
        append_hex_line(text, "CapBnd:\t", credentials.bounding.bits());
        append_hex_line(text, "CapAmb:\t", credentials.ambient.bits());
    }
    text.append("NoNewPrivs:\t0\n");
    text.append("Seccomp:\t0\n");
    text.append("Seccomp_filters:\t0\n");
    text.append("Speculation_Store_Bypass:\tnot vulnerable\n");
    text.append("Cpus_allowed:\t1\n");
    text.append("Cpus_allowed_list:\t0\n");
    text.append("Mems_allowed:\t1\n");
    text.append("Mems_allowed_list:\t0\n");
    text.append("voluntary_ctxt_switches:\t0\n");
    text.append("nonvoluntary_ctxt_switches:\t0\n");
    return text.status();
}

Result<void> write_process_maps(const proc::Process& process, TextBuffer& text)
{
    const proc::Thread* thread = main_thread(process);
    if (thread == nullptr || !thread->memory) {
        return {};
    }
    auto vmas = TRY(thread->memory->vmas());
    for (const mm::Vma& vma : vmas) {
        const usize start = text.size();
        // show_vma_header_prefix: "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ".
        text.append_hex(vma.start, 8).append_char('-').append_hex(vma.end, 8).append_char(' ');
        text.append_char(mm::allows(vma.protection, hal::Protection::Read) ? 'r' : '-');
        text.append_char(mm::allows(vma.protection, hal::Protection::Write) ? 'w' : '-');
        text.append_char(mm::allows(vma.protection, hal::Protection::Execute) ? 'x' : '-');
        text.append_char(vma.flags.shared ? 's' : 'p');
        mm::MappedObjectName object;
        const char* name = nullptr;
        if (vma.object) {
            // The object's file: its offset, device, inode and path.
            object = vma.object->name();
            text.append_char(' ').append_hex(vma.object_offset, 8).append_char(' ');
            text.append_hex(object.device_major, 2).append_char(':').append_hex(object.device_minor, 2).append_char(' ');
            text.append_unsigned(object.inode).append_char(' ');
            name = object.path;
        } else {
            text.append(" 00000000 00:00 0 ");
        }
        if (vma.kind == mm::VmaKind::Heap) {
            name = "[heap]";
        } else if (vma.kind == mm::VmaKind::Stack) {
            name = "[stack]";
        }
        if (name != nullptr) {
            // seq_pad: the name starts at column 73 ("25 + sizeof(void *)
            // * 6 - 1" wide, then a space).
            constexpr usize kWidth = 25 + 8 * 6 - 1;
            while (text.size() - start < kWidth) {
                text.append_char(' ');
            }
            text.append_char(' ').append(name);
        }
        text.append_char('\n');
    }
    return text.status();
}

} // namespace sirius::fs
