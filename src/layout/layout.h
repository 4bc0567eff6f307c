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

/* A document laid out in parts, for one too large to hold laid out whole
 * (a promotion's planning): the blocks of each part are laid out after
 * those of the parts before, and every page they fill is handed to sink
 * (to keep it elsewhere: page_store.h) and forgotten, so that memory holds
 * one part. A table may run over several parts (block.continued and
 * to_be_continued, tree.h). The pages are those layout_run would make of
 * the parts' blocks as one list, but without headers and footers: those,
 * and page numbers in the body, need the page count; layout_stream_bands
 * adds them to each page when it is drawn. */
struct layout_stream;
typedef bool (*layout_page_sink)(void *data, const struct laid_page *page);

/* doc gives the page, the metadata, header and footer (copied; its blocks
 * are not read). error, where messages go, must outlive the stream. NULL
 * with a message on failure. */
struct layout_stream *layout_stream_new(const struct layout_document *doc,
                                        const struct layout_options *options,
                                        layout_page_sink sink, void *data, struct strbuf *error);
/* Lays out blocks (read during the call only); the pages they complete go
 * to the sink. False with a message (the sink's refusal included). */
bool layout_stream_add(struct layout_stream *stream, const struct block *blocks);
/* Hands the last page to the sink. The document's metadata and outline,
 * with its page_count and no pages; valid until layout_stream_free. */
const struct laid_document *layout_stream_finish(struct layout_stream *stream);
/* Header, footer and body page numbers of page index (0-based) of the
 * finished stream, as layout_run lays them: items added to page, valid
 * until the next call or layout_stream_free. */
bool layout_stream_bands(struct layout_stream *stream, struct laid_page *page, int index);
void layout_stream_free(struct layout_stream *stream);

#endif
