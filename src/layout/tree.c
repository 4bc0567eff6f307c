/* tree.c — constructors with each kind's defaults. */
#include "tree.h"

#include <string.h>

struct block *tree_block(struct arena *arena, enum block_kind kind)
{
    struct block *block = arena_alloc(arena, sizeof *block);
    if (!block)
        return NULL;
    block->kind = kind;
    block->align = kind == BLOCK_PARAGRAPH ? ALIGN_JUSTIFY : ALIGN_LEFT;
    block->keep_with_next = kind == BLOCK_HEADING;
    block->level = 1;
    block->borders = true;
    block->column_span = 1;
    block->fill_gray = -1;
    return block;
}

struct run *tree_run(struct arena *arena, enum run_kind kind, const char *text, unsigned style)
{
    struct run *run = arena_alloc(arena, sizeof *run);
    if (!run)
        return NULL;
    run->kind = kind;
    run->style = style;
    run->text = text ? arena_strdup(arena, text) : NULL;
    return run;
}

struct layout_document *tree_document(struct arena *arena)
{
    struct layout_document *doc = arena_alloc(arena, sizeof *doc);
    if (!doc)
        return NULL;
    doc->page_width = 595.28f;
    doc->page_height = 841.89f;
    doc->margin_top = doc->margin_bottom = 56.7f;  /* 20 mm */
    doc->margin_left = doc->margin_right = 56.7f;
    doc->font_size = 9.5f;
    return doc;
}
