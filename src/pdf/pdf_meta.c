/* pdf_meta.c — the document-level objects: the Info dictionary, the
 * outline (bookmarks) and the embedded XML file.
 *
 * libharu's own setters pass text through its 8-bit encoders, which mangle
 * UTF-8, so text strings are built here: in PDFDocEncoding (a literal
 * string, a byte per character: French text with its dashes, quotes and
 * euro sign) when every character has a byte there, else UTF-16BE with a
 * byte order mark (a hex string, four digits per character). */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fold.h"

/* The PDFDocEncoding byte of the characters it has besides printable ASCII
 * (0x20-0x7E, themselves): 0x80-0x9E are typographic characters, 0xA0 the
 * euro sign, 0xA1-0xFF Latin-1 but for the soft hyphen (0xAD). 0 when the
 * character has none. */
static unsigned char pdfdoc_byte(unsigned cp)
{
    static const uint16_t high[0x1F] = {
        0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, /* 0x80 */
        0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018, /* 0x88 */
        0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160, /* 0x90 */
        0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E,         /* 0x98 */
    };
    if (cp >= 0x20 && cp <= 0x7E)
        return (unsigned char)cp;
    if (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD)
        return (unsigned char)cp;
    if (cp == 0x20AC)
        return 0xA0;
    for (unsigned i = 0; i < sizeof high / sizeof *high; i++)
        if (high[i] == cp)
            return (unsigned char)(0x80 + i);
    return 0;
}

/* utf8 in PDFDocEncoding, into bytes (room for strlen(utf8) + 1). False
 * when some character has no byte there, or when the bytes would begin like
 * a UTF-16 byte order mark (þÿ). */
static bool pdfdoc_encode(const char *utf8, char *bytes)
{
    size_t len = 0;
    for (const char *p = utf8; *p;) {
        unsigned cp;
        p += utf8_decode(p, &cp);
        unsigned char byte = pdfdoc_byte(cp);
        if (!byte)
            return false;
        bytes[len++] = (char)byte;
    }
    bytes[len] = '\0';
    return !(len >= 2 && (unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF);
}

static void *text_string(struct pdf_render *r, const char *utf8, bool pdfdoc_allowed)
{
    HPDF_MMgr mmgr = r->pdf->mmgr;
    size_t len = strlen(utf8);
    /* PDFDocEncoding takes at most a byte per byte of UTF-8; UTF-16 at most
     * two units (4 bytes) per byte of UTF-8, plus the BOM. */
    HPDF_BYTE *buffer = malloc(2 + 4 * len);
    if (!buffer) {
        HPDF_SetError(&r->pdf->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
        return NULL;
    }
    if (pdfdoc_allowed && pdfdoc_encode(utf8, (char *)buffer)) {
        HPDF_String string = HPDF_String_New(mmgr, (const char *)buffer, NULL);
        free(buffer);
        return string;
    }

    size_t out = 0;
    buffer[out++] = 0xFE;
    buffer[out++] = 0xFF;
    for (const char *p = utf8; *p;) {
        unsigned cp;
        p += utf8_decode(p, &cp);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        if (cp >= 0x10000) {
            unsigned v = cp - 0x10000, high = 0xD800 | (v >> 10), low = 0xDC00 | (v & 0x3FF);
            buffer[out++] = (HPDF_BYTE)(high >> 8);
            buffer[out++] = (HPDF_BYTE)high;
            buffer[out++] = (HPDF_BYTE)(low >> 8);
            buffer[out++] = (HPDF_BYTE)low;
        } else {
            buffer[out++] = (HPDF_BYTE)(cp >> 8);
            buffer[out++] = (HPDF_BYTE)cp;
        }
    }
    HPDF_Binary binary = HPDF_Binary_New(mmgr, buffer, (HPDF_UINT)out);
    free(buffer);
    return binary;
}

void *pdf_text_string(struct pdf_render *r, const char *utf8)
{
    return text_string(r, utf8, true);
}

void *pdf_text_string_utf16(struct pdf_render *r, const char *utf8)
{
    return text_string(r, utf8, false);
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

void pdf_format_date(int64_t seconds, char out[24])
{
    int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    int64_t rest = seconds - days * 86400;
    int64_t year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < 0)
        year = 0;
    if (year > 9999)
        year = 9999;
    snprintf(out, 24, "D:%04d%02d%02d%02d%02d%02dZ", (int)year, month, day, (int)(rest / 3600),
             (int)(rest / 60 % 60), (int)(rest % 60));
}

static HPDF_STATUS add_text(struct pdf_render *r, HPDF_Dict dict, const char *key,
                            const char *utf8)
{
    if (!utf8 || !*utf8)
        return HPDF_OK;
    return HPDF_Dict_Add(dict, key, pdf_text_string(r, utf8));
}

bool pdf_write_info(struct pdf_render *r)
{
    const struct laid_document *doc = r->doc;
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Dict info = r->pdf->info; /* libharu made it for its Producer */
    if (!info)
        return pdf_fail(r, "dictionnaire d'informations absent");
    char date[24];
    pdf_format_date(r->options->date, date);

    HPDF_STATUS st = HPDF_OK;
    st |= add_text(r, info, "Title", doc->title);
    st |= add_text(r, info, "Author", doc->author);
    st |= add_text(r, info, "Subject", doc->subject);
    st |= add_text(r, info, "Keywords", doc->keywords);
    st |= add_text(r, info, "Creator", r->options->creator);
    st |= HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(mmgr, date, NULL));
    st |= HPDF_Dict_Add(info, "ModDate", HPDF_String_New(mmgr, date, NULL));

    /* Viewers show the title rather than the file name; the text is French. */
    HPDF_Dict catalog = r->pdf->catalog;
    st |= HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, "fr-FR", NULL));
    if (doc->title && *doc->title) {
        HPDF_Dict preferences = HPDF_Dict_New(mmgr);
        st |= HPDF_Dict_Add(catalog, "ViewerPreferences", preferences);
        if (preferences)
            st |= HPDF_Dict_AddBoolean(preferences, "DisplayDocTitle", HPDF_TRUE);
    }
    return pdf_check_status(r, st, "métadonnées");
}

bool pdf_write_outline(struct pdf_render *r)
{
    const struct laid_document *doc = r->doc;
    if (!doc->outline)
        return true;
    HPDF_MMgr mmgr = r->pdf->mmgr;
    /* parents[l]: the last entry of level l, the parent of level l + 1. */
    HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
    for (const struct outline_entry *e = doc->outline; e; e = e->next) {
        if (e->page < 0 || e->page >= doc->page_count)
            return pdf_fail(r, "signet « %s » sur une page inexistante (%d)",
                            e->title ? e->title : "", e->page + 1);
        int level = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        /* The title given here goes through libharu's encoder: replaced
         * below by a proper text string. */
        HPDF_Outline outline = HPDF_CreateOutline(r->pdf, parent, "", NULL);
        if (!outline)
            return pdf_check(r, "signets");
        HPDF_STATUS st = HPDF_OK;
        st |= HPDF_Dict_Add(outline, "Title", pdf_text_string(r, e->title ? e->title : ""));
        /* libharu marks items /Type /Outlines, which only the root is. */
        HPDF_Dict_RemoveElement(outline, "Type");

        HPDF_Page page = r->pages[e->page];
        float top = HPDF_Page_GetHeight(page) - e->y;
        HPDF_Array dest = HPDF_Array_New(mmgr);
        st |= HPDF_Dict_Add(outline, "Dest", dest);
        if (dest) {
            st |= HPDF_Array_Add(dest, page);
            st |= HPDF_Array_AddName(dest, "XYZ");
            st |= HPDF_Array_Add(dest, HPDF_Null_New(mmgr));
            st |= HPDF_Array_AddReal(dest, top < 0 ? 0 : top);
            st |= HPDF_Array_Add(dest, HPDF_Null_New(mmgr));
        }
        if (!pdf_check_status(r, st, "signets"))
            return false;
        parents[level] = outline;
        for (int l = level + 1; l <= 3; l++)
            parents[l] = NULL;
    }
    if (HPDF_SetPageMode(r->pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
        return pdf_check(r, "signets");
    return pdf_check(r, "signets");
}

bool pdf_write_attachment(struct pdf_render *r)
{
    const struct pdf_options *options = r->options;
    if (!options->attachment)
        return true;
    if (options->attachment_size > 0x7FFFFFFF)
        return pdf_fail(r, "fichier joint trop volumineux (%zu octets)", options->attachment_size);
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Xref xref = r->pdf->xref;
    const char *name = options->attachment_name && *options->attachment_name
                           ? options->attachment_name
                           : "stage.xml";
    char date[24];
    pdf_format_date(options->date, date);
    HPDF_STATUS st = HPDF_OK;

    HPDF_Dict file = pdf_plain_stream(r, options->attachment, options->attachment_size);
    if (!file)
        return false;
    st |= HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
    st |= HPDF_Dict_AddName(file, "Subtype", "text/xml"); /* written /text#2Fxml */
    HPDF_Dict params = HPDF_Dict_New(mmgr);
    st |= HPDF_Dict_Add(file, "Params", params);
    if (params) {
        st |= HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)options->attachment_size);
        st |= HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mmgr, date, NULL));
    }

    /* /F must be a byte string: the name folded to ASCII; /UF the real one. */
    char *ascii = fold_ascii(name);
    if (!ascii)
        return pdf_fail(r, "mémoire insuffisante");
    HPDF_Dict spec = HPDF_Dict_New(mmgr);
    if (!spec || HPDF_Xref_Add(xref, spec) != HPDF_OK) {
        free(ascii);
        return pdf_check(r, "fichier joint");
    }
    st |= HPDF_Dict_AddName(spec, "Type", "Filespec");
    st |= HPDF_Dict_Add(spec, "F", HPDF_String_New(mmgr, ascii, NULL));
    free(ascii);
    st |= HPDF_Dict_Add(spec, "UF", pdf_text_string(r, name));
    st |= add_text(r, spec, "Desc", options->attachment_description);
    HPDF_Dict ef = HPDF_Dict_New(mmgr);
    st |= HPDF_Dict_Add(spec, "EF", ef);
    if (ef) {
        st |= HPDF_Dict_Add(ef, "F", file);
        st |= HPDF_Dict_Add(ef, "UF", file);
    }
    st |= HPDF_Dict_AddName(spec, "AFRelationship", "Source");

    /* Catalog: /Names << /EmbeddedFiles << /Names [(name) spec] >> >>, and
     * /AF [spec] (associated files, PDF 2.0 and PDF/A-3). */
    HPDF_Dict catalog = r->pdf->catalog;
    HPDF_Dict names = HPDF_Dict_New(mmgr);
    HPDF_Dict tree = HPDF_Dict_New(mmgr);
    HPDF_Array pairs = HPDF_Array_New(mmgr);
    HPDF_Array associated = HPDF_Array_New(mmgr);
    st |= HPDF_Dict_Add(catalog, "Names", names);
    if (names)
        st |= HPDF_Dict_Add(names, "EmbeddedFiles", tree);
    if (tree)
        st |= HPDF_Dict_Add(tree, "Names", pairs);
    if (pairs) {
        st |= HPDF_Array_Add(pairs, pdf_text_string(r, name));
        st |= HPDF_Array_Add(pairs, spec);
    }
    st |= HPDF_Dict_Add(catalog, "AF", associated);
    if (associated)
        st |= HPDF_Array_Add(associated, spec);
    return pdf_check_status(r, st, "fichier joint");
}
