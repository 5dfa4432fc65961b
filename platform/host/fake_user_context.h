#pragma once

// The registers of an x86_64 user thread, as plain fields: what the core sets
// through hal::UserContext can be read back by a test.
#include <cstdint>

#include "core/hal/user_context.h"

namespace sirius::host {

class FakeUserContext final : public hal::UserContext {
public:
    static Result<OwnPtr<hal::UserContext>> create();

    Result<OwnPtr<hal::UserContext>> clone() const override;
    void set_child_return_state() override { rax = 0; }
    void start_program(u64 entry, u64 stack_pointer) override
    {
        rax = rdi = rsi = rdx = 0;
        fs_base = user_gs_base = 0;
        rip = entry;
        rsp = stack_pointer;
        programs_started += 1;
    }
    void set_stack_pointer(u64 address) override { rsp = address; }
    void set_tls(u64 value) override { fs_base = value; }
    void set_gs_base(u64 value) override { user_gs_base = value; }
    void set_return_value(u64 value) override { rax = value; }
    Result<void> push_signal_frame(hal::AddressSpace& memory, const hal::SignalFrame& frame) override;
    Result<hal::RestoredSignalState> pop_signal_frame(hal::AddressSpace& memory) override;
    void restart_syscall() override
    {
        rip -= 2;
        rax = orig_rax;
    }
    void restart_syscall_as(u64 number) override
    {
        rip -= 2;
        rax = number;
    }

    [[nodiscard]] u64 stack_pointer() const override { return rsp; }
    [[nodiscard]] u64 tls() const override { return fs_base; }
    [[nodiscard]] u64 gs_base() const override { return user_gs_base; }
    [[nodiscard]] u64 return_value() const override { return rax; }
    [[nodiscard]] u64 instruction_pointer() const override { return rip; }

    // The frame this context writes, in the fake's own layout (the real one
    // is arch/x86_64's): what the handler's `ret` pops, then the rest.
    struct Frame {
        std::uint64_t return_address;
        std::uint8_t info[128];
        std::uint64_t saved_rax, saved_rsp, saved_rip, saved_fs_base, saved_rdi, saved_rsi, saved_rdx;
        std::uint64_t mask;
        hal::SignalStackState stack;
    };
    // Below the interrupted stack, as x86_64: the red zone is skipped.
    static constexpr std::uint64_t kRedZone = 128;

    std::uint64_t rax { 0x1234 };
    std::uint64_t orig_rax { 0 }; // the syscall number at entry
    std::uint64_t rdi { 0 };
    std::uint64_t rsi { 0 };
    std::uint64_t rdx { 0 };
    std::uint64_t rsp { 0x7ffc0000 };
    std::uint64_t rip { 0x401000 };
    std::uint64_t fs_base { 0 };
    std::uint64_t user_gs_base { 0 };
    // Test helper: how many start_program calls these registers saw.
    int programs_started { 0 };
};

} // namespace sirius::host
