#pragma once

// What a VMA maps other than its own anonymous memory (Linux: vma->vm_file
// with its vm_operations_struct). The object owns the pages (a
// hal::MemoryObject); the VMAs that map it tell it when one of them comes
// or goes, as Linux's vm_ops->open and ->close, which is how a System V
// segment counts its attaches (shm_nattch counts VMAs: a split adds one).
#include "core/base/ref_counted.h"
#include "core/hal/memory_object.h"

namespace sirius::mm {

// What kind of object, for the code that must find its own VMAs again
// (shmdt looks for vm_ops == &shm_vm_ops).
enum class MappedObjectKind : u8 {
    SysvSharedMemory,
};

// How /proc/<pid>/maps names a mapping of the object: its device, inode
// and path (Linux show_map_vma with the file's d_path).
struct MappedObjectName {
    u32 device_major { 0 };
    u32 device_minor { 0 };
    u64 inode { 0 };
    char path[48] {};
};

class MappedObject : public RefCounted<MappedObject> {
public:
    virtual ~MappedObject() = default;

    [[nodiscard]] virtual MappedObjectKind kind() const = 0;
    [[nodiscard]] virtual hal::MemoryObject& memory() const = 0;
    // Its size in bytes (i_size): a page past it is SIGBUS on a fault.
    [[nodiscard]] virtual u64 size() const = 0;
    [[nodiscard]] virtual MappedObjectName name() const = 0;

    // vm_ops->open: a VMA that maps the object came into being (a new
    // mapping, a split, fork's copy, mremap's move).
    virtual void vma_opened() = 0;
    // vm_ops->close: one went (munmap, exec, exit, the part of a VMA that
    // an unmap cuts away).
    virtual void vma_closed() = 0;

protected:
    MappedObject() = default;
};

} // namespace sirius::mm
