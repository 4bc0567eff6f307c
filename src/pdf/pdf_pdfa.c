/* pdf_pdfa.c — what PDF/A-1b (ISO 19005-1, level B) asks of a document
 * beyond what every stagedoc PDF has: the colour space its gray and RGB
 * are meant in, and metadata a machine reads without the PDF's own syntax.
 *
 *   - /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1
 *       /OutputConditionIdentifier (sRGB IEC61966-2.1) /DestOutputProfile
 *       icc >>] in the catalog: the sRGB profile (shipped beside the fonts,
 *       fonts/sRGB.icc), so that the device colours the pages use
 *       (DeviceGray for text and rules, DeviceRGB for the logo) have a
 *       defined meaning;
 *   - /Metadata in the catalog: an XMP packet (uncompressed, as PDF/A-1
 *     wants it) saying the part and level (pdfaid:part 1, conformance B)
 *     and repeating the Info dictionary entry for entry: Title → dc:title,
 *     Author → dc:creator, Subject → dc:description, Keywords →
 *     pdf:Keywords, Creator → xmp:CreatorTool, Producer → pdf:Producer,
 *     CreationDate and ModDate → xmp:CreateDate and xmp:ModifyDate, the
 *     same instant written the XMP way.
 *
 * The rest of PDF/A lives where the objects are made: the classic
 * cross-reference table and the trailer /ID (pdf_pack.c), CIDSet (pdf_font.c),
 * images without alpha (pdf_image.c), no attachment (pdf.c). Nothing reads
 * the clock: the dates are options->date. */
#include "pdf_internal.h"

#include <stdio.h>
#include <string.h>

/* Written as PDF/A-1 validators expect it: the name of the ICC's space. */
#define SRGB_CONDITION "sRGB IEC61966-2.1"

static bool add_output_intent(struct pdf_render *r)
{
    const struct pdf_options *options = r->options;
    /* An ICC profile starts with a 128-byte header; "acsp" at 36, the
     * colour space at 16. */
    const unsigned char *icc = options->icc_profile;
    if (!icc || options->icc_profile_size < 132 || memcmp(icc + 36, "acsp", 4) != 0 ||
        memcmp(icc + 16, "RGB ", 4) != 0)
        return pdf_fail(r, "PDF/A : profil de couleur sRGB absent ou invalide");
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Dict profile = pdf_plain_stream(r, icc, options->icc_profile_size);
    if (!profile)
        return false;
    HPDF_STATUS st = HPDF_Dict_AddNumber(profile, "N", 3);
    HPDF_Dict intent = HPDF_Dict_New(mmgr);
    HPDF_Array intents = HPDF_Array_New(mmgr);
    if (!intent || !intents)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "PDF/A");
    st |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    st |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    st |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                        HPDF_String_New(mmgr, SRGB_CONDITION, NULL));
    st |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(mmgr, SRGB_CONDITION, NULL));
    st |= HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    st |= HPDF_Array_Add(intents, intent);
    st |= HPDF_Dict_Add(r->pdf->catalog, "OutputIntents", intents);
    return pdf_check_status(r, st, "PDF/A");
}

/* text with the five characters XML reserves escaped. */
static void put_xml_text(struct strbuf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': strbuf_puts(out, "&amp;"); break;
        case '<': strbuf_puts(out, "&lt;"); break;
        case '>': strbuf_puts(out, "&gt;"); break;
        case '"': strbuf_puts(out, "&quot;"); break;
        case '\'': strbuf_puts(out, "&apos;"); break;
        default: strbuf_add(out, p, 1);
        }
    }
}

static bool present(const char *text)
{
    return text && *text;
}

/* <name>text</name>, when the Info dictionary has the entry too. */
static void put_simple(struct strbuf *out, const char *name, const char *text)
{
    if (!present(text))
        return;
    strbuf_printf(out, "   <%s>", name);
    put_xml_text(out, text);
    strbuf_printf(out, "</%s>\n", name);
}

/* A language alternative (dc:title, dc:description) or an ordered list
 * (dc:creator) of one item. */
static void put_container(struct strbuf *out, const char *name, const char *container,
                          const char *text)
{
    if (!present(text))
        return;
    bool alternative = strcmp(container, "Alt") == 0;
    strbuf_printf(out, "   <%s><rdf:%s><rdf:li%s>", name, container,
                  alternative ? " xml:lang=\"x-default\"" : "");
    put_xml_text(out, text);
    strbuf_printf(out, "</rdf:li></rdf:%s></%s>\n", container, name);
}

/* "D:20270601143000Z" → "2027-06-01T14:30:00Z". */
static void xmp_date(const char *pdf_date, char out[24])
{
    const char *d = pdf_date + 2;
    snprintf(out, 24, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", d, d + 4, d + 6, d + 8, d + 10, d + 12);
}

/* libharu's own Producer, which the XMP must repeat exactly. */
static const char *producer(struct pdf_render *r)
{
    HPDF_String value = HPDF_Dict_GetItem(r->pdf->info, "Producer", HPDF_OCLASS_STRING);
    return value ? (const char *)value->value : NULL;
}

static void write_xmp(struct pdf_render *r, struct strbuf *xmp)
{
    const struct laid_document *doc = r->doc;
    char pdf_date[24], date[24];
    pdf_format_date(r->options->date, pdf_date);
    xmp_date(pdf_date, date);
    strbuf_puts(xmp, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                     "  <rdf:Description rdf:about=\"\"\n"
                     "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                     "   <pdfaid:part>1</pdfaid:part>\n"
                     "   <pdfaid:conformance>B</pdfaid:conformance>\n");
    put_container(xmp, "dc:title", "Alt", doc->title);
    put_container(xmp, "dc:creator", "Seq", doc->author);
    put_container(xmp, "dc:description", "Alt", doc->subject);
    put_simple(xmp, "pdf:Keywords", doc->keywords);
    put_simple(xmp, "pdf:Producer", producer(r));
    put_simple(xmp, "xmp:CreatorTool", r->options->creator);
    put_simple(xmp, "xmp:CreateDate", date);
    put_simple(xmp, "xmp:ModifyDate", date);
    strbuf_puts(xmp, "  </rdf:Description>\n"
                     " </rdf:RDF>\n"
                     "</x:xmpmeta>\n"
                     "<?xpacket end=\"w\"?>");
}

static bool add_metadata(struct pdf_render *r)
{
    struct strbuf xmp = STRBUF_INIT;
    write_xmp(r, &xmp);
    if (strbuf_failed(&xmp)) {
        strbuf_free(&xmp);
        return pdf_fail(r, "mémoire insuffisante");
    }
    HPDF_Dict metadata = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    HPDF_STATUS st = HPDF_OK;
    if (metadata) {
        metadata->filter = HPDF_STREAM_FILTER_NONE;
        st |= HPDF_Stream_Write(metadata->stream, (const HPDF_BYTE *)xmp.data,
                                (HPDF_UINT)xmp.len);
        st |= HPDF_Dict_AddName(metadata, "Type", "Metadata");
        st |= HPDF_Dict_AddName(metadata, "Subtype", "XML");
        st |= HPDF_Dict_Add(r->pdf->catalog, "Metadata", metadata);
    }
    strbuf_free(&xmp);
    if (!metadata)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "métadonnées XMP");
    return pdf_check_status(r, st, "métadonnées XMP");
}

bool pdf_write_pdfa(struct pdf_render *r)
{
    if (!r->options->pdfa)
        return true;
    return add_output_intent(r) && add_metadata(r);
}
