/* blocks.c — block layout's dispatcher: each kind of block to its layout,
 * groups laid out in order, vertical spaces and page breaks as empty slices,
 * and each block's keep_together / keep_with_next applied to its slices;
 * consecutive signature rows are kept together. */
#include "engine.h"

void apply_keeps(const struct block *block, struct slice *first, struct slice *last)
{
    if (!first)
        return;
    if (block->keep_together)
        for (struct slice *slice = first; slice != last; slice = slice->next)
            slice->keep_with_next = true;
    if (block->keep_with_next || block->kind == BLOCK_HEADING)
        last->keep_with_next = true;
}

/* A page break, or a space: a slice without pieces, dropped by pagination
 * when it does not fit at the foot of a page. */
static bool lay_empty(struct lctx *ctx, const struct block *block, struct slice_list *out)
{
    bool space = block->kind == BLOCK_SPACE;
    struct slice *slice = slice_add(ctx, out, space && block->height > 0 ? block->height : 0, false);
    if (!slice)
        return false;
    slice->kind = space ? SLICE_BOX : SLICE_PAGE_BREAK;
    return true;
}

static bool lay_block_kind(struct lctx *ctx, const struct block *block,
                           const struct flow *flow, struct slice_list *out)
{
    switch (block->kind) {
    case BLOCK_PARAGRAPH:
    case BLOCK_HEADING:
        return lay_paragraph(ctx, block, flow, out);
    case BLOCK_LIST:
        return lay_list(ctx, block, flow, out);
    case BLOCK_TABLE:
        return lay_table(ctx, block, flow, out);
    case BLOCK_IMAGE:
        return lay_image(ctx, block, flow, out);
    case BLOCK_PAGE_BREAK:
    case BLOCK_SPACE:
        return lay_empty(ctx, block, out);
    case BLOCK_GROUP:
    case BLOCK_ROW:  /* out of place: laid out as groups, nothing lost */
    case BLOCK_CELL:
        return lay_blocks(ctx, block->children, NULL, flow, out);
    case BLOCK_SIGNATURE:
        return lay_signatures(ctx, block, block->next, flow, out) != NULL;
    }
    return true;
}

/* Lays out a block inside the structure element it makes. */
static bool lay_block(struct lctx *ctx, const struct block *block, const struct flow *flow,
                      struct slice_list *out)
{
    unsigned outer = ctx->tag;
    ctx->tag = tag_open_block(ctx, block);
    bool ok = lay_block_kind(ctx, block, flow, out);
    ctx->tag = outer;
    return ok;
}

bool lay_blocks(struct lctx *ctx, const struct block *first, const struct block *stop,
                const struct flow *flow, struct slice_list *out)
{
    for (const struct block *block = first; block && block != stop; block = block->next) {
        struct slice *before = out->last;
        const struct block *used = block;
        if (block->kind == BLOCK_SIGNATURE) {
            used = lay_signatures(ctx, block, stop, flow, out);
            /* A signature block is one whole: its rows stay on one page,
             * never a lone box left over on the next. */
            if (used && used->next && used->next != stop && used->next->kind == BLOCK_SIGNATURE)
                out->last->keep_with_next = true;
        }
        else if (!lay_block(ctx, block, flow, out))
            used = NULL;
        if (!used)
            return false;
        apply_keeps(block, before ? before->next : out->head, out->last);
        block = used;
    }
    return true;
}
