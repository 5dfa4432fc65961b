#pragma once

// execve(2) from a process with several threads (Linux de_thread in
// fs/exec.c). execve(2): "All threads other than the calling thread are
// destroyed during an execve()"; and "If any of the threads in a thread
// group performs an execve(2), then all threads other than the thread
// group leader are terminated, and the new program is executed in the
// thread group leader" - the caller takes over the leader's pid
// (exchange_tids), so getpid() == gettid() in the new program.
#include "core/base/result.h"

namespace sirius::proc {

class Kernel;
class Thread;

// Makes `caller` the only thread of its process: every other thread gets
// SIGKILL (zap_other_threads) and the caller waits, killably, until they
// have exited; their exits are not a group exit (do_group_exit's
// group_exec_task rule) and wake the caller (exit_notify). A caller that is
// not the leader then trades pids with the leader, whose task is released.
// Errors: EAGAIN (a group exit or another exec is under way, or the caller
// was killed while waiting) - after the point of no return, so the caller
// dies of its fatal signal.
Result<void> de_thread(Kernel& kernel, Thread& caller);

} // namespace sirius::proc
