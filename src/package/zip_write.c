/* zip_write.c — libzip writing into a file descriptor (zip_sources.h) or a
 * memory buffer, the entries' data from memory or from their checked files. */
#include "zip_write.h"
#include "zip_read.h"
#include "zip_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zip.h>

#define DOS_EPOCH 315532800 /* 1980-01-01: the earliest time a ZIP can hold */
#define ENTRY_MODE 0100644u /* a regular file, rw-r--r-- */

/* libzip turns a time_t into DOS date and time with localtime(); this gives
 * the time_t whose local breakdown shows the UTC clock of mtime, so the
 * bytes do not depend on the machine's time zone. */
static time_t time_showing_utc(int64_t mtime)
{
    time_t utc = (time_t)(mtime < DOS_EPOCH ? DOS_EPOCH : mtime);
    struct tm fields;
    if (!gmtime_r(&utc, &fields))
        return utc;
    fields.tm_isdst = -1;
    time_t local = mktime(&fields);
    return local == (time_t)-1 ? utc : local;
}

static void say_zip_error(struct strbuf *error, const char *what, zip_error_t *zip_error)
{
    strbuf_printf(error, "%s : %s", what, zip_error_french(zip_error_code_zip(zip_error)));
}

static bool add_entry(zip_t *archive, const struct zip_entry_data *entry, time_t mtime,
                      const char *password, struct strbuf *why, struct strbuf *error)
{
    zip_source_t *source =
        entry->bytes || !entry->path
            ? zip_source_buffer(archive, entry->bytes, entry->size, 0)
            : zip_source_checked_file(archive, entry->path, entry->size, entry->sha256, why);
    zip_int64_t index = source ? zip_file_add(archive, entry->name, source, ZIP_FL_ENC_UTF_8)
                               : -1;
    if (index < 0) {
        zip_source_free(source);
        say_zip_error(error, entry->name, zip_get_error(archive));
        return false;
    }
    zip_uint64_t at = (zip_uint64_t)index;
    bool stored = entry->method == ZIP_ENTRY_STORE;
    bool ok = zip_set_file_compression(archive, at, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                       stored ? 0 : 9) == 0 &&
              zip_file_set_mtime(archive, at, mtime, 0) == 0 &&
              zip_file_set_external_attributes(archive, at, 0, ZIP_OPSYS_UNIX,
                                               (zip_uint32_t)ENTRY_MODE << 16) == 0 &&
              (!password || zip_file_set_encryption(archive, at, ZIP_EM_AES_256, password) == 0);
    if (!ok)
        say_zip_error(error, entry->name, zip_get_error(archive));
    return ok;
}

/* Everything the buffer source holds, once the archive is closed. */
static unsigned char *source_bytes(zip_source_t *source, size_t *size, struct strbuf *error)
{
    unsigned char *bytes = NULL;
    zip_int64_t length = -1;
    if (zip_source_open(source) == 0) {
        if (zip_source_seek(source, 0, SEEK_END) == 0)
            length = zip_source_tell(source);
        if (length >= 0 && zip_source_seek(source, 0, SEEK_SET) == 0)
            bytes = malloc(length > 0 ? (size_t)length : 1);
        if (bytes && zip_source_read(source, bytes, (zip_uint64_t)length) != length) {
            free(bytes);
            bytes = NULL;
        }
        zip_source_close(source);
    }
    if (!bytes)
        say_zip_error(error, "archive en mémoire", zip_source_error(source));
    *size = bytes ? (size_t)length : 0;
    return bytes;
}

/* The entries into the archive opened on destination, closed: false with
 * the reason (a checked file's own, when one changed). The destination is
 * the caller's to free. */
static bool write_archive(zip_source_t *destination, const struct zip_entry_data *entries,
                          size_t count, const struct zip_package_options *options,
                          struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_t *archive = zip_open_from_source(destination, ZIP_CREATE | ZIP_TRUNCATE, &zip_error);
    if (!archive) {
        say_zip_error(error, "archive", &zip_error);
        zip_error_fini(&zip_error);
        return false;
    }
    zip_error_fini(&zip_error);
    zip_source_keep(destination); /* it must outlive zip_close, which writes into it */
    time_t mtime = time_showing_utc(options->mtime);
    struct strbuf why = STRBUF_INIT; /* a checked file's reason */
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++)
        ok = add_entry(archive, &entries[i], mtime, options->password, &why, error);
    if (ok && zip_close(archive) != 0) {
        if (why.len) {
            strbuf_puts(error, strbuf_str(&why));
        } else {
            strbuf_puts(error, "écriture impossible (");
            say_zip_error(error, "archive", zip_get_error(archive));
            strbuf_puts(error, ")");
        }
        ok = false;
    }
    if (!ok)
        zip_discard(archive);
    strbuf_free(&why);
    return ok;
}

bool zip_package_write(const struct zip_entry_data *entries, size_t count,
                       const struct zip_package_options *options, int fd, struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_source_t *sink = zip_source_descriptor_sink(fd, &zip_error);
    bool ok = sink != NULL;
    if (!ok)
        say_zip_error(error, "archive", &zip_error);
    else
        ok = write_archive(sink, entries, count, options, error);
    zip_source_free(sink);
    zip_error_fini(&zip_error);
    return ok;
}

unsigned char *zip_package_build(const struct zip_entry_data *entries, size_t count,
                                 const struct zip_package_options *options, size_t *size,
                                 struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_source_t *buffer = zip_source_buffer_create(NULL, 0, 0, &zip_error);
    bool ok = buffer != NULL;
    if (!ok)
        say_zip_error(error, "archive", &zip_error);
    else
        ok = write_archive(buffer, entries, count, options, error);
    unsigned char *bytes = ok ? source_bytes(buffer, size, error) : NULL;
    zip_source_free(buffer);
    zip_error_fini(&zip_error);
    return bytes;
}
