/* page.c — building display lists. */
#include "page.h"

#include <stdlib.h>

struct laid_page *page_new(struct laid_document *doc, float width, float height)
{
    struct laid_page *page = arena_alloc(&doc->arena, sizeof *page);
    if (!page)
        return NULL;
    page->width = width;
    page->height = height;
    page->tail = &page->items;
    struct laid_page **at = &doc->pages;
    while (*at)
        at = &(*at)->next;
    *at = page;
    doc->page_count++;
    return page;
}

struct item *page_add(struct laid_document *doc, struct laid_page *page, enum item_kind kind)
{
    struct item *item = arena_alloc(&doc->arena, sizeof *item);
    if (!item)
        return NULL;
    item->kind = kind;
    item->fill_gray = -1;
    *page->tail = item;
    page->tail = &item->next;
    return item;
}

void laid_document_free(struct laid_document *doc)
{
    if (!doc)
        return;
    arena_free(&doc->arena);
    free(doc);
}
