/* pdf_inspect.h — the facts a package records about each of its PDFs and
 * the checks before packaging rely on: readable or not (within the budgets
 * of pdf_scan.h and pdf_pages.h, every Flate stream inflating cleanly, and
 * the structure, page tree and form fields read by qpdf), encrypted or not,
 * the page count, and how many of its signature fields carry a signature.
 * Nothing more is decoded than these checks use: qpdf's full check (which
 * decoded every stream, images included, without a bound) is not run. */
#ifndef STAGEDOC_PACKAGE_PDF_INSPECT_H
#define STAGEDOC_PACKAGE_PDF_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf_open.h"

struct pdf_facts {
    enum pdf_state state;
    bool repaired;        /* readable, but qpdf repaired it or warned */
    int pages;            /* -1 unless readable */
    int signature_fields; /* fields of type /Sig */
    int signatures;       /* of which signed */
};

/* Fills facts; the reason for a damaged or encrypted PDF (or for a repair)
 * goes to reason. */
void pdf_inspect(const unsigned char *bytes, size_t size, const char *description,
                 struct pdf_facts *facts, struct strbuf *reason);

#endif
