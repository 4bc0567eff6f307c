/* page.c — building display lists, and the structure elements their
 * items belong to. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

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

void laid_document_shift_tags(struct laid_document *doc, unsigned offset)
{
    for (struct laid_page *page = doc->pages; page; page = page->next)
        for (struct item *item = page->items; item; item = item->next)
            if (item->tag)
                item->tag += offset;
}

void laid_document_free(struct laid_document *doc)
{
    if (!doc)
        return;
    arena_free(&doc->arena);
    tags_free(&doc->tags);
    free(doc);
}

/* --- structure -------------------------------------------------------------- */

static bool tags_room(struct laid_tags *tags, unsigned more)
{
    if (tags->count + more <= tags->capacity)
        return true;
    if (tags->count + more > TAGS_MAX)
        return tags->failed = true, false;
    unsigned capacity = tags->capacity ? tags->capacity : 64;
    while (capacity < tags->count + more)
        capacity *= 2;
    struct tag_node *nodes = realloc(tags->nodes, capacity * sizeof *nodes);
    if (!nodes)
        return tags->failed = true, false;
    tags->nodes = nodes;
    tags->capacity = capacity;
    return true;
}

unsigned tags_add(struct laid_tags *tags, enum tag_kind kind, unsigned parent)
{
    if (tags->failed || !tags_room(tags, tags->count ? 1 : 2))
        return 0;
    if (tags->count == 0)
        tags->nodes[tags->count++] = (struct tag_node){0, SE_NONE, false, NULL, 0};
    tags->nodes[tags->count] = (struct tag_node){parent < tags->count ? parent : 0,
                                                 (unsigned char)kind, false, NULL, 0};
    return tags->count++;
}

bool tags_set_alt(struct laid_tags *tags, unsigned id, const char *text)
{
    if (id == 0 || id >= tags->count || !text)
        return true;
    char *copy = strdup(text);
    if (!copy)
        return tags->failed = true, false;
    free(tags->nodes[id].alt);
    tags->nodes[id].alt = copy;
    return true;
}

bool tags_graft(struct laid_tags *to, const struct laid_tags *from, unsigned *offset)
{
    *offset = 0;
    if (from->count < 2)
        return true;
    if (to->failed || from->failed || to->count < 2 || !tags_room(to, from->count - 1))
        return to->failed = true, false;
    *offset = to->count - 1;
    for (unsigned k = 1; k < from->count; k++) {
        struct tag_node node = from->nodes[k];
        node.alt = node.alt ? strdup(node.alt) : NULL;
        if (from->nodes[k].alt && !node.alt)
            return to->failed = true, false;
        if (node.parent == 0) {
            node.parent = 1;
            if (node.kind == SE_DOCUMENT)
                node.kind = SE_PART;
        } else {
            node.parent += *offset;
        }
        to->nodes[to->count++] = node;
    }
    return true;
}

void tags_free(struct laid_tags *tags)
{
    for (unsigned k = 0; k < tags->count; k++)
        free(tags->nodes[k].alt);
    free(tags->nodes);
    *tags = (struct laid_tags){NULL, 0, 0, false};
}

const char *tag_kind_name(enum tag_kind kind)
{
    static const char *const names[] = {
        [SE_NONE] = "Artifact", [SE_DOCUMENT] = "Document", [SE_PART] = "Part",
        [SE_DIV] = "Div",       [SE_H1] = "H1",             [SE_H2] = "H2",
        [SE_H3] = "H3",         [SE_P] = "P",               [SE_L] = "L",
        [SE_LI] = "LI",         [SE_LBL] = "Lbl",           [SE_LBODY] = "LBody",
        [SE_TABLE] = "Table",   [SE_TR] = "TR",             [SE_TH] = "TH",
        [SE_TH_ROW] = "TH",     [SE_TD] = "TD",             [SE_FIGURE] = "Figure",
        [SE_FORM] = "Form",
    };
    return (unsigned)kind < sizeof names / sizeof *names && names[kind] ? names[kind] : "Span";
}
