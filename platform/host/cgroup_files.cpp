#include "platform/host/cgroup_files.h"

#include <fcntl.h>

#include <string>

#include "core/fs/vfs.h"

namespace sirius::host {

namespace {

Result<void> path_of(fs::PathName& path, const std::string& text)
{
    return path.copy_from_kernel(reinterpret_cast<const u8*>(text.c_str()), text.size());
}

} // namespace

Result<RefPtr<fs::File>> open_cgroup_directory(proc::Kernel& kernel, const char* name)
{
    RefPtr<proc::Credentials> root = TRY(proc::Credentials::create_root(kernel.initial_user_namespace()));
    const fs::VfsCaller caller { fs::WalkContext { *root, kernel.mounts().root() }, kernel.file_time(), 0, &kernel };
    fs::PathName base;
    TRY(path_of(base, "/cgroup"));
    auto made = fs::make_directory(caller, kernel.mounts().root(), base, 0755);
    if (made.has_value()) {
        fs::Path at = TRY(fs::lookup(caller, kernel.mounts().root(), base, true));
        TRY(kernel.mounts().mount(at, RefPtr<fs::SuperBlock>(kernel.cgroup_hierarchy())));
    }
    const std::string full = std::string("/cgroup/") + name;
    fs::PathName path;
    TRY(path_of(path, full));
    if (name[0] != '\0') {
        auto child = fs::make_directory(caller, kernel.mounts().root(), path, 0755);
        if (child.is_error() && child.error().code() != EEXIST) {
            return child.error();
        }
    }
    return fs::open(caller, kernel.mounts().root(), path, O_RDONLY | O_DIRECTORY, 0);
}

Result<void> remove_cgroup_directory(proc::Kernel& kernel, const char* name)
{
    RefPtr<proc::Credentials> root = TRY(proc::Credentials::create_root(kernel.initial_user_namespace()));
    const fs::VfsCaller caller { fs::WalkContext { *root, kernel.mounts().root() }, kernel.file_time(), 0, &kernel };
    fs::PathName path;
    TRY(path_of(path, std::string("/cgroup/") + name));
    return fs::remove(caller, kernel.mounts().root(), path, true);
}

} // namespace sirius::host
