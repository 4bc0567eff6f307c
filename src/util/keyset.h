/* keyset.h — a set of strings, for "seen before?" on lists a stranger can
 * make long (regions of a holidays file, diagnostics already said): each
 * question costs the same however many keys are in (open addressing, FNV-1a,
 * the table doubled at half full), where a strstr over a growing list made
 * the whole read quadratic. Each set hashes with a random key of its own,
 * so that nobody can write in advance names that all fall on one slot. */
#ifndef STAGEDOC_UTIL_KEYSET_H
#define STAGEDOC_UTIL_KEYSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct keyset {
    char **slots;
    size_t capacity, count;
    uint64_t seed; /* drawn when the first key comes */
};

#define KEYSET_INIT {NULL, 0, 0, 0}

/* Adds a copy of key; *added says whether it was new. False when out of
 * memory (the set is unchanged). */
bool keyset_add(struct keyset *set, const char *key, bool *added);
bool keyset_contains(const struct keyset *set, const char *key);
void keyset_free(struct keyset *set);

#endif
