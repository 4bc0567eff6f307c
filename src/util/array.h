/* array.h — the one way an array of items grows as it is filled.
 *
 * An array is a pointer to its items and the number of items it has room
 * for (its capacity); the caller keeps its own count of items in use:
 *
 *     struct diag *items;
 *     size_t count, capacity;
 *
 *     if (!ARRAY_GROW(list->items, list->capacity, list->count + 1))
 *         return NULL; // out of memory: the list is as it was
 *     list->items[list->count++] = diag;
 *
 * The capacity doubles (from ARRAY_FIRST_CAPACITY, or straight to what is
 * needed if that is more), so that filling an array of n items moves it
 * about log n times, never n times. When memory runs out, or when the size
 * in bytes would not fit a size_t, nothing changes: the items stay where
 * they were with their capacity, and ARRAY_GROW is false. The caller
 * decides what that means (most say « mémoire insuffisante »).
 *
 * In the spirit of git's ALLOC_GROW. ARRAY_GROW evaluates its arguments
 * more than once: give it plain lvalues and side-effect-free expressions. */
#ifndef STAGEDOC_UTIL_ARRAY_H
#define STAGEDOC_UTIL_ARRAY_H

#include <stddef.h>

#define ARRAY_FIRST_CAPACITY 16

/* items (whose capacity is *capacity items of item_size bytes) moved to room
 * for at least needed items, *capacity raised to match; or items itself,
 * *capacity untouched, when it already has the room, when the size would
 * overflow or when memory runs out. */
void *array_grow(void *items, size_t *capacity, size_t needed, size_t item_size);

/* True when items has room for needed items (grown if it had to be);
 * false, items and capacity unchanged, when it could not grow.
 * capacity must be a size_t lvalue. */
#define ARRAY_GROW(items, capacity, needed)                                       \
    ((items) = array_grow((items), &(capacity), (needed), sizeof *(items)),       \
     (capacity) >= (needed))

#endif
