/* atomic.h — writing output files so that nothing is ever half-written.
 *
 * The bytes go to a temporary file in the destination's folder, which is
 * then renamed over the destination: readers see the old file or the new
 * one, never a mix, and a failure leaves the old file untouched. */
#ifndef STAGEDOC_UTIL_ATOMIC_H
#define STAGEDOC_UTIL_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Creates dir and its parents (mode 0755) as needed. */
bool atomic_make_dirs(const char *dir, struct strbuf *error);
/* Writes data to path atomically. False with "path: reason" in error. */
bool atomic_write(const char *path, const void *data, size_t size, struct strbuf *error);

#endif
