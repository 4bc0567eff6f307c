/* page_store.c — pages written to a temporary file field by field, in the
 * process's own byte order (the file never outlives it), and read back into
 * a scratch document. */
#include "page_store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/file.h"
#include "engine.h"

#define NO_TEXT UINT32_MAX

struct page_store {
    FILE *file;
    long *offsets; /* where each page starts */
    int count;
    size_t capacity; /* offsets it has room for */
    bool failed;
    struct laid_document scratch; /* the page read back last */
};

struct page_store *page_store_new(const char *dir)
{
    struct page_store *store = calloc(1, sizeof *store);
    if (store && !(store->file = file_open_temporary(dir))) {
        free(store);
        return NULL;
    }
    return store;
}

/* ------------------------------------------------------------ writing */

static void put(struct page_store *store, const void *bytes, size_t size)
{
    if (size && !store->failed && fwrite(bytes, 1, size, store->file) != size)
        store->failed = true;
}

static void put_text(struct page_store *store, const char *text)
{
    uint32_t len = text ? (uint32_t)strlen(text) : NO_TEXT;
    put(store, &len, sizeof len);
    if (text)
        put(store, text, len);
}

static void put_item(struct page_store *store, const struct item *item)
{
    const struct glyph_run *run = &item->glyphs;
    uint32_t kind = item->kind, style = run->style, count = (uint32_t)run->count, tag = item->tag;
    /* A body page number's placeholder is known by its address
     * (engine.h): kept as a flag, filled when the page is drawn. */
    bool number = run->codepoints == page_number_marker;
    bool total = run->codepoints == page_count_marker;
    unsigned char arrays = (run->glyphs ? 1 : 0) | (run->codepoints && !number && !total ? 2 : 0) |
                           (run->extra ? 4 : 0) | (number ? 8 : 0) | (total ? 16 : 0) |
                           (item->hidden ? 32 : 0);
    float numbers[] = {run->size,    run->x,  run->y,          item->x1,       item->y1,
                       item->x2,     item->y2, item->line_width, item->fill_gray};
    put(store, &kind, sizeof kind);
    put(store, &tag, sizeof tag);
    put(store, &style, sizeof style);
    put(store, numbers, sizeof numbers);
    put(store, &item->dashed, sizeof item->dashed);
    put(store, &item->pattern, sizeof item->pattern);
    put(store, &count, sizeof count);
    put(store, &arrays, sizeof arrays);
    if (run->glyphs)
        put(store, run->glyphs, count * sizeof *run->glyphs);
    if (run->codepoints)
        put(store, run->codepoints, count * sizeof *run->codepoints);
    if (run->extra)
        put(store, run->extra, count * sizeof *run->extra);
    put_text(store, item->path);
    put_text(store, item->field_name);
    put_text(store, item->tooltip);
}

static bool note_offset(struct page_store *store)
{
    if (!ARRAY_GROW(store->offsets, store->capacity, (size_t)store->count + 1))
        return false;
    long at = ftell(store->file);
    store->offsets[store->count] = at;
    return at >= 0;
}

bool page_store_add_page(struct page_store *store, const struct laid_page *page)
{
    if (!store->failed && (fseek(store->file, 0, SEEK_END) != 0 || !note_offset(store)))
        store->failed = true;
    if (store->failed)
        return false;
    uint32_t items = 0;
    for (const struct item *item = page->items; item; item = item->next)
        items++;
    float size[] = {page->width, page->height};
    put(store, size, sizeof size);
    put(store, &items, sizeof items);
    for (const struct item *item = page->items; item; item = item->next)
        put_item(store, item);
    if (!store->failed)
        store->count++;
    return !store->failed;
}

bool page_store_add(struct page_store *store, const struct laid_document *doc)
{
    for (const struct laid_page *page = doc->pages; page && !store->failed; page = page->next)
        page_store_add_page(store, page);
    return !store->failed;
}

int page_store_count(const struct page_store *store)
{
    return store->count;
}

/* ------------------------------------------------------------ reading */

static bool take(struct page_store *store, void *bytes, size_t size)
{
    return size == 0 || fread(bytes, 1, size, store->file) == size;
}

/* count elements of size each, into the scratch document's arena. */
static void *take_array(struct page_store *store, size_t count, size_t size)
{
    void *array = arena_alloc(&store->scratch.arena, count * size + 1);
    return array && take(store, array, count * size) ? array : NULL;
}

static bool take_text(struct page_store *store, const char **text)
{
    uint32_t len;
    if (!take(store, &len, sizeof len))
        return false;
    if (len == NO_TEXT) {
        *text = NULL;
        return true;
    }
    char *copy = take_array(store, len, 1);
    if (copy)
        copy[len] = '\0';
    *text = copy;
    return copy != NULL;
}

static bool take_item(struct page_store *store, struct laid_page *page)
{
    uint32_t kind, tag, style, count;
    float numbers[9];
    bool dashed;
    unsigned char arrays, pattern;
    if (!take(store, &kind, sizeof kind) || !take(store, &tag, sizeof tag) ||
        !take(store, &style, sizeof style) ||
        !take(store, numbers, sizeof numbers) || !take(store, &dashed, sizeof dashed) ||
        !take(store, &pattern, sizeof pattern) || !take(store, &count, sizeof count) ||
        !take(store, &arrays, sizeof arrays))
        return false;
    struct item *item = page_add(&store->scratch, page, (enum item_kind)kind);
    if (!item)
        return false;
    item->tag = tag;
    struct glyph_run *run = &item->glyphs;
    run->style = (enum font_style)style;
    run->count = count;
    run->size = numbers[0], run->x = numbers[1], run->y = numbers[2];
    item->x1 = numbers[3], item->y1 = numbers[4], item->x2 = numbers[5], item->y2 = numbers[6];
    item->line_width = numbers[7], item->fill_gray = numbers[8];
    item->dashed = dashed;
    item->pattern = pattern;
    if (((arrays & 1) && !(run->glyphs = take_array(store, count, sizeof *run->glyphs))) ||
        ((arrays & 2) && !(run->codepoints = take_array(store, count, sizeof *run->codepoints))) ||
        ((arrays & 4) && !(run->extra = take_array(store, count, sizeof *run->extra))))
        return false;
    if (arrays & 8)
        run->codepoints = page_number_marker;
    if (arrays & 16)
        run->codepoints = page_count_marker;
    item->hidden = (arrays & 32) != 0;
    return take_text(store, &item->path) && take_text(store, &item->field_name) &&
           take_text(store, &item->tooltip);
}

struct laid_page *page_store_page(struct page_store *store, int index)
{
    arena_free(&store->scratch.arena);
    memset(&store->scratch, 0, sizeof store->scratch);
    if (store->failed || index < 0 || index >= store->count ||
        fseek(store->file, store->offsets[index], SEEK_SET) != 0)
        return NULL;
    float size[2];
    uint32_t items;
    if (!take(store, size, sizeof size) || !take(store, &items, sizeof items))
        return NULL;
    struct laid_page *page = page_new(&store->scratch, size[0], size[1]);
    for (uint32_t i = 0; page && i < items; i++)
        if (!take_item(store, page))
            return NULL;
    return page;
}

void page_store_free(struct page_store *store)
{
    if (!store)
        return;
    arena_free(&store->scratch.arena);
    fclose(store->file);
    free(store->offsets);
    free(store);
}
