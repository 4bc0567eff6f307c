/* zip_read.h — reading a package's ZIP with libzip for verification: its
 * entries' names in order, and each entry's bytes, decrypted when a password
 * is given, with the CRC checked by libzip and a bound against ZIP bombs. */
#ifndef STAGEDOC_PACKAGE_ZIP_READ_H
#define STAGEDOC_PACKAGE_ZIP_READ_H

#include <stdbool.h>
#include <stddef.h>

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
size_t zip_package_count(const struct zip_package *package);
/* The i-th entry's name as stored (UTF-8 when flagged, else as is). */
const char *zip_package_name(const struct zip_package *package, size_t i);
bool zip_package_encrypted(const struct zip_package *package, size_t i);
/* The i-th entry's bytes (heap, *bytes NULL unless ZIP_READ_OK); at most
 * max_size bytes are read. */
enum zip_read_status zip_package_read(struct zip_package *package, size_t i, size_t max_size,
                                      unsigned char **bytes, size_t *size,
                                      struct strbuf *error);
void zip_package_close(struct zip_package *package);

#endif
