/* zip_sources.h — two libzip sources of our own, so that a package of
 * several hundred megabytes is never held in memory:
 *   - a sink: the archive written to a file descriptor (libzip writes each
 *     entry's local header, its data, then seeks back to complete the
 *     header, so the sink must seek too; a pipe would not do);
 *   - a checked file: an entry's data read again from the file that was
 *     checked before (pdf_open, pdf_scan), piece by piece, whose size and
 *     SHA-256 must still be the ones checked and written in manifest.xml.
 *     A file changed in between fails the archive: what is packaged is
 *     exactly what was checked. */
#ifndef STAGEDOC_PACKAGE_ZIP_SOURCES_H
#define STAGEDOC_PACKAGE_ZIP_SOURCES_H

#include <stddef.h>
#include <zip.h>

#include "../util/strbuf.h"
#include "sha256.h"

/* Writes to fd (truncated when libzip begins writing), which stays the
 * caller's to close. NULL with the reason in error. */
zip_source_t *zip_source_descriptor_sink(int fd, zip_error_t *error);

/* Reads path when libzip copies the entry; size and sha256 are those
 * checked. Why it failed, in French, goes to why (which must outlive the
 * source). NULL with the reason in error. */
zip_source_t *zip_source_checked_file(zip_t *archive, const char *path, size_t size,
                                      const char sha256[SHA256_HEX_SIZE], struct strbuf *why);

#endif
