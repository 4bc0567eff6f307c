/* zip_read.h — reading a package's ZIP with libzip for verification: its
 * entries' names in order, and each entry's bytes, decrypted when a password
 * is given, with the CRC checked by libzip and a bound against ZIP bombs. */
#ifndef STAGEDOC_PACKAGE_ZIP_READ_H
#define STAGEDOC_PACKAGE_ZIP_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/strbuf.h"

struct zip_package;

enum zip_read_status {
    ZIP_READ_OK,
    ZIP_READ_DAMAGED,      /* bad CRC, truncated or undecodable data */
    ZIP_READ_NEEDS_PASSWORD,
    ZIP_READ_WRONG_PASSWORD,
    ZIP_READ_TOO_LARGE,
};

/* Opens a ZIP held in memory (bytes must outlive the package) with
 * libzip's consistency checks; NULL with the reason when it is not a
 * sound ZIP. The password, when given, decrypts every entry. */
struct zip_package *zip_package_open(const unsigned char *bytes, size_t size,
                                     const char *password, struct strbuf *error);
/* The same from an open file, read where needed rather than held whole (a
 * package may weigh a gigabyte); the package owns the file from then on,
 * even when NULL is returned. */
struct zip_package *zip_package_open_file(FILE *file, const char *password,
                                          struct strbuf *error);
size_t zip_package_count(const struct zip_package *package);
/* The index of the entry named name (as zip_package_name gives it), found
 * through libzip's hash table; false when there is none. */
bool zip_package_locate(const struct zip_package *package, const char *name, size_t *index);
/* The i-th entry's name as stored (UTF-8 when flagged, else as is). */
const char *zip_package_name(const struct zip_package *package, size_t i);
bool zip_package_encrypted(const struct zip_package *package, size_t i);
/* The i-th entry's bytes (heap, *bytes NULL unless ZIP_READ_OK); at most
 * max_size bytes are read. */
enum zip_read_status zip_package_read(struct zip_package *package, size_t i, size_t max_size,
                                      unsigned char **bytes, size_t *size,
                                      struct strbuf *error);
/* The i-th entry read a piece at a time, for a part too large to hold
 * whole (a workbook's sheet): at most max_size bytes in all. */
struct zip_entry_stream;
struct zip_entry_stream *zip_package_stream(struct zip_package *package, size_t i,
                                            size_t max_size, struct strbuf *error);
/* Up to len bytes into buffer: how many (0 at the end), or -1 when the entry
 * is damaged or passes max_size. */
long zip_entry_stream_read(struct zip_entry_stream *stream, void *buffer, size_t len);
/* Closes the stream; ZIP_READ_OK when it was read whole and its CRC checks
 * (otherwise the reason in error). */
enum zip_read_status zip_entry_stream_close(struct zip_entry_stream *stream,
                                            struct strbuf *error);
void zip_package_close(struct zip_package *package);
/* libzip's error code as a French sentence (libzip's own text is English):
 * "les données d'une entrée sont altérées (somme de contrôle CRC
 * incorrecte)". Static string. */
const char *zip_error_french(int code);

#endif
