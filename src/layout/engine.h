/* engine.h — what the layout engine's files share (internal to src/layout).
 *
 * The engine works in two steps. Block layout turns the tree into SLICES:
 * vertical units of a known height (a line of text, a table row, an image,
 * a pair of signature boxes) whose items have their final x and a y relative
 * to the slice's top. Pagination then places slices on pages, moving whole
 * chains of slices that must stay together, repeating table headers and
 * cutting rows taller than a page between lines.
 *
 * A slice is made of PIECES: bands that are never cut (a line in a cell).
 * Only table rows have several; a row is cut between pieces.
 *
 * Local items (slices, pieces, items) live in ctx->scratch and are copied to
 * the laid document when placed; glyph arrays go straight to the document's
 * arena, as they are shared by repeated table headers. */
#ifndef STAGEDOC_LAYOUT_ENGINE_H
#define STAGEDOC_LAYOUT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

#define LAYOUT_EPS 0.01f

/* ---- metrics.c: glyphs and advances, cached per layout run ---- */

#define METRIC_SLOTS 1024
struct metric_slot {
    unsigned key;   /* code point + 1; 0: empty */
    unsigned glyph;
    int advance;    /* 1/1000 em */
};
struct metrics {
    const struct font_face *faces[FONT_STYLE_COUNT];
    struct metric_slot slots[FONT_STYLE_COUNT][METRIC_SLOTS];
};
void metrics_init(struct metrics *metrics, const struct font_set *fonts);
/* The glyph of face `style` for a code point (0 if none); *advance in 1/1000 em. */
unsigned metrics_glyph(struct metrics *metrics, int style, unsigned codepoint, int *advance);

/* ---- prepared text (textprep.c, typography.c) ---- */

enum tchar_kind { TC_TEXT, TC_CHECKBOX, TC_BLANK, TC_PAGE_NUMBER, TC_PAGE_COUNT, TC_TAB };
enum tchar_break {
    BRK_NONE,
    BRK_SPACE,  /* a breaking space: dropped at the end of a line */
    BRK_AFTER,  /* a line may end after this character (hyphen, slash) */
    BRK_FORCED, /* "\n": the line ends here */
};

struct tchar {
    unsigned cp;          /* code point (TC_TEXT) */
    unsigned glyph;
    float advance;        /* points */
    unsigned char kind;   /* enum tchar_kind */
    unsigned char face;   /* enum font_style of the face that has the glyph */
    unsigned char style;  /* STYLE_* bits of the run */
    unsigned char brk;    /* enum tchar_break */
    bool stretch;         /* a justifiable space */
    bool soft_hyphen;     /* a soft hyphen follows: may break here with "-" */
    bool fill;            /* a blank to the end of the line */
    const struct run *run;
    unsigned offset;      /* byte offset in run->text, for messages */
};

struct page_numbers {
    int number; /* 1-based */
    int count;
};

struct text_spec {
    float size;
    unsigned style_or;                 /* e.g. STYLE_BOLD for headings */
    const struct page_numbers *pages;  /* headers, footers: page runs as digits */
    bool keep_tabs;                    /* headers, footers: "\t" separates parts */
};

/* Applies French spacing (U+202F before ; ! ? : and inside « ») to in[0..n)
 * into out, which has room for 2n characters; returns out's length. */
size_t typography_french(const struct tchar *in, size_t n, struct tchar *out);

/* ---- slices (slice.c) ---- */

struct piece {
    float top, bottom;              /* extent in its slice, from the slice's top */
    float dy;                       /* added to its items' y when placed */
    struct item *items, **tail;     /* local items */
    struct outline_entry *outline;  /* a heading's bookmark, set when placed */
    struct piece *next;
};

struct frame {          /* the cells of a table row, drawn on each fragment */
    int count;
    const float *x;     /* count pairs: left, right */
    float fill_gray;    /* <0: no fill */
    float line_width;   /* 0: no stroke */
    const float *cell_gray; /* NULL, or one fill per cell (<0: the row's) */
    const unsigned char *cell_pattern; /* NULL, or one enum cell_pattern per cell */
};

enum slice_kind { SLICE_BOX, SLICE_PAGE_BREAK };

struct slice {
    enum slice_kind kind;
    float height;
    float space_before, space_after; /* collapsed: the gap is the larger */
    float baseline;                  /* the first text baseline from the top, or -1 */
    bool keep_with_next;             /* no page break after this slice */
    struct piece *pieces, **piece_tail;
    const struct frame *frame;       /* table row, or NULL */
    float pad;                       /* table row: cell padding */
    const struct slice *repeat;      /* table body row: the header rows */
    int repeat_count;
    struct slice *next;
};

struct slice_list {
    struct slice *head, *last;
};

/* Where blocks go: a horizontal extent and the defaults of the context. */
struct flow {
    float x, width;
    float para_after; /* default space after a paragraph */
};

/* ---- the run context (layout.c) ---- */

struct tline {
    size_t start, end;   /* characters [start, end) of ctx->chars */
    float width;         /* natural width, hyphen included */
    int stretch_count;   /* justifiable spaces */
    bool hyphen;         /* ends with an added "-" */
    bool last;           /* ends the paragraph or a forced break */
    bool fill;           /* ends with a blank to the end of the line */
};

struct lctx {
    const struct layout_document *doc;
    const struct hyphenator *hyphenator;
    struct laid_document *out;
    struct arena scratch;
    struct strbuf *error;
    size_t error_mark;        /* error->len before the run: one message only */
    float body_size;
    float content_top, content_bottom;
    struct flow body;
    struct outline_entry **outline_tail;
    int signature_count;
    bool has_page_runs;       /* the body shows page numbers */
    struct tchar *raw, *chars;
    size_t raw_cap, chars_cap;
    struct tline *lines;
    size_t lines_cap;
    struct metrics metrics;
    /* Structure (tags.c): the element new text and images belong to (0:
     * artifacts); untagged: make no element (a continued table's header
     * rows, laid out only to be repeated); bare_paragraph: the next
     * paragraph's text goes straight into the current element (a cell or
     * a list item of one paragraph); table_tag: the last table's element,
     * which a continued table goes on. */
    unsigned tag;
    bool untagged, bare_paragraph;
    unsigned table_tag;
};

/* Sets the error message and returns false. */
bool lctx_fail(struct lctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Zeroed memory from ctx->scratch (local) or ctx->out->arena (output). */
void *lctx_scratch(struct lctx *ctx, size_t size);
void *lctx_output(struct lctx *ctx, size_t size);
const char *lctx_strdup_output(struct lctx *ctx, const char *text);
/* What layout_run and layout_stream share: the page's room checked (false
 * with a message), the context set for doc, doc's metadata copied. */
bool layout_check_geometry(const struct layout_document *doc, struct strbuf *error);
void lctx_setup(struct lctx *ctx, const struct layout_document *doc,
                const struct layout_options *options);
bool lctx_copy_metadata(struct lctx *ctx, const struct layout_document *doc);

/* ---- tags.c: the structure elements of tagged PDF ---- */

/* The Document element, first of all. */
bool tags_start(struct lctx *ctx);
/* A new element of kind under the current one (ctx->tag), English when
 * english; 0 when untagged, or when memory runs out (then failed). */
unsigned tag_open(struct lctx *ctx, enum tag_kind kind, bool english);
/* The element a block makes, opened (see tags.c); 0 for blocks that make
 * none (groups, spaces). */
unsigned tag_open_block(struct lctx *ctx, const struct block *block);
/* A table that only places its content (no borders, or a single cell):
 * a Div, without rows or cells. */
bool tag_layout_table(const struct block *table);
/* True when the blocks from first (to stop) are one paragraph. */
bool tag_single_paragraph(const struct block *first, const struct block *stop);

/* ---- textprep.c ---- */

/* Decodes runs into ctx->chars with French spacing, glyphs, widths and
 * break opportunities; false (message naming U+XXXX) on a missing glyph. */
bool text_prepare(struct lctx *ctx, const struct run *runs, const struct text_spec *spec,
                  size_t *count);
/* Quotes the text around a character of a run for messages. */
void text_quote_context(struct strbuf *out, const char *text, size_t offset);

/* ---- hyphenload.c, hyphenate.c ---- */

struct _HyphenDict;
struct hyphenator {
    struct _HyphenDict *dict;
};

/* Marks in allowed[1..n-1] where letters cps[0..n) may be hyphenated
 * (allowed[k]: between cps[k-1] and cps[k]); false when none. */
bool hyphenate_word(const struct hyphenator *hyphenator, const unsigned *cps, size_t n,
                    bool *allowed);
/* Fills allowed[] for the characters [start, end) of ctx->chars: the
 * patterns on letter runs, and soft hyphens. allowed[k - start]. */
bool hyphenation_points(struct lctx *ctx, size_t start, size_t end, bool *allowed);

/* ---- linebreak.c ---- */

/* Breaks ctx->chars[0..count) into ctx->lines, none wider than width unless
 * a single character is. Justified text hyphenates lines that would gape. */
bool break_lines(struct lctx *ctx, size_t count, float width, bool justify, float size,
                 size_t *line_count);

/* ---- textline.c ---- */

struct line_place {
    float x, baseline; /* start of the baseline, baseline in the slice */
    float size;
    float stretch;     /* extra points after each justifiable space */
    float fill_to;     /* x where a blank to the end of the line stops */
};
bool emit_line(struct lctx *ctx, const struct tline *line, const struct line_place *place,
               struct piece *piece);
/* One line of UTF-8 text without breaking (markers, captions). Its width in
 * *width when not NULL; right-aligned at x when align_right. */
bool emit_text(struct lctx *ctx, struct piece *piece, const char *text, unsigned style,
               float size, float x, float baseline, bool align_right, float *width);
/* Marks the glyph runs that show page numbers in the body. */
extern const unsigned page_number_marker[1];
extern const unsigned page_count_marker[1];

/* ---- slice.c ---- */

/* A new slice at the end of list; with one piece covering it when asked. */
struct slice *slice_add(struct lctx *ctx, struct slice_list *list, float height, bool piece);
struct piece *piece_new(struct lctx *ctx, float top, float bottom);
void slice_add_piece(struct slice *slice, struct piece *piece);
struct item *piece_item(struct lctx *ctx, struct piece *piece, enum item_kind kind);
/* Moves the slices of list into dst's pieces from y downwards (gaps
 * collapsed, frames drawn); returns the bottom. Used for cells and boxes. */
float slices_stack(struct lctx *ctx, struct slice *first, float y, struct slice *dst);
/* The largest cut of a framed slice, at most `room` from its top, between
 * pieces; 0 when none. */
float slice_cut(const struct slice *slice, float room);
/* The part of slice below cut, as a new slice (pieces moved up). */
struct slice *slice_rest(struct lctx *ctx, const struct slice *slice, float cut);
/* Draws a table row's cells (fill, borders) as rects from top, height high. */
bool frame_draw(struct lctx *ctx, const struct frame *frame, struct piece *piece, float top,
                float height);
/* Copies a local item to a page, moved down by dy. */
bool item_place(struct lctx *ctx, struct laid_page *page, const struct item *local, float dy);
/* The same as an artifact (a table's header rows repeated on a page). */
bool item_place_artifact(struct lctx *ctx, struct laid_page *page, const struct item *local,
                         float dy);

/* ---- block layout ---- */

float line_height(float size);
float ascent_of(struct lctx *ctx, float size);
/* Lays out the blocks from first up to stop (excluded; NULL: to the end). */
bool lay_blocks(struct lctx *ctx, const struct block *first, const struct block *stop,
                const struct flow *flow, struct slice_list *out);
/* Applies a block's keep_together and keep_with_next to the slices it made. */
void apply_keeps(const struct block *block, struct slice *first, struct slice *last);
bool lay_paragraph(struct lctx *ctx, const struct block *block, const struct flow *flow,
                   struct slice_list *out);
bool lay_list(struct lctx *ctx, const struct block *block, const struct flow *flow,
              struct slice_list *out);
bool lay_table(struct lctx *ctx, const struct block *block, const struct flow *flow,
               struct slice_list *out);
bool lay_image(struct lctx *ctx, const struct block *block, const struct flow *flow,
               struct slice_list *out);
/* Lays out `first` and, when it fits beside it, the next signature (unless
 * it is stop); returns the last block used, or NULL on error. */
const struct block *lay_signatures(struct lctx *ctx, const struct block *first,
                                   const struct block *stop, const struct flow *flow,
                                   struct slice_list *out);

/* ---- imagesize.c ---- */

/* Pixels an image may have: 25 megapixels (a 5000 × 5000 logo) decode in
 * about 100 MiB; more is refused from the header, before decoding. */
#define IMAGE_MAX_PIXELS 25000000

/* Pixel size of a PNG or JPEG file, from its header; false (a French
 * message in error) when the file is not a regular file, is unreadable or
 * has more than IMAGE_MAX_PIXELS pixels. */
bool image_pixel_size(const char *path, unsigned *width, unsigned *height, struct strbuf *error);

/* ---- paginate.c, headfoot.c ---- */

bool paginate(struct lctx *ctx, struct slice *first);
/* Pagination in steps (layout_stream): the place where the next slice
 * goes. */
struct pager {
    struct lctx *ctx;
    struct laid_page *page;
    int index;    /* 0-based */
    float y;      /* the cursor, from the top of the page */
    float after;  /* space after the last slice placed */
    bool fresh;   /* nothing placed yet but repeated headers */
    bool chained; /* the last slice placed is kept with the next */
};
/* The first page. */
bool pager_start(struct lctx *ctx, struct pager *pg);
/* Places the slices from first on, after those placed before. */
bool pager_place(struct pager *pg, const struct slice *first);
/* Headers, footers and page numbers in the body, once the count is known. */
bool lay_headers_footers(struct lctx *ctx);
/* The same for one page, number nums->number of nums->count. */
bool lay_page_bands(struct lctx *ctx, struct laid_page *page, const struct page_numbers *nums);

#endif
