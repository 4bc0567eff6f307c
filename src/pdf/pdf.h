/* pdf.h — the PDF backend: positioned pages to PDF bytes with libharu.
 *
 * Fonts are embedded as subsets (HarfBuzz hb-subset) of the glyphs each
 * document uses, as Type0/CIDFontType2 fonts with a correct ToUnicode CMap,
 * so text is extractable and searchable. The dictionaries go into a
 * compressed object stream (PDF 1.5 and later readers), or, for PDF/A-1b,
 * stay at the top level of a PDF 1.4 file (pdf_options.pdfa). Signature boxes
 * become empty signature fields. The output is reproducible: the only date
 * written is the one given here. */
#ifndef STAGEDOC_PDF_PDF_H
#define STAGEDOC_PDF_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "../layout/font.h"
#include "../layout/page.h"
#include "../util/strbuf.h"

/* Faces prepared once for fast subsetting (hb_subset_preprocess): about
 * 25 ms to make, after which each document's fonts are subset about ten
 * times faster (some 1 ms saved per document). The cache also keeps, per
 * face, the last 8 finished subsets, each for one exact set of glyphs (the
 * deflated TrueType subset, its glyph numbering and ToUnicode CMap): a
 * document that uses exactly the glyphs of a recent one in a face skips
 * subsetting and deflating that face. In a class that is most documents for
 * a face only the template writes in (italic), few for the faces of the
 * names, addresses and companies, which bring new letters to almost every
 * document. It stays well under a megabyte. Optional: worth it when one
 * process renders more than a few dozen documents. Every
 * pdf_render_with_cache updates it: one thread at a time (stagedoc renders
 * in a single thread). Must not outlive fonts. NULL with a message on
 * failure. */
struct pdf_font_cache;
struct pdf_font_cache *pdf_font_cache_new(const struct font_set *fonts, struct strbuf *error);
void pdf_font_cache_free(struct pdf_font_cache *cache);

/* How often the documents of one face found their subset (and their
 * ToUnicode CMap) in the cache. */
struct pdf_font_cache_stats {
    unsigned long subset_hits, subset_misses;
    unsigned long cmap_hits, cmap_misses;
};
void pdf_font_cache_stats(const struct pdf_font_cache *cache, enum font_style style,
                          struct pdf_font_cache_stats *stats);

struct pdf_options {
    const char *creator;         /* "stagedoc 0.1.0" */
    int64_t date;                /* seconds since 1970 (SOURCE_DATE_EPOCH or input) */
    const char *attachment_name; /* e.g. "ET27-014.xml", or NULL */
    const void *attachment;      /* the stage's XML, embedded as a file */
    size_t attachment_size;
    const char *attachment_description;
    /* PDF/A-1b (ISO 19005-1, level B) instead of the default PDF 1.7: a
     * classic cross-reference table with a trailer /ID, no object stream,
     * an sRGB OutputIntent (icc_profile, required then), XMP metadata
     * matching the Info dictionary, a CIDSet in each subset font, images
     * without alpha, and no attachment (PDF/A-1 forbids embedded files:
     * the attachment above is left out). */
    bool pdfa;
    const void *icc_profile;     /* an ICC profile of an RGB space (sRGB) */
    size_t icc_profile_size;
};

/* Renders doc into a heap buffer (*out, *size). Returns false with a
 * French message on failure (*out NULL). options may be NULL (no creator,
 * no attachment, dates of 1970). Images: PNG (not interlaced: libharu 2.3.0
 * cannot read those) or JPEG, each file read once per document.
 *
 * Each ITEM_FIELD becomes an empty signature field (AcroForm /FT /Sig with
 * its widget over the item's box, tooltip /TU from item->tooltip), ready
 * for Acrobat Reader, e-signature services, pdfsig or mutool to sign one
 * after another, each signature an incremental update; the document is
 * never encrypted. The field's name is item->field_name, which must be 1 to
 * 64 ASCII letters, digits, '-' or '_' (else an error). Names are unique in
 * a document: when a name comes again (the attestations of a class bound in
 * one PDF), the second field is NAME-2, the third NAME-3, and so on in page
 * order (skipping a name the document already has). */
bool pdf_render(const struct laid_document *doc, const struct font_set *fonts,
                const struct pdf_options *options, unsigned char **out, size_t *size,
                struct strbuf *error);
/* The same, subsetting from cache (made from the same fonts; NULL: as
 * pdf_render), which it updates. The bytes are identical, only faster. */
bool pdf_render_with_cache(const struct laid_document *doc, const struct font_set *fonts,
                           struct pdf_font_cache *cache, const struct pdf_options *options,
                           unsigned char **out, size_t *size, struct strbuf *error);

/* Pages handed out one at a time, for a document too large to hold laid
 * out whole (the attestations.pdf of a large promotion, page_store.h):
 * page(data, index) is asked for every page in order, twice (once to note
 * its glyphs, once to draw it); what it returns stays valid until the next
 * call. NULL means the page cannot be had. */
struct pdf_page_source {
    int count;
    const struct laid_page *(*page)(void *data, int index);
    void *data;
};
/* As pdf_render_with_cache, with the pages from source; doc gives the rest
 * (metadata, outline over source's pages; its page_count is source's). */
bool pdf_render_pages(const struct laid_document *doc, const struct pdf_page_source *source,
                      const struct font_set *fonts, struct pdf_font_cache *cache,
                      const struct pdf_options *options, unsigned char **out, size_t *size,
                      struct strbuf *error);

#endif
