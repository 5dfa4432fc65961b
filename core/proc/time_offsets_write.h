#pragma once

// Writing /proc/<pid>/timens_offsets (time_namespaces(7); Linux
// fs/proc/base.c timens_offsets_write and kernel/time/namespace.c
// proc_timens_set_offset): the offsets of the time namespace a process's
// children will be in, before any task is in it.
#include "core/hal/clock.h"
#include "core/ns/time_namespace.h"
#include "core/proc/credentials.h"

namespace sirius::proc {

// One line: a clock (CLOCK_MONOTONIC or CLOCK_BOOTTIME) and the offset,
// seconds and nanoseconds as written.
struct TimeOffsetLine {
    i32 clock { 0 };
    i64 seconds { 0 };
    i64 nanoseconds { 0 };
};

struct TimeOffsetLines {
    TimeOffsetLine lines[2];
    usize count { 0 };
    // The bytes the write consumes: all of them, or those up to the end of
    // the second line ("if (next_line) count = next_line - kbuf").
    usize consumed { 0 };
};

// timens_offsets_write's checks before the copy: EINVAL for a write not at
// offset 0 or of PAGE_SIZE bytes or more.
Result<void> check_time_offsets_write(u64 offset, usize count);

// timens_offsets_write's parser: lines sscanf'd as "%9s %lld %lu", the
// clock named "monotonic" or "1", "boottime" or "7", nanoseconds below a
// second; the first two lines count. Errors: EINVAL, ENOMEM.
Result<TimeOffsetLines> parse_time_offsets(const u8* text, usize count);

// proc_timens_set_offset: sets `lines` on `ns`, the writer's
// time_for_children namespace. `now` is the monotonic time (Sirius's boot
// time is the same: it does not suspend). Errors: EPERM (the opener lacks
// CAP_SYS_TIME over the namespace's owner), ERANGE (a clock would be
// negative or past KTIME_SEC_MAX / 2 seconds), EACCES (a task has entered
// `ns`). Nothing changes on error.
Result<void> set_time_offsets(ns::TimeNamespace& ns, const Credentials& opener, hal::Nanoseconds now, const TimeOffsetLines& lines);

} // namespace sirius::proc
