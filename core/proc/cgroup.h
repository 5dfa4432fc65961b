#pragma once

// A node of the cgroup v2 hierarchy, as much as clone needs: where a new
// process is placed (the parent's cgroup, or CLONE_INTO_CGROUP's), whether
// the node still exists, and whether it delegates controllers to children
// (the "no internal processes" rule). The cgroup issue adds the files.
#include "core/fs/file.h"

namespace sirius::proc {

class Cgroup : public RefCounted<Cgroup> {
public:
    static Result<RefPtr<Cgroup>> create_root() { return try_make_ref<Cgroup>(RefPtr<Cgroup>()); }
    // mkdir in the hierarchy. ENOMEM.
    static Result<RefPtr<Cgroup>> create_child(const RefPtr<Cgroup>& parent) { return try_make_ref<Cgroup>(parent); }

    [[nodiscard]] Cgroup* parent() const { return m_parent.get(); }
    [[nodiscard]] bool is_root() const { return m_parent == nullptr; }
    // rmdir'ed: it stays reachable through open fds but takes no processes.
    [[nodiscard]] bool is_dead() const { return m_dead; }
    void mark_dead() { m_dead = true; }
    // Controllers enabled in cgroup.subtree_control: such a non-root cgroup
    // may not hold processes itself.
    [[nodiscard]] bool has_subtree_control() const { return m_subtree_control; }
    void set_subtree_control(bool enabled) { m_subtree_control = enabled; }
    [[nodiscard]] u32 process_count() const { return m_process_count; }
    void add_process() { ++m_process_count; }
    void remove_process() { --m_process_count; }

    explicit Cgroup(RefPtr<Cgroup> parent)
        : m_parent(move(parent))
    {
    }

private:
    RefPtr<Cgroup> m_parent;
    u32 m_process_count { 0 };
    bool m_dead { false };
    bool m_subtree_control { false };
};

// An open cgroup2 directory: the fd CLONE_INTO_CGROUP names.
class CgroupDirectoryFile final : public fs::File {
public:
    explicit CgroupDirectoryFile(RefPtr<Cgroup> cgroup, u32 status_flags)
        : File(status_flags)
        , m_cgroup(move(cgroup))
    {
    }
    [[nodiscard]] fs::FileKind kind() const override { return fs::FileKind::CgroupDir; }
    [[nodiscard]] const RefPtr<Cgroup>& cgroup() const { return m_cgroup; }

private:
    RefPtr<Cgroup> m_cgroup;
};

} // namespace sirius::proc
