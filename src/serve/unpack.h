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
#define UNPACK_MAX_MEMBER (256u << 20)
#define UNPACK_MAX_TOTAL (1024u << 20)
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
/* Writes each member ending in suffix to dir/prefixN; false with a French
 * reason in error when the archive is unreadable or past a bound. */
bool unpack_members(const char *path, const char *suffix, const char *dir, const char *prefix,
                    struct unpacked_list *list, struct strbuf *error);
void unpacked_list_free(struct unpacked_list *list);

#endif
