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

/* The marker's items go before the item's own in its first piece: the
 * content then reads as it shows, marker first (tagged PDF's reading
 * order, text extraction). */
static bool emit_marker(struct lctx *ctx, struct piece *piece, const char *text, float x,
                        float baseline, bool align_right)
{
    struct piece *marker = piece_new(ctx, piece->top, piece->bottom);
    if (!marker || !emit_text(ctx, marker, text, 0, ctx->body_size, x, baseline, align_right,
                              NULL))
        return false;
    if (marker->items) {
        *marker->tail = piece->items;
        if (!piece->items)
            piece->tail = marker->tail;
        piece->items = marker->items;
    }
    return true;
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
        return emit_marker(ctx, piece, "•", flow->x + 0.35f * em, baseline - piece->dy, false);
    char marker[16];
    snprintf(marker, sizeof marker, "%d.", number);
    return emit_marker(ctx, piece, marker, flow->x + indent - 0.45f * em, baseline - piece->dy,
                       true);
}

/* The item's blocks, in its LBody (the element's text directly when they
 * are one paragraph). */
static bool lay_item(struct lctx *ctx, const struct block *item, const struct flow *inner,
                     struct slice_list *out)
{
    bool group = item->kind == BLOCK_GROUP;
    const struct block *first = group ? item->children : item;
    const struct block *stop = group ? NULL : item->next;
    ctx->bare_paragraph = !ctx->untagged && tag_single_paragraph(first, stop);
    bool ok = lay_blocks(ctx, first, stop, inner, out);
    ctx->bare_paragraph = false;
    return ok;
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
    unsigned list_tag = ctx->tag;
    for (const struct block *item = list->children; item; item = item->next, number++) {
        struct slice *before = out->last;
        /* LI: its Lbl (the marker) then its LBody. */
        ctx->tag = list_tag;
        unsigned li = ctx->tag = tag_open(ctx, SE_LI, item->english);
        unsigned label = tag_open(ctx, SE_LBL, false);
        ctx->tag = tag_open(ctx, SE_LBODY, false);
        bool ok = lay_item(ctx, item, &inner, out);
        ctx->tag = label ? label : li;
        struct slice *first = before ? before->next : out->head;
        if (ok && !first && !(first = slice_add(ctx, out, line_height(ctx->body_size), true)))
            ok = false;
        ok = ok && add_marker(ctx, list, number, flow, indent, first);
        ctx->tag = list_tag;
        if (!ok)
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
