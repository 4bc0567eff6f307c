/* pdf_internal.h — shared state of the PDF backend (pdf.c, pdf_font.c,
 * pdf_font_cache.c, pdf_content.c, pdf_meta.c, pdf_image.c, pdf_field.c,
 * pdf_pack.c, pdf_pdfa.c). Not for use outside src/pdf.
 *
 * One struct pdf_render lives for one pdf_render() call: it owns the libharu
 * document, whose error handler records libharu's error codes here (never a
 * longjmp, never a global), and the French message given back to the caller. */
#ifndef STAGEDOC_PDF_INTERNAL_H
#define STAGEDOC_PDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hb.h>
#include <hpdf.h>

#include "../layout/font.h"
#include "../layout/page.h"
#include "../util/strbuf.h"
#include "pdf.h"

struct pdf_font;
struct pdf_fields;
struct pdf_tags;

struct pdf_image {
    char *path; /* owned */
    HPDF_Image image;
};

struct pdf_render {
    HPDF_Doc pdf;
    HPDF_STATUS hpdf_error;   /* first error libharu reported, 0 if none */
    HPDF_STATUS hpdf_detail;
    struct strbuf *error;     /* the caller's message buffer */
    bool failed;              /* a message was written to error */
    const struct laid_document *doc;     /* metadata and outline */
    const struct pdf_page_source *source; /* the pages */
    const struct font_set *fonts;
    const struct pdf_options *options;
    struct pdf_font_cache *font_cache; /* or NULL */
    struct pdf_font *font[FONT_STYLE_COUNT]; /* NULL: style unused */
    HPDF_Page *pages;         /* doc->page_count pages, in order */
    struct pdf_image *images; /* each image file loaded once */
    size_t image_count, image_cap;
    struct strbuf content;    /* the page content being built */
    struct strbuf deferred;   /* its black graphics, written after its text */
    struct pdf_fields *fields; /* the signature fields so far; NULL: none */
    struct libdeflate_compressor *deflater; /* made at the first stream */
    struct pdf_tags *tags;    /* the structure tree; NULL: an untagged document */
};

/* Records a French message (the first one wins) and returns false. */
bool pdf_fail(struct pdf_render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* False, with a message naming what was being done, when libharu has
 * reported an error (through the handler or its error state). */
bool pdf_check(struct pdf_render *r, const char *what);
/* The same, also failing when st (OR-ed statuses of libharu calls) is not
 * HPDF_OK. */
bool pdf_check_status(struct pdf_render *r, HPDF_STATUS st, const char *what);

/* --- page content (pdf_content.c) ----------------------------------------
 * Appends a number with at most two decimals, locale independent, with
 * trailing zeros trimmed ("12", "12.5", "-0.25"). */
void pdf_put_number(struct strbuf *out, double value);
/* Writes the content stream of page from the display list laid (fonts
 * embedded, images loaded on first use). */
bool pdf_write_content(struct pdf_render *r, HPDF_Page page, const struct laid_page *laid);

/* A PDF text string for UTF-8 text: a literal string in PDFDocEncoding when
 * every character has a byte there, else UTF-16BE with a byte order mark (a
 * hex string). NULL (and a libharu error) when memory runs out. */
void *pdf_text_string(struct pdf_render *r, const char *utf8);
/* The same, always in UTF-16BE with a byte order mark: for the strings some
 * form and signing tools read as UTF-16 or as bytes, never as
 * PDFDocEncoding (field tooltips). */
void *pdf_text_string_utf16(struct pdf_render *r, const char *utf8);
/* "D:YYYYMMDDHHmmSSZ" for seconds since 1970, in UTC. */
void pdf_format_date(int64_t seconds, char out[24]);

/* --- fonts (pdf_font.c) --------------------------------------------------
 * Pass 1 notes every (glyph, code point) of a style; pdf_font_embed subsets
 * the face with hb-subset and builds the Type0 font; pass 2 asks for the
 * CID of each glyph to write the page content. */
struct pdf_font *pdf_font_new(const struct font_face *face, enum font_style style,
                              struct pdf_font_cache *cache);
void pdf_font_free(struct pdf_font *font);
/* False when the glyph is not in the face, or memory runs out. */
bool pdf_font_note(struct pdf_font *font, unsigned glyph, unsigned codepoint);
bool pdf_font_embed(struct pdf_font *font, struct pdf_render *r);
/* The Type0 font dictionary (an indirect object), after pdf_font_embed. */
HPDF_Dict pdf_font_dict(const struct pdf_font *font);
/* The CID that shows glyph with codepoint (both noted in pass 1). */
unsigned pdf_font_cid(const struct pdf_font *font, unsigned glyph, unsigned codepoint);

/* --- finished subsets (pdf_font_cache.c) ---------------------------------
 * The font cache keeps, per face, the last PDF_SUBSETS_PER_FACE subsets
 * made, each for one exact set of used glyphs: subsetting then deflating a
 * face is some 1.3 million instructions, which a document using the very
 * glyphs of a recent one (in a class, most of them for the italic face)
 * need not spend again. An entry holds only what follows from the face and
 * the glyph set (hb-subset is deterministic), and the ToUnicode CMap with
 * the exact pairs it was made from, so a document gets the same bytes from
 * the cache as without it. */
#define PDF_SUBSETS_PER_FACE 8

struct pdf_cid_char {
    unsigned cid;
    uint32_t codepoint;
};

struct pdf_subset {
    uint32_t *glyphs;          /* the key: the glyphs the document uses, ascending */
    size_t glyph_count;
    uint64_t hash;             /* of the key, to tell keys apart quickly */
    uint32_t *new_to_old;      /* [subset_glyphs]: the face's glyph of each subset glyph */
    unsigned subset_glyphs;    /* the used glyphs, .notdef and parts of composites */
    unsigned font_len;         /* the TrueType subset's size (/Length1) */
    unsigned char *font_z;     /* the subset deflated (pdf_deflate): FontFile2's data */
    size_t font_z_len;
    /* The ToUnicode CMap of the last document that used the entry (NULL:
     * none yet), for the next one with the very same (CID, character)
     * pairs: the same glyphs can show other characters (a character the
     * face lacks on .notdef, one glyph for two characters). */
    struct pdf_cid_char *chars;
    size_t char_count;
    unsigned char *cmap_z;
    size_t cmap_z_len;
    uint64_t last_use;         /* for least recently used out */
};

/* The face hb-subset reads: the face prepared by hb_subset_preprocess. */
hb_face_t *pdf_font_cache_face(const struct pdf_font_cache *cache, enum font_style style);
/* The entry of style for exactly glyphs[count] (ascending), now the most
 * recently used, or NULL; counted as a hit or a miss. It stays valid until
 * the next pdf_subset_keep for style. */
struct pdf_subset *pdf_subset_find(struct pdf_font_cache *cache, enum font_style style,
                                   const uint32_t *glyphs, size_t count);
/* Moves made (its arrays; made is left empty) into the cache of style, in
 * place of the least recently used entry when the face has its
 * PDF_SUBSETS_PER_FACE already; returns the entry. */
struct pdf_subset *pdf_subset_keep(struct pdf_font_cache *cache, enum font_style style,
                                   struct pdf_subset *made);
/* Frees the arrays of a subset that is not in the cache. */
void pdf_subset_clear(struct pdf_subset *subset);
/* The deflated ToUnicode CMap of subset when it was made from exactly
 * chars[count], else NULL; counted as a hit or a miss of style. */
const unsigned char *pdf_subset_cmap(struct pdf_font_cache *cache, enum font_style style,
                                     const struct pdf_subset *subset,
                                     const struct pdf_cid_char *chars, size_t count,
                                     size_t *len);
/* Replaces the CMap of subset by deflated (moved out, left empty), made
 * from chars[count]. False when memory runs out (the entry then has none). */
bool pdf_subset_set_cmap(struct pdf_subset *subset, const struct pdf_cid_char *chars,
                         size_t count, struct strbuf *deflated);

/* --- images (pdf_image.c) ------------------------------------------------
 * The image of a PNG or JPEG file, loaded at its first use in the document;
 * NULL with a message when the file is missing, unsupported or damaged. */
HPDF_Image pdf_image(struct pdf_render *r, const char *path);

/* --- document-level objects (pdf_meta.c) ------------------------------ */
bool pdf_write_info(struct pdf_render *r);
bool pdf_write_outline(struct pdf_render *r);
bool pdf_write_attachment(struct pdf_render *r);

/* --- PDF/A-1b (pdf_pdfa.c) -------------------------------------------------
 * When options->pdfa: the sRGB OutputIntent and the XMP metadata stream in
 * the catalog (after pdf_write_info). True and nothing done otherwise. */
bool pdf_write_pdfa(struct pdf_render *r);

/* --- structure (pdf_tags.c) -----------------------------------------------
 * The structure elements of r->doc->tags (none: an untagged document, and
 * r->tags stays NULL), made before the pages; each page's key in the
 * parent tree (/StructParents) before its content; the MCID of a new
 * marked-content sequence of element tag on that page (-1: untagged, -2:
 * failed, with a message); a signature widget in its Form element; the
 * parent tree and the catalog's entries at the end. */
bool pdf_tags_begin(struct pdf_render *r);
bool pdf_tags_page(struct pdf_render *r, HPDF_Page page, int index);
int pdf_tags_mark(struct pdf_render *r, unsigned tag);
bool pdf_tags_annotation(struct pdf_render *r, unsigned tag, HPDF_Dict widget);
bool pdf_tags_finish(struct pdf_render *r);
void pdf_tags_free(struct pdf_tags *tags);

/* --- signature fields (pdf_field.c) ---------------------------------------
 * The ITEM_FIELD item of page (page_width × page_height points, the item in
 * the display list's top-left coordinates) as an empty signature field:
 * an AcroForm field /FT /Sig and its widget over the item's box, in the
 * page's /Annots and the catalog's /AcroForm /Fields (made with the first
 * field). Its name is item->field_name, or that name with "-2", "-3", …
 * when the document has one of that name already. False with a message for
 * a name that is not 1 to 64 ASCII letters, digits, '-' or '_', a box
 * outside the page, or when memory runs out. */
bool pdf_field_add(struct pdf_render *r, HPDF_Page page, float page_width, float page_height,
                   const struct item *item);
void pdf_fields_free(struct pdf_fields *fields);

/* --- repacking (pdf_pack.c) ------------------------------------------------
 * libharu's file (in, len) rewritten with its dictionaries in an object
 * stream and a cross-reference stream: a new heap buffer in *out, *out_len.
 * False with a message when the file is not as libharu writes it or memory
 * runs out. */
bool pdf_pack(struct pdf_render *r, const unsigned char *in, size_t len, unsigned char **out,
              size_t *out_len);
/* For PDF/A-1: libharu's file as it is (objects and classic table), its
 * trailer written again with an /ID derived from the bytes before the
 * table (same document, same identifier). */
bool pdf_finish_classic(struct pdf_render *r, const unsigned char *in, size_t len,
                        unsigned char **out, size_t *out_len);

/* --- deflating (pdf_deflate.c) ---------------------------------------------
 * Every stream but images is deflated here, not by libharu.
 * bytes deflated (zlib format) and appended to out; false with a message. */
bool pdf_deflate(struct pdf_render *r, const char *bytes, size_t len, struct strbuf *out);
/* Frees the compressor pdf_deflate made (at the end of the document). */
void pdf_deflater_free(struct pdf_render *r);
/* A new stream object holding data deflated already, which libharu copies
 * as it is, measures for /Length and marks /FlateDecode; or data to deflate
 * first. NULL when libharu or the compression fails, with the message
 * recorded (pdf_fail): the caller returns false. */
HPDF_Dict pdf_deflated_stream(struct pdf_render *r, const void *data, size_t len);
HPDF_Dict pdf_plain_stream(struct pdf_render *r, const void *data, size_t len);
/* Makes libharu write dict's data as it is, with "/Filter [ /FlateDecode ]"
 * in the dictionary (libharu drops /Filter when its own filter is off, and
 * writes that very entry when it deflates a stream itself). */
void pdf_mark_deflated(HPDF_Dict dict);

#endif
