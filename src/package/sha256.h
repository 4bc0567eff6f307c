/* sha256.h — SHA-256 digests as the 64 lower-case hexadecimal digits that
 * manifest.xml and index.tsv write (OpenSSL's libcrypto, EVP interface). */
#ifndef STAGEDOC_PACKAGE_SHA256_H
#define STAGEDOC_PACKAGE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SHA256_HEX_SIZE 65 /* 64 digits and the terminating NUL */

/* False only when libcrypto fails (out of memory). */
bool sha256_hex(const void *data, size_t size, char out[SHA256_HEX_SIZE]);
/* The digest of a file from its current position to its end, read a piece
 * at a time (a package of a gigabyte is not held in memory). False on a
 * read error too. */
bool sha256_hex_file(FILE *file, char out[SHA256_HEX_SIZE]);

/* A digest of bytes given a piece at a time (a package written as it is
 * made, a file read again): begin, add each piece, then finish, which
 * frees it (NULL is taken: a failed begin fails the finish). */
struct sha256_stream;
struct sha256_stream *sha256_begin(void);
bool sha256_add(struct sha256_stream *stream, const void *data, size_t size);
bool sha256_finish(struct sha256_stream *stream, char out[SHA256_HEX_SIZE]);

#endif
