// The kernel's C++ entry: the boot assembly (arch/x86_64/boot/pvh_entry.S)
// calls kernel_main on the boot stack with the boot loader's information.
// It brings the machine up in dependency order - console, boot information,
// CPU tables, physical memory, the kernel's page tables, the heap - and then
// hands over to the process layer.
#include "arch/x86_64/boot/pvh_boot_info.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/kernel_page_tables.h"
#include "arch/x86_64/segments.h"
#include "platform/baremetal/boot_options.h"
#include "platform/baremetal/drivers/uart_16550.h"
#include "platform/baremetal/frame_allocator.h"
#include "platform/baremetal/kernel_log.h"
#include "platform/baremetal/panic.h"
#include "platform/baremetal/physical_memory.h"
#include "platform/baremetal/power.h"
#include "platform/baremetal/self_test.h"

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
    print("Sirius booting; command line: \"", g_command_line, "\"\n");
    BootOptions options = parse_boot_options(g_command_line);
    set_log_level(static_cast<LogLevel>(options.log_level));

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
    log(LogLevel::Error, "no process layer yet: nothing to run as ", options.init_path);
    power_off(kExitStatusFailure);
}

} // namespace sirius::baremetal
