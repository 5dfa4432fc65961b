#pragma once

// A doubly linked list threaded through its elements (tasks, children, wait
// queues): linking never allocates, so it cannot fail, and an element knows
// whether it is on a list.
#include "core/base/types.h"

namespace sirius {

class IntrusiveListNode {
public:
    IntrusiveListNode() = default;
    IntrusiveListNode(const IntrusiveListNode&) = delete;
    IntrusiveListNode& operator=(const IntrusiveListNode&) = delete;
    ~IntrusiveListNode() { unlink(); }

    [[nodiscard]] bool is_linked() const { return m_next != nullptr; }
    void unlink()
    {
        if (!is_linked()) {
            return;
        }
        m_prev->m_next = m_next;
        m_next->m_prev = m_prev;
        m_next = m_prev = nullptr;
    }

private:
    template<typename T, IntrusiveListNode T::* Member>
    friend class IntrusiveList;

    IntrusiveListNode* m_next { nullptr };
    IntrusiveListNode* m_prev { nullptr };
};

template<typename T, IntrusiveListNode T::* Member>
class IntrusiveList {
public:
    IntrusiveList()
    {
        m_head.m_next = &m_head;
        m_head.m_prev = &m_head;
    }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;
    ~IntrusiveList() { clear(); }

    [[nodiscard]] bool is_empty() const { return m_head.m_next == &m_head; }
    [[nodiscard]] usize size() const
    {
        usize count = 0;
        for (const IntrusiveListNode* node = m_head.m_next; node != &m_head; node = node->m_next) {
            ++count;
        }
        return count;
    }

    // Precondition: the element is on no list through this member.
    void append(T& element)
    {
        IntrusiveListNode& node = element.*Member;
        node.m_prev = m_head.m_prev;
        node.m_next = &m_head;
        m_head.m_prev->m_next = &node;
        m_head.m_prev = &node;
    }
    void prepend(T& element)
    {
        IntrusiveListNode& node = element.*Member;
        node.m_next = m_head.m_next;
        node.m_prev = &m_head;
        m_head.m_next->m_prev = &node;
        m_head.m_next = &node;
    }
    // Links `element` just before `position`.
    // Preconditions: `position` is on this list; `element` is on none.
    static void insert_before(T& position, T& element)
    {
        IntrusiveListNode& before = position.*Member;
        IntrusiveListNode& node = element.*Member;
        node.m_prev = before.m_prev;
        node.m_next = &before;
        before.m_prev->m_next = &node;
        before.m_prev = &node;
    }
    static void remove(T& element) { (element.*Member).unlink(); }

    T* first() const { return is_empty() ? nullptr : owner_of(m_head.m_next); }
    T* last() const { return is_empty() ? nullptr : owner_of(m_head.m_prev); }
    // The element after `element`, or nullptr at the end.
    // Precondition: `element` is on this list.
    T* next_after(const T& element) const
    {
        const IntrusiveListNode* next = (element.*Member).m_next;
        return next == &m_head ? nullptr : owner_of(next);
    }
    void clear()
    {
        while (!is_empty()) {
            m_head.m_next->unlink();
        }
    }

    // Visits every element in order without changing the list.
    template<typename Callback>
    void for_each(Callback callback) const
    {
        for (const IntrusiveListNode* node = m_head.m_next; node != &m_head; node = node->m_next) {
            callback(static_cast<const T&>(*owner_of(node)));
        }
    }

    class Iterator {
    public:
        Iterator(IntrusiveListNode* node, const IntrusiveListNode* head)
            : m_node(node)
            , m_head(head)
        {
            // Remember the successor so the loop body may unlink the element.
            m_next = m_node->m_next;
        }
        T& operator*() const { return *owner_of(m_node); }
        Iterator& operator++()
        {
            m_node = m_next;
            m_next = m_node->m_next;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return m_node != other.m_node; }

    private:
        IntrusiveListNode* m_node;
        IntrusiveListNode* m_next;
        const IntrusiveListNode* m_head;
    };
    Iterator begin() { return Iterator(m_head.m_next, &m_head); }
    Iterator end() { return Iterator(&m_head, &m_head); }

private:
    static T* owner_of(const IntrusiveListNode* node)
    {
        // The node is a member of T at a fixed offset: step back to T.
        const auto offset = reinterpret_cast<uptr>(&(static_cast<T*>(nullptr)->*Member));
        return reinterpret_cast<T*>(reinterpret_cast<uptr>(node) - offset);
    }

    IntrusiveListNode m_head;
};

} // namespace sirius
