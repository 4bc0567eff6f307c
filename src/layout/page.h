/* page.h — positioned pages: the layout engine's output, the PDF backend's
 * input. A display list per page of glyph runs, rules, boxes, images and
 * signature fields, in points with the origin at the TOP-LEFT corner of the
 * page and y growing downwards (the backend flips to PDF's bottom-left).
 * Nothing here knows of templates or of PDF syntax. */
#ifndef STAGEDOC_LAYOUT_PAGE_H
#define STAGEDOC_LAYOUT_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "font.h"

enum item_kind {
    ITEM_GLYPHS,    /* a run of glyphs on one baseline */
    ITEM_LINE,      /* a straight line */
    ITEM_RECT,      /* a rectangle, stroked and/or filled */
    ITEM_IMAGE,     /* an image file scaled into a box */
    ITEM_FIELD,     /* a signature field over a box (drawn with ITEM_RECTs) */
};

/* Hatchings, thin black lines over a rectangle's fill, that survive
 * black-and-white printing. The backend draws them, clipped to the box:
 * a planning of 1,000 students has hundreds of thousands of them. */
enum cell_pattern {
    PATTERN_NONE,
    PATTERN_SLASH,      /* "/" diagonals */
    PATTERN_BACKSLASH,  /* "\" diagonals */
    PATTERN_CROSS,      /* both diagonals */
    PATTERN_HORIZONTAL, /* horizontal lines */
};

struct glyph_run {
    enum font_style style;
    float size;            /* points */
    float x, y;            /* start of the baseline */
    size_t count;
    const unsigned *glyphs;     /* glyph ids of the face */
    const unsigned *codepoints; /* the character each glyph shows (ToUnicode) */
    const float *extra;         /* NULL, or extra space in points after each glyph
                                   (justification); widths come from the font */
};

struct item {
    enum item_kind kind;
    unsigned tag;                        /* its structure element (tags below); 0: an
                                            artifact (rules, frames, headers, footers) */
    struct item *next;
    struct glyph_run glyphs;             /* ITEM_GLYPHS */
    bool hidden;                         /* GLYPHS: read, not seen: a checkbox's state
                                            (☐, ☒) over its drawing, drawn invisible,
                                            its characters its /ActualText too */
    float x1, y1, x2, y2;                /* LINE: ends; RECT, IMAGE, FIELD: corners */
    float line_width;                    /* LINE, RECT stroke; 0: no stroke */
    bool dashed;                         /* LINE: dotted line to fill by hand */
    float fill_gray;                     /* RECT: 0 black … 1 white; <0: no fill */
    unsigned char pattern;               /* RECT: enum cell_pattern over the fill */
    const char *path;                    /* IMAGE */
    const char *field_name;              /* FIELD: ASCII name */
    const char *tooltip;                 /* FIELD: role and person (UTF-8) */
};

/* The structure of a tagged PDF: elements in reading order, each with its
 * parent, numbered from 1 (the Document); 0 is no element. Items point to
 * the element they show (item.tag). Made by the layout engine as it lays
 * out the tree's blocks; a heap array, as it outlives the arenas of a
 * document laid out in parts. */
enum tag_kind {
    SE_NONE,
    SE_DOCUMENT, SE_PART, SE_DIV,
    SE_H1, SE_H2, SE_H3, SE_P,
    SE_L, SE_LI, SE_LBL, SE_LBODY,
    SE_TABLE, SE_TR, SE_TH, SE_TH_ROW, SE_TD,
    SE_FIGURE, SE_FORM,
};

struct tag_node {
    unsigned parent;     /* 0: none (the Document) */
    unsigned char kind;  /* enum tag_kind */
    bool english;        /* its text is English (/Lang), the document's French */
    char *alt;           /* Figure, a cell that shows a state by its fill, or the
                            one cell a row's decorative cells are read as (the
                            planning's days): its alternative text (heap), or NULL */
    unsigned short column_span; /* TH, TD: columns it spans (0 or 1: one) */
};

struct laid_tags {
    struct tag_node *nodes; /* [0] unused */
    unsigned count, capacity;
    bool failed;            /* memory ran out: the structure is incomplete */
};

/* A new element of kind under parent (0: a root); its number, 0 when memory
 * runs out (tags->failed set). At most TAGS_MAX elements. */
#define TAGS_MAX 4000000u
unsigned tags_add(struct laid_tags *tags, enum tag_kind kind, unsigned parent);
/* Sets the alternative text of element id (copied); false when memory runs out. */
bool tags_set_alt(struct laid_tags *tags, unsigned id, const char *text);
/* Appends the elements of from to to, from's roots becoming Parts under
 * to's element 1; from's element k is to's k + *offset. */
bool tags_graft(struct laid_tags *to, const struct laid_tags *from, unsigned *offset);
void tags_free(struct laid_tags *tags);
/* A kind's name in PDF (/S): "P", "H1", "TD"... */
const char *tag_kind_name(enum tag_kind kind);

struct laid_page {
    float width, height;
    struct item *items;
    struct item **tail;   /* for appending */
    struct laid_page *next;
};

struct outline_entry {
    const char *title;    /* UTF-8 */
    int level;            /* 1..3 */
    int page;             /* 0-based */
    float y;              /* top of the heading on its page */
    struct outline_entry *next;
};

struct laid_document {
    struct arena arena;   /* owns everything below */
    const char *title, *author, *subject, *keywords;
    struct laid_page *pages;
    int page_count;
    struct outline_entry *outline;
    struct laid_tags tags; /* the structure; empty: an untagged document */
};

/* Helpers for the layout engine and tests. */
struct laid_page *page_new(struct laid_document *doc, float width, float height);
struct item *page_add(struct laid_document *doc, struct laid_page *page, enum item_kind kind);
/* Adds offset to the tag of every item of doc's pages that has one. */
void laid_document_shift_tags(struct laid_document *doc, unsigned offset);
void laid_document_free(struct laid_document *doc);

#endif
