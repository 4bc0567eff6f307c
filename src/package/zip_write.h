/* zip_write.h — a package's ZIP built in memory with libzip, the same bytes
 * for the same entries: entries in the order given, one timestamp for all,
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
    const unsigned char *bytes; /* must live until zip_package_build returns */
    size_t size;
    enum zip_entry_method method;
};

struct zip_package_options {
    int64_t mtime;        /* seconds since 1970, written as that UTC time */
    const char *password; /* NULL: not encrypted */
};

/* The ZIP's bytes (heap), or NULL with the reason in error. */
unsigned char *zip_package_build(const struct zip_entry_data *entries, size_t count,
                                 const struct zip_package_options *options, size_t *size,
                                 struct strbuf *error);

#endif
