#pragma once

// The limits of System V IPC with Linux's defaults (svipc(7), proc(5)
// /proc/sys/kernel/msg*, sem, shm*). The per-family values come from the
// UAPI headers; IPCMNI and the id layout are kernel-internal
// (include/linux/ipc.h, ipc/util.h: IPCMNI_SHIFT 15 without
// ipcmni_extend), so they are written here.
#include <limits.h> // ULONG_MAX, in SHMMAX and SHMALL
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>

#include "core/base/types.h"

namespace sirius::ipc {

// IPCMNI: the most objects of one family; also SEQ_MULTIPLIER, what an
// id's sequence number is multiplied by (ipc_buildid).
inline constexpr u32 kIpcMni = 32768;
inline constexpr u32 kSeqMultiplier = kIpcMni;
// ipcid_seq_max: INT_MAX >> IPCMNI_SHIFT.
inline constexpr u32 kSeqMax = 0x7fffffffU >> 15;
// ipc_min_cycle (RADIX_TREE_MAP_SIZE): the smallest cycle of idr_alloc_cyclic.
inline constexpr u32 kIpcMinCycle = 64;

// msg_ctlmni, msg_ctlmax, msg_ctlmnb.
inline constexpr u32 kMsgMni = MSGMNI;
inline constexpr u32 kMsgMax = MSGMAX;
inline constexpr u32 kMsgMnb = MSGMNB;

// sc_semmsl, sc_semmns, sc_semopm, sc_semmni.
inline constexpr u32 kSemMsl = SEMMSL;
inline constexpr u32 kSemMns = SEMMNS;
inline constexpr u32 kSemOpm = SEMOPM;
inline constexpr u32 kSemMni = SEMMNI;
inline constexpr int kSemVmx = SEMVMX;
inline constexpr int kSemAem = SEMAEM;

// shm_ctlmax (bytes), shm_ctlall (pages), shm_ctlmni; SHMMIN.
inline constexpr u64 kShmMax = SHMMAX;
inline constexpr u64 kShmAll = SHMALL;
inline constexpr u32 kShmMni = SHMMNI;
inline constexpr u64 kShmMin = SHMMIN;

// The mode bits of a segment above its permissions, which IPC_STAT and
// /proc/sysvipc/shm show: include/linux/shm.h's kernel half (glibc's
// <bits/shm.h> has them too), not the UAPI's.
inline constexpr u32 kShmDest = 01000; // SHM_DEST: removed, goes with its last detach
inline constexpr u32 kShmLocked = 02000; // SHM_LOCKED: SHM_LOCK

// The permission bits of an object's mode (S_IRWXUGO).
inline constexpr u32 kModeMask = 0777;

} // namespace sirius::ipc
