#include "platform/host/host_machine.h"

#include "platform/host/cgroup_files.h"
#include "platform/host/fake_user_context.h"
#include "platform/host/plain_file.h"

namespace sirius::host {

bool HostMachine::boot(u32 max_threads)
{
    kernel = std::make_unique<proc::Kernel>(mmu, scheduler, clock, entropy);
    if (kernel->initialize(max_threads).is_error()) {
        return false;
    }
    auto space = FakeAddressSpace::create();
    auto context = FakeUserContext::create();
    if (space.is_error() || context.is_error()) {
        return false;
    }
    if (space.value()->map(UserAddress(kUserData), kUserDataSize, hal::Protection::Read | hal::Protection::Write, hal::Sharing::Private).is_error()) {
        return false;
    }
    auto created = kernel->create_init(RefPtr<hal::AddressSpace>(space.release_value()), context.release_value());
    if (created.is_error()) {
        return false;
    }
    init = created.value();
    // fds 0-2: the console; 3: a live cgroup; 4: a removed one; 5: a cgroup
    // that delegates controllers.
    auto console = try_make_ref<PlainFile>();
    auto live = open_cgroup_directory(*kernel, "live");
    auto dead = open_cgroup_directory(*kernel, "dead");
    auto busy = open_cgroup_directory(*kernel, "busy");
    if (console.is_error() || live.is_error() || dead.is_error() || busy.is_error() || remove_cgroup_directory(*kernel, "dead").is_error()) {
        return false;
    }
    auto busy_cgroup = fs::cgroup_from_file(*busy.value());
    if (busy_cgroup.is_error()) {
        return false;
    }
    busy_cgroup.value()->set_subtree_control(true);
    RefPtr<fs::File> files[6];
    files[0] = files[1] = files[2] = console.value();
    files[3] = live.release_value();
    files[4] = dead.release_value();
    files[5] = busy.release_value();
    for (int fd = 0; fd < 6; ++fd) {
        auto reserved = init->files->reserve(fd, 1024);
        if (reserved.is_error()) {
            return false;
        }
        init->files->install(reserved.value(), files[fd], false);
    }
    // One thread runs here, so a wait can end only by what the machine does
    // itself: a vfork parent's child runs to exit. Any other wait (a FIFO
    // open for a partner, a read of an empty pipe) has no thread to end it
    // and ends as a signal would end it, rather than spinning.
    scheduler.on_block = [this](hal::WaitQueue&) {
        for (proc::Thread& thread : kernel->threads()) {
            if (thread.vfork_done != nullptr) {
                kernel->exit_thread(thread, 0);
                return hal::WakeReason::Woken;
            }
        }
        return hal::WakeReason::Interrupted;
    };
    return true;
}

void HostMachine::shut_down()
{
    kernel.reset();
}

} // namespace sirius::host
