/* keyset.c — a set of strings by open addressing (keyset.h). */
#include "keyset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_of(const char *key)
{
    uint64_t hash = 0xcbf29ce484222325u;
    for (; *key; key++)
        hash = (hash ^ (unsigned char)*key) * 0x100000001b3u;
    return hash;
}

/* The slot holding key, or the empty one where it would go. */
static size_t slot_of(char *const *slots, size_t capacity, const char *key)
{
    size_t at = (size_t)hash_of(key) & (capacity - 1);
    while (slots[at] && strcmp(slots[at], key) != 0)
        at = (at + 1) & (capacity - 1);
    return at;
}

static bool grow(struct keyset *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 64;
    char **slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < set->capacity; i++)
        if (set->slots[i])
            slots[slot_of(slots, capacity, set->slots[i])] = set->slots[i];
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return true;
}

bool keyset_add(struct keyset *set, const char *key, bool *added)
{
    *added = false;
    if ((set->count + 1) * 2 > set->capacity && !grow(set))
        return false;
    size_t at = slot_of(set->slots, set->capacity, key);
    if (set->slots[at])
        return true;
    set->slots[at] = strdup(key);
    if (!set->slots[at])
        return false;
    set->count++;
    *added = true;
    return true;
}

bool keyset_contains(const struct keyset *set, const char *key)
{
    return set->capacity && set->slots[slot_of(set->slots, set->capacity, key)] != NULL;
}

void keyset_free(struct keyset *set)
{
    for (size_t i = 0; i < set->capacity; i++)
        free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof *set);
}
