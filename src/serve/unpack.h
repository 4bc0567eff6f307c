/* unpack.h — the members of an uploaded ZIP taken out as files: the
 * packages inside a ZIP of packages (verify), the PDFs inside a ZIP
 * (signatures). The archive is a stranger's: entries, sizes and the
 * compression ratio are bounded before anything is written, and member
 * names are only shown, never used as paths. */
#ifndef STAGEDOC_SERVE_UNPACK_H
#define STAGEDOC_SERVE_UNPACK_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

#define UNPACK_MAX_MEMBERS 1000
/* A member as large as the engine reads a PDF (PDF_INPUT_MAX_SIZE). */
#define UNPACK_MAX_MEMBER (64u << 20)
#define UNPACK_MAX_RATIO 200

struct unpacked {
    char *name;  /* the member's name, to show */
    char *path;  /* where its bytes were written */
};

struct unpacked_list {
    struct unpacked *items;
    size_t count, capacity;
};

/* Whether the ZIP at path holds members ending in suffix (".zip", ".pdf",
 * case ignored) and no manifest.xml (a package itself is not a ZIP of
 * packages). */
bool unpack_is_collection(const char *path, const char *suffix);
/* Writes each member ending in suffix to dir/prefixN, at most total bytes
 * in all (the caller ties it to the request's size); false with a French
 * reason in error when the archive is unreadable, and *too_large set when
 * it is past a bound. */
bool unpack_members(const char *path, const char *suffix, const char *dir, const char *prefix,
                    size_t total, struct unpacked_list *list, struct strbuf *error,
                    bool *too_large);
void unpacked_list_free(struct unpacked_list *list);

#endif
