// The id table of a System V IPC family (Linux ipc/util.c): ids are
// seq * SEQ_MULTIPLIER + index, indexes come from a cyclic allocation, a
// removed id is EINVAL, and ENOSPC past the family's limit.
#include <gtest/gtest.h>
#include <vector>

#include "core/base/ref_counted.h"
#include "core/ipc/id_table.h"

namespace sirius::ipc {
namespace {

template<typename T>
int errno_of(const Result<T>& result)
{
    return result.is_error() ? result.error().code() : 0;
}

struct Object : public RefCounted<Object> {
    IpcPermission perm;
};

class IdTableTest : public ::testing::Test {
protected:
    int add(__kernel_key_t key = IPC_PRIVATE, u32 limit = kIpcMni)
    {
        auto object = try_make_ref<Object>();
        EXPECT_TRUE(object.has_value());
        RefPtr<Object> ref = object.release_value();
        ref->perm.key = key;
        Object& raw = *ref;
        auto index = table.add(move(ref), limit, 1000, 100);
        return index.is_error() ? -index.error().code() : raw.perm.id;
    }

    IdTable<Object> table;
};

TEST_F(IdTableTest, FirstIds_AreTheFirstIndexes)
{
    // ipc_addid on a fresh table: index 0 with sequence 0, then 1.
    EXPECT_EQ(add(), 0);
    EXPECT_EQ(add(), 1);
    EXPECT_EQ(table.in_use(), 2U);
    EXPECT_EQ(table.max_index(), 1);
}

TEST_F(IdTableTest, Add_SetsOwnerAndCreatorToTheCaller)
{
    const int id = add();
    Object* object = table.by_id(id).value();
    EXPECT_EQ(object->perm.uid, 1000U);
    EXPECT_EQ(object->perm.cuid, 1000U);
    EXPECT_EQ(object->perm.gid, 100U);
    EXPECT_EQ(object->perm.cgid, 100U);
}

TEST_F(IdTableTest, RemovedId_IsEinval)
{
    // svipc(7): a removed identifier is no longer valid; the next object
    // takes the next index (idr_alloc_cyclic), not the freed one.
    const int first = add();
    // The caller holds a reference across the removal, as msgctl does.
    const RefPtr<Object> object(table.by_id(first).value());
    table.remove(*object);
    EXPECT_TRUE(object->perm.deleted);
    EXPECT_EQ(errno_of(table.by_id(first)), EINVAL);
    EXPECT_EQ(add(), 1);
    EXPECT_EQ(table.max_index(), 1);
}

TEST_F(IdTableTest, CycleComesRound_BumpsTheSequence)
{
    // ipc_idr_alloc: the cycle is max(in_use * 3 / 2, 64) long; back at a
    // lower index, the sequence number goes up, so the id differs from the
    // old object's there.
    std::vector<int> ids;
    for (int i = 0; i < 64; ++i) {
        ids.push_back(add());
    }
    // With 64 in use the cycle is 96 long: the next index is 64.
    const RefPtr<Object> first(table.by_id(ids[0]).value());
    table.remove(*first);
    EXPECT_EQ(add(), 64);
    // With 2 in use it is 64 long: past index 64 it starts again at 0.
    for (int i = 1; i < 63; ++i) {
        const RefPtr<Object> removed(table.by_id(ids[static_cast<usize>(i)]).value());
        table.remove(*removed);
    }
    const int reused = add();
    EXPECT_EQ(reused, static_cast<int>(kSeqMultiplier) + 0);
    EXPECT_EQ(errno_of(table.by_id(ids[0])), EINVAL);
    EXPECT_TRUE(table.by_id(reused).has_value());
    // The index alone finds it (MSG_STAT).
    ASSERT_TRUE(table.by_index(0).has_value());
    EXPECT_EQ(table.by_index(0).value()->perm.id, reused);
}

TEST_F(IdTableTest, PastTheLimit_IsEnospc)
{
    // ipc_addid: "if (ids->in_use >= limit) return -ENOSPC;".
    EXPECT_GE(add(IPC_PRIVATE, 2), 0);
    EXPECT_GE(add(IPC_PRIVATE, 2), 0);
    EXPECT_EQ(add(IPC_PRIVATE, 2), -ENOSPC);
}

TEST_F(IdTableTest, FindKey_IgnoresPrivateAndRemoved)
{
    add(IPC_PRIVATE);
    const int keyed = add(0x1234);
    EXPECT_EQ(table.find_key(IPC_PRIVATE), nullptr);
    ASSERT_NE(table.find_key(0x1234), nullptr);
    EXPECT_EQ(table.find_key(0x1234)->perm.id, keyed);
    const RefPtr<Object> removed(table.find_key(0x1234));
    table.remove(*removed);
    EXPECT_EQ(table.find_key(0x1234), nullptr);
    EXPECT_EQ(table.max_index(), 0);
}

TEST_F(IdTableTest, EmptyTable_MaxIndexIsMinusOne)
{
    // ipc_get_maxidx: -1 for an empty table (IPC_INFO then returns 0).
    EXPECT_EQ(table.max_index(), -1);
    const int id = add();
    const RefPtr<Object> removed(table.by_id(id).value());
    table.remove(*removed);
    EXPECT_EQ(table.max_index(), -1);
}

} // namespace
} // namespace sirius::ipc
