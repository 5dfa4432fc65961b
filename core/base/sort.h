#pragma once

// In-place sorting without allocation (Linux lib/sort.c is a heapsort for the
// same reasons): O(n log n) in the worst case, so a user who passes 65536
// items in reverse order (setgroups with NGROUPS_MAX) costs no more than one
// in order, and no memory beyond the items themselves.
#include "core/base/utility.h"

namespace sirius {

namespace detail {

// Moves items[root] down the heap of `count` items until both children are
// no greater (a max-heap under `less`).
template<typename T, typename Less>
void sift_down(T* items, usize root, usize count, Less& less)
{
    for (;;) {
        usize largest = root;
        const usize left = (2 * root) + 1;
        const usize right = left + 1;
        if (left < count && less(items[largest], items[left])) {
            largest = left;
        }
        if (right < count && less(items[largest], items[right])) {
            largest = right;
        }
        if (largest == root) {
            return;
        }
        swap(items[root], items[largest]);
        root = largest;
    }
}

} // namespace detail

// Sorts items[0, count) ascending by `less(a, b)` ("a before b"). Not stable.
template<typename T, typename Less>
void heap_sort(T* items, usize count, Less less)
{
    for (usize root = count / 2; root > 0; --root) {
        detail::sift_down(items, root - 1, count, less);
    }
    for (usize end = count; end > 1; --end) {
        swap(items[0], items[end - 1]);
        detail::sift_down(items, 0, end - 1, less);
    }
}

template<typename T>
void heap_sort(T* items, usize count)
{
    heap_sort(items, count, [](const T& a, const T& b) { return a < b; });
}

} // namespace sirius
