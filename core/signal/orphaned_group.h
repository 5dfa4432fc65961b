#pragma once

// Orphaned process groups (POSIX 3.2.2.2; Linux kernel/exit.c
// will_become_orphaned_pgrp and kill_orphaned_pgrp). A group is orphaned
// when no member has a parent in a different group of the same session -
// nobody is left to resume it with job control. Its stop signals from the
// terminal are discarded, and a group that becomes orphaned while some
// member is stopped gets SIGHUP then SIGCONT.
namespace sirius::proc {
class Kernel;
class Process;
class ProcessGroup;
} // namespace sirius::proc

namespace sirius::signal {

// Linux will_become_orphaned_pgrp: is `group` orphaned once `ignored`
// (may be null) is gone? Zombies and children of the global init do not
// keep a group attached.
[[nodiscard]] bool is_orphaned_process_group(proc::Kernel& kernel, const proc::ProcessGroup& group, const proc::Process* ignored);

// Linux kill_orphaned_pgrp. With `parent` null, `process` is exiting and its
// own group may lose its last outside parent; otherwise `process` was just
// given the new parent `parent` and its group may have lost its link.
void kill_orphaned_process_group(proc::Kernel& kernel, proc::Process& process, proc::Process* parent);

} // namespace sirius::signal
