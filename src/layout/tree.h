/* tree.h — the layout tree: what a document says, before it has a shape.
 *
 * The template engine builds this tree; the layout engine turns it into
 * positioned pages. It is the seam between the two: nothing here knows of
 * stages, XML or PDF. All nodes and strings live in the caller's arena.
 *
 * Lengths are in points (1/72 inch). Text is UTF-8. */
#ifndef STAGEDOC_LAYOUT_TREE_H
#define STAGEDOC_LAYOUT_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "page.h"

/* Inline style bits, combined. */
enum {
    STYLE_BOLD = 1,
    STYLE_ITALIC = 2,
    STYLE_UNDERLINE = 4,
};

enum run_kind {
    RUN_TEXT,        /* text: spaces break lines, "\n" forces a break */
    RUN_CHECKBOX,    /* a square box, ticked when checked */
    RUN_PAGE_NUMBER, /* the current page number (headers, footers) */
    RUN_PAGE_COUNT,  /* the number of pages of the document */
    RUN_BLANK,       /* a dotted line to fill by hand, width points long */
};

struct run {
    enum run_kind kind;
    unsigned style;
    const char *text;  /* RUN_TEXT */
    bool checked;      /* RUN_CHECKBOX */
    float width;       /* RUN_BLANK; 0 means "to the end of the line" */
    struct run *next;
};

enum align { ALIGN_LEFT, ALIGN_JUSTIFY, ALIGN_CENTER, ALIGN_RIGHT };

enum block_kind {
    BLOCK_PARAGRAPH, /* runs; also list items' and cells' text */
    BLOCK_HEADING,   /* runs, level 1..3; a bookmark in the outline */
    BLOCK_LIST,      /* items: each item's blocks in children of a BLOCK_GROUP */
    BLOCK_TABLE,     /* rows: BLOCK_ROW children, each with BLOCK_CELL children */
    BLOCK_ROW,
    BLOCK_CELL,      /* children: the cell's blocks */
    BLOCK_IMAGE,     /* a PNG or JPEG file */
    BLOCK_SIGNATURE, /* a framed box to sign in */
    BLOCK_GROUP,     /* children laid out in order; keep_together applies */
    BLOCK_PAGE_BREAK,
    BLOCK_SPACE,     /* vertical space of `height` points */
};

/* Cell patterns: enum cell_pattern of page.h. */

struct block {
    enum block_kind kind;
    struct block *next;     /* the following sibling */
    struct block *children; /* LIST, TABLE, ROW, CELL, GROUP */

    /* Pagination. */
    bool keep_with_next;    /* never the last thing on a page (headings: always) */
    bool keep_together;     /* moved whole to the next page rather than split */

    /* Structure (tagged PDF): the block's text is English, the document's
     * French (a bilingual convention's translation). */
    bool english;

    /* PARAGRAPH, HEADING */
    struct run *runs;
    enum align align;
    int level;              /* HEADING: 1..3 */
    float font_size;        /* 0: the document's default (headings: derived) */
    float space_before;     /* points; 0: the default for the kind */
    float space_after;

    /* LIST */
    bool numbered;

    /* TABLE */
    int column_count;
    const float *column_widths; /* fractions of the available width, summing to 1 */
    int header_rows;            /* repeated at the top of each page */
    bool borders;               /* grid lines (default true for tables) */
    /* Structure: header rows (header_rows and shaded rows) have header
     * cells (TH); with labels, so do the cells of the odd columns (1st,
     * 3rd…), row headers of label/value tables. A table without borders,
     * or of a single cell, lays out its content: no Table element. */
    bool labels;
    /* A table laid out in parts (layout_stream, layout.h), one part per
     * call: continued: this part goes on the previous part's table, its
     * header rows only repeated on the pages it starts; to_be_continued:
     * the next part goes on, no space after its last row. */
    bool continued, to_be_continued;

    /* ROW: shaded background (header rows); alt (below): what its
       decorative cells say, read as one cell that spans them */
    bool shaded;
    /* CELL */
    int column_span;            /* 1 by default */
    bool decorative;            /* drawn, not read (an artifact): its row's alt
                                   says it, if the row has one */
    float fill_gray;            /* background: 0 black … 1 white; <0 (default) none */
    unsigned char pattern;      /* enum cell_pattern: hatching drawn over the fill,
                                   that survives black-and-white printing */

    /* IMAGE */
    const char *path;           /* absolute or relative to the working folder */
    const char *alt;            /* alternative text (structure), or NULL: "Image";
                                   CELL too: what it shows by its fill, or NULL;
                                   ROW: its decorative cells' summary, or NULL */
    float width, height;        /* points; 0 height keeps the aspect ratio */

    /* SIGNATURE */
    const char *field_name;     /* stable ASCII role name, e.g. "tuteur" */
    const char *role;           /* caption, e.g. "Pour l'entreprise" */
    const char *person;         /* the signatory's name, or NULL */
    const char *mention;        /* e.g. "Lu et approuvé", or NULL */
    const char *place_date;     /* "Fait à Mérignac, le 25 juin 2027"; NULL: a
                                   dotted "Fait à … le …" line; "": none */
    /* width: 0 for half the line; height: 0 for the default box height */

    /* SPACE: height */
};

struct layout_document {
    const char *title;          /* metadata and window title */
    const char *author;
    const char *subject;
    const char *keywords;
    float page_width, page_height; /* A4 portrait: 595.28 × 841.89 */
    float margin_top, margin_right, margin_bottom, margin_left;
    float font_size;            /* body text, e.g. 9.5 */
    struct run *header;         /* one line at the top of each page, or NULL */
    struct run *footer;         /* one line at the bottom of each page, or NULL */
    struct block *blocks;
};

/* Helpers for builders (the template engine, tests): nodes in the arena,
 * zeroed, with the kind's defaults. NULL when memory runs out. */
struct block *tree_block(struct arena *arena, enum block_kind kind);
struct run *tree_run(struct arena *arena, enum run_kind kind, const char *text, unsigned style);
/* Appends to a singly linked list given a pointer to its tail pointer. */
#define TREE_APPEND(tail_ptr, node) (*(tail_ptr) = (node), (tail_ptr) = &(node)->next)
struct layout_document *tree_document(struct arena *arena);

#endif
