/* zip_stream.h — a ZIP written front to back to a file descriptor that may
 * be a pipe or a socket: nothing is sought back, so libzip (which seeks
 * back over each entry's header) will not do.
 *
 * Each entry is a local header whose sizes and CRC-32 come after the data,
 * in a data descriptor (general-purpose bit 3); the data is stored as
 * given (method 0: our entries are PDFs and ZIPs, already compressed); the
 * central directory and the end record follow at zip_stream_finish.
 *
 * Same entries, same bytes: one DOS date and time for every entry, made
 * from the date given (UTC; before 1980, 1980-01-01), a fixed "version
 * made by" (Unix) and permissions (0644), UTF-8 names (bit 11), no extra
 * field, no comment, nothing from the clock.
 *
 * No ZIP64: past 65,535 entries or 4 GiB the archive is refused. Memory
 * stays flat whatever the entries' sizes: one central-directory record
 * per entry (its name and a few numbers), never the data.
 *
 * Errors: every function that fails says why, in French, in error. A
 * failure once bytes have gone out (a write error, the 4 GiB limit, the
 * reader gone from the pipe) breaks the stream: every later call fails
 * with the same reason. A name refused by zip_stream_begin (empty, too
 * long, already in the archive, one too many) leaves the stream as it
 * was. */
#ifndef STAGEDOC_PACKAGE_ZIP_STREAM_H
#define STAGEDOC_PACKAGE_ZIP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/strbuf.h"

#define ZIP_STREAM_MAX_ENTRIES 65535u
#define ZIP_STREAM_MAX_NAME 65535u

struct zip_stream;

/* A stream to fd (which stays the caller's to close), every entry dated
 * date (seconds since 1970, UTC). NULL when memory runs out. */
struct zip_stream *zip_stream_new(int fd, int64_t date);
/* Starts the entry name (UTF-8, '/' separated; the caller checks that it
 * stays inside the archive). The previous entry must have ended. */
bool zip_stream_begin(struct zip_stream *zip, const char *name, struct strbuf *error);
/* The entry's next bytes, written through at once. */
bool zip_stream_write(struct zip_stream *zip, const void *bytes, size_t size,
                      struct strbuf *error);
/* Ends the entry: its data descriptor. */
bool zip_stream_end(struct zip_stream *zip, struct strbuf *error);
/* The central directory and end record: the archive is complete. No entry
 * may be open; nothing can be added after. */
bool zip_stream_finish(struct zip_stream *zip, struct strbuf *error);
/* Bytes written to fd so far. */
uint64_t zip_stream_offset(const struct zip_stream *zip);
/* Frees the stream; fd is not closed, and an unfinished archive stays
 * unfinished (a reader sees it is not a ZIP). */
void zip_stream_free(struct zip_stream *zip);

/* The DOS date and time a ZIP records for date (seconds since 1970, UTC),
 * clamped to what DOS can hold (1980-01-01 to 2107-12-31). */
void zip_dos_date_time(int64_t date, uint16_t *dos_date, uint16_t *dos_time);

#endif
