/* list.c — bulleted and numbered lists with a hanging indent: each item's
 * blocks are laid out in the indented column and the marker ("•" or "N.",
 * numbers right-aligned) is set on the baseline of the item's first line. */
#include "engine.h"

#include <stdio.h>

static int item_count(const struct block *list)
{
    int count = 0;
    for (const struct block *item = list->children; item; item = item->next)
        count++;
    return count;
}

static float hanging_indent(struct lctx *ctx, const struct block *list)
{
    float em = ctx->body_size;
    if (!list->numbered)
        return 1.4f * em;
    int advance = 0;
    metrics_glyph(&ctx->metrics, FONT_REGULAR, '0', &advance);
    int digits = 1;
    for (int count = item_count(list); count >= 10; count /= 10)
        digits++;
    float marker = (float)(advance * (digits + 1)) * em / 1000.0f;
    return marker + 0.6f * em > 1.8f * em ? marker + 0.6f * em : 1.8f * em;
}

static bool add_marker(struct lctx *ctx, const struct block *list, int number,
                       const struct flow *flow, float indent, struct slice *slice)
{
    float em = ctx->body_size;
    struct piece *piece = slice->pieces;
    float baseline = slice->baseline >= 0 ? slice->baseline : ascent_of(ctx, em);
    if (!piece) { /* an item that is only a page break or a space */
        if (!(piece = piece_new(ctx, 0, slice->height)))
            return false;
        slice_add_piece(slice, piece);
    }
    if (!list->numbered)
        return emit_text(ctx, piece, "•", 0, em, flow->x + 0.35f * em, baseline - piece->dy,
                         false, NULL);
    char marker[16];
    snprintf(marker, sizeof marker, "%d.", number);
    return emit_text(ctx, piece, marker, 0, em, flow->x + indent - 0.45f * em,
                     baseline - piece->dy, true, NULL);
}

static bool lay_item(struct lctx *ctx, const struct block *item, const struct flow *inner,
                     struct slice_list *out)
{
    if (item->kind == BLOCK_GROUP)
        return lay_blocks(ctx, item->children, NULL, inner, out);
    return lay_blocks(ctx, item, item->next, inner, out);
}

bool lay_list(struct lctx *ctx, const struct block *list, const struct flow *flow,
              struct slice_list *out)
{
    float indent = hanging_indent(ctx, list);
    if (indent > flow->width / 3)
        indent = flow->width / 3;
    struct flow inner = {flow->x + indent, flow->width - indent, 0.25f * ctx->body_size};
    struct slice *list_first = NULL;
    int number = 1;
    for (const struct block *item = list->children; item; item = item->next, number++) {
        struct slice *before = out->last;
        if (!lay_item(ctx, item, &inner, out))
            return false;
        struct slice *first = before ? before->next : out->head;
        if (!first && !(first = slice_add(ctx, out, line_height(ctx->body_size), true)))
            return false;
        if (!add_marker(ctx, list, number, flow, indent, first))
            return false;
        if (item->kind == BLOCK_GROUP)
            apply_keeps(item, first, out->last);
        list_first = list_first ? list_first : first;
    }
    if (!list_first)
        return true;
    if (list->space_before > 0)
        list_first->space_before = list->space_before;
    float after = list->space_after > 0 ? list->space_after : 0.5f * ctx->body_size;
    if (out->last->space_after < after)
        out->last->space_after = after;
    return true;
}
