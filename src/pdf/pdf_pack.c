/* pdf_pack.c — libharu's file rewritten with an object stream and a
 * cross-reference stream (PDF 1.5), a sixth smaller.
 *
 * libharu 2.3.0 writes every object uncompressed at the top level and ends
 * with a cross-reference table of 20 bytes per object. In a three-page
 * convention the dictionaries (pages, fonts, outline items, Info, the
 * /Length of each stream) and that table come to some 9 KB, which deflate
 * to less than 3 KB. This pass reads libharu's output through its own
 * cross-reference table, copies the stream objects byte for byte, moves every
 * other object, byte for byte too, into one deflated object stream, and ends
 * the file with a deflated cross-reference stream. Object numbers do not
 * change; the object stream and the cross-reference stream take the next
 * two.
 *
 * Signing tools append to this file as it is: pdfsig (poppler) and mutool
 * (MuPDF) write each signature as an incremental update whose own
 * cross-reference stream points back here with /Prev, and the earlier
 * signatures stay valid (tests/e2e/signatures.sh).
 *
 * For PDF/A-1 (PDF 1.4, no object or cross-reference streams) the file
 * keeps libharu's objects and table as they are, and only its trailer is
 * written anew, with the /ID PDF/A asks for: the MD5 digest of everything
 * before the table, twice, so that the same document gets the same
 * identifier (pdf_finish_classic).
 *
 * Only what libharu writes is accepted: one table section from object 0,
 * objects in increasing order of offset, "n 0 obj" … "endobj", no
 * encryption. Anything else is an internal error, never a guess. */
#include "pdf_internal.h"

#include <hpdf_conf.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct source_object {
    size_t start, end;      /* "n 0 obj\n" … "\nendobj\n" in the input */
    size_t value, value_end; /* what lies between */
    bool stream;
    unsigned index;         /* in the object stream, when not a stream */
    size_t offset;          /* in the output, when a stream */
};

struct source {
    const unsigned char *bytes;
    size_t len;
    size_t header_end;      /* "%PDF-1.7\n%…\n": up to the first object */
    size_t table_at;        /* "xref" */
    size_t trailer_at;      /* "trailer", after the table */
    unsigned count;         /* objects 0 … count - 1 */
    struct source_object *objects;
    unsigned root, info;    /* from the trailer; info 0: none */
    bool out_of_memory;
};

/* --- reading libharu's file ------------------------------------------------ */

static bool has_at(const struct source *s, size_t at, const char *text)
{
    size_t n = strlen(text);
    return at <= s->len && s->len - at >= n && memcmp(s->bytes + at, text, n) == 0;
}

/* The offset of the last occurrence of text in [from, to), or to. */
static size_t find_last(const struct source *s, size_t from, size_t to, const char *text)
{
    size_t n = strlen(text);
    for (size_t at = to >= n ? to - n + 1 : 0; at-- > from;)
        if (memcmp(s->bytes + at, text, n) == 0)
            return at;
    return to;
}

/* A decimal number at *at (after spaces), moving *at past it. */
static bool read_number(const struct source *s, size_t *at, unsigned long *value)
{
    while (*at < s->len && (s->bytes[*at] == ' ' || s->bytes[*at] == '\n' ||
                            s->bytes[*at] == '\r'))
        (*at)++;
    size_t digits = 0;
    unsigned long v = 0;
    while (*at < s->len && s->bytes[*at] >= '0' && s->bytes[*at] <= '9' && digits < 10) {
        v = v * 10 + (unsigned long)(s->bytes[*at] - '0');
        (*at)++;
        digits++;
    }
    *value = v;
    return digits > 0;
}

/* "/Key n 0 R" in the trailer: n, or 0 when the key is absent. */
static unsigned trailer_ref(const struct source *s, size_t from, size_t to, const char *key)
{
    size_t at = find_last(s, from, to, key);
    if (at == to)
        return 0;
    at += strlen(key);
    unsigned long number, generation;
    if (!read_number(s, &at, &number) || !read_number(s, &at, &generation) || generation != 0 ||
        !has_at(s, at, " R"))
        return 0;
    return (unsigned)number;
}

/* The table: "xref\n0 count\n" then count entries of 20 bytes. */
static bool read_table(struct source *s)
{
    size_t at = find_last(s, 0, s->len, "startxref");
    unsigned long table_at, first, count;
    if (at == s->len)
        return false;
    at += strlen("startxref");
    if (!read_number(s, &at, &table_at) || table_at >= s->len)
        return false;
    s->table_at = table_at;
    at = table_at + 4;
    if (!has_at(s, table_at, "xref") || !read_number(s, &at, &first) ||
        !read_number(s, &at, &count) || first != 0 || count < 2 ||
        count > HPDF_LIMIT_MAX_XREF_ELEMENT)
        return false;
    while (at < s->len && (s->bytes[at] == '\n' || s->bytes[at] == '\r'))
        at++;
    if ((s->len - at) / 20 < count)
        return false;
    s->count = (unsigned)count;
    s->objects = calloc(count, sizeof *s->objects);
    if (!s->objects) {
        s->out_of_memory = true;
        return false;
    }
    for (unsigned i = 0; i < count; i++, at += 20) {
        size_t field = at;
        unsigned long offset, generation;
        if (!read_number(s, &field, &offset) || !read_number(s, &field, &generation) ||
            !has_at(s, field, i == 0 ? " f" : " n"))
            return false;
        s->objects[i].start = offset;
    }
    size_t trailer = at;
    s->trailer_at = trailer;
    if (!has_at(s, trailer, "trailer") || find_last(s, trailer, s->len, "/Encrypt") != s->len)
        return false;
    s->root = trailer_ref(s, trailer, s->len, "/Root");
    s->info = trailer_ref(s, trailer, s->len, "/Info");
    return s->root > 0 && s->root < count && s->info < count;
}

/* Each object runs from its offset to the next one's (libharu writes them in
 * order), and is "n 0 obj\n" value "\nendobj\n". */
static bool read_objects(struct source *s)
{
    for (unsigned i = 1; i < s->count; i++) {
        struct source_object *o = &s->objects[i];
        o->end = i + 1 < s->count ? s->objects[i + 1].start : s->table_at;
        if (o->start >= o->end || o->end > s->table_at)
            return false;
        char head[32];
        int n = snprintf(head, sizeof head, "%u 0 obj\n", i);
        if (!has_at(s, o->start, head) || o->end - o->start < (size_t)n + 8 ||
            !has_at(s, o->end - 8, "\nendobj\n"))
            return false;
        o->value = o->start + (size_t)n;
        o->value_end = o->end - 8;
        o->stream = o->value_end - o->value >= 9 && has_at(s, o->value_end - 9, "endstream");
    }
    s->header_end = s->objects[1].start;
    return s->header_end >= 9 && has_at(s, 0, "%PDF-1.");
}

/* --- writing ---------------------------------------------------------------- */

static void put_stream_object(struct strbuf *out, unsigned number, const char *dict,
                              const struct strbuf *data)
{
    strbuf_printf(out, "%u 0 obj\n<<%s/Filter /FlateDecode /Length %zu>>\nstream\n", number,
                  dict, data->len);
    strbuf_add(out, data->data, data->len);
    strbuf_puts(out, "\nendstream\nendobj\n");
}

/* Every object that is not a stream, in one object stream: "n offset …"
 * pairs, then the values. */
static bool write_object_stream(struct pdf_render *r, struct source *s, unsigned number,
                                struct strbuf *out)
{
    struct strbuf pairs = STRBUF_INIT, values = STRBUF_INIT, packed = STRBUF_INIT;
    unsigned index = 0;
    for (unsigned i = 1; i < s->count; i++) {
        struct source_object *o = &s->objects[i];
        if (o->stream)
            continue;
        o->index = index++;
        strbuf_printf(&pairs, "%u %zu ", i, values.len);
        strbuf_add(&values, (const char *)s->bytes + o->value, o->value_end - o->value);
        strbuf_add(&values, "\n", 1);
    }
    strbuf_add(&pairs, "\n", 1);
    size_t first = pairs.len;
    strbuf_add(&pairs, values.data ? values.data : "", values.len);
    bool ok = !strbuf_failed(&pairs) && !strbuf_failed(&values) &&
              pdf_deflate(r, pairs.data, pairs.len, &packed);
    if (ok) {
        char dict[96];
        snprintf(dict, sizeof dict, "/Type /ObjStm /N %u /First %zu ", index, first);
        put_stream_object(out, number, dict, &packed);
    }
    strbuf_free(&pairs);
    strbuf_free(&values);
    strbuf_free(&packed);
    return ok;
}

/* Bytes needed for value in a cross-reference stream field (at least 1). */
static int field_width(size_t value)
{
    int width = 1;
    while (width < 8 && (value >> (8 * width)) != 0)
        width++;
    return width;
}

static void put_field(struct strbuf *row, size_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        char byte = (char)((value >> (8 * i)) & 0xFF);
        strbuf_add(row, &byte, 1);
    }
}

/* The cross-reference stream, object number, at offset xref_at: object 0
 * free, streams at their offsets (type 1), the others in the object stream
 * (type 2). Its rows are deflated without a predictor. */
static bool write_xref_stream(struct pdf_render *r, const struct source *s, unsigned objstm,
                              size_t objstm_at, size_t xref_at, struct strbuf *out)
{
    unsigned number = objstm + 1, size = number + 1;
    int w2 = field_width(xref_at > objstm ? xref_at : objstm);
    int w3 = field_width(s->count);
    struct strbuf rows = STRBUF_INIT, packed = STRBUF_INIT;
    for (unsigned i = 0; i < size; i++) {
        int type = i == 0 ? 0 : i < s->count && !s->objects[i].stream ? 2 : 1;
        size_t second = i == 0                 ? 0
                        : i == objstm          ? objstm_at
                        : i == number          ? xref_at
                        : s->objects[i].stream ? s->objects[i].offset
                                               : objstm;
        size_t third = type == 2 ? s->objects[i].index : 0;
        put_field(&rows, (size_t)type, 1);
        put_field(&rows, second, w2);
        put_field(&rows, third, w3);
    }
    bool ok = !strbuf_failed(&rows) && pdf_deflate(r, rows.data, rows.len, &packed);
    if (ok) {
        char dict[160];
        int n = snprintf(dict, sizeof dict, "/Type /XRef /Size %u /W [1 %d %d] /Root %u 0 R ",
                         size, w2, w3, s->root);
        if (s->info)
            snprintf(dict + n, sizeof dict - (size_t)n, "/Info %u 0 R ", s->info);
        put_stream_object(out, number, dict, &packed);
        strbuf_printf(out, "startxref\n%zu\n%%%%EOF\n", xref_at);
    }
    strbuf_free(&rows);
    strbuf_free(&packed);
    return ok;
}

static bool write_packed(struct pdf_render *r, struct source *s, struct strbuf *out)
{
    strbuf_add(out, (const char *)s->bytes, s->header_end);
    for (unsigned i = 1; i < s->count; i++) {
        struct source_object *o = &s->objects[i];
        if (!o->stream)
            continue;
        o->offset = out->len;
        strbuf_add(out, (const char *)s->bytes + o->start, o->end - o->start);
    }
    unsigned objstm = s->count;
    size_t objstm_at = out->len;
    if (!write_object_stream(r, s, objstm, out))
        return false;
    return write_xref_stream(r, s, objstm, objstm_at, out->len, out);
}

bool pdf_pack(struct pdf_render *r, const unsigned char *in, size_t len, unsigned char **out,
              size_t *out_len)
{
    struct source s = {in, len, 0, 0, 0, 0, NULL, 0, 0, false};
    struct strbuf packed = STRBUF_INIT;
    bool read = read_table(&s) && read_objects(&s);
    bool ok = read && write_packed(r, &s, &packed) && !strbuf_failed(&packed);
    free(s.objects);
    if (!ok) {
        strbuf_free(&packed);
        return read || s.out_of_memory
                   ? pdf_fail(r, "mémoire insuffisante")
                   : pdf_fail(r, "création du PDF (compactage) : fichier de libharu inattendu");
    }
    *out_len = packed.len;
    *out = (unsigned char *)strbuf_detach(&packed);
    return true;
}

/* --- PDF/A: libharu's file with an /ID in its trailer ---------------------- */

static void put_hex_id(struct strbuf *out, const unsigned char *digest, unsigned length)
{
    strbuf_puts(out, "<");
    for (unsigned i = 0; i < length; i++)
        strbuf_printf(out, "%02X", digest[i]);
    strbuf_puts(out, ">");
}

bool pdf_finish_classic(struct pdf_render *r, const unsigned char *in, size_t len,
                        unsigned char **out, size_t *out_len)
{
    struct source s = {in, len, 0, 0, 0, 0, NULL, 0, 0, false};
    bool read = read_table(&s);
    free(s.objects);
    if (!read)
        return s.out_of_memory
                   ? pdf_fail(r, "mémoire insuffisante")
                   : pdf_fail(r, "création du PDF (PDF/A) : fichier de libharu inattendu");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    if (!EVP_Digest(in, s.table_at, digest, &length, EVP_md5(), NULL) || length != 16)
        return pdf_fail(r, "création du PDF (PDF/A) : empreinte impossible");
    struct strbuf file = STRBUF_INIT;
    strbuf_add(&file, (const char *)in, s.trailer_at);
    strbuf_printf(&file, "trailer\n<<\n/Size %u\n/Root %u 0 R\n", s.count, s.root);
    if (s.info)
        strbuf_printf(&file, "/Info %u 0 R\n", s.info);
    strbuf_puts(&file, "/ID [");
    put_hex_id(&file, digest, length);
    put_hex_id(&file, digest, length);
    strbuf_printf(&file, "]\n>>\nstartxref\n%zu\n%%%%EOF\n", s.table_at);
    if (strbuf_failed(&file)) {
        strbuf_free(&file);
        return pdf_fail(r, "mémoire insuffisante");
    }
    *out_len = file.len;
    *out = (unsigned char *)strbuf_detach(&file);
    return true;
}
