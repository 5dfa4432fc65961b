#pragma once

// exit_group(2) (Linux do_group_exit): the calling thread ends and takes
// every other thread of its group with it.
namespace sirius::proc {

class Kernel;
class Thread;

// `status` is the wait(2) status the group exits with (exit code << 8, or
// a signal), unless a group exit is already under way: then its status
// wins, as in Linux; or an exec is (de_thread): then `current` alone ends. The other threads get SIGKILL and end as they next
// run. `current` has exited when this returns.
void exit_thread_group(Kernel& kernel, Thread& current, int status);

} // namespace sirius::proc
