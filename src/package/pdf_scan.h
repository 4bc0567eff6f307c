/* pdf_scan.h — the budgets of a handed-in PDF, checked on its bytes before
 * qpdf parses anything.
 *
 * qpdf has no limits of its own (Debian 12 ships 11.3): it inflates a
 * stream whole into memory, parses every object of an object stream as
 * soon as one of them is needed, and an object of a few bytes per element
 * costs it a few hundred bytes. A PDF of 17 KB can thus claim gigabytes. So
 * every PDF stagedoc opens is first lexed here, linearly:
 *   - every indirect object ("N G obj" anywhere in the file, even inside
 *     another stream's data, where an xref offset may point), every trailer
 *     and every xref table row counts its elementary objects (numbers,
 *     names, strings, arrays, dictionaries) against PDF_MAX_OBJECTS;
 *   - the streams qpdf decodes to read the structure (object streams: a
 *     dictionary with /N and /First; xref streams: one with /W) are
 *     inflated here, bounded, and an object stream's objects counted too;
 *   - with PDF_SCAN_EVERY_STREAM (the full check of a document handed in),
 *     every Flate stream is inflated as well, without keeping its bytes,
 *     against a budget of decoded bytes proportional to the file's size:
 *     a stream compressed twice over (a bomb) stops at the budget.
 * Streams with other filters (images, LZW) are not decoded: nothing stagedoc
 * checks reads them. */
#ifndef STAGEDOC_PACKAGE_PDF_SCAN_H
#define STAGEDOC_PACKAGE_PDF_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

/* Elementary objects in the whole file, object streams included: a report
 * of a hundred pages has some tens of thousands; qpdf spends up to ~300
 * bytes on each it parses. */
#define PDF_MAX_OBJECTS 400000
/* Decoded bytes of the file's Flate streams: PDF_DECODED_RATIO times the
 * file's size, and at least PDF_DECODED_FLOOR (photographs stored as Flate
 * images inflate some 2 to 10 times; a bomb, a thousand times a layer). */
#define PDF_DECODED_RATIO 32
#define PDF_DECODED_FLOOR ((size_t)64 << 20)
/* One object stream, decoded: qpdf holds it whole and parses all of it. */
#define PDF_OBJECT_STREAM_MAX_SIZE ((size_t)16 << 20)
/* Filters applied one over the other on one stream (two Flate layers are
 * already unusual). */
#define PDF_MAX_FILTERS 4

enum pdf_scan_depth {
    PDF_SCAN_STRUCTURE,    /* what qpdf decodes to open it: object and xref streams */
    PDF_SCAN_EVERY_STREAM, /* also every Flate stream, as a viewer would */
};

struct pdf_scan {
    size_t objects;       /* elementary objects counted */
    size_t decoded;       /* bytes inflated */
    bool damaged_stream;  /* a Flate stream does not inflate (EVERY_STREAM) */
    bool length_mismatch; /* a stream's /Length is not where its data ends */
};

/* False, with the reason in French (« le PDF … »), when the file passes a
 * budget; result says what was counted either way. */
bool pdf_scan(const unsigned char *bytes, size_t size, enum pdf_scan_depth depth,
              struct pdf_scan *result, struct strbuf *reason);

#endif
