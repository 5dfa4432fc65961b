// /proc/<pid>/cgroup (Linux proc_cgroup_show): one line per hierarchy,
// "hierarchy-ID:controllers:path"; Sirius has only the v2 one, "0::path",
// the path relative to the reader's cgroup namespace root (cgroups(7)).
#include "core/fs/cgroupfs/cgroup_fs.h"
#include "core/fs/procfs/proc_inode.h"
#include "core/fs/text_buffer.h"
#include "core/proc/kernel.h"

namespace sirius::fs {

Result<void> write_process_cgroup(const proc::Process& process, const proc::Thread* reader, TextBuffer& text)
{
    const proc::Cgroup* root = nullptr;
    if (reader != nullptr && reader->namespaces) {
        root = reader->namespaces->namespaces().cgroup->root();
    }
    text.append("0::");
    TRY(append_cgroup_path(text, process.cgroup(), root));
    text.append_char('\n');
    return text.status();
}

} // namespace sirius::fs
