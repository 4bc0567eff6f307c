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
    struct item *next;
    struct glyph_run glyphs;             /* ITEM_GLYPHS */
    float x1, y1, x2, y2;                /* LINE: ends; RECT, IMAGE, FIELD: corners */
    float line_width;                    /* LINE, RECT stroke; 0: no stroke */
    bool dashed;                         /* LINE: dotted line to fill by hand */
    float fill_gray;                     /* RECT: 0 black … 1 white; <0: no fill */
    unsigned char pattern;               /* RECT: enum cell_pattern over the fill */
    const char *path;                    /* IMAGE */
    const char *field_name;              /* FIELD: ASCII name */
    const char *tooltip;                 /* FIELD: role and person (UTF-8) */
};

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
};

/* Helpers for the layout engine and tests. */
struct laid_page *page_new(struct laid_document *doc, float width, float height);
struct item *page_add(struct laid_document *doc, struct laid_page *page, enum item_kind kind);
void laid_document_free(struct laid_document *doc);

#endif
