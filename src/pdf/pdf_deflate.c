/* pdf_deflate.c — every stream of a document deflated here, with libdeflate.
 *
 * A convention deflates some 60 KB in a dozen streams (page contents, font
 * subsets and their ToUnicode CMaps, the attached XML, the object and
 * cross-reference streams). Through zlib, as libharu does, that was a third
 * of the time of a document: each stream paid a fresh deflateInit (some
 * 256 KB allocated and cleared) and zlib's lazy matching on top. libdeflate
 * compresses a whole buffer at once, which is what every stream here is;
 * one compressor is made per document and serves each of its streams.
 *
 * The bytes depend on the level and on libdeflate's version only, so the
 * same input still gives the same PDF, and a stream found in the font cache
 * is the one deflated here without it. libharu deflates nothing but images. */
#include "pdf_internal.h"

#include <libdeflate.h>

/* Measured on 883 conventions (make bench): zlib's level 6 took 2.9 ms a
 * convention, libdeflate's level 6 2.5 ms for the same size, its level 1
 * 2.0 ms for 4 % more bytes (28 KB instead of 27). A class is printed and
 * mailed, not stored by the million: the time is worth more. */
#define PDF_DEFLATE_LEVEL 1

bool pdf_deflate(struct pdf_render *r, const char *bytes, size_t len, struct strbuf *out)
{
    if (!r->deflater)
        r->deflater = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
    if (!r->deflater)
        return pdf_fail(r, "mémoire insuffisante (compression)");
    size_t bound = libdeflate_zlib_compress_bound(r->deflater, len);
    size_t start = out->len;
    if (!strbuf_reserve(out, bound))
        return pdf_fail(r, "mémoire insuffisante");
    size_t packed = libdeflate_zlib_compress(r->deflater, bytes, len, out->data + start, bound);
    if (!packed)
        return pdf_fail(r, "compression impossible");
    out->len = start + packed;
    out->data[out->len] = '\0';
    return true;
}

void pdf_deflater_free(struct pdf_render *r)
{
    libdeflate_free_compressor(r->deflater);
    r->deflater = NULL;
}

/* libharu calls it after the dictionary's entries, before ">>". */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

void pdf_mark_deflated(HPDF_Dict dict)
{
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
}

HPDF_Dict pdf_deflated_stream(struct pdf_render *r, const void *data, size_t len)
{
    if (len > 0x7FFFFFFF) { /* libharu counts in unsigned int */
        pdf_fail(r, "flux trop volumineux (%zu octets)", len);
        return NULL;
    }
    HPDF_Dict dict = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    if (dict) {
        pdf_mark_deflated(dict);
        if (HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
            dict = NULL;
    }
    if (!dict && pdf_check(r, "flux"))
        pdf_fail(r, "mémoire insuffisante");
    return dict;
}

HPDF_Dict pdf_plain_stream(struct pdf_render *r, const void *data, size_t len)
{
    struct strbuf packed = STRBUF_INIT;
    HPDF_Dict dict = pdf_deflate(r, data, len, &packed)
                         ? pdf_deflated_stream(r, packed.data, packed.len)
                         : NULL;
    strbuf_free(&packed);
    return dict;
}
