/* zipwrite.h — a ZIP package (XLSX, ODS) built in memory, reproducibly.
 *
 * Entries go in the order they are added, each with the same timestamp
 * (the package's date, written as its UTC day and time whatever the
 * machine's time zone) and no extra field, so that the same parts give the
 * same bytes. Errors are sticky, as in strbuf: after a failure every add is
 * a no-op and zipwrite_end says false. */
#ifndef STAGEDOC_IMPORT_ZIPWRITE_H
#define STAGEDOC_IMPORT_ZIPWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

struct zipwrite {
    void *zip;    /* zip_t */
    void *memory; /* zip_source_t: the archive's bytes */
    long long date;
    bool failed;
};

/* date: seconds since 1970, for every entry. */
void zipwrite_begin(struct zipwrite *w, long long date);
/* A part from constant text (not copied: it must outlive zipwrite_end). */
void zipwrite_constant(struct zipwrite *w, const char *name, const char *text);
/* A part from a buffer, whose text the package takes (text is reset). */
void zipwrite_part(struct zipwrite *w, const char *name, struct strbuf *text);
/* The same, stored uncompressed (an ODF package's mimetype). */
void zipwrite_stored(struct zipwrite *w, const char *name, struct strbuf *text);
/* The archive's bytes (heap in *bytes); false when anything failed. */
bool zipwrite_end(struct zipwrite *w, void **bytes, size_t *size);

#endif
