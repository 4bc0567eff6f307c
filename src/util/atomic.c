/* atomic.c — temporary file, then rename. */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

bool atomic_make_dirs(const char *dir, struct strbuf *error)
{
    char *path = strdup(dir);
    if (!path) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    bool ok = true;
    for (char *slash = path + 1; ok; slash++) {
        bool end = *slash == '\0';
        if (*slash != '/' && !end)
            continue;
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            strbuf_printf(error, "%s : impossible de créer le dossier (%s)", path, strerror(errno));
            ok = false;
        }
        if (end)
            break;
        *slash = '/';
    }
    free(path);
    return ok;
}

bool atomic_write(const char *path, const void *data, size_t size, struct strbuf *error)
{
    struct strbuf temporary = STRBUF_INIT;
    const char *slash = strrchr(path, '/');
    if (slash)
        strbuf_printf(&temporary, "%.*s.%s.XXXXXX", (int)(slash - path + 1), path, slash + 1);
    else
        strbuf_printf(&temporary, ".%s.XXXXXX", path);
    char *name = strbuf_detach(&temporary);
    int fd = name ? mkstemp(name) : -1;
    if (fd < 0) {
        strbuf_printf(error, "%s : écriture impossible (%s)", path, strerror(errno));
        free(name);
        return false;
    }
    /* No fsync: rename already gives readers the old file or the whole new
     * one; flushing each of thousands of documents to disk would cost more
     * than making them. */
    bool ok = file_write_all(fd, data, size) && fchmod(fd, 0644) == 0;
    int saved = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(name, path) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        strbuf_printf(error, "%s : écriture impossible (%s)", path, strerror(saved));
        unlink(name);
    }
    free(name);
    return ok;
}
