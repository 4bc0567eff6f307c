/* pdf_content.c — the content stream of one page: glyph runs, rules,
 * boxes and images as PDF operators, written as small as they can be
 * without changing what is drawn.
 *
 * Content streams are a third of a document, so:
 *   - text stays in one text object (BT … ET) for as long as nothing else
 *     has to be drawn between two runs; Tf is written only when the font or
 *     size changes, and each run starts with a Td relative to the previous
 *     run's start, counted in exact hundredths of a point so that no
 *     rounding adds up;
 *   - the two-byte codes are literal strings of raw bytes, which deflate
 *     better than hex;
 *   - text is black, and so are rules, stroked boxes and black fills: black
 *     on black looks the same in either order, so these graphics are
 *     gathered in one q … Q group written after the text instead of
 *     splitting it. A gray fill or an image hides what is under it: it keeps
 *     its place, after the text and the gathered graphics that came before.
 *
 * In a tagged PDF (pdf_tags.c), what shows an element's text or image is a
 * marked-content sequence of that element ("/P <</MCID 3>> BDC … EMC",
 * inside the text object for text, one per run of consecutive glyph runs
 * of the element); what shows no element (headers, footers, repeated
 * table headers) is "/Artifact BMC … EMC", and so are the gathered black
 * graphics, gray fills and images without element: rules, frames, cell
 * backgrounds, hatchings, the drawing of checkboxes. A checkbox's state is
 * read from a hidden glyph run over it (textline.c), in a Span of its own
 * with the same /ActualText (hidden_begin below).
 *
 * The display list has its origin at the top-left corner, y down; PDF's is
 * bottom-left, y up: y becomes page height - y. Numbers have at most two
 * decimals and are written by integer arithmetic, never through the
 * locale. */
#include "pdf_internal.h"

#include <math.h>
#include <string.h>

/* --- numbers ------------------------------------------------------------- */

static long long hundredths(double value)
{
    return isfinite(value) ? llround(value * 100.0) : 0;
}

/* The decimal digits of value at buf (room for 20); returns their count.
 * What "%llu" writes, without printf's cost: a page has thousands of
 * numbers, and formatting them through snprintf was a tenth of rendering. */
static int put_digits(char *buf, unsigned long long value)
{
    char reversed[20];
    int count = 0;
    do {
        reversed[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    for (int i = 0; i < count; i++)
        buf[i] = reversed[count - 1 - i];
    return count;
}

/* "-" when value is negative; returns the magnitude. */
static unsigned long long put_sign(char *buf, int *len, long long value)
{
    if (value >= 0)
        return (unsigned long long)value;
    buf[(*len)++] = '-';
    return 0ULL - (unsigned long long)value;
}

/* An integer, as "%lld" writes it. */
static void put_integer(struct strbuf *out, long long value)
{
    char buf[32];
    int len = 0;
    unsigned long long magnitude = put_sign(buf, &len, value);
    len += put_digits(buf + len, magnitude);
    strbuf_add(out, buf, (size_t)len);
}

/* "12", "12.5", "-0.25": value / 100 with trailing zeros trimmed. */
static void put_hundredths(struct strbuf *out, long long value)
{
    char buf[32];
    int len = 0;
    unsigned long long magnitude = put_sign(buf, &len, value);
    len += put_digits(buf + len, magnitude / 100);
    unsigned frac = (unsigned)(magnitude % 100);
    if (frac) {
        buf[len++] = '.';
        buf[len++] = (char)('0' + frac / 10);
        if (frac % 10)
            buf[len++] = (char)('0' + frac % 10);
    }
    strbuf_add(out, buf, (size_t)len);
}

void pdf_put_number(struct strbuf *out, double value)
{
    put_hundredths(out, hundredths(value));
}

/* Each number followed by a space. */
static void put_numbers(struct strbuf *out, int count, const double *values)
{
    for (int i = 0; i < count; i++) {
        pdf_put_number(out, values[i]);
        strbuf_add(out, " ", 1);
    }
}

/* --- the page being written ---------------------------------------------- */

struct text_state {
    bool open;            /* inside BT … ET */
    int style;            /* font of the last Tf (it outlives ET); -1: none yet */
    long long size;       /* its size, hundredths of a point */
    long long x, y;       /* start of the last run (the text line matrix) */
};

/* The group of gathered black graphics, written to r->deferred. */
struct graphics_state {
    bool open;            /* "q" written */
    long long width;      /* line width, hundredths (PDF's default: 1) */
    long long dot_gap;    /* dotted lines: gap between dots; 0: solid */
};

struct page_writer {
    struct pdf_render *r;
    HPDF_Page page;
    float width, height;
    const char *font_name[FONT_STYLE_COUNT]; /* resource names on this page */
    struct text_state text;
    struct graphics_state graphics;
    bool tagged;          /* the document has a structure */
    long text_mark;       /* in BT … ET: the open sequence's element, 0 an
                             artifact, NO_MARK none */
};

#define NO_MARK (-1L)

/* Ends the open marked-content sequence of the text object. */
static void text_unmark(struct page_writer *w)
{
    if (w->text_mark != NO_MARK)
        strbuf_puts(&w->r->content, "EMC\n");
    w->text_mark = NO_MARK;
}

static void text_end(struct page_writer *w)
{
    text_unmark(w);
    if (w->text.open)
        strbuf_puts(&w->r->content, "ET\n");
    w->text.open = false;
}

/* Opens the marked-content sequence of element tag (an artifact for 0) in
 * out: "/TD <</MCID 4>> BDC" or "/Artifact BMC". */
static bool mark_begin(struct page_writer *w, struct strbuf *out, unsigned tag)
{
    int mcid = tag ? pdf_tags_mark(w->r, tag) : -1;
    if (mcid == -2)
        return false;
    if (mcid < 0) {
        strbuf_puts(out, "/Artifact BMC\n");
        return true;
    }
    const struct tag_node *node = &w->r->doc->tags.nodes[tag];
    strbuf_printf(out, "/%s <</MCID %d>> BDC\n", tag_kind_name(node->kind), mcid);
    return true;
}

/* Ends the text object and writes the gathered graphics, so that what comes
 * next is drawn over everything before it. */
static void flush(struct page_writer *w)
{
    text_end(w);
    if (w->graphics.open && w->r->deferred.len) {
        if (w->tagged)
            strbuf_puts(&w->r->content, "/Artifact BMC\n");
        strbuf_add(&w->r->content, w->r->deferred.data, w->r->deferred.len);
        strbuf_puts(&w->r->content, w->tagged ? "Q\nEMC\n" : "Q\n");
    }
    strbuf_reset(&w->r->deferred);
    w->graphics = (struct graphics_state){false, 100, 0};
}

/* --- text ---------------------------------------------------------------- */

static const char *font_resource(struct page_writer *w, enum font_style style)
{
    if (!w->font_name[style])
        w->font_name[style] =
            HPDF_Page_GetLocalFontName(w->page, pdf_font_dict(w->r->font[style]));
    return w->font_name[style];
}

/* A two-byte code inside a literal string: raw bytes, with \ ( ) escaped,
 * and CR as \r (a raw CR would be read as a line end, that is LF). One
 * append per code: this runs for every glyph. */
static void put_code(struct strbuf *out, unsigned code)
{
    unsigned char bytes[2] = {(unsigned char)(code >> 8), (unsigned char)code};
    char buf[4];
    size_t len = 0;
    for (int i = 0; i < 2; i++) {
        unsigned char b = bytes[i];
        if (b == '\\' || b == '(' || b == ')' || b == '\r')
            buf[len++] = '\\';
        buf[len++] = b == '\r' ? 'r' : (char)b;
    }
    strbuf_add(out, buf, len);
}

/* The TJ adjustment after glyph i of a justified run, in thousandths of the
 * font size (positive moves left), as an integer: the rounded running total
 * minus what the earlier adjustments already moved, so the positions never
 * drift by more than half a unit. *total carries the running total. */
static long long next_adjustment(const struct glyph_run *run, size_t i, double *total)
{
    long long before = llround(*total);
    *total -= run->extra[i] * 1000.0 / run->size;
    return llround(*total) - before;
}

static bool run_is_adjusted(const struct glyph_run *run)
{
    if (!run->extra)
        return false;
    double total = 0;
    for (size_t i = 0; i + 1 < run->count; i++)
        if (next_adjustment(run, i, &total) != 0)
            return true;
    return false;
}

/* (codes) Tj, or [(codes) -adj (codes)] TJ for a justified run. */
static void show_glyphs(struct page_writer *w, const struct glyph_run *run)
{
    struct strbuf *out = &w->r->content;
    const struct pdf_font *font = w->r->font[run->style];
    bool adjusted = run_is_adjusted(run);
    double total = 0;
    strbuf_puts(out, adjusted ? "[(" : "(");
    for (size_t i = 0; i < run->count; i++) {
        unsigned codepoint = run->codepoints ? run->codepoints[i] : 0;
        put_code(out, pdf_font_cid(font, run->glyphs[i], codepoint));
        long long adjust = adjusted && i + 1 < run->count ? next_adjustment(run, i, &total) : 0;
        if (adjust) {
            strbuf_add(out, ")", 1);
            put_integer(out, adjust);
            strbuf_add(out, "(", 1);
        }
    }
    strbuf_puts(out, adjusted ? ")]TJ\n" : ")Tj\n");
}

/* Sets the font and size when they change. */
static void select_font(struct page_writer *w, const struct glyph_run *run, const char *name)
{
    struct text_state *text = &w->text;
    long long size = hundredths(run->size);
    if ((int)run->style == text->style && size == text->size)
        return;
    struct strbuf *out = &w->r->content;
    strbuf_add(out, "/", 1);
    strbuf_puts(out, name);
    strbuf_add(out, " ", 1);
    put_hundredths(out, size);
    strbuf_puts(out, " Tf\n");
    text->style = (int)run->style;
    text->size = size;
}

/* Moves to (x, y), in hundredths, from the previous run's start. (Moving
 * down by the leading with T* or ' instead was tried: the file grew, deflate
 * does better with one repeated form.) */
static void move_to(struct page_writer *w, long long x, long long y)
{
    struct text_state *text = &w->text;
    struct strbuf *out = &w->r->content;
    put_hundredths(out, x - text->x);
    strbuf_add(out, " ", 1);
    put_hundredths(out, y - text->y);
    strbuf_puts(out, " Td");
    text->x = x;
    text->y = y;
}

/* <FEFF…>: the run's characters as a UTF-16BE text string. */
static void put_utf16_string(struct strbuf *out, const struct glyph_run *run)
{
    strbuf_puts(out, "<FEFF");
    for (size_t i = 0; i < run->count; i++) {
        unsigned cp = run->codepoints ? run->codepoints[i] : 0xFFFD;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        if (cp > 0xFFFF)
            strbuf_printf(out, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
                          0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            strbuf_printf(out, "%04X", cp);
    }
    strbuf_puts(out, ">");
}

/* Opens the sequence of a hidden run (a checkbox's state), its own: a Span
 * of its element whose /ActualText is its characters, "/Span <</MCID 5
 * /ActualText <FEFF2612>>> BDC" (an artifact without element). Poppler
 * reads the Span's ActualText into pdftotext's text, and the hidden
 * glyphs into the structure's; Acrobat, the ActualText. */
static bool hidden_begin(struct page_writer *w, const struct item *item)
{
    struct strbuf *out = &w->r->content;
    text_unmark(w);
    int mcid = -1;
    if (w->tagged && item->tag && (mcid = pdf_tags_mark(w->r, item->tag)) == -2)
        return false;
    if (w->tagged && mcid < 0) {
        strbuf_puts(out, "/Artifact BMC\n");
        return true;
    }
    strbuf_puts(out, "/Span <<");
    if (mcid >= 0)
        strbuf_printf(out, "/MCID %d ", mcid);
    strbuf_puts(out, "/ActualText ");
    put_utf16_string(out, &item->glyphs);
    strbuf_puts(out, ">> BDC\n");
    return true;
}

/* A hidden run is drawn in render mode 3 (neither filled nor stroked) in
 * its own sequence; the others in their element's. */
static bool mark_glyphs(struct page_writer *w, const struct item *item)
{
    if (item->hidden)
        return hidden_begin(w, item);
    if (w->tagged && w->text_mark != (long)item->tag) {
        text_unmark(w);
        if (!mark_begin(w, &w->r->content, item->tag))
            return false;
        w->text_mark = (long)item->tag;
    }
    return true;
}

static bool emit_glyphs(struct page_writer *w, const struct item *item)
{
    const struct glyph_run *run = &item->glyphs;
    if (run->count == 0 || !(run->size > 0))
        return true;
    const char *name = font_resource(w, run->style);
    if (!name)
        return pdf_check(w->r, "police de la page");
    struct text_state *text = &w->text;
    struct strbuf *out = &w->r->content;
    if (!text->open) {
        strbuf_puts(out, "BT\n");
        text->open = true;
        text->x = text->y = 0; /* BT resets the text matrix */
    }
    if (!mark_glyphs(w, item))
        return false;
    select_font(w, run, name);
    move_to(w, hundredths(run->x), hundredths((double)w->height - run->y));
    if (item->hidden)
        strbuf_puts(out, " 3 Tr\n");
    show_glyphs(w, run);
    if (item->hidden)
        strbuf_puts(out, "0 Tr\nEMC\n");
    return true;
}

/* --- graphics -------------------------------------------------------------- */

/* Rules, stroked boxes and black fills: they may be drawn in any order with
 * the text. */
static bool is_black(const struct item *item)
{
    return item->kind == ITEM_LINE || (item->kind == ITEM_RECT && !(item->fill_gray > 0));
}

/* Opens the group of black graphics. */
static struct strbuf *graphics_begin(struct page_writer *w)
{
    if (!w->graphics.open) {
        strbuf_puts(&w->r->deferred, "q\n");
        w->graphics.open = true;
    }
    return &w->r->deferred;
}

/* Sets the group's line width and dots for the next stroke. */
static void graphics_stroke(struct page_writer *w, double line_width, bool dotted)
{
    struct strbuf *out = graphics_begin(w);
    struct graphics_state *g = &w->graphics;
    long long width = hundredths(line_width);
    if (width != g->width) {
        put_hundredths(out, width);
        strbuf_puts(out, " w\n");
        g->width = width;
    }
    /* Round dots along the line, for writing on by hand. */
    long long gap = !dotted ? 0 : line_width * 3 > 1.5 ? hundredths(line_width * 3) : 150;
    if (gap != g->dot_gap) {
        if (gap) {
            strbuf_puts(out, "1 J [0 ");
            put_hundredths(out, gap);
            strbuf_puts(out, "] 0 d\n");
        } else {
            strbuf_puts(out, "0 J [] 0 d\n");
        }
        g->dot_gap = gap;
    }
}

/* A straight line, solid or dotted; line_width 0 draws nothing. */
static void emit_line(struct page_writer *w, const struct item *item)
{
    if (!(item->line_width > 0))
        return;
    graphics_stroke(w, item->line_width, item->dashed);
    double ends[4] = {item->x1, (double)w->height - item->y1, item->x2,
                      (double)w->height - item->y2};
    struct strbuf *out = &w->r->deferred;
    put_numbers(out, 2, ends);
    strbuf_puts(out, "m ");
    put_numbers(out, 2, ends + 2);
    strbuf_puts(out, "l S\n");
}

static void rect_of(const struct page_writer *w, const struct item *item, double box[4])
{
    double left = item->x1 < item->x2 ? item->x1 : item->x2;
    double top = item->y1 < item->y2 ? item->y1 : item->y2;
    box[0] = left;
    box[1] = w->height - top - fabs((double)item->y2 - item->y1);
    box[2] = fabs((double)item->x2 - item->x1);
    box[3] = fabs((double)item->y2 - item->y1);
}

/* Filled with gray fill_gray (when >= 0), stroked in black with line_width
 * (when > 0): black ones join the group, gray ones are drawn in place. */
static void emit_rect(struct page_writer *w, const struct item *item)
{
    bool fill = item->fill_gray >= 0, stroke = item->line_width > 0;
    if (!fill && !stroke)
        return;
    double box[4];
    rect_of(w, item, box);
    struct strbuf *out;
    if (is_black(item)) {
        if (stroke)
            graphics_stroke(w, item->line_width, false);
        out = graphics_begin(w);
    } else {
        flush(w);
        out = &w->r->content;
        if (w->tagged)
            strbuf_puts(out, "/Artifact BMC\n");
        strbuf_puts(out, "q ");
        pdf_put_number(out, item->fill_gray > 1 ? 1 : item->fill_gray);
        strbuf_puts(out, " g ");
        if (stroke) {
            pdf_put_number(out, item->line_width);
            strbuf_puts(out, " w ");
        }
    }
    put_numbers(out, 4, box);
    strbuf_puts(out, fill && stroke ? "re B" : fill ? "re f" : "re S");
    strbuf_puts(out, is_black(item) ? "\n" : w->tagged ? " Q\nEMC\n" : " Q\n");
}

/* The image scaled into the item's box: q w 0 0 h x y cm /Xn Do Q. */
static bool emit_image(struct page_writer *w, const struct item *item)
{
    if (!item->path || !*item->path)
        return pdf_fail(w->r, "image sans fichier");
    HPDF_Image image = pdf_image(w->r, item->path);
    if (!image)
        return false;
    double box[4];
    rect_of(w, item, box);
    if (box[2] <= 0 || box[3] <= 0)
        return true;
    const char *name = HPDF_Page_GetXObjectName(w->page, image);
    if (!name)
        return pdf_check(w->r, "image de la page");
    flush(w);
    struct strbuf *out = &w->r->content;
    if (w->tagged && !mark_begin(w, out, item->tag))
        return false;
    double matrix[6] = {box[2], 0.0, 0.0, box[3], box[0], box[1]};
    strbuf_puts(out, "q ");
    put_numbers(out, 6, matrix);
    strbuf_printf(out, "cm /%s Do Q\n", name);
    if (w->tagged)
        strbuf_puts(out, "EMC\n");
    return true;
}

/* ITEM_FIELD: an empty signature field over the box (pdf_field.c). The
 * frame and captions are the layout's ITEM_RECTs and glyph runs: nothing is
 * drawn here. */
static bool emit_signature_field(struct page_writer *w, const struct item *item)
{
    return pdf_field_add(w->r, w->page, w->width, w->height, item);
}

#define PATTERN_STEP 2.4f  /* points between two lines of a hatching */
#define PATTERN_WIDTH 0.3f

static void hatch_line(struct page_writer *w, float x1, float y1, float x2, float y2)
{
    if (x2 - x1 < 0.05f && (y2 > y1 ? y2 - y1 : y1 - y2) < 0.05f)
        return; /* a corner: nothing to see */
    struct item line = {.kind = ITEM_LINE, .x1 = x1, .y1 = y1, .x2 = x2, .y2 = y2,
                        .line_width = PATTERN_WIDTH};
    emit_line(w, &line);
}

/* A rectangle's hatching, clipped to its box; the lines sit where x + y,
 * x − y or y is a multiple of the step, so that the hatchings of the cells
 * of a row join into one. */
static void emit_pattern(struct page_writer *w, const struct item *rect)
{
    const float s = PATTERN_STEP;
    float x1 = rect->x1, y1 = rect->y1, x2 = rect->x2, y2 = rect->y2;
    unsigned pattern = rect->pattern;
    if (pattern == PATTERN_SLASH || pattern == PATTERN_CROSS) /* x + y = c */
        for (float c = ceilf((x1 + y1) / s) * s; c <= x2 + y2; c += s) {
            float xa = fmaxf(x1, c - y2), xb = fminf(x2, c - y1);
            if (xa <= xb)
                hatch_line(w, xa, c - xa, xb, c - xb);
        }
    if (pattern == PATTERN_BACKSLASH || pattern == PATTERN_CROSS) /* x − y = c */
        for (float c = ceilf((x1 - y2) / s) * s; c <= x2 - y1; c += s) {
            float xa = fmaxf(x1, c + y1), xb = fminf(x2, c + y2);
            if (xa <= xb)
                hatch_line(w, xa, xa - c, xb, xb - c);
        }
    if (pattern == PATTERN_HORIZONTAL)
        for (float y = ceilf(y1 / s) * s; y <= y2; y += s)
            hatch_line(w, x1, y, x2, y);
}

static bool emit_item(struct page_writer *w, const struct item *item)
{
    switch (item->kind) {
    case ITEM_GLYPHS:
        return emit_glyphs(w, item);
    case ITEM_LINE:
        emit_line(w, item);
        return true;
    case ITEM_RECT:
        emit_rect(w, item);
        emit_pattern(w, item); /* over the fill, never under it */
        return true;
    case ITEM_IMAGE:
        return emit_image(w, item);
    case ITEM_FIELD:
        return emit_signature_field(w, item);
    }
    return true;
}

/* Page text is most of what a document deflates: it is deflated here, with
 * the other streams (pdf_deflate.c), and handed to libharu as it is. */
static bool write_deflated(struct pdf_render *r, HPDF_PageAttr attr)
{
    if (!r->content.len)
        return true;
    struct strbuf packed = STRBUF_INIT;
    bool ok = pdf_deflate(r, r->content.data, r->content.len, &packed);
    if (ok) {
        pdf_mark_deflated(attr->contents);
        ok = HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)packed.data,
                               (HPDF_UINT)packed.len) == HPDF_OK ||
             pdf_check_status(r, HPDF_FILE_IO_ERROR, "contenu de page");
    }
    strbuf_free(&packed);
    return ok;
}

bool pdf_write_content(struct pdf_render *r, HPDF_Page page, const struct laid_page *laid)
{
    struct page_writer w = {r, page, laid->width, laid->height, {NULL}, {false, -1, 0, 0, 0},
                            {false, 100, 0}, r->tags != NULL, NO_MARK};
    strbuf_reset(&r->content);
    strbuf_reset(&r->deferred);
    for (const struct item *item = laid->items; item; item = item->next)
        if (!emit_item(&w, item))
            return false;
    flush(&w);
    if (strbuf_failed(&r->content) || strbuf_failed(&r->deferred))
        return pdf_fail(r, "mémoire insuffisante");
    return write_deflated(r, (HPDF_PageAttr)page->attr) && pdf_check(r, "contenu de page");
}
