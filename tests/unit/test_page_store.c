/* test_page_store.c — laid pages written to the temporary store and read
 * back the same, item by item, in any order; a store that cannot be made
 * says so. */
#include "test_support.h"

#include <stdlib.h>

#include "layout/page_store.h"

static const unsigned glyphs[] = {36, 81, 87};
static const unsigned codepoints[] = {'A', 'n', 't'};
static const float extra[] = {0.5f, 0.25f, 0};

/* A page of every kind of item; tag makes pages tell apart. */
static void add_page(struct laid_document *doc, float tag)
{
    struct laid_page *page = page_new(doc, 595.0f + tag, 842.0f);
    struct item *run = page_add(doc, page, ITEM_GLYPHS);
    run->glyphs = (struct glyph_run){FONT_BOLD, 10.5f, 56.7f + tag, 100.25f, 3,
                                     glyphs, codepoints, extra};
    struct item *line = page_add(doc, page, ITEM_LINE);
    line->x1 = 1, line->y1 = 2, line->x2 = 3, line->y2 = 4, line->line_width = 0.5f;
    line->dashed = true;
    struct item *rect = page_add(doc, page, ITEM_RECT);
    rect->x2 = 10, rect->y2 = 20, rect->fill_gray = 0.9f;
    struct item *image = page_add(doc, page, ITEM_IMAGE);
    image->path = "logos/lycée.png";
    struct item *field = page_add(doc, page, ITEM_FIELD);
    field->field_name = "tuteur";
    field->tooltip = NULL;
}

static void assert_page(const struct laid_page *page, float tag)
{
    assert_non_null(page);
    assert_true(page->width == 595.0f + tag && page->height == 842.0f);
    const struct item *item = page->items;
    assert_int_equal(item->kind, ITEM_GLYPHS);
    assert_int_equal(item->glyphs.style, FONT_BOLD);
    assert_true(item->glyphs.size == 10.5f && item->glyphs.x == 56.7f + tag);
    assert_int_equal(item->glyphs.count, 3);
    assert_memory_equal(item->glyphs.glyphs, glyphs, sizeof glyphs);
    assert_memory_equal(item->glyphs.codepoints, codepoints, sizeof codepoints);
    assert_memory_equal(item->glyphs.extra, extra, sizeof extra);
    item = item->next;
    assert_int_equal(item->kind, ITEM_LINE);
    assert_true(item->x2 == 3 && item->y2 == 4 && item->line_width == 0.5f && item->dashed);
    assert_null(item->glyphs.glyphs);
    item = item->next;
    assert_int_equal(item->kind, ITEM_RECT);
    assert_true(item->y2 == 20 && item->fill_gray == 0.9f);
    item = item->next;
    assert_int_equal(item->kind, ITEM_IMAGE);
    assert_string_equal(item->path, "logos/lycée.png");
    item = item->next;
    assert_int_equal(item->kind, ITEM_FIELD);
    assert_string_equal(item->field_name, "tuteur");
    assert_null(item->tooltip);
    assert_null(item->path);
    assert_null(item->next);
}

static void gives_pages_back_as_they_were(void **state)
{
    (void)state;
    struct page_store *store = page_store_new("/tmp");
    assert_non_null(store);
    struct laid_document *first = calloc(1, sizeof *first);
    struct laid_document *second = calloc(1, sizeof *second);
    add_page(first, 0);
    add_page(first, 1);
    add_page(second, 2);
    assert_true(page_store_add(store, first));
    laid_document_free(first); /* the store keeps its own copy */
    assert_true(page_store_add(store, second));
    laid_document_free(second);
    assert_int_equal(page_store_count(store), 3);
    assert_page(page_store_page(store, 2), 2);
    assert_page(page_store_page(store, 0), 0);
    assert_page(page_store_page(store, 1), 1);
    assert_null(page_store_page(store, 3));
    assert_null(page_store_page(store, -1));
    page_store_free(store);
}

static void says_when_no_temporary_file_can_be_made(void **state)
{
    (void)state;
    assert_null(page_store_new("/nonexistent/stagedoc-test"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gives_pages_back_as_they_were),
        cmocka_unit_test(says_when_no_temporary_file_can_be_made),
    };
    return cmocka_run_group_tests_name("page_store", tests, NULL, NULL);
}
