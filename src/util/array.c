/* array.c — growing an array by doubling its capacity (see array.h). */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>

/* Doubled, or what is needed if more, but never more items than most. */
static size_t next_capacity(size_t capacity, size_t needed, size_t most)
{
    size_t grown = capacity == 0 ? ARRAY_FIRST_CAPACITY
                   : capacity > most / 2 ? most
                                         : capacity * 2;
    if (grown < needed)
        grown = needed;
    return grown < most ? grown : most;
}

void *array_grow(void *items, size_t *capacity, size_t needed, size_t item_size)
{
    if (needed <= *capacity)
        return items;
    if (item_size == 0)
        return items;
    size_t most = SIZE_MAX / item_size; /* items whose bytes a size_t can count */
    if (needed > most)
        return items;
    size_t grown = next_capacity(*capacity, needed, most);
    void *moved = realloc(items, grown * item_size);
    if (!moved)
        return items;
    *capacity = grown;
    return moved;
}
