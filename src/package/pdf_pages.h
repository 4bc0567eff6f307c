/* pdf_pages.h — a handed-in PDF's page count, within a budget.
 *
 * qpdf lists the pages of the tree in one go, and copies a page object the
 * tree names twice: a tree whose /Kids name one page 200,000 times costs it
 * hundreds of megabytes. The tree is first walked here, counting the
 * references to pages without listing them, and refused past PDF_MAX_PAGES
 * pages, PDF_MAX_PAGE_TREE_NODES nodes or PDF_MAX_PAGE_TREE_DEPTH levels;
 * only then does qpdf count. */
#ifndef STAGEDOC_PACKAGE_PDF_PAGES_H
#define STAGEDOC_PACKAGE_PDF_PAGES_H

#include "pdf_open.h"

/* A report has tens of pages, an English datasheet or manual hundreds. */
#define PDF_MAX_PAGES 10000
/* Balanced trees of 10,000 pages have 3 or 4 levels and a few hundred
 * inner nodes; a lattice of nodes naming the same node again could make
 * the walk exponential without pages, so the nodes visited are bounded. */
#define PDF_MAX_PAGE_TREE_DEPTH 64
#define PDF_MAX_PAGE_TREE_NODES (2 * PDF_MAX_PAGES)

/* The number of pages of a readable PDF, or -1 with the reason (a budget
 * passed, or qpdf's error). */
int pdf_count_pages(struct pdf_handle *pdf, struct strbuf *reason);

#endif
