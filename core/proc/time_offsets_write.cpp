#include "core/proc/time_offsets_write.h"

#include <linux/capability.h>
#include <linux/time.h>

#include "core/base/kernel_text.h"
#include "core/base/vector.h"
#include "core/proc/id_map_write.h"
#include "core/time/ktime.h"

namespace sirius::proc {

namespace {

constexpr i64 kSecondMax = time::kTimeMax / time::kNanosecondsPerSecond; // KTIME_SEC_MAX

// The kernel's vsscanf for "%9s %lld %lu" on one NUL-terminated line:
// true when all three converted (Linux: "err != 3" is EINVAL).
bool scan_line(const u8* pos, char (&clock)[10], i64& seconds, i64& nanoseconds)
{
    // "%9s": spaces skipped, then up to nine bytes that are not spaces.
    pos = skip_spaces(pos);
    if (*pos == '\0') {
        return false;
    }
    usize length = 0;
    while (*pos != '\0' && !kernel_isspace(*pos) && length < 9) {
        clock[length++] = static_cast<char>(*pos++);
    }
    clock[length] = '\0';
    // " %lld": a '-' and digits, or digits; the value wraps as
    // simple_strntoll's does.
    pos = skip_spaces(pos);
    const bool negative = *pos == '-';
    const u8* digits = negative ? pos + 1 : pos;
    if (!kernel_isdigit(*digits)) {
        return false;
    }
    const u64 magnitude = simple_strtoull(digits, pos);
    seconds = static_cast<i64>(negative ? 0 - magnitude : magnitude);
    // " %lu": digits only, kept in a long (tv_nsec).
    pos = skip_spaces(pos);
    if (!kernel_isdigit(*pos)) {
        return false;
    }
    nanoseconds = static_cast<i64>(simple_strtoull(pos, pos));
    return true;
}

bool same(const char* a, const char* b)
{
    for (; *a != '\0' || *b != '\0'; ++a, ++b) {
        if (*a != *b) {
            return false;
        }
    }
    return true;
}

// The offset as one signed count of nanoseconds; false if it does not fit
// (only a wrapped, negative tv_nsec can make it so).
bool to_nanoseconds(const TimeOffsetLine& line, i64& total)
{
    i64 scaled = 0;
    return !__builtin_mul_overflow(line.seconds, time::kNanosecondsPerSecond, &scaled) && !__builtin_add_overflow(scaled, line.nanoseconds, &total);
}

} // namespace

Result<void> check_time_offsets_write(u64 offset, usize count)
{
    // "Only allow < page size writes at the beginning of the file".
    if (offset != 0 || count >= kIdMapWriteLimit) {
        return errno_error(EINVAL);
    }
    return {};
}

Result<TimeOffsetLines> parse_time_offsets(const u8* text, usize count)
{
    // memdup_user_nul: a NUL-terminated copy, which the parser cuts into
    // lines in place.
    Vector<u8> buffer = TRY(nul_terminated_copy(text, count));
    TimeOffsetLines result;
    result.consumed = count;
    u8* pos = buffer.begin();
    while (pos != nullptr) {
        u8* next_line = split_line(pos);
        TimeOffsetLine& line = result.lines[result.count];
        char clock[10] {};
        if (!scan_line(pos, clock, line.seconds, line.nanoseconds) || line.nanoseconds >= time::kNanosecondsPerSecond) {
            return errno_error(EINVAL);
        }
        // The names, or the numbers (__stringify(CLOCK_MONOTONIC)).
        if (same(clock, "monotonic") || same(clock, "1")) {
            line.clock = CLOCK_MONOTONIC;
        } else if (same(clock, "boottime") || same(clock, "7")) {
            line.clock = CLOCK_BOOTTIME;
        } else {
            return errno_error(EINVAL);
        }
        ++result.count;
        // Two lines at most: the rest of the write is not consumed.
        if (result.count == 2) {
            if (next_line != nullptr) {
                result.consumed = static_cast<usize>(next_line - buffer.begin());
            }
            break;
        }
        pos = next_line;
    }
    return result;
}

Result<void> set_time_offsets(ns::TimeNamespace& ns, const Credentials& opener, hal::Nanoseconds now, const TimeOffsetLines& lines)
{
    // "if (!file_ns_capable(file, time_ns->user_ns, CAP_SYS_TIME))".
    if (!has_capability_in(opener, ns.owner(), CAP_SYS_TIME)) {
        return errno_error(EPERM);
    }
    ns::TimeOffsets offsets = ns.offsets();
    const i64 now_seconds = now / time::kNanosecondsPerSecond;
    const i64 now_nanoseconds = now % time::kNanosecondsPerSecond;
    for (usize i = 0; i < lines.count; ++i) {
        const TimeOffsetLine& line = lines.lines[i];
        if (line.seconds > kSecondMax || line.seconds < -kSecondMax) {
            return errno_error(ERANGE);
        }
        // timespec64_add, normalised; "KTIME_SEC_MAX is divided by 2 to be
        // sure that KTIME_MAX is still unreachable".
        i64 seconds = now_seconds + line.seconds + (now_nanoseconds + line.nanoseconds) / time::kNanosecondsPerSecond;
        if ((now_nanoseconds + line.nanoseconds) % time::kNanosecondsPerSecond < 0) {
            --seconds;
        }
        i64 total = 0;
        if (seconds < 0 || seconds > kSecondMax / 2 || !to_nanoseconds(line, total)) {
            return errno_error(ERANGE);
        }
        (line.clock == CLOCK_MONOTONIC ? offsets.monotonic_ns : offsets.boottime_ns) = total;
    }
    return ns.set_offsets(offsets);
}

} // namespace sirius::proc
