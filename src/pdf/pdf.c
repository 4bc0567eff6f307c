/* pdf.c — positioned pages to PDF with libharu.
 *
 * Three steps per document:
 *   1. collect: every glyph run notes its glyphs and characters in the font
 *      of its style (only the styles used get a font);
 *   2. embed: each used style is subset once with hb-subset and becomes a
 *      Type0 font built with libharu's object API (pdf_font.c);
 *   3. draw: each page's content stream is written as raw operators
 *      (pdf_content.c), its content marked with its structure element or
 *      as an artifact (pdf_tags.c: a tagged PDF, when the layout engine
 *      gave a structure), its signature boxes become empty signature fields
 *      (pdf_field.c), then the Info dictionary, outline and attached XML
 *      are added (pdf_meta.c), the document is saved to memory and repacked
 *      with an object stream (pdf_pack.c); for PDF/A-1b, the attachment
 *      is left out, an OutputIntent and XMP metadata are added
 *      (pdf_pdfa.c) and libharu's classic table is kept, with an /ID.
 *
 * Nothing reads the clock: the only dates are options->date, and libharu
 * writes no /ID for unencrypted files, so equal inputs give equal bytes. */
#include "pdf.h"

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

/* --- step 1: collecting glyphs ------------------------------------------- */

/* Page index of the document, from its source; NULL after saying why. */
static const struct laid_page *page_at(struct pdf_render *r, int index)
{
    const struct laid_page *page = r->source->page(r->source->data, index);
    if (!page)
        pdf_fail(r, "page %d sur %d illisible", index + 1, r->source->count);
    return page;
}

static bool collect_glyphs(struct pdf_render *r)
{
    for (int index = 0; index < r->source->count; index++) {
        const struct laid_page *page = page_at(r, index);
        if (!page)
            return false;
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
    }
    return true;
}

/* --- step 3: pages ------------------------------------------------------- */

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
    return pdf_tags_page(r, page, index) && pdf_write_content(r, page, laid);
}

/* --- saving ------------------------------------------------------------------ */

/* libharu's output goes straight into a buffer through a callback stream:
 * its own memory stream would copy the whole file byte by byte twice (in,
 * then out with HPDF_ReadFromStream). */
static HPDF_STATUS append_output(HPDF_Stream stream, const HPDF_BYTE *bytes, HPDF_UINT len)
{
    struct strbuf *file = stream->attr;
    strbuf_add(file, (const char *)bytes, len);
    if (strbuf_failed(file))
        return HPDF_SetError(stream->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    return HPDF_OK;
}

static bool save(struct pdf_render *r, unsigned char **out, size_t *size)
{
    struct strbuf file = STRBUF_INIT;
    /* HPDF_SaveToStream writes to pdf->stream, making a memory stream only
     * when there is none; HPDF_Free frees ours. */
    r->pdf->stream = HPDF_CallbackWriter_New(r->pdf->mmgr, append_output, &file);
    bool ok;
    if (!r->pdf->stream)
        ok = pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "enregistrement");
    else if (HPDF_SaveToStream(r->pdf) != HPDF_OK)
        ok = pdf_check_status(r, HPDF_INVALID_DOCUMENT, "enregistrement");
    else
        ok = pdf_check(r, "enregistrement");
    if (r->pdf->stream)
        r->pdf->stream->attr = NULL; /* file is about to go */
    if (ok && strbuf_failed(&file))
        ok = pdf_fail(r, "mémoire insuffisante");
    else if (ok && file.len == 0)
        ok = pdf_check_status(r, HPDF_INVALID_DOCUMENT, "enregistrement");
    if (ok && r->options->pdfa)
        ok = pdf_finish_classic(r, (const unsigned char *)file.data, file.len, out, size);
    else if (ok)
        ok = pdf_pack(r, (const unsigned char *)file.data, file.len, out, size);
    strbuf_free(&file);
    return ok;
}

/* A laid_document's own pages, handed out in order. */
struct list_source {
    const struct laid_document *doc;
    const struct laid_page *at;
    int index;
};

static const struct laid_page *list_page(void *data, int index)
{
    struct list_source *list = data;
    if (!list->at || index < list->index) {
        list->at = list->doc->pages;
        list->index = 0;
    }
    while (list->at && list->index < index) {
        list->at = list->at->next;
        list->index++;
    }
    return list->at;
}

bool pdf_render(const struct laid_document *doc, const struct font_set *fonts,
                const struct pdf_options *options, unsigned char **out, size_t *size,
                struct strbuf *error)
{
    return pdf_render_with_cache(doc, fonts, NULL, options, out, size, error);
}

bool pdf_render_with_cache(const struct laid_document *doc, const struct font_set *fonts,
                           struct pdf_font_cache *cache, const struct pdf_options *options,
                           unsigned char **out, size_t *size, struct strbuf *error)
{
    struct list_source list = {doc, NULL, 0};
    struct pdf_page_source source = {doc ? doc->page_count : 0, list_page, &list};
    return pdf_render_pages(doc, &source, fonts, cache, options, out, size, error);
}

bool pdf_render_pages(const struct laid_document *doc, const struct pdf_page_source *source,
                      const struct font_set *fonts, struct pdf_font_cache *cache,
                      const struct pdf_options *options, unsigned char **out, size_t *size,
                      struct strbuf *error)
{
    static const struct pdf_options no_options = {0};
    *out = NULL;
    *size = 0;
    struct pdf_render r = {0};
    r.error = error;
    r.doc = doc;
    r.source = source;
    r.fonts = fonts;
    r.options = options ? options : &no_options;
    r.font_cache = cache;
    if (!doc || !fonts)
        return pdf_fail(&r, "document ou polices manquants");
    if (source->count <= 0)
        return pdf_fail(&r, "document sans page");

    r.pdf = HPDF_New(on_hpdf_error, &r);
    if (!r.pdf)
        return pdf_fail(&r, "mémoire insuffisante (libharu)");
    /* Associated files (/AF) and /UF are PDF 1.7; PDF/A-1 is PDF 1.4. */
    r.pdf->pdf_version = r.options->pdfa ? HPDF_VER_14 : HPDF_VER_17;
    bool ok = HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL) == HPDF_OK || pdf_check(&r, "compression");
    r.content = (struct strbuf)STRBUF_INIT;
    r.deferred = (struct strbuf)STRBUF_INIT;
    r.pages = calloc((size_t)source->count, sizeof *r.pages);
    if (!r.pages)
        ok = pdf_fail(&r, "mémoire insuffisante");

    ok = ok && collect_glyphs(&r);
    for (int style = 0; ok && style < FONT_STYLE_COUNT; style++)
        if (r.font[style])
            ok = pdf_font_embed(r.font[style], &r);
    ok = ok && pdf_tags_begin(&r);
    for (int index = 0; ok && index < source->count; index++) {
        const struct laid_page *page = page_at(&r, index);
        ok = page && write_page(&r, page, index);
    }
    ok = ok && pdf_tags_finish(&r);
    /* PDF/A-1 forbids embedded files: no attachment then. */
    ok = ok && pdf_write_info(&r) && pdf_write_outline(&r) &&
         (r.options->pdfa || pdf_write_attachment(&r)) && pdf_write_pdfa(&r) &&
         save(&r, out, size);

    for (int style = 0; style < FONT_STYLE_COUNT; style++)
        pdf_font_free(r.font[style]);
    pdf_fields_free(r.fields);
    pdf_tags_free(r.tags);
    free(r.pages);
    for (size_t i = 0; i < r.image_count; i++)
        free(r.images[i].path);
    free(r.images);
    strbuf_free(&r.content);
    strbuf_free(&r.deferred);
    pdf_deflater_free(&r);
    HPDF_Free(r.pdf);
    return ok;
}
