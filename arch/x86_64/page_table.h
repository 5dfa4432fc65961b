#pragma once

// The x86_64 4-level page-table format (Intel SDM vol. 3, 4.5): entry bits
// and a walker over a table tree given by its root's physical address.
// Tables are reached through the direct map; new tables come from the frame
// allocator, zero-filled.
#include "core/base/result.h"

namespace sirius::x86_64 {

inline constexpr u64 kPtePresent = 1ULL << 0;
inline constexpr u64 kPteWritable = 1ULL << 1;
inline constexpr u64 kPteUser = 1ULL << 2;
inline constexpr u64 kPteAccessed = 1ULL << 5;
inline constexpr u64 kPteDirty = 1ULL << 6;
inline constexpr u64 kPteLarge = 1ULL << 7; // 2 MiB in a PD, 1 GiB in a PDPT
inline constexpr u64 kPteGlobal = 1ULL << 8;
// Bits 9-11 are the software's: copy-on-write marks a present, read-only
// page whose first write copies it (or takes it over if it is the last user).
inline constexpr u64 kPteCopyOnWrite = 1ULL << 9;
// Software bit: a MAP_SHARED page; fork shares the frame instead of marking
// it copy-on-write.
inline constexpr u64 kPteShared = 1ULL << 11;
inline constexpr u64 kPteNoExecute = 1ULL << 63;
inline constexpr u64 kPteAddressMask = 0x000ffffffffff000ULL;

inline constexpr usize kEntriesPerTable = 512;
inline constexpr u64 kLargePageSize = 2ULL << 20;

// Index of `address` in the table of `level` (4 = PML4 ... 1 = PT).
constexpr usize table_index(u64 address, int level) { return (address >> (12 + 9 * (level - 1))) & 0x1ff; }

// The table at physical `table`, through the direct map.
u64* table_at(u64 table);

// The level-1 entry for `address` (4 KiB pages), creating the missing
// tables on the way with `table_flags` (intermediate entries carry the most
// permissive flags; the leaf decides). Errors: ENOMEM (tables made before
// the failure stay, empty, and are freed with the tree).
Result<u64*> ensure_entry(u64 root, u64 address, u64 table_flags);

// The level-1 entry for `address`, or nullptr if a table on the way is
// missing. Does not look through large pages (the user half has none).
u64* find_entry(u64 root, u64 address);
// As find_entry; when there is no level-1 table for `address`, also says
// where the empty span around it ends (`gap_end`, 0 on wrap past the top),
// so a walk over a sparse address space skips whole missing tables.
u64* find_entry_or_gap(u64 root, u64 address, u64& gap_end);

// Maps [physical, physical + length) at `address` in 2 MiB pages.
// Preconditions: all three 2 MiB-aligned. Errors: ENOMEM.
Result<void> map_large_pages(u64 root, u64 address, u64 physical, u64 length, u64 flags);

} // namespace sirius::x86_64
