#include "core/signal/signal_info.h"

#include <asm/siginfo.h>

namespace sirius::signal {

static_assert(sizeof(SignalInfo) == sizeof(siginfo_t), "siginfo_t is 128 bytes");
static_assert(__builtin_offsetof(siginfo_t, si_signo) == __builtin_offsetof(SignalInfo, signo));
static_assert(__builtin_offsetof(siginfo_t, si_errno) == __builtin_offsetof(SignalInfo, error));
static_assert(__builtin_offsetof(siginfo_t, si_code) == __builtin_offsetof(SignalInfo, code));
static_assert(__builtin_offsetof(siginfo_t, _sifields) == __builtin_offsetof(SignalInfo, fields));
static_assert(kSiUser == SI_USER && kSiKernel == SI_KERNEL && kSiQueue == SI_QUEUE && kSiTkill == SI_TKILL);
static_assert(kChildExited == CLD_EXITED && kChildKilled == CLD_KILLED && kChildDumped == CLD_DUMPED && kChildStopped == CLD_STOPPED
    && kChildContinued == CLD_CONTINUED);

namespace {

// Offsets inside the union: _kill/_rt start with pid (int) and uid (u32);
// _rt's sigval follows at 8.
constexpr usize kPidOffset = 0;
constexpr usize kUidOffset = 4;
constexpr usize kValueOffset = 8;
constexpr usize kChildStatusOffset = 8;
constexpr usize kChildUserTimeOffset = 16;
constexpr usize kChildSystemTimeOffset = 24;
static_assert(__builtin_offsetof(siginfo_t, si_utime) - __builtin_offsetof(siginfo_t, _sifields) == kChildUserTimeOffset);
static_assert(__builtin_offsetof(siginfo_t, si_stime) - __builtin_offsetof(siginfo_t, _sifields) == kChildSystemTimeOffset);
static_assert(sizeof(static_cast<siginfo_t*>(nullptr)->si_utime) == sizeof(i64));
static_assert(__builtin_offsetof(siginfo_t, si_status) - __builtin_offsetof(siginfo_t, _sifields) == kChildStatusOffset);
static_assert(__builtin_offsetof(siginfo_t, si_pid) - __builtin_offsetof(siginfo_t, _sifields) == kPidOffset);
static_assert(__builtin_offsetof(siginfo_t, si_uid) - __builtin_offsetof(siginfo_t, _sifields) == kUidOffset);
static_assert(__builtin_offsetof(siginfo_t, si_value) - __builtin_offsetof(siginfo_t, _sifields) == kValueOffset);

} // namespace

i32 SignalInfo::sender_pid() const
{
    i32 pid = 0;
    copy_bytes(&pid, fields + kPidOffset, sizeof(pid));
    return pid;
}

u32 SignalInfo::sender_uid() const
{
    u32 uid = 0;
    copy_bytes(&uid, fields + kUidOffset, sizeof(uid));
    return uid;
}

void SignalInfo::set_sender(i32 pid, u32 uid)
{
    copy_bytes(fields + kPidOffset, &pid, sizeof(pid));
    copy_bytes(fields + kUidOffset, &uid, sizeof(uid));
}

u64 SignalInfo::value() const
{
    u64 value = 0;
    copy_bytes(&value, fields + kValueOffset, sizeof(value));
    return value;
}

void SignalInfo::set_value(u64 value)
{
    copy_bytes(fields + kValueOffset, &value, sizeof(value));
}

ChildExit decode_wait_status(int wait_status)
{
    if ((wait_status & 0x80) != 0) {
        return { kChildDumped, wait_status & 0x7f };
    }
    if ((wait_status & 0x7f) != 0) {
        return { kChildKilled, wait_status & 0x7f };
    }
    return { kChildExited, (wait_status >> 8) & 0xff };
}

i32 SignalInfo::child_status() const
{
    i32 status = 0;
    copy_bytes(&status, fields + kChildStatusOffset, sizeof(status));
    return status;
}

void SignalInfo::set_child_status(i32 status)
{
    copy_bytes(fields + kChildStatusOffset, &status, sizeof(status));
}

i64 SignalInfo::child_user_time() const
{
    i64 ticks = 0;
    copy_bytes(&ticks, fields + kChildUserTimeOffset, sizeof(ticks));
    return ticks;
}

i64 SignalInfo::child_system_time() const
{
    i64 ticks = 0;
    copy_bytes(&ticks, fields + kChildSystemTimeOffset, sizeof(ticks));
    return ticks;
}

void SignalInfo::set_child_times(i64 user_ticks, i64 system_ticks)
{
    copy_bytes(fields + kChildUserTimeOffset, &user_ticks, sizeof(user_ticks));
    copy_bytes(fields + kChildSystemTimeOffset, &system_ticks, sizeof(system_ticks));
}

// si_addr opens the union for the fault signals.
static_assert(__builtin_offsetof(siginfo_t, si_addr) == __builtin_offsetof(siginfo_t, _sifields));

u64 SignalInfo::fault_address() const
{
    u64 address = 0;
    __builtin_memcpy(&address, fields, sizeof(address));
    return address;
}

void SignalInfo::set_fault_address(u64 address) { __builtin_memcpy(fields, &address, sizeof(address)); }

} // namespace sirius::signal
