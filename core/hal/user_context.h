#pragma once

// UserContext: the saved user registers of a thread. The layout is the
// architecture's (arch/x86_64 implements it); the core only sets the few
// things clone, exec and signals decide.
#include "core/base/heap_object.h"
#include "core/base/own_ptr.h"

namespace sirius::hal {

class UserContext : public HeapObject {
public:
    virtual ~UserContext() = default;

    // A copy of these registers for a new task (clone/fork child).
    // Errors: ENOMEM.
    virtual Result<OwnPtr<UserContext>> clone() const = 0;

    // The state a clone child returns to user space with: the syscall return
    // value register set to 0 (Linux ret_from_fork).
    virtual void set_child_return_state() = 0;

    virtual void set_stack_pointer(u64 address) = 0;
    // The thread pointer (FS base on x86_64; CLONE_SETTLS, arch_prctl).
    virtual void set_tls(u64 value) = 0;
    virtual void set_return_value(u64 value) = 0;

    [[nodiscard]] virtual u64 stack_pointer() const = 0;
    [[nodiscard]] virtual u64 tls() const = 0;
    [[nodiscard]] virtual u64 return_value() const = 0;
    [[nodiscard]] virtual u64 instruction_pointer() const = 0;
};

} // namespace sirius::hal
