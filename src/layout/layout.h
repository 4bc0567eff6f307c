/* layout.h — the layout engine: a layout tree in, positioned pages out.
 *
 * Breaks lines (at spaces, after hyphens and slashes, and by French
 * hyphenation when justified lines would gape), applies French typography
 * (thin no-break spaces before ; : ! ? and inside « »), lays out lists and
 * tables (column widths, wrapped cells, header rows repeated on each page,
 * rows taller than a page split cleanly), paginates with keep-together and
 * keep-with-next, and fills headers and footers with page N of M. Nothing is
 * ever clipped or dropped. */
#ifndef STAGEDOC_LAYOUT_LAYOUT_H
#define STAGEDOC_LAYOUT_LAYOUT_H

#include "../util/strbuf.h"
#include "font.h"
#include "page.h"
#include "tree.h"

struct hyphenator;

/* Loads libhyphen patterns (e.g. /usr/share/hyphen/hyph_fr.dic); NULL with
 * a message on failure. Read-only after loading. */
struct hyphenator *hyphenator_load(const char *dic_path, struct strbuf *error);
void hyphenator_free(struct hyphenator *hyphenator);

struct layout_options {
    const struct font_set *fonts;
    const struct hyphenator *hyphenator; /* NULL: no hyphenation */
};

/* NULL with a message on failure: a character no font has (the message
 * names it as U+XXXX and quotes the text around it), or memory. */
struct laid_document *layout_run(const struct layout_document *doc,
                                 const struct layout_options *options, struct strbuf *error);

#endif
