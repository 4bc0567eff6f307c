/* arena.h — a bump allocator whose memory is released all at once.
 *
 * Each stage's model lives in one arena: building it allocates freely and
 * freeing the stage frees everything, so no string has a separate owner. */
#ifndef STAGEDOC_UTIL_ARENA_H
#define STAGEDOC_UTIL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    bool failed; /* an allocation failed: results may be incomplete */
};

#define ARENA_INIT {NULL, false}

/* Zeroed memory, or NULL (and arena->failed) when memory runs out. */
void *arena_alloc(struct arena *arena, size_t size);
char *arena_strdup(struct arena *arena, const char *text);
char *arena_strndup(struct arena *arena, const char *text, size_t len);
void arena_free(struct arena *arena);

#endif
