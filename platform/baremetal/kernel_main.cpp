// The kernel's C++ entry: the boot assembly (arch/x86_64/boot/pvh_entry.S)
// calls kernel_main on the boot stack with the boot loader's information.
// It brings the machine up in dependency order - console, boot information,
// CPU tables, physical memory, the kernel's page tables, the heap - and then
// hands over to the process layer.
#include "arch/x86_64/boot/pvh_boot_info.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/kernel_page_tables.h"
#include "arch/x86_64/per_cpu.h"
#include "arch/x86_64/pic_timer.h"
#include "arch/x86_64/segments.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/user_context.h"
#include "arch/x86_64/x86_address_space.h"
#include "core/base/placement_new.h"
#include "core/proc/kernel.h"
#include "core/time/tick.h"
#include "platform/baremetal/boot_options.h"
#include "platform/baremetal/console_device.h"
#include "platform/baremetal/cpu_entropy_source.h"
#include "platform/baremetal/drivers/uart_16550.h"
#include "platform/baremetal/early_random.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/init_process.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/panic.h"
#include "platform/baremetal/physical_memory.h"
#include "platform/baremetal/power.h"
#include "platform/baremetal/scheduler.h"
#include "platform/baremetal/self_test.h"
#include "platform/baremetal/tick_clock.h"
#include "platform/baremetal/user_mode.h"

extern "C" char kernel_image_start[];
extern "C" char kernel_image_end[];
extern "C" void (*const kernel_init_array_start[])();
extern "C" void (*const kernel_init_array_end[])();

namespace sirius::baremetal {

namespace {

constexpr Uart16550 kConsole { Uart16550::kCom1 };
// The low megabyte holds the firmware's tables and QEMU's PVH start_info,
// memory map and command line: the kernel never hands it out (Linux also
// reserves low memory, arch/x86/realmode).
constexpr u64 kLowMemoryEnd = 0x100000;

char g_command_line[1024];

void run_global_constructors()
{
    for (auto* constructor = kernel_init_array_start; constructor != kernel_init_array_end; ++constructor) {
        (*constructor)();
    }
}

// The command line is copied out of the boot loader's memory: parsing
// writes into it, and later it is /proc/cmdline.
void copy_command_line(const char* line)
{
    usize i = 0;
    for (; line[i] != '\0' && i + 1 < sizeof(g_command_line); ++i) {
        g_command_line[i] = line[i];
    }
    g_command_line[i] = '\0';
}

void initialize_memory(const BootInfo& info)
{
    PhysicalRange reserved[] = {
        { 0, kLowMemoryEnd },
        { kernel_image_to_physical(kernel_image_start), kernel_image_to_physical(kernel_image_end) },
        info.initrd,
    };
    if (!frame_allocator().initialize(info, reserved, sizeof(reserved) / sizeof(reserved[0]))) {
        panic("no RAM for the frame allocator's tables");
    }
    if (x86_64::install_kernel_page_tables(frame_allocator().memory_end()).is_error()) {
        panic("out of memory building the kernel page tables");
    }
    x86_64::CpuProtections protections = x86_64::enable_cpu_protections();
    log(LogLevel::Info, "memory: ", frame_allocator().free_frames() * kPageSize / 1024, " KiB free of ",
        frame_allocator().memory_end() / 1024, " KiB; SMEP ", protections.smep ? "on" : "off", ", SMAP ",
        protections.smap ? "on" : "off");
}

constexpr hal::Nanoseconds kTickPeriod = 1000000000 / x86_64::kTimerHz;
TickClock g_clock { kTickPeriod };
CpuEntropySource g_entropy;
x86_64::X86Mmu g_mmu;
alignas(proc::Kernel) u8 g_kernel_storage[sizeof(proc::Kernel)];
proc::Kernel* g_kernel = nullptr;

void timer_interrupt(x86_64::TrapFrame& frame)
{
    x86_64::acknowledge_irq(0);
    g_clock.tick();
    // The tick's CPU time goes to the thread it interrupted, as user time
    // if it came from user mode (core/time/tick.h); the idle thread's is
    // nobody's.
    if (proc::Thread* thread = kernel_scheduler().current_thread(); thread != nullptr && g_kernel != nullptr) {
        time::account_tick(*g_kernel, *thread, frame.from_user() ? time::TickMode::User : time::TickMode::System);
    }
    kernel_scheduler().tick(g_clock.monotonic_now());
}

// The idle loop is a safe point for core work: every thread is blocked,
// none half way through core code. Due timers fire, and the console's
// received bytes go through the line discipline.
void run_idle_work()
{
    time::run_timer_work(*g_kernel, nullptr);
    service_console_input();
}

// Linux fork_init: as many threads as fit in an eighth of memory with
// their kernel stacks, at least 20.
u32 max_threads_for_memory()
{
    u64 threads = frame_allocator().total_frames() * kPageSize / (8 * KernelScheduler::kKernelStackSize);
    return threads < 20 ? 20 : (threads > 0x3fffffff ? 0x3fffffff : static_cast<u32>(threads));
}

[[noreturn]] void start_processes(const BootInfo& info, const BootOptions& options)
{
    x86_64::initialize_fpu();
    x86_64::initialize_this_cpu();
    x86_64::initialize_pic();
    x86_64::set_interrupt_handler(x86_64::kFirstIrqVector + 0, timer_interrupt);
    g_clock.set_boot_realtime(read_cmos_realtime());
    kernel_scheduler().initialize();

    auto* kernel = new (g_kernel_storage) proc::Kernel(g_mmu, kernel_scheduler(), g_clock, g_entropy);
    if (kernel->initialize(max_threads_for_memory()).is_error()) {
        panic("out of memory creating the initial namespaces");
    }
    g_kernel = kernel;
    initialize_user_mode(*kernel, UserModeOptions { options.syscall_trace });
    if (info.initrd.end > info.initrd.start) {
        // populate_rootfs: Linux logs "Initramfs unpacking failed: %s" and
        // goes on with what was unpacked.
        auto unpacked = kernel->unpack_initramfs({ physical_to_virtual<const u8>(info.initrd.start), info.initrd.end - info.initrd.start });
        if (unpacked.is_error()) {
            log(LogLevel::Error, "initramfs unpacking failed: error ", unpacked.error().code());
        }
    }
    // devtmpfs on /dev and procfs on /proc, as an init system would mount
    // them first thing.
    if (auto mounted = kernel->mount_boot_file_systems(); mounted.is_error()) {
        log(LogLevel::Error, "mounting /dev and /proc failed: error ", mounted.error().code());
    }
    proc::ProgramEnvironment& environment = kernel->program_environment();
    environment.hwcap = x86_64::cpuid(1).edx;
    environment.minsigstksz = x86_64::kMinimumSignalStackSize;
    environment.random_bytes = early_random_bytes;
    auto init = start_init(*kernel, options);
    if (init.is_error()) {
        // Linux: "No working init found" (a panic there).
        log(LogLevel::Error, "cannot run ", options.init_path, ": error ", init.error().code());
        power_off(kExitStatusFailure);
    }
    kernel_scheduler().set_idle_work(run_idle_work);
    x86_64::start_pit_timer();
    kernel_scheduler().run_idle();
}

} // namespace

extern "C" [[noreturn]] void kernel_main(u32 start_info_physical)
{
    run_global_constructors();
    kConsole.initialize();
    set_log_console([](char c) { kConsole.write(c); });

    BootInfo info;
    if (!x86_64::read_pvh_boot_info(start_info_physical, info)) {
        panic("not started through PVH with a memory map (start_info version >= 1)");
    }
    copy_command_line(info.command_line);
    char command_line_copy[sizeof(g_command_line)];
    __builtin_memcpy(command_line_copy, g_command_line, sizeof(g_command_line));
    BootOptions options = parse_boot_options(g_command_line);
    set_log_level(static_cast<LogLevel>(options.log_level));
    log(LogLevel::Info, "Sirius booting; command line: \"", command_line_copy, "\"");

    x86_64::initialize_segments();
    x86_64::initialize_idt();
    initialize_memory(info);
    if (info.initrd.end > info.initrd.start) {
        log(LogLevel::Info, "initrd: ", (info.initrd.end - info.initrd.start) / 1024, " KiB at ", Hex { info.initrd.start });
    }

    if (options.self_test == BootOptions::SelfTest::Checks) {
        power_off(run_self_tests() ? kExitStatusSuccess : kExitStatusFailure);
    }
    if (options.self_test == BootOptions::SelfTest::Fault) {
        fault_on_purpose();
    }
    start_processes(info, options);
}

} // namespace sirius::baremetal
