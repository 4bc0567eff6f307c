/* test_layout_stream.c — a document laid out in parts (layout_stream, as
 * planning.pdf is) gives the very pages layout_run gives it whole: tables
 * continued over parts, header rows repeated, body page numbers and
 * footers filled once the count is known, pages kept in a page_store. */
#include "test_support.h"

#include "layout/layout.h"
#include "layout/page_store.h"

static struct font_set *fonts;

static int load_fonts(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT;
    fonts = font_set_load("fonts", &error);
    strbuf_free(&error);
    return fonts ? 0 : -1;
}

static int free_fonts(void **state)
{
    (void)state;
    font_set_free(fonts);
    return 0;
}

#define ROWS 230
#define TABLES 2

static struct block *cell(struct arena *arena, const char *text, float gray)
{
    struct block *cell = tree_block(arena, BLOCK_CELL);
    cell->fill_gray = gray;
    cell->children = tree_block(arena, BLOCK_PARAGRAPH);
    cell->children->align = ALIGN_LEFT;
    cell->children->runs = tree_run(arena, RUN_TEXT, text, 0);
    return cell;
}

/* Row k of a table: some names long enough to take two lines. */
static struct block *row(struct arena *arena, int table, int k)
{
    char text[160];
    snprintf(text, sizeof text, k % 7 == 3 ? "Élève %d-%d — une entreprise au nom assez long "
                                             "pour tenir sur deux lignes"
                                           : "Élève %d-%d — SARL",
             table, k);
    struct block *row = tree_block(arena, BLOCK_ROW);
    row->children = cell(arena, text, -1);
    row->children->next = cell(arena, "", k % 5 == 0 ? 0.4f : -1);
    return row;
}

static const float widths[] = {0.8f, 0.2f};

/* A space and table `table` with rows [first, end). */
static struct block *table_part(struct arena *arena, int table, int first, int end)
{
    struct block *space = tree_block(arena, BLOCK_SPACE);
    space->height = 8;
    struct block *block = tree_block(arena, BLOCK_TABLE);
    space->next = block;
    block->column_count = 2;
    block->column_widths = widths;
    block->header_rows = 1;
    struct block **rows = &block->children;
    struct block *header = row(arena, table, -1);
    header->shaded = true;
    TREE_APPEND(rows, header);
    for (int k = first; k < end; k++) {
        struct block *r = row(arena, table, k);
        TREE_APPEND(rows, r);
    }
    return space;
}

/* The document: a title, a paragraph showing the page count, then the
 * tables' rows [first, end) (all: 0, ROWS), and a closing paragraph. */
static struct layout_document *document(struct arena *arena, bool opening, int table, int first,
                                        int end, bool closing)
{
    struct layout_document *doc = tree_document(arena);
    doc->title = "Planning";
    doc->footer = tree_run(arena, RUN_TEXT, "Planning — page ", 0);
    doc->footer->next = tree_run(arena, RUN_PAGE_NUMBER, NULL, 0);
    doc->footer->next->next = tree_run(arena, RUN_TEXT, " / ", 0);
    doc->footer->next->next->next = tree_run(arena, RUN_PAGE_COUNT, NULL, 0);
    doc->header = tree_run(arena, RUN_TEXT, "Lycée\tsession 2027", 0);
    struct block **tail = &doc->blocks;
    if (opening) {
        struct block *title = tree_block(arena, BLOCK_HEADING);
        title->runs = tree_run(arena, RUN_TEXT, "Planning des stages", 0);
        TREE_APPEND(tail, title);
        struct block *intro = tree_block(arena, BLOCK_PARAGRAPH);
        intro->runs = tree_run(arena, RUN_TEXT, "Ce planning compte ", 0);
        intro->runs->next = tree_run(arena, RUN_PAGE_COUNT, NULL, 0);
        TREE_APPEND(tail, intro);
    }
    for (int t = table < 0 ? 0 : table; t < (table < 0 ? TABLES : table + 1); t++) {
        struct block *part = table_part(arena, t, first, end);
        *tail = part;
        tail = &part->next->next;
    }
    if (closing) {
        struct block *end_note = tree_block(arena, BLOCK_PARAGRAPH);
        end_note->runs = tree_run(arena, RUN_TEXT, "Fin du planning.", 0);
        TREE_APPEND(tail, end_note);
    }
    return doc;
}

static bool keep(void *data, const struct laid_page *page)
{
    return page_store_add_page(data, page);
}

static void same_array(const void *a, const void *b, size_t size)
{
    assert_true((a == NULL) == (b == NULL));
    if (a && b)
        assert_memory_equal(a, b, size);
}

static void same_page(const struct laid_page *want, const struct laid_page *got)
{
    assert_true(want->width == got->width && want->height == got->height);
    const struct item *a = want->items, *b = got->items;
    for (; a && b; a = a->next, b = b->next) {
        assert_int_equal(a->kind, b->kind);
        assert_true(a->x1 == b->x1 && a->y1 == b->y1 && a->x2 == b->x2 && a->y2 == b->y2);
        assert_true(a->fill_gray == b->fill_gray && a->line_width == b->line_width);
        assert_int_equal(a->pattern, b->pattern);
        const struct glyph_run *r = &a->glyphs, *s = &b->glyphs;
        assert_int_equal(r->count, s->count);
        assert_true(r->x == s->x && r->y == s->y && r->size == s->size && r->style == s->style);
        same_array(r->glyphs, s->glyphs, r->count * sizeof *r->glyphs);
        same_array(r->codepoints, s->codepoints, r->count * sizeof *r->codepoints);
        same_array(r->extra, s->extra, r->count * sizeof *r->extra);
    }
    assert_null(a);
    assert_null(b);
}

static void gives_the_pages_of_the_whole(void **state)
{
    (void)state;
    struct layout_options options = {fonts, NULL};
    struct strbuf error = STRBUF_INIT;
    struct arena arena = ARENA_INIT;
    struct laid_document *whole =
        layout_run(document(&arena, true, -1, 0, ROWS, true), &options, &error);
    assert_non_null(whole);
    assert_true(whole->page_count > 6);

    struct page_store *store = page_store_new("/tmp");
    assert_non_null(store);
    struct layout_stream *stream = NULL;
    const int part_rows = 37;
    for (int table = 0; table < TABLES; table++)
        for (int first = 0; first < ROWS; first += part_rows) {
            int end = first + part_rows < ROWS ? first + part_rows : ROWS;
            bool last = table == TABLES - 1 && end == ROWS;
            struct arena part_arena = ARENA_INIT;
            struct layout_document *doc =
                document(&part_arena, !stream, table, first, end, last);
            if (!stream)
                stream = layout_stream_new(doc, &options, keep, store, &error);
            assert_non_null(stream);
            struct block *space = doc->blocks;
            while (space->kind != BLOCK_SPACE)
                space = space->next;
            struct block *table_block = space->next;
            table_block->continued = first > 0;
            table_block->to_be_continued = end < ROWS;
            /* a later part of a table: its rows alone */
            assert_true(layout_stream_add(stream, first > 0 ? table_block : doc->blocks));
            arena_free(&part_arena);
        }
    const struct laid_document *head = layout_stream_finish(stream);
    assert_non_null(head);
    assert_int_equal(head->page_count, whole->page_count);
    assert_int_equal(page_store_count(store), whole->page_count);
    assert_non_null(head->outline);
    assert_string_equal(head->outline->title, whole->outline->title);
    assert_int_equal(head->outline->page, whole->outline->page);
    int index = 0;
    for (const struct laid_page *page = whole->pages; page; page = page->next, index++) {
        struct laid_page *stored = page_store_page(store, index);
        assert_non_null(stored);
        assert_true(layout_stream_bands(stream, stored, index));
        same_page(page, stored);
    }
    layout_stream_free(stream);
    page_store_free(store);
    laid_document_free(whole);
    arena_free(&arena);
    strbuf_free(&error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gives_the_pages_of_the_whole),
    };
    return cmocka_run_group_tests(tests, load_fonts, free_fonts);
}
