/* pdf_open.h — opening a PDF held in memory with libqpdf's C API, quietly
 * (nothing printed; errors and warnings come back as text), and telling a
 * readable PDF from a damaged or encrypted one. Every PDF passes the budgets
 * of pdf_scan.h before qpdf parses it. Shared by the inspection
 * of a package's documents and by the listing of signature fields. */
#ifndef STAGEDOC_PACKAGE_PDF_OPEN_H
#define STAGEDOC_PACKAGE_PDF_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <qpdf/qpdf-c.h>

#include "../util/strbuf.h"
#include "pdf_scan.h"

/* The largest PDF stagedoc reads from a student, a tutor or a package:
 * reports with photographs stay well under it, and it bounds the memory a
 * hostile file can claim (README, « Limites »). */
#define PDF_INPUT_MAX_SIZE ((size_t)64 << 20)

enum pdf_state {
    PDF_READABLE,
    PDF_DAMAGED,   /* not a PDF, or damaged beyond qpdf's recovery */
    PDF_ENCRYPTED, /* password-protected, or encrypted with an empty password */
};

struct pdf_handle {
    qpdf_data qpdf;   /* NULL when the PDF could not be opened */
    enum pdf_state state;
    bool repaired;    /* qpdf had to reconstruct a damaged structure */
    bool over_budget; /* refused by pdf_scan before qpdf saw it (PDF_DAMAGED) */
};

/* Opens bytes (which must outlive the handle); description names the
 * document in qpdf's messages. The reason for a damaged or encrypted PDF,
 * or for a repair, goes to reason. Close the handle even on failure. */
void pdf_open_memory(struct pdf_handle *pdf, const unsigned char *bytes, size_t size,
                     const char *description, struct strbuf *reason);
/* The same after a scan of the given depth (pdf_open_memory scans the
 * structure only), whose counts go to scan. */
void pdf_open_scanned(struct pdf_handle *pdf, const unsigned char *bytes, size_t size,
                      const char *description, enum pdf_scan_depth depth,
                      struct pdf_scan *scan, struct strbuf *reason);
/* A qpdf error raised by the last object call, added to reason: true when
 * there was one (the results of that call are then meaningless). */
bool pdf_take_error(struct pdf_handle *pdf, struct strbuf *reason);
/* Warnings qpdf has collected since the last call: the first one goes to
 * reason (when it is empty), the rest are dropped. True when there were some. */
bool pdf_take_warnings(struct pdf_handle *pdf, struct strbuf *reason);
void pdf_close(struct pdf_handle *pdf);

#endif
