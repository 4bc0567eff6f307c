/* tags.c — the structure of tagged PDF, made as the blocks are laid out:
 * a Document holding, in the tree's order, a heading element (H1 to H3)
 * per heading, a P per paragraph, an L of LI (each a Lbl, its marker, and
 * an LBody) per list, a Table of TR rows of TH and TD cells per table, a
 * Figure with its alternative text per image. A cell or list item holding
 * a single paragraph takes its text directly; a table without borders, or
 * of a single cell, only places its content: a Div. Signature boxes make
 * their own (signature.c). Items then point to the element they show
 * (item.tag); what makes none is an artifact. */
#include "engine.h"

bool tags_start(struct lctx *ctx)
{
    ctx->tag = tags_add(&ctx->out->tags, SE_DOCUMENT, 0);
    return ctx->tag != 0 || lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
}

unsigned tag_open(struct lctx *ctx, enum tag_kind kind, bool english)
{
    if (ctx->untagged)
        return 0;
    struct laid_tags *tags = &ctx->out->tags;
    unsigned id = tags_add(tags, kind, ctx->tag);
    if (id && english && !(ctx->tag && tags->nodes[ctx->tag].english))
        tags->nodes[id].english = true;
    return id;
}

bool tag_single_paragraph(const struct block *first, const struct block *stop)
{
    return first && first != stop && first->kind == BLOCK_PARAGRAPH &&
           (!first->next || first->next == stop);
}

bool tag_layout_table(const struct block *table)
{
    const struct block *row = table->children;
    return !table->borders || (row && !row->next && row->children && !row->children->next);
}

static unsigned open_table(struct lctx *ctx, const struct block *table)
{
    if (table->continued && ctx->table_tag)
        return ctx->table_tag;
    ctx->table_tag = tag_open(ctx, tag_layout_table(table) ? SE_DIV : SE_TABLE, table->english);
    return ctx->table_tag;
}

unsigned tag_open_block(struct lctx *ctx, const struct block *block)
{
    bool bare = ctx->bare_paragraph;
    ctx->bare_paragraph = false;
    switch (block->kind) {
    case BLOCK_PARAGRAPH:
        if (!block->runs) /* an empty cell's: nothing to read */
            return ctx->tag;
        if (!bare)
            return tag_open(ctx, SE_P, block->english);
        if (block->english && ctx->tag)
            ctx->out->tags.nodes[ctx->tag].english = true;
        return ctx->tag;
    case BLOCK_HEADING: {
        int level = block->level < 1 ? 1 : block->level > 3 ? 3 : block->level;
        return tag_open(ctx, (enum tag_kind)(SE_H1 + level - 1), block->english);
    }
    case BLOCK_LIST:
        return tag_open(ctx, SE_L, block->english);
    case BLOCK_TABLE:
        return open_table(ctx, block);
    case BLOCK_IMAGE: {
        unsigned id = tag_open(ctx, SE_FIGURE, block->english);
        tags_set_alt(&ctx->out->tags, id, block->alt && *block->alt ? block->alt : "Image");
        return id;
    }
    default:
        return ctx->tag;
    }
}
