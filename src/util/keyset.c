/* keyset.c — a set of strings by open addressing (keyset.h). */
#include "keyset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* FNV-1a from the set's seed, then splitmix64's finish so that the low
 * bits the table uses depend on every byte and on the seed. */
static uint64_t hash_of(uint64_t seed, const char *key)
{
    uint64_t hash = 0xcbf29ce484222325u ^ seed;
    for (; *key; key++)
        hash = (hash ^ (unsigned char)*key) * 0x100000001b3u;
    hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9u;
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebu;
    return hash ^ (hash >> 31);
}

/* A key nobody can guess; should the system give none, the address of the
 * set still differs from run to run (address space randomisation). */
static uint64_t random_seed(const struct keyset *set)
{
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
        seed = (uint64_t)(uintptr_t)set * 0x9e3779b97f4a7c15u;
    return seed;
}

/* The slot holding key, or the empty one where it would go. */
static size_t slot_of(uint64_t seed, char *const *slots, size_t capacity, const char *key)
{
    size_t at = (size_t)hash_of(seed, key) & (capacity - 1);
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
    if (set->capacity == 0)
        set->seed = random_seed(set);
    for (size_t i = 0; i < set->capacity; i++)
        if (set->slots[i])
            slots[slot_of(set->seed, slots, capacity, set->slots[i])] = set->slots[i];
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
    size_t at = slot_of(set->seed, set->slots, set->capacity, key);
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
    return set->capacity && set->slots[slot_of(set->seed, set->slots, set->capacity, key)] != NULL;
}

void keyset_free(struct keyset *set)
{
    for (size_t i = 0; i < set->capacity; i++)
        free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof *set);
}
