/* pdf_scan.c — a linear lexer over a PDF's bytes that counts what qpdf
 * would build, and inflates what qpdf would inflate, within budgets. */
#include "pdf_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf_lex.h"
#include "../util/array.h"

/* Bytes the lexer may look at: a few times the file (objects found inside
 * other objects are lexed again), so that no layout makes the scan slow. */
#define WORK_FACTOR 4
#define WORK_FLOOR ((size_t)4 << 20)
#define CHUNK 16384
#define XREF_ROW_SIZE 20

struct scan {
    const unsigned char *bytes, *end;
    enum pdf_scan_depth depth;
    struct pdf_scan *result;
    size_t work, max_work, max_decoded;
    const unsigned char *searched_from, *endstream; /* last "endstream" search */
    bool failed;
    struct strbuf *reason;
};

static void fail(struct scan *scan, const char *why)
{
    if (!scan->failed)
        strbuf_puts(scan->reason, why);
    scan->failed = true;
}

/* The objects and the bytes lexed so far within budget: false once over. */
static bool within_budget(struct scan *scan, const struct pdf_lexer *lexer)
{
    if (scan->result->objects > PDF_MAX_OBJECTS)
        fail(scan, "le PDF compte plus de 400 000 objets élémentaires (nombres, noms, "
                   "tableaux…) : structure anormale, peut-être piégée");
    else if (scan->work + lexer->work > scan->max_work)
        fail(scan, "la structure du PDF est anormale (objets imbriqués les uns dans les "
                   "autres)");
    return !scan->failed;
}

/* One more elementary object. */
static bool spend(struct scan *scan, struct pdf_lexer *lexer)
{
    scan->result->objects++;
    return within_budget(scan, lexer);
}

static void finish_lexer(struct scan *scan, struct pdf_lexer *lexer)
{
    scan->work += lexer->work;
    lexer->work = 0;
}

/* What the dictionary in front of a stream says about its data. */
struct stream_dict {
    bool is_dict;
    bool has_n, has_first, has_w; /* object stream (/N, /First), xref stream (/W) */
    long long length;             /* -1 unless a direct integer */
    int filters;
    bool flate_only;              /* every filter is /FlateDecode */
    bool predictor;               /* /DecodeParms given: decoded bytes are not the text */
};

static void skip_container(struct scan *scan, struct pdf_lexer *lexer)
{
    int depth = 1;
    struct pdf_token token;
    while (depth > 0 && pdf_lex_next(lexer, &token) != PDF_TOKEN_END) {
        if (token.kind == PDF_TOKEN_DICT_CLOSE || token.kind == PDF_TOKEN_ARRAY_CLOSE)
            depth--;
        else if (!spend(scan, lexer))
            return;
        else if (token.kind == PDF_TOKEN_DICT_OPEN || token.kind == PDF_TOKEN_ARRAY_OPEN)
            depth++;
    }
}

static void add_filter(struct stream_dict *dict, const struct pdf_token *name)
{
    dict->filters++;
    if (!pdf_token_is_name(name, "FlateDecode") && !pdf_token_is_name(name, "Fl"))
        dict->flate_only = false;
}

static void read_filter_array(struct scan *scan, struct pdf_lexer *lexer, struct stream_dict *dict)
{
    struct pdf_token token;
    while (pdf_lex_next(lexer, &token) != PDF_TOKEN_END && token.kind != PDF_TOKEN_ARRAY_CLOSE) {
        if (!spend(scan, lexer))
            return;
        if (token.kind == PDF_TOKEN_NAME) {
            add_filter(dict, &token);
            continue;
        }
        dict->filters++, dict->flate_only = false; /* a reference or worse: unknown */
        if (token.kind == PDF_TOKEN_DICT_OPEN || token.kind == PDF_TOKEN_ARRAY_OPEN)
            skip_container(scan, lexer);
    }
}

/* "12 0 R" after a number value: consumed, true. */
static bool skip_reference(struct scan *scan, struct pdf_lexer *lexer)
{
    struct pdf_lexer ahead = *lexer;
    struct pdf_token generation, r;
    if (pdf_lex_next(&ahead, &generation) != PDF_TOKEN_WORD || !pdf_token_number(&generation, NULL) ||
        pdf_lex_next(&ahead, &r) != PDF_TOKEN_WORD || !pdf_token_is_word(&r, "R"))
        return false;
    *lexer = ahead;
    return spend(scan, lexer) && spend(scan, lexer);
}

static void note_value(struct scan *scan, struct pdf_lexer *lexer, struct stream_dict *dict,
                       const struct pdf_token *key, const struct pdf_token *value)
{
    bool reference = value->kind == PDF_TOKEN_WORD && pdf_token_number(value, NULL) &&
                     skip_reference(scan, lexer);
    bool opener = value->kind == PDF_TOKEN_DICT_OPEN || value->kind == PDF_TOKEN_ARRAY_OPEN;
    long long number;
    if (pdf_token_is_name(key, "Filter") && value->kind == PDF_TOKEN_ARRAY_OPEN) {
        read_filter_array(scan, lexer, dict);
        return;
    }
    if (pdf_token_is_name(key, "Filter")) {
        if (value->kind == PDF_TOKEN_NAME)
            add_filter(dict, value);
        else if (!pdf_token_is_word(value, "null"))
            dict->filters++, dict->flate_only = false;
    } else if (pdf_token_is_name(key, "DecodeParms") || pdf_token_is_name(key, "DP")) {
        dict->predictor = !pdf_token_is_word(value, "null");
    } else if (pdf_token_is_name(key, "Length")) {
        if (!reference && pdf_token_number(value, &number))
            dict->length = number;
    } else {
        dict->has_n |= pdf_token_is_name(key, "N");
        dict->has_first |= pdf_token_is_name(key, "First");
        dict->has_w |= pdf_token_is_name(key, "W");
    }
    if (opener)
        skip_container(scan, lexer);
}

static void read_dict(struct scan *scan, struct pdf_lexer *lexer, struct stream_dict *dict)
{
    struct pdf_token key, value;
    while (!scan->failed && pdf_lex_next(lexer, &key) != PDF_TOKEN_END &&
           key.kind != PDF_TOKEN_DICT_CLOSE) {
        if (!spend(scan, lexer))
            return;
        if (key.kind != PDF_TOKEN_NAME) { /* malformed: skip it as a value */
            if (key.kind == PDF_TOKEN_DICT_OPEN || key.kind == PDF_TOKEN_ARRAY_OPEN)
                skip_container(scan, lexer);
            continue;
        }
        if (pdf_lex_next(lexer, &value) == PDF_TOKEN_END || value.kind == PDF_TOKEN_DICT_CLOSE ||
            !spend(scan, lexer))
            return;
        note_value(scan, lexer, dict, &key, &value);
    }
}

/* One value (what follows "obj" or "trailer"), counted; a dictionary's
 * stream keys noted. */
static void read_value(struct scan *scan, struct pdf_lexer *lexer, struct stream_dict *dict)
{
    struct pdf_token token;
    *dict = (struct stream_dict){.length = -1, .flate_only = true};
    if (pdf_lex_next(lexer, &token) == PDF_TOKEN_END || !spend(scan, lexer))
        return;
    if (token.kind == PDF_TOKEN_DICT_OPEN) {
        dict->is_dict = true;
        read_dict(scan, lexer, dict);
    } else if (token.kind == PDF_TOKEN_ARRAY_OPEN) {
        skip_container(scan, lexer);
    }
}

/* The first "endstream" at or after from (searches remembered, so that
 * many streams without a valid /Length do not search the same bytes). */
static const unsigned char *find_endstream(struct scan *scan, const unsigned char *from)
{
    if (scan->searched_from && from >= scan->searched_from && from <= scan->endstream)
        return scan->endstream;
    const unsigned char *found = pdf_memmem(from, (size_t)(scan->end - from), "endstream");
    scan->searched_from = from;
    scan->endstream = found ? found : scan->end;
    scan->work += (size_t)(scan->endstream - from);
    return scan->endstream;
}

/* The data of the stream whose dictionary the lexer just read, as qpdf
 * finds it: /Length when "endstream" follows there, else up to "endstream". */
static bool stream_data(struct scan *scan, struct pdf_lexer *lexer, const struct stream_dict *dict,
                        const unsigned char **data, size_t *size)
{
    struct pdf_lexer ahead = *lexer;
    struct pdf_token keyword;
    if (pdf_lex_next(&ahead, &keyword) != PDF_TOKEN_WORD || !pdf_token_is_word(&keyword, "stream"))
        return false;
    const unsigned char *at = keyword.text + keyword.length;
    at += at < scan->end && *at == '\r';
    at += at < scan->end && *at == '\n';
    size_t left = (size_t)(scan->end - at);
    if (dict->length >= 0 && (unsigned long long)dict->length <= left) {
        struct pdf_lexer after = {at + dict->length, scan->end, 0};
        struct pdf_token end;
        if (pdf_lex_next(&after, &end) == PDF_TOKEN_WORD && pdf_token_is_word(&end, "endstream")) {
            *data = at, *size = (size_t)dict->length;
            return true;
        }
    }
    if (dict->length >= 0)
        scan->result->length_mismatch = true;
    *data = at;
    *size = (size_t)(find_endstream(scan, at) - at);
    return true;
}

/* --- inflating, layer over layer, into a sink --- */

enum inflate_status { INFLATE_OK, INFLATE_DAMAGED, INFLATE_OVER };

struct sink {
    bool keep;             /* false: count only */
    unsigned char *buffer; /* what was kept (heap) */
    size_t produced, capacity, limit;
};

struct chain {
    z_stream layers[PDF_MAX_FILTERS];
    bool ended[PDF_MAX_FILTERS];
    unsigned char out[PDF_MAX_FILTERS][CHUNK];
    int count;
    struct sink *sink;
    enum inflate_status status;
};

static void deliver(struct chain *chain, const unsigned char *bytes, size_t size)
{
    struct sink *sink = chain->sink;
    if (size == 0) /* a stream of no data: no buffer to copy into yet */
        return;
    if (size > sink->limit - sink->produced) {
        chain->status = INFLATE_OVER;
        return;
    }
    if (sink->keep && !ARRAY_GROW(sink->buffer, sink->capacity, sink->produced + size)) {
        chain->status = INFLATE_OVER;
        return;
    }
    if (sink->keep)
        memcpy(sink->buffer + sink->produced, bytes, size);
    sink->produced += size;
}

static void push(struct chain *chain, int i, const unsigned char *in, size_t size)
{
    if (i == chain->count) {
        deliver(chain, in, size);
        return;
    }
    z_stream *z = &chain->layers[i];
    if (chain->ended[i])
        return;
    z->next_in = (unsigned char *)in;
    z->avail_in = (uInt)size;
    while (chain->status == INFLATE_OK) {
        z->next_out = chain->out[i];
        z->avail_out = CHUNK;
        int code = inflate(z, Z_NO_FLUSH);
        size_t got = CHUNK - z->avail_out;
        if (got)
            push(chain, i + 1, chain->out[i], got);
        if (code == Z_STREAM_END) {
            chain->ended[i] = true;
            return;
        }
        if (code != Z_OK && code != Z_BUF_ERROR) {
            chain->status = INFLATE_DAMAGED;
            return;
        }
        if (z->avail_out != 0) /* all input taken */
            return;
    }
}

/* Inflates data through layers Flate layers into sink. */
static enum inflate_status inflate_layers(const unsigned char *data, size_t size, int layers,
                                          struct sink *sink)
{
    struct chain *chain = calloc(1, sizeof *chain); /* 64 KiB of buffers: not on the stack */
    if (!chain)
        return INFLATE_OVER;
    chain->count = layers;
    chain->sink = sink;
    int ready = 0;
    while (ready < layers && inflateInit(&chain->layers[ready]) == Z_OK)
        ready++;
    if (ready < layers)
        chain->status = INFLATE_DAMAGED;
    if (layers == 0)
        deliver(chain, data, size);
    for (size_t at = 0; layers && chain->status == INFLATE_OK && at < size && !chain->ended[0];) {
        size_t piece = size - at < ((size_t)1 << 20) ? size - at : (size_t)1 << 20;
        push(chain, 0, data + at, piece);
        at += piece;
    }
    for (int i = 0; i < ready; i++)
        inflateEnd(&chain->layers[i]);
    enum inflate_status status = chain->status;
    free(chain);
    return status;
}

/* --- the streams qpdf decodes, and the others --- */

static size_t decoded_left(const struct scan *scan)
{
    return scan->max_decoded - scan->result->decoded;
}

static void over_decoded(struct scan *scan)
{
    struct strbuf why = STRBUF_INIT;
    strbuf_printf(&why, "ses flux se décompressent en plus de %zu Mio (au plus %d fois la taille "
                        "du fichier, ou %zu Mio) : bombe de décompression ?",
                  scan->max_decoded >> 20, PDF_DECODED_RATIO, PDF_DECODED_FLOOR >> 20);
    fail(scan, strbuf_str(&why));
    strbuf_free(&why);
}

static void count_objects_in(struct scan *scan, const unsigned char *text, size_t size)
{
    if (size == 0) /* nothing was kept: text may be NULL */
        return;
    struct pdf_lexer lexer = {text, text + size, 0};
    struct pdf_token token;
    while (pdf_lex_next(&lexer, &token) != PDF_TOKEN_END && spend(scan, &lexer))
        ;
    finish_lexer(scan, &lexer);
}

/* qpdf inflates an object stream whole and parses every object in it. */
static void scan_object_stream(struct scan *scan, const struct stream_dict *dict,
                               const unsigned char *data, size_t size)
{
    if (!dict->flate_only) {
        fail(scan, "un flux d'objets du PDF est codé par un filtre que stagedoc ne lit pas");
        return;
    }
    size_t limit = PDF_OBJECT_STREAM_MAX_SIZE;
    struct sink sink = {true, NULL, 0, 0, limit < decoded_left(scan) ? limit : decoded_left(scan)};
    enum inflate_status status = inflate_layers(data, size, dict->filters, &sink);
    scan->result->decoded += sink.produced;
    if (status == INFLATE_OVER && sink.limit < limit)
        over_decoded(scan);
    else if (status == INFLATE_OVER)
        fail(scan, "un flux d'objets du PDF dépasse 16 Mio une fois décompressé");
    else if (dict->predictor) /* bytes rearranged by a predictor: assume the worst */
        scan->result->objects += sink.produced / 2;
    else {
        /* Its text is lexed too: the work allowed grows with it, as with
         * the file's own bytes (it is already bounded by the budgets of
         * decoding), so a small PDF of well-packed objects is not refused. */
        scan->max_work += WORK_FACTOR * sink.produced;
        count_objects_in(scan, sink.buffer, sink.produced);
    }
    free(sink.buffer);
}

/* An xref stream (read whole by qpdf) or, in a full scan, any Flate stream. */
static void scan_counted_stream(struct scan *scan, const struct stream_dict *dict,
                                const unsigned char *data, size_t size, bool xref)
{
    if (!dict->flate_only || dict->filters == 0) {
        if (xref && dict->filters > 0)
            fail(scan, "la table des objets du PDF est codée par un filtre que stagedoc ne lit "
                       "pas");
        if (xref)
            scan->result->objects += size / 2;
        return;
    }
    struct sink sink = {false, NULL, 0, 0, decoded_left(scan)};
    enum inflate_status status = inflate_layers(data, size, dict->filters, &sink);
    scan->result->decoded += sink.produced;
    if (status == INFLATE_OVER)
        over_decoded(scan);
    else if (status == INFLATE_DAMAGED)
        scan->result->damaged_stream = true;
    if (xref) /* a row of a few bytes per object */
        scan->result->objects += sink.produced / 2;
}

static void scan_stream(struct scan *scan, struct pdf_lexer *lexer, const struct stream_dict *dict)
{
    const unsigned char *data;
    size_t size;
    if (scan->failed || !stream_data(scan, lexer, dict, &data, &size))
        return;
    bool object_stream = dict->has_n && dict->has_first, xref = dict->has_w;
    if (dict->filters > PDF_MAX_FILTERS && (object_stream || xref ||
                                            scan->depth == PDF_SCAN_EVERY_STREAM))
        fail(scan, "un flux du PDF est compressé plus de 4 fois de suite");
    else if (object_stream)
        scan_object_stream(scan, dict, data, size);
    else if (xref || scan->depth == PDF_SCAN_EVERY_STREAM)
        scan_counted_stream(scan, dict, data, size, xref);
    within_budget(scan, lexer);
}

/* --- the keywords qpdf starts parsing at --- */

static void scan_object(struct scan *scan, const unsigned char *after_keyword)
{
    struct pdf_lexer lexer = {after_keyword, scan->end, 0};
    struct stream_dict dict;
    read_value(scan, &lexer, &dict);
    if (dict.is_dict)
        scan_stream(scan, &lexer, &dict);
    finish_lexer(scan, &lexer);
}

/* "xref" rows: qpdf keeps an entry for each. */
static void scan_xref_table(struct scan *scan, const unsigned char *after_keyword)
{
    struct pdf_lexer lexer = {after_keyword, scan->end, 0};
    struct pdf_token first, count;
    long long rows;
    while (!scan->failed && pdf_lex_next(&lexer, &first) == PDF_TOKEN_WORD &&
           pdf_token_number(&first, NULL) && pdf_lex_next(&lexer, &count) == PDF_TOKEN_WORD &&
           pdf_token_number(&count, &rows)) {
        size_t left = (size_t)(scan->end - lexer.at) / XREF_ROW_SIZE;
        size_t present = (unsigned long long)rows < left ? (size_t)rows : left;
        scan->result->objects += present;
        lexer.at += present * XREF_ROW_SIZE;
        spend(scan, &lexer);
    }
    finish_lexer(scan, &lexer);
}

static void scan_keywords(struct scan *scan, const char *keyword,
                          void (*scan_at)(struct scan *, const unsigned char *))
{
    size_t length = strlen(keyword);
    for (const unsigned char *at = scan->bytes; !scan->failed && at < scan->end;) {
        const unsigned char *found = pdf_memmem(at, (size_t)(scan->end - at), keyword);
        if (!found)
            break;
        const unsigned char *after = found + length;
        if ((found == scan->bytes || !pdf_is_regular(found[-1])) &&
            (after == scan->end || !pdf_is_regular(*after)))
            scan_at(scan, after);
        at = after;
    }
}

bool pdf_scan(const unsigned char *bytes, size_t size, enum pdf_scan_depth depth,
              struct pdf_scan *result, struct strbuf *reason)
{
    memset(result, 0, sizeof *result);
    size_t ratio_bound = size > SIZE_MAX / PDF_DECODED_RATIO ? SIZE_MAX : size * PDF_DECODED_RATIO;
    struct scan scan = {.bytes = bytes, .end = bytes + size, .depth = depth, .result = result,
                        .max_work = WORK_FLOOR + WORK_FACTOR * size,
                        .max_decoded = ratio_bound > PDF_DECODED_FLOOR ? ratio_bound
                                                                       : PDF_DECODED_FLOOR,
                        .reason = reason};
    scan_keywords(&scan, "obj", scan_object);
    scan_keywords(&scan, "trailer", scan_object);
    scan_keywords(&scan, "xref", scan_xref_table);
    return !scan.failed;
}
