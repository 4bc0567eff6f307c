/* confine.h — opening a file an input names, only if it lies under a root
 * folder.
 *
 * A web server gives stagedoc a private folder of uploaded files: a report,
 * a signed copy or a logo that an input names must be one of them, not
 * /etc/passwd, ../other-class/rapport.pdf nor a link that leads out. The
 * file is opened through the root's descriptor with openat2
 * (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, Linux 5.6 and later), so that
 * the kernel refuses any way out and nothing can be swapped between the
 * check and the open; without openat2, the path with its links resolved
 * (realpath) must start with the root's. A path that leads out is said to
 * lead out whether or not its target exists, so that an input cannot probe
 * the server's files.
 *
 * With no root (NULL), a file is opened wherever it is, as on a teacher's
 * own machine. */
#ifndef STAGEDOC_UTIL_CONFINE_H
#define STAGEDOC_UTIL_CONFINE_H

#include <stdbool.h>
#include <stddef.h>

#include "file.h"

/* How a confined open went: FILE_OK with a descriptor, outside (the path
 * leads out of the root), or a file status as file_open_regular_fd's. */
struct confine_result {
    bool outside;
    enum file_status status;
};

/* Opens written, relative to folder (the folder of the input that names
 * it; written alone when absolute), if it is a regular file under root
 * (NULL: anywhere). A descriptor (O_RDONLY | O_CLOEXEC) or -1, with *result
 * saying why. */
int confine_open(const char *root, const char *folder, const char *written,
                 struct confine_result *result);
/* The same, read whole into a NUL-terminated heap buffer of at most
 * max_size bytes (FILE_TOO_LARGE past it, with *size the file's size). */
bool confine_read_all(const char *root, const char *folder, const char *written,
                      size_t max_size, char **data, size_t *size,
                      struct confine_result *result);
/* Whether written leads out of root: false with no root, or when it stays
 * under it (missing or not, readable or not). */
bool confine_leads_out(const char *root, const char *folder, const char *written);

#endif
