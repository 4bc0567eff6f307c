/* test_pdf_scan.c — the budgets of a handed-in PDF (#22): the lexer's
 * tokens, the elementary objects counted (object streams and objects hidden
 * in another stream's data included), Flate bombs stopped at the decoded
 * budget, damaged streams and wrong lengths noted, and the page walk that
 * refuses a tree of 200,000 pages before qpdf lists them. */
#include "test_support.h"

#include <zlib.h>

#include "package/pdf_inspect.h"
#include "package/pdf_lex.h"
#include "package/pdf_scan.h"

/* A PDF whose objects are numbered from 1 (objects[0] the catalog), with a
 * correct xref table: heap bytes. */
static unsigned char *make_pdf(const struct strbuf *objects, size_t count, size_t *size)
{
    struct strbuf pdf = STRBUF_INIT;
    size_t offsets[16];
    assert_true(count <= 16);
    strbuf_puts(&pdf, "%PDF-1.7\n");
    for (size_t i = 0; i < count; i++) {
        offsets[i] = pdf.len;
        strbuf_printf(&pdf, "%zu 0 obj\n", i + 1);
        strbuf_add(&pdf, objects[i].data, objects[i].len);
        strbuf_puts(&pdf, "\nendobj\n");
    }
    size_t xref = pdf.len;
    strbuf_printf(&pdf, "xref\n0 %zu\n0000000000 65535 f \n", count + 1);
    for (size_t i = 0; i < count; i++)
        strbuf_printf(&pdf, "%010zu 00000 n \n", offsets[i]);
    strbuf_printf(&pdf, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                  count + 1, xref);
    *size = pdf.len;
    return (unsigned char *)strbuf_detach(&pdf);
}

static struct strbuf text(const char *value)
{
    struct strbuf buffer = STRBUF_INIT;
    strbuf_puts(&buffer, value);
    return buffer;
}

/* A stream object of bytes with the given dictionary entries. */
static struct strbuf stream(const char *entries, const unsigned char *bytes, size_t size)
{
    struct strbuf buffer = STRBUF_INIT;
    strbuf_printf(&buffer, "<< /Length %zu %s >>\nstream\n", size, entries);
    strbuf_add(&buffer, (const char *)bytes, size);
    strbuf_puts(&buffer, "\nendstream");
    return buffer;
}

static unsigned char *deflate_bytes(const unsigned char *bytes, size_t size, size_t *out_size)
{
    uLongf bound = compressBound(size);
    unsigned char *out = malloc(bound);
    assert_int_equal(compress2(out, &bound, bytes, size, 9), Z_OK);
    *out_size = bound;
    return out;
}

/* Catalog, one page tree, one page, then extra as object 4. */
static unsigned char *pdf_with(struct strbuf extra, size_t *size)
{
    struct strbuf objects[4] = {
        text("<< /Type /Catalog /Pages 2 0 R >>"),
        text("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
        extra,
    };
    unsigned char *pdf = make_pdf(objects, 4, size);
    for (size_t i = 0; i < 4; i++)
        strbuf_free(&objects[i]);
    return pdf;
}

static bool scan(const unsigned char *pdf, size_t size, enum pdf_scan_depth depth,
                 struct pdf_scan *result, const char *why)
{
    struct strbuf reason = STRBUF_INIT;
    bool ok = pdf_scan(pdf, size, depth, result, &reason);
    if (why)
        assert_non_null(strstr(strbuf_str(&reason), why));
    strbuf_free(&reason);
    return ok;
}

static void lexes_pdf_tokens(void **state)
{
    (void)state;
    const char *source = "% comment\n(a (nested) \\) string) <48 49> /Obj#53tm /N 12 R << >> [ ]";
    struct pdf_lexer lexer = {(const unsigned char *)source,
                              (const unsigned char *)source + strlen(source), 0};
    struct pdf_token token;
    enum pdf_token_kind expected[] = {PDF_TOKEN_STRING, PDF_TOKEN_STRING, PDF_TOKEN_NAME,
                                      PDF_TOKEN_NAME, PDF_TOKEN_WORD, PDF_TOKEN_WORD,
                                      PDF_TOKEN_DICT_OPEN, PDF_TOKEN_DICT_CLOSE,
                                      PDF_TOKEN_ARRAY_OPEN, PDF_TOKEN_ARRAY_CLOSE, PDF_TOKEN_END};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        assert_int_equal(pdf_lex_next(&lexer, &token), expected[i]);
        if (i == 2)
            assert_true(pdf_token_is_name(&token, "ObjStm"));
        if (i == 4) {
            long long value;
            assert_true(pdf_token_number(&token, &value));
            assert_int_equal(value, 12);
        }
    }
    assert_int_equal(lexer.work, strlen(source));
}

static void counts_a_plain_pdf(void **state)
{
    (void)state;
    const unsigned char content[] = "BT /F1 12 Tf (obj) Tj ET";
    size_t size;
    unsigned char *pdf = pdf_with(stream("", content, sizeof content - 1), &size);
    struct pdf_scan result;
    assert_true(scan(pdf, size, PDF_SCAN_EVERY_STREAM, &result, NULL));
    assert_true(result.objects > 20 && result.objects < 100);
    assert_false(result.damaged_stream);
    assert_false(result.length_mismatch);
    free(pdf);
}

/* 80 MiB of zeros deflated twice: a few hundred bytes that inflate past
 * the 64 MiB floor of the decoded budget. */
static void stops_a_twice_deflated_stream(void **state)
{
    (void)state;
    size_t plain_size = (size_t)80 << 20, once_size, twice_size, size;
    unsigned char *plain = calloc(1, plain_size);
    unsigned char *once = deflate_bytes(plain, plain_size, &once_size);
    unsigned char *twice = deflate_bytes(once, once_size, &twice_size);
    unsigned char *pdf =
        pdf_with(stream("/Filter [/FlateDecode /FlateDecode]", twice, twice_size), &size);
    struct pdf_scan result;
    assert_true(scan(pdf, size, PDF_SCAN_STRUCTURE, &result, NULL)); /* nobody decodes it */
    assert_false(scan(pdf, size, PDF_SCAN_EVERY_STREAM, &result, "bombe de décompression"));
    assert_true(result.decoded <= PDF_DECODED_FLOOR);
    free(plain), free(once), free(twice), free(pdf);
}

static void counts_an_object_stream(void **state)
{
    (void)state;
    struct strbuf body = STRBUF_INIT;
    strbuf_puts(&body, "5 0 [");
    for (int i = 0; i < PDF_MAX_OBJECTS; i++)
        strbuf_puts(&body, "0 ");
    strbuf_puts(&body, "]");
    size_t packed_size, size;
    unsigned char *packed = deflate_bytes((unsigned char *)body.data, body.len, &packed_size);
    unsigned char *pdf = pdf_with(
        stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", packed, packed_size), &size);
    struct pdf_scan result;
    assert_false(scan(pdf, size, PDF_SCAN_STRUCTURE, &result, "400 000 objets"));
    strbuf_free(&body), free(packed), free(pdf);
}

/* Well-packed objects: 6 MB of object text in a few kilobytes is lexed
 * within a work budget that grows with what was inflated, not refused as
 * « anormale » for a file this small. */
static void accepts_a_well_packed_object_stream(void **state)
{
    (void)state;
    struct strbuf body = STRBUF_INIT;
    strbuf_puts(&body, "5 0 [");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&body, "/Un_nom_assez_long_pour_peser_soixante_octets_a_lui_tout_seul ");
    strbuf_puts(&body, "]");
    size_t packed_size, size;
    unsigned char *packed = deflate_bytes((unsigned char *)body.data, body.len, &packed_size);
    assert_true(packed_size < 100000);
    unsigned char *pdf = pdf_with(
        stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", packed, packed_size), &size);
    struct pdf_scan result;
    assert_true(scan(pdf, size, PDF_SCAN_STRUCTURE, &result, NULL));
    strbuf_free(&body), free(packed), free(pdf);
}

/* An xref offset may point inside another stream's data: what is there
 * counts too. */
static void counts_objects_hidden_in_a_stream(void **state)
{
    (void)state;
    struct strbuf hidden = STRBUF_INIT;
    strbuf_puts(&hidden, "(\n5 0 obj [");
    for (int i = 0; i < PDF_MAX_OBJECTS; i++)
        strbuf_puts(&hidden, "[] ");
    strbuf_puts(&hidden, "] endobj");
    size_t size;
    unsigned char *pdf =
        pdf_with(stream("", (unsigned char *)hidden.data, hidden.len), &size);
    struct pdf_scan result;
    assert_false(scan(pdf, size, PDF_SCAN_STRUCTURE, &result, "400 000 objets"));
    strbuf_free(&hidden), free(pdf);
}

static void notes_damaged_streams_and_wrong_lengths(void **state)
{
    (void)state;
    const unsigned char garbage[] = "x\x9c not deflate data at all";
    size_t size;
    unsigned char *pdf = pdf_with(stream("/Filter /FlateDecode", garbage, sizeof garbage - 1), &size);
    struct pdf_scan result;
    assert_true(scan(pdf, size, PDF_SCAN_EVERY_STREAM, &result, NULL));
    assert_true(result.damaged_stream);
    free(pdf);
    pdf = pdf_with(text("<< /Length 1000 >>\nstream\nshort\nendstream"), &size);
    assert_true(scan(pdf, size, PDF_SCAN_STRUCTURE, &result, NULL));
    assert_true(result.length_mismatch);
    free(pdf);
}

/* 200,000 pages: 500 kids naming one node of 400 kids naming one page. */
static void refuses_a_tree_of_200000_pages(void **state)
{
    (void)state;
    struct strbuf objects[4] = {text("<< /Type /Catalog /Pages 2 0 R >>"), STRBUF_INIT,
                                text("<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] >>"),
                                STRBUF_INIT};
    strbuf_puts(&objects[1], "<< /Type /Pages /Count 1 /Kids [");
    for (int i = 0; i < 500; i++)
        strbuf_puts(&objects[1], "4 0 R ");
    strbuf_puts(&objects[1], "] >>");
    strbuf_puts(&objects[3], "<< /Type /Pages /Parent 2 0 R /Count 1 /Kids [");
    for (int i = 0; i < 400; i++)
        strbuf_puts(&objects[3], "3 0 R ");
    strbuf_puts(&objects[3], "] >>");
    size_t size;
    unsigned char *pdf = make_pdf(objects, 4, &size);
    struct pdf_facts facts;
    struct strbuf reason = STRBUF_INIT;
    pdf_inspect(pdf, size, "pages.pdf", &facts, &reason);
    assert_int_equal(facts.state, PDF_DAMAGED);
    assert_non_null(strstr(strbuf_str(&reason), "10 000 pages"));
    strbuf_free(&reason);
    for (size_t i = 0; i < 4; i++)
        strbuf_free(&objects[i]);
    free(pdf);
}

/* A lattice without pages: 12 levels of nodes whose 8 kids are all the
 * next level's node (8^12 paths, no loop), walked within the node budget. */
static void stops_a_lattice_of_page_nodes(void **state)
{
    (void)state;
    struct strbuf objects[14];
    objects[0] = text("<< /Type /Catalog /Pages 2 0 R >>");
    for (int i = 1; i < 13; i++) {
        objects[i] = (struct strbuf)STRBUF_INIT;
        strbuf_puts(&objects[i], "<< /Type /Pages /Count 0 /Kids [");
        for (int k = 0; k < 8; k++)
            strbuf_printf(&objects[i], "%d 0 R ", i + 2);
        strbuf_puts(&objects[i], "] >>");
    }
    objects[13] = text("<< /Type /Pages /Count 0 /Kids [] >>");
    size_t size;
    unsigned char *pdf = make_pdf(objects, 14, &size);
    struct pdf_facts facts;
    struct strbuf reason = STRBUF_INIT;
    pdf_inspect(pdf, size, "lattice.pdf", &facts, &reason);
    assert_int_equal(facts.state, PDF_DAMAGED);
    assert_non_null(strstr(strbuf_str(&reason), "nœuds"));
    strbuf_free(&reason);
    for (size_t i = 0; i < 14; i++)
        strbuf_free(&objects[i]);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lexes_pdf_tokens),
        cmocka_unit_test(counts_a_plain_pdf),
        cmocka_unit_test(stops_a_twice_deflated_stream),
        cmocka_unit_test(counts_an_object_stream),
        cmocka_unit_test(accepts_a_well_packed_object_stream),
        cmocka_unit_test(counts_objects_hidden_in_a_stream),
        cmocka_unit_test(notes_damaged_streams_and_wrong_lengths),
        cmocka_unit_test(refuses_a_tree_of_200000_pages),
        cmocka_unit_test(stops_a_lattice_of_page_nodes),
    };
    return cmocka_run_group_tests_name("pdf_scan", tests, NULL, NULL);
}
