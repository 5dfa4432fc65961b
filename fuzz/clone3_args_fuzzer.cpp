// Fuzzes clone3's user-struct decoding (copy_clone_args_from_user and
// clone3_args_valid) with arbitrary struct bytes, sizes and placements in
// user memory, then runs accepted requests through kernel_clone.
// Invariants: decoding fails only with E2BIG, EINVAL or EFAULT; a rejected
// call changes nothing; the machine shuts down with nothing leaked (LSan).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstring>

#include "core/proc/clone_args.h"
#include "fuzz/fuzz_check.h"
#include "platform/host/host_machine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    using namespace sirius;
    using namespace sirius::fuzz;
    using namespace sirius::host;
    FuzzedDataProvider data(bytes, size);
    host::HostMachine machine;
    if (!machine.boot()) {
        return 0;
    }
    proc::Thread& caller = *machine.init;
    auto& space = static_cast<host::FakeAddressSpace&>(caller.memory->address_space());

    // Where the struct sits: at the start of user memory, or ending right at
    // the end of the mapping (so a larger size runs into unmapped memory).
    const u64 struct_size = data.ConsumeIntegralInRange<u64>(0, 4200);
    const bool at_end = data.ConsumeBool();
    const std::vector<u8> payload = data.ConsumeBytes<u8>(data.ConsumeIntegralInRange<usize>(0, kUserDataSize / 2));
    const u64 address = at_end ? kUserData + kUserDataSize - payload.size() : kUserData;
    if (!payload.empty()) {
        std::memcpy(space.bytes_at(address), payload.data(), payload.size());
    }
    auto decoded = proc::clone_request_from_clone3(space, UserAddress(address), struct_size, machine.mmu);
    if (decoded.is_error()) {
        const int code = decoded.error().code();
        check(code == E2BIG || code == EINVAL || code == EFAULT, "clone3 decoding errno");
        machine.shut_down();
        return 0;
    }
    check(struct_size >= 64 && struct_size <= 4096, "clone3 accepted a size Linux rejects");
    const u32 threads = machine.kernel->thread_count();
    auto result = proc::kernel_clone(*machine.kernel, caller, decoded.value());
    if (result.is_error()) {
        check(machine.kernel->thread_count() == threads, "a rejected clone3 left a thread");
    }
    machine.shut_down();
    return 0;
}
