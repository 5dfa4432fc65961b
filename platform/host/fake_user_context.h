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
    void set_stack_pointer(u64 address) override { rsp = address; }
    void set_tls(u64 value) override { fs_base = value; }
    void set_return_value(u64 value) override { rax = value; }
    [[nodiscard]] u64 stack_pointer() const override { return rsp; }
    [[nodiscard]] u64 tls() const override { return fs_base; }
    [[nodiscard]] u64 return_value() const override { return rax; }
    [[nodiscard]] u64 instruction_pointer() const override { return rip; }

    std::uint64_t rax { 0x1234 };
    std::uint64_t rsp { 0x7ffc0000 };
    std::uint64_t rip { 0x401000 };
    std::uint64_t fs_base { 0 };
};

} // namespace sirius::host
