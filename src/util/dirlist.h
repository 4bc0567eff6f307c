/* dirlist.h — the files under a folder whose names end with a suffix, in
 * its subfolders too, sorted by path so output is the same on every run.
 * Hidden entries (a name starting with '.', such as the temporary files of
 * atomic writes) are skipped; symbolic links are not followed into folders. */
#ifndef STAGEDOC_UTIL_DIRLIST_H
#define STAGEDOC_UTIL_DIRLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

struct path_list {
    char **paths;
    size_t count;
};

/* suffix is compared without regard to ASCII case (".pdf" finds ".PDF").
 * False with the reason when the folder cannot be read. */
bool dirlist_find(const char *dir, const char *suffix, struct path_list *list,
                  struct strbuf *error);
void path_list_free(struct path_list *list);

#endif
