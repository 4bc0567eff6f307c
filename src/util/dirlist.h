/* dirlist.h — the files under a folder whose names end with a suffix, in
 * its subfolders too, sorted by path so output is the same on every run.
 *
 * The folder named is opened as named; below it, nothing is followed: each
 * subfolder is opened relative to its parent with O_NOFOLLOW, so a link
 * cannot lead the walk (and whoever reads what it lists) out of the folder.
 * What is not read — a symbolic link, a FIFO or device, a hidden entry (a
 * name starting with '.'), a folder deeper than DIRLIST_MAX_DEPTH, an
 * unreadable subfolder — can be handed back to be reported, never dropped
 * silently. Hidden files that do not end with the suffix (the temporaries
 * of atomic writes, ".convention.pdf.a1b2c3") are not reported. */
#ifndef STAGEDOC_UTIL_DIRLIST_H
#define STAGEDOC_UTIL_DIRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Folders below the one named that the walk enters. */
#define DIRLIST_MAX_DEPTH 16

struct path_list {
    char **paths;
    size_t count, capacity;
};

enum dirlist_skip {
    DIRLIST_LINK,        /* a symbolic link, not followed */
    DIRLIST_NOT_REGULAR, /* a FIFO, socket or device */
    DIRLIST_HIDDEN,      /* a hidden folder, or a hidden file with the suffix */
    DIRLIST_TOO_DEEP,    /* a folder below DIRLIST_MAX_DEPTH levels */
    DIRLIST_UNREADABLE,  /* a subfolder that could not be opened */
};

/* What a walk left out: paths[i] (raw, from the disk: escape it before
 * printing) for reasons[i]. */
struct dirlist_skipped {
    struct path_list list;
    enum dirlist_skip *reasons;
    size_t reason_capacity;
};

/* suffix is compared without regard to ASCII case (".pdf" finds ".PDF").
 * Regular files only; what is not read goes to *skipped. False with the
 * reason when the folder itself cannot be read. */
bool dirlist_find_checked(const char *dir, const char *suffix, struct path_list *list,
                          struct dirlist_skipped *skipped, struct strbuf *error);
/* The same, but symbolic links whose names end with suffix are listed with
 * the files (a folder of CSV sheets the user made), and what is skipped is
 * not handed back. */
bool dirlist_find(const char *dir, const char *suffix, struct path_list *list,
                  struct strbuf *error);
void path_list_free(struct path_list *list);
void dirlist_skipped_free(struct dirlist_skipped *skipped);

#endif
