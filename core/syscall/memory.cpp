#include "core/syscall/memory.h"

#include <linux/mman.h>

#include "core/mm/caller_limits.h"

namespace sirius::syscall {

namespace {

mm::CallerLimits caller_of(SyscallContext& context)
{
    return mm::CallerLimits::of(context.kernel, context.current);
}

// hstate_sizelog for the huge page sizes an x86_64 Linux without
// gigantic-page boot options has: the default (log 0) and 2 MiB.
bool is_huge_page_size(u64 flags)
{
    const u64 size_log = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
    return size_log == 0 || size_log == static_cast<u64>(MAP_HUGE_2MB >> MAP_HUGE_SHIFT);
}

// SYSCALL_DEFINE6(mmap) (arch/x86/kernel/sys_x86_64.c), ksys_mmap_pgoff.
Result<i64> mmap(SyscallContext& context, const SyscallArguments& args)
{
    mm::MmapRequest request { args[0], args[1], args[2], args[3], 0 };
    const u64 offset = args[5];
    const u64 page_size = context.current.memory->page_size();
    // "if (off & ~PAGE_MASK) return -EINVAL;"
    if ((offset & (page_size - 1)) != 0) {
        return errno_error(EINVAL);
    }
    request.page_offset = offset >> __builtin_ctzll(page_size);
    RefPtr<fs::File> file;
    if ((request.flags & MAP_ANONYMOUS) == 0) {
        // fget(fd): the descriptor is an unsigned int.
        constexpr u32 kIntMax = 0x7fffffff;
        const u32 fd = static_cast<u32>(args[4]);
        file = fd <= kIntMax ? context.current.files->get(static_cast<int>(fd)) : RefPtr<fs::File>();
        if (file == nullptr) {
            return errno_error(EBADF);
        }
        // "else if (unlikely(flags & MAP_HUGETLB)) { retval = -EINVAL;": no
        // Sirius file is on hugetlbfs.
        if ((request.flags & MAP_HUGETLB) != 0) {
            return errno_error(EINVAL);
        }
    } else if ((request.flags & MAP_HUGETLB) != 0) {
        // "hs = hstate_sizelog(...); if (!hs) return -EINVAL;", then
        // hugetlb_file_setup, which fails for want of huge pages: Sirius
        // has none, as a Linux whose pool is empty (vm.nr_hugepages = 0).
        if (!is_huge_page_size(request.flags) || request.length == 0) {
            return errno_error(EINVAL);
        }
        return errno_error(ENOMEM);
    }
    const UserAddress address = TRY(context.current.memory->mmap(request, file.get(), caller_of(context)));
    return static_cast<i64>(address.value());
}

Result<i64> munmap(SyscallContext& context, const SyscallArguments& args)
{
    TRY(context.current.memory->munmap(UserAddress(args[0]), args[1]));
    return 0;
}

Result<i64> mprotect(SyscallContext& context, const SyscallArguments& args)
{
    TRY(context.current.memory->mprotect(UserAddress(args[0]), args[1], args[2], caller_of(context)));
    return 0;
}

Result<i64> madvise(SyscallContext& context, const SyscallArguments& args)
{
    // SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int,
    // behavior): the advice is the low 32 bits.
    TRY(context.current.memory->madvise(UserAddress(args[0]), args[1], static_cast<int>(static_cast<u32>(args[2]))));
    return 0;
}

Result<i64> mremap(SyscallContext& context, const SyscallArguments& args)
{
    const UserAddress address = TRY(context.current.memory->mremap(UserAddress(args[0]), args[1], args[2], args[3], UserAddress(args[4]), caller_of(context)));
    return static_cast<i64>(address.value());
}

} // namespace

i64 sys_mmap(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mmap(context, args));
}

i64 sys_munmap(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(munmap(context, args));
}

i64 sys_mprotect(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mprotect(context, args));
}

i64 sys_brk(SyscallContext& context, const SyscallArguments& args)
{
    // Never an error: the (new or unchanged) break.
    return static_cast<i64>(context.current.memory->brk(args[0], caller_of(context)));
}

i64 sys_madvise(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(madvise(context, args));
}

i64 sys_mremap(SyscallContext& context, const SyscallArguments& args)
{
    return to_syscall_return(mremap(context, args));
}

} // namespace sirius::syscall
