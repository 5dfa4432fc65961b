#include "core/ns/uts_namespace.h"

namespace sirius::ns {

namespace {

// A name of the initial namespace: a literal, which must fit with its NUL.
template<usize N, usize M>
void set_field(char (&field)[N], const char (&text)[M])
{
    static_assert(M <= N, "the name does not fit its utsname field");
    fill_bytes(field, 0, N);
    for (usize i = 0; i < M; ++i) {
        field[i] = text[i];
    }
}

} // namespace

UtsNamespace::UtsNamespace(RefPtr<UserNamespace> owner, u32 inode, const new_utsname& names)
    : OwnedNamespace(move(owner), inode)
    , m_names(names)
{
}

Result<RefPtr<UtsNamespace>> UtsNamespace::create_initial(RefPtr<UserNamespace> owner)
{
    new_utsname names {};
    set_field(names.sysname, "Linux");
    set_field(names.nodename, "(none)"); // UTS_NODENAME default
    set_field(names.release, "6.1.0-sirius");
    set_field(names.version, "#1 SMP Sirius");
    set_field(names.machine, "x86_64");
    set_field(names.domainname, "(none)"); // UTS_DOMAINNAME default
    return try_make_ref<UtsNamespace>(move(owner), kInitUtsInode, names);
}

Result<RefPtr<UtsNamespace>> UtsNamespace::clone(NamespaceInodeAllocator& inodes, RefPtr<UserNamespace> owner) const
{
    return try_make_ref<UtsNamespace>(move(owner), inodes.allocate(), m_names);
}

} // namespace sirius::ns
