/* pdf.c — positioned pages to PDF with libharu.
 *
 * Three steps per document:
 *   1. collect: every glyph run notes its glyphs and characters in the font
 *      of its style (only the styles used get a font);
 *   2. embed: each used style is subset once with hb-subset and becomes a
 *      Type0 font built with libharu's object API (pdf_font.c);
 *   3. draw: each page's content stream is written as raw operators (text in
 *      self-contained BT … ET blocks, graphics inside q … Q), then the Info
 *      dictionary, outline and attached XML are added (pdf_meta.c) and the
 *      document is saved to memory.
 *
 * The display list has its origin at the top-left corner, y down; PDF's is
 * bottom-left, y up: y becomes page height - y. Numbers are written with at
 * most two decimals by integer arithmetic, never through the locale. Nothing
 * reads the clock: the only dates are options->date, and libharu writes no
 * /ID for unencrypted files, so equal inputs give equal bytes. */
#include "pdf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"

/* --- errors ---------------------------------------------------------------- */

/* libharu's error handler: records the first error in this render's state
 * and returns, so that libharu returns its error code up to us. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    struct pdf_render *r = user_data;
    if (!r->hpdf_error) {
        r->hpdf_error = error_no;
        r->hpdf_detail = detail_no;
    }
}

bool pdf_fail(struct pdf_render *r, const char *fmt, ...)
{
    if (!r->failed) {
        va_list args;
        va_start(args, fmt);
        strbuf_vprintf(r->error, fmt, args);
        va_end(args);
        r->failed = true;
    }
    return false;
}

static const char *hpdf_error_text(HPDF_STATUS code)
{
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM:
        return "mémoire insuffisante";
    case HPDF_FILE_OPEN_ERROR:
        return "fichier impossible à ouvrir";
    case HPDF_FILE_IO_ERROR:
        return "erreur de lecture";
    case HPDF_INVALID_PNG_IMAGE:
    case HPDF_LIBPNG_ERROR:
        return "image PNG invalide";
    case HPDF_INVALID_JPEG_DATA:
    case HPDF_UNSUPPORTED_JPEG_FORMAT:
        return "image JPEG invalide";
    case HPDF_PAGE_INVALID_SIZE:
        return "taille de page invalide";
    case HPDF_INVALID_PARAMETER:
        return "paramètre invalide";
    default:
        return "erreur interne";
    }
}

bool pdf_check(struct pdf_render *r, const char *what)
{
    HPDF_STATUS code = r->hpdf_error ? r->hpdf_error : HPDF_GetError(r->pdf);
    if (!code)
        return true;
    HPDF_STATUS detail = r->hpdf_error ? r->hpdf_detail : HPDF_GetErrorDetail(r->pdf);
    return pdf_fail(r, "création du PDF (%s) : %s (libharu 0x%04X, détail %u)", what,
                    hpdf_error_text(code), (unsigned)code, (unsigned)detail);
}

bool pdf_check_status(struct pdf_render *r, HPDF_STATUS st, const char *what)
{
    if (st != HPDF_OK && !r->hpdf_error && !HPDF_GetError(r->pdf))
        r->hpdf_error = st;
    return pdf_check(r, what);
}

/* --- numbers ---------------------------------------------------------------- */

void pdf_put_number(struct strbuf *out, double value)
{
    if (!isfinite(value))
        value = 0;
    long long hundredths = llround(value * 100.0);
    char buf[32];
    int len = 0;
    if (hundredths < 0) {
        buf[len++] = '-';
        hundredths = -hundredths;
    }
    len += snprintf(buf + len, sizeof buf - (size_t)len, "%lld", hundredths / 100);
    int frac = (int)(hundredths % 100);
    if (frac) {
        buf[len++] = '.';
        buf[len++] = (char)('0' + frac / 10);
        if (frac % 10)
            buf[len++] = (char)('0' + frac % 10);
    }
    strbuf_add(out, buf, (size_t)len);
}

static void put_numbers(struct strbuf *out, int count, ...)
{
    va_list args;
    va_start(args, count);
    for (int i = 0; i < count; i++) {
        pdf_put_number(out, va_arg(args, double));
        strbuf_add(out, " ", 1);
    }
    va_end(args);
}

/* --- step 1: collecting glyphs ------------------------------------------- */

static bool collect_glyphs(struct pdf_render *r)
{
    for (const struct laid_page *page = r->doc->pages; page; page = page->next)
        for (const struct item *item = page->items; item; item = item->next) {
            /* The same runs emit_glyphs draws: no font for an empty run. */
            if (item->kind != ITEM_GLYPHS || item->glyphs.count == 0 || !(item->glyphs.size > 0))
                continue;
            const struct glyph_run *run = &item->glyphs;
            if (!run->glyphs)
                return pdf_fail(r, "suite de glyphes sans glyphes");
            if ((unsigned)run->style >= FONT_STYLE_COUNT)
                return pdf_fail(r, "style de police inconnu (%d)", (int)run->style);
            struct pdf_font **font = &r->font[run->style];
            if (!*font) {
                *font = pdf_font_new(font_set_face(r->fonts, run->style), run->style,
                                     r->font_cache);
                if (!*font)
                    return pdf_fail(r, "mémoire insuffisante");
            }
            for (size_t i = 0; i < run->count; i++)
                if (!pdf_font_note(*font, run->glyphs[i], run->codepoints ? run->codepoints[i] : 0))
                    return pdf_fail(r, "glyphe %u absent de la police %s (ou mémoire insuffisante)",
                                    run->glyphs[i],
                                    font_postscript_name(font_set_face(r->fonts, run->style)));
        }
    return true;
}

/* --- step 3: page content -------------------------------------------------- */

struct page_state {
    HPDF_Page page;
    float height;
    const char *font_name[FONT_STYLE_COUNT]; /* resource names on this page */
};

static const char *font_resource(struct pdf_render *r, struct page_state *ps,
                                 enum font_style style)
{
    if (!ps->font_name[style])
        ps->font_name[style] = HPDF_Page_GetLocalFontName(ps->page, pdf_font_dict(r->font[style]));
    return ps->font_name[style];
}

static void put_cid(struct strbuf *out, unsigned cid)
{
    static const char hex[] = "0123456789ABCDEF";
    char buf[4] = {hex[(cid >> 12) & 15], hex[(cid >> 8) & 15], hex[(cid >> 4) & 15], hex[cid & 15]};
    strbuf_add(out, buf, 4);
}

/* BT /Fn size Tf x y Td <cids> Tj ET, or with justification
 * [<cids> -adj <cids>] TJ where adj = extra * 1000 / size. */
static bool emit_glyphs(struct pdf_render *r, struct page_state *ps, const struct glyph_run *run)
{
    if (run->count == 0 || !(run->size > 0))
        return true;
    const struct pdf_font *font = r->font[run->style];
    const char *name = font_resource(r, ps, run->style);
    if (!name)
        return pdf_check(r, "police de la page");
    struct strbuf *out = &r->content;
    bool adjusted = false;
    if (run->extra)
        for (size_t i = 0; i + 1 < run->count && !adjusted; i++)
            adjusted = llround(run->extra[i] * 1000.0 / run->size * 100.0) != 0;

    strbuf_puts(out, "BT /");
    strbuf_puts(out, name);
    strbuf_add(out, " ", 1);
    pdf_put_number(out, run->size);
    strbuf_puts(out, " Tf ");
    put_numbers(out, 2, (double)run->x, (double)(ps->height - run->y));
    strbuf_puts(out, adjusted ? "Td [<" : "Td <");
    for (size_t i = 0; i < run->count; i++) {
        unsigned codepoint = run->codepoints ? run->codepoints[i] : 0;
        put_cid(out, pdf_font_cid(font, run->glyphs[i], codepoint));
        if (adjusted && i + 1 < run->count) {
            double adjust = -run->extra[i] * 1000.0 / run->size;
            if (llround(adjust * 100.0) != 0) {
                strbuf_add(out, "> ", 2);
                pdf_put_number(out, adjust);
                strbuf_add(out, " <", 2);
            }
        }
    }
    strbuf_puts(out, adjusted ? ">] TJ ET\n" : "> Tj ET\n");
    return true;
}

/* A straight line; dashed lines are dotted (round dots along the line) for
 * writing on by hand. line_width 0 draws nothing. */
static void emit_line(struct pdf_render *r, struct page_state *ps, const struct item *item)
{
    if (!(item->line_width > 0))
        return;
    struct strbuf *out = &r->content;
    strbuf_puts(out, "q ");
    pdf_put_number(out, item->line_width);
    strbuf_puts(out, " w ");
    if (item->dashed) {
        double gap = item->line_width * 3 > 1.5 ? item->line_width * 3 : 1.5;
        strbuf_puts(out, "1 J [0 ");
        pdf_put_number(out, gap);
        strbuf_puts(out, "] 0 d ");
    }
    put_numbers(out, 2, (double)item->x1, (double)(ps->height - item->y1));
    strbuf_puts(out, "m ");
    put_numbers(out, 2, (double)item->x2, (double)(ps->height - item->y2));
    strbuf_puts(out, "l S Q\n");
}

static void rect_of(const struct page_state *ps, const struct item *item, double box[4])
{
    double left = item->x1 < item->x2 ? item->x1 : item->x2;
    double top = item->y1 < item->y2 ? item->y1 : item->y2;
    box[0] = left;
    box[1] = ps->height - top - fabs((double)item->y2 - item->y1);
    box[2] = fabs((double)item->x2 - item->x1);
    box[3] = fabs((double)item->y2 - item->y1);
}

/* Filled with gray fill_gray (when >= 0), stroked in black with line_width
 * (when > 0). */
static void emit_rect(struct pdf_render *r, struct page_state *ps, const struct item *item)
{
    bool fill = item->fill_gray >= 0, stroke = item->line_width > 0;
    if (!fill && !stroke)
        return;
    struct strbuf *out = &r->content;
    double box[4];
    rect_of(ps, item, box);
    strbuf_puts(out, "q ");
    if (fill) {
        pdf_put_number(out, item->fill_gray > 1 ? 1 : item->fill_gray);
        strbuf_puts(out, " g ");
    }
    if (stroke) {
        pdf_put_number(out, item->line_width);
        strbuf_puts(out, " w ");
    }
    put_numbers(out, 4, box[0], box[1], box[2], box[3]);
    strbuf_puts(out, fill && stroke ? "re B Q\n" : fill ? "re f Q\n" : "re S Q\n");
}

/* The image scaled into the item's box: q w 0 0 h x y cm /Xn Do Q. */
static bool emit_image(struct pdf_render *r, struct page_state *ps, const struct item *item)
{
    if (!item->path || !*item->path)
        return pdf_fail(r, "image sans fichier");
    HPDF_Image image = pdf_image(r, item->path);
    if (!image)
        return false;
    double box[4];
    rect_of(ps, item, box);
    if (box[2] <= 0 || box[3] <= 0)
        return true;
    const char *name = HPDF_Page_GetXObjectName(ps->page, image);
    if (!name)
        return pdf_check(r, "image de la page");
    struct strbuf *out = &r->content;
    strbuf_puts(out, "q ");
    put_numbers(out, 6, box[2], 0.0, 0.0, box[3], box[0], box[1]);
    strbuf_puts(out, "cm /");
    strbuf_puts(out, name);
    strbuf_puts(out, " Do Q\n");
    return true;
}

/* ITEM_FIELD: the place for signature fields (an AcroForm /Sig widget over
 * the box, named field_name, with tooltip as /TU), which a later issue adds.
 * The box itself is drawn by the layout's ITEM_RECTs, so nothing is drawn
 * here for now. */
static bool emit_signature_field(struct pdf_render *r, struct page_state *ps,
                                 const struct item *item)
{
    (void)r;
    (void)ps;
    (void)item;
    return true;
}

static bool write_page(struct pdf_render *r, const struct laid_page *laid, int index)
{
    HPDF_Page page = HPDF_AddPage(r->pdf);
    if (!page)
        return pdf_check(r, "page");
    r->pages[index] = page;
    if (!(laid->width >= 3 && laid->width <= 14400 && laid->height >= 3 && laid->height <= 14400))
        return pdf_fail(r, "taille de page invalide (%g × %g points)", (double)laid->width,
                        (double)laid->height);
    HPDF_Page_SetWidth(page, laid->width);
    HPDF_Page_SetHeight(page, laid->height);
    if (!pdf_check(r, "page"))
        return false;

    struct page_state ps = {page, laid->height, {NULL}};
    strbuf_reset(&r->content);
    for (const struct item *item = laid->items; item; item = item->next) {
        bool ok = true;
        switch (item->kind) {
        case ITEM_GLYPHS:
            ok = emit_glyphs(r, &ps, &item->glyphs);
            break;
        case ITEM_LINE:
            emit_line(r, &ps, item);
            break;
        case ITEM_RECT:
            emit_rect(r, &ps, item);
            break;
        case ITEM_IMAGE:
            ok = emit_image(r, &ps, item);
            break;
        case ITEM_FIELD:
            ok = emit_signature_field(r, &ps, item);
            break;
        }
        if (!ok)
            return false;
    }
    if (strbuf_failed(&r->content))
        return pdf_fail(r, "mémoire insuffisante");
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (r->content.len &&
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)r->content.data,
                          (HPDF_UINT)r->content.len) != HPDF_OK)
        return pdf_check_status(r, HPDF_FILE_IO_ERROR, "contenu de page");
    return pdf_check(r, "contenu de page");
}

/* --- saving ------------------------------------------------------------------ */

static bool save(struct pdf_render *r, unsigned char **out, size_t *size)
{
    if (HPDF_SaveToStream(r->pdf) != HPDF_OK)
        return pdf_check_status(r, HPDF_INVALID_DOCUMENT, "enregistrement");
    HPDF_UINT32 total = HPDF_GetStreamSize(r->pdf);
    if (total == 0 || !pdf_check(r, "enregistrement"))
        return pdf_check_status(r, HPDF_INVALID_DOCUMENT, "enregistrement");
    unsigned char *bytes = malloc(total);
    if (!bytes)
        return pdf_fail(r, "mémoire insuffisante");
    HPDF_UINT32 got = total;
    if (HPDF_ResetStream(r->pdf) != HPDF_OK ||
        HPDF_ReadFromStream(r->pdf, bytes, &got) != HPDF_OK || got != total) {
        free(bytes);
        return pdf_check_status(r, HPDF_FILE_IO_ERROR, "enregistrement");
    }
    *out = bytes;
    *size = total;
    return true;
}

bool pdf_render(const struct laid_document *doc, const struct font_set *fonts,
                const struct pdf_options *options, unsigned char **out, size_t *size,
                struct strbuf *error)
{
    return pdf_render_with_cache(doc, fonts, NULL, options, out, size, error);
}

bool pdf_render_with_cache(const struct laid_document *doc, const struct font_set *fonts,
                           const struct pdf_font_cache *cache, const struct pdf_options *options,
                           unsigned char **out, size_t *size, struct strbuf *error)
{
    static const struct pdf_options no_options = {0};
    *out = NULL;
    *size = 0;
    struct pdf_render r = {0};
    r.error = error;
    r.doc = doc;
    r.fonts = fonts;
    r.options = options ? options : &no_options;
    r.font_cache = cache;
    if (!doc || !fonts)
        return pdf_fail(&r, "document ou polices manquants");
    if (doc->page_count <= 0 || !doc->pages)
        return pdf_fail(&r, "document sans page");

    r.pdf = HPDF_New(on_hpdf_error, &r);
    if (!r.pdf)
        return pdf_fail(&r, "mémoire insuffisante (libharu)");
    /* Associated files (/AF) and /UF are PDF 1.7. */
    r.pdf->pdf_version = HPDF_VER_17;
    bool ok = HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL) == HPDF_OK || pdf_check(&r, "compression");
    r.content = (struct strbuf)STRBUF_INIT;
    r.pages = calloc((size_t)doc->page_count, sizeof *r.pages);
    if (!r.pages)
        ok = pdf_fail(&r, "mémoire insuffisante");

    ok = ok && collect_glyphs(&r);
    for (int style = 0; ok && style < FONT_STYLE_COUNT; style++)
        if (r.font[style])
            ok = pdf_font_embed(r.font[style], &r);
    int index = 0;
    for (const struct laid_page *page = doc->pages; ok && page && index < doc->page_count;
         page = page->next)
        ok = write_page(&r, page, index++);
    if (ok && index != doc->page_count)
        ok = pdf_fail(&r, "nombre de pages incohérent (%d annoncées, %d trouvées)",
                      doc->page_count, index);
    ok = ok && pdf_write_info(&r) && pdf_write_outline(&r) && pdf_write_attachment(&r) &&
         save(&r, out, size);

    for (int style = 0; style < FONT_STYLE_COUNT; style++)
        pdf_font_free(r.font[style]);
    free(r.pages);
    free(r.images);
    strbuf_free(&r.content);
    HPDF_Free(r.pdf);
    return ok;
}
