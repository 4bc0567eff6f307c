/* zip_write.h — a package's ZIP built with libzip, written to a file (or,
 * small, in memory), the same bytes for the same entries: entries in the order given, one timestamp for all,
 * fixed Unix permissions (0644), UTF-8 names, no extra fields and no
 * archive comment; stored or deflated (level 9) as each entry asks.
 *
 * With a password every entry is encrypted with WinZip AES-256, which 7-Zip,
 * libzip's ziptool and most archivers open. AES salts are random, so an
 * encrypted package is never byte-identical to another: that is the point
 * of the salt. */
#ifndef STAGEDOC_PACKAGE_ZIP_WRITE_H
#define STAGEDOC_PACKAGE_ZIP_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

enum zip_entry_method {
    ZIP_ENTRY_STORE,   /* PDFs: already compressed */
    ZIP_ENTRY_DEFLATE, /* text: manifest.xml */
};

struct zip_entry_data {
    const char *name;           /* UTF-8, '/' separated, never absolute */
    const unsigned char *bytes; /* must live until the ZIP is made; NULL: read from path */
    size_t size;
    enum zip_entry_method method;
    /* With bytes NULL: the file read again as the entry is written, which
     * must still have this size and this SHA-256 (zip_sources.h). */
    const char *path;
    const char *sha256;
};

struct zip_package_options {
    int64_t mtime;        /* seconds since 1970, written as that UTC time */
    const char *password; /* NULL: not encrypted */
};

/* The ZIP written to fd from its start (truncated first; a pipe will not
 * do: libzip seeks back over each entry's header). Memory stays that of a
 * piece of an entry, whatever the ZIP's size. False with the reason. */
bool zip_package_write(const struct zip_entry_data *entries, size_t count,
                       const struct zip_package_options *options, int fd, struct strbuf *error);
/* The same in memory: the ZIP's bytes (heap), or NULL with the reason. */
unsigned char *zip_package_build(const struct zip_entry_data *entries, size_t count,
                                 const struct zip_package_options *options, size_t *size,
                                 struct strbuf *error);

#endif
