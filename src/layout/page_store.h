/* page_store.h — laid pages kept in a temporary file rather than in memory.
 *
 * A promotion's attestations.pdf binds every certificate of the class: held
 * laid out, a certificate's page takes some 60 KB, and an académie's file of
 * 3,500 stages half a gigabyte. The store writes each page as it comes to an
 * unlinked temporary file (file_open_temporary) and reads one
 * back when asked, so that memory stays flat however large the class. The
 * planning.pdf of a promotion keeps its pages here too, as they are laid
 * out part by part (layout_stream, layout.h). */
#ifndef STAGEDOC_LAYOUT_PAGE_STORE_H
#define STAGEDOC_LAYOUT_PAGE_STORE_H

#include <stdbool.h>

#include "page.h"

struct page_store;

/* NULL when no temporary file can be made. */
/* Its temporary file goes to dir ($TMPDIR, as the front end says). */
struct page_store *page_store_new(const char *dir);
/* Appends every page of doc, in order. False when the disk or memory fails
 * (the store then refuses further pages). */
bool page_store_add(struct page_store *store, const struct laid_document *doc);
/* Appends one page; false as page_store_add. */
bool page_store_add_page(struct page_store *store, const struct laid_page *page);
int page_store_count(const struct page_store *store);
/* Page index (0-based), read back; valid until the next call or
 * page_store_free (items may be added to it, from another arena, for that
 * long: its header and footer). NULL when it cannot be read. */
struct laid_page *page_store_page(struct page_store *store, int index);
void page_store_free(struct page_store *store);

#endif
