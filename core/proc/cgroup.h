#pragma once

// A node of the cgroup v2 hierarchy (Linux struct cgroup without
// controllers): its place in the tree, whether it still exists, whether it
// delegates controllers to children (the "no internal processes" rule),
// and the counts its files show. The directories and files that show it
// are the cgroup2 file system's (core/fs/cgroupfs/); a process names its
// cgroup (Process::cgroup).
//
// References: a child holds its parent (a removed cgroup an fd still names
// keeps its ancestors); a parent counts, but does not hold, its children.
// What keeps a live cgroup is its directory in the hierarchy's tree.
#include <linux/limits.h>

#include "core/base/ref_counted.h"
#include "core/base/ref_ptr.h"
#include "core/base/result.h"

namespace sirius::proc {

class Cgroup : public RefCounted<Cgroup> {
public:
    static Result<RefPtr<Cgroup>> create_root() { return try_make_ref<Cgroup>(RefPtr<Cgroup>()); }
    // mkdir in the hierarchy: a live child of `parent` named `name`
    // (at most NAME_MAX bytes, cut there). ENOMEM.
    static Result<RefPtr<Cgroup>> create_child(const RefPtr<Cgroup>& parent, const char* name = "");
    static Result<RefPtr<Cgroup>> create_child(const RefPtr<Cgroup>& parent, const u8* name, usize length);

    [[nodiscard]] Cgroup* parent() const { return m_parent.get(); }
    [[nodiscard]] bool is_root() const { return m_parent == nullptr; }
    [[nodiscard]] const u8* name() const { return m_name; }
    [[nodiscard]] usize name_length() const { return m_name_length; }
    // Levels below the root (cgroup->level).
    [[nodiscard]] u32 level() const { return m_level; }

    // rmdir'ed (cgroup_destroy_locked): it stays reachable through open
    // fds but takes no processes, and no longer counts as its ancestors'
    // descendant.
    [[nodiscard]] bool is_dead() const { return m_dead; }
    void mark_dead();

    // Controllers enabled in cgroup.subtree_control: such a non-root cgroup
    // may not hold processes itself. (Sirius has no controllers, so only
    // tests set it.)
    [[nodiscard]] bool has_subtree_control() const { return m_subtree_control; }
    void set_subtree_control(bool enabled) { m_subtree_control = enabled; }

    // Member processes with a live thread (cgroup.procs's lines).
    [[nodiscard]] u32 process_count() const { return m_process_count; }
    // A member process joins (fork, a move) or leaves (its last thread
    // exits, a move): populated follows up the tree.
    void add_process();
    void remove_process();
    // cgroup.events' populated: a live process here or below.
    [[nodiscard]] bool is_populated() const { return m_subtree_processes > 0; }
    // cgroup.stat's nr_descendants: live cgroups below.
    [[nodiscard]] u32 descendant_count() const { return m_descendants; }
    // Live children (rmdir's EBUSY).
    [[nodiscard]] u32 child_count() const { return m_children; }

    // cgroup.max.descendants and cgroup.max.depth (INT_MAX: "max"),
    // which mkdir below checks (cgroup_check_hierarchy_limits).
    i32 max_descendants { 0x7fffffff };
    i32 max_depth { 0x7fffffff };

    // cgroup_is_descendant: `ancestor` is this cgroup or above it.
    [[nodiscard]] bool is_descendant_of(const Cgroup& ancestor) const;

    explicit Cgroup(RefPtr<Cgroup> parent);

private:
    RefPtr<Cgroup> m_parent;
    u32 m_level { 0 };
    u32 m_process_count { 0 };
    u32 m_subtree_processes { 0 };
    u32 m_descendants { 0 };
    u32 m_children { 0 };
    bool m_dead { false };
    bool m_subtree_control { false };
    u16 m_name_length { 0 };
    u8 m_name[NAME_MAX] {};
};

} // namespace sirius::proc
