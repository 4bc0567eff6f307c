/* slice.c — slices and pieces, the engine's vertical units: creating them,
 * stacking slices into a box (a table cell, a signature frame), cutting a
 * table row between its lines, and copying local items onto a page. */
#include "engine.h"


struct slice *slice_add(struct lctx *ctx, struct slice_list *list, float height, bool piece)
{
    struct slice *slice = lctx_scratch(ctx, sizeof *slice);
    if (!slice)
        return NULL;
    slice->kind = SLICE_BOX;
    slice->height = height;
    slice->baseline = -1;
    slice->piece_tail = &slice->pieces;
    if (piece) {
        struct piece *whole = piece_new(ctx, 0, height);
        if (!whole)
            return NULL;
        slice_add_piece(slice, whole);
    }
    if (list->last)
        list->last->next = slice;
    else
        list->head = slice;
    list->last = slice;
    return slice;
}

struct piece *piece_new(struct lctx *ctx, float top, float bottom)
{
    struct piece *piece = lctx_scratch(ctx, sizeof *piece);
    if (!piece)
        return NULL;
    piece->top = top;
    piece->bottom = bottom;
    piece->tail = &piece->items;
    return piece;
}

void slice_add_piece(struct slice *slice, struct piece *piece)
{
    piece->next = NULL;
    *slice->piece_tail = piece;
    slice->piece_tail = &piece->next;
}

struct item *piece_item(struct lctx *ctx, struct piece *piece, enum item_kind kind)
{
    struct item *item = lctx_scratch(ctx, sizeof *item);
    if (!item)
        return NULL;
    item->kind = kind;
    item->fill_gray = -1;
    /* Text, images and fields show the current element; rules, frames and
     * fills are artifacts. */
    if (kind == ITEM_GLYPHS || kind == ITEM_IMAGE || kind == ITEM_FIELD)
        item->tag = ctx->tag;
    *piece->tail = item;
    piece->tail = &item->next;
    return item;
}

bool frame_draw(struct lctx *ctx, const struct frame *frame, struct piece *piece, float top,
                float height)
{
    if (frame->fill_gray < 0 && frame->line_width <= 0 && !frame->cell_gray &&
        !frame->cell_pattern)
        return true;
    for (int k = 0; k < frame->count; k++) {
        float fill = frame->cell_gray && frame->cell_gray[k] >= 0 ? frame->cell_gray[k]
                                                                  : frame->fill_gray;
        unsigned pattern = frame->cell_pattern ? frame->cell_pattern[k] : PATTERN_NONE;
        if (fill < 0 && frame->line_width <= 0 && pattern == PATTERN_NONE)
            continue;
        struct item *rect = piece_item(ctx, piece, ITEM_RECT);
        if (!rect)
            return false;
        rect->x1 = frame->x[2 * k];
        rect->x2 = frame->x[2 * k + 1];
        rect->y1 = top;
        rect->y2 = top + height;
        rect->fill_gray = fill;
        rect->line_width = frame->line_width;
        rect->pattern = (unsigned char)pattern; /* drawn over the fill by the backend */
    }
    return true;
}

/* Moves a slice's pieces into dst, shifted down by top. */
static void move_pieces(struct slice *from, float top, struct slice *dst)
{
    for (struct piece *piece = from->pieces, *next; piece; piece = next) {
        next = piece->next;
        piece->top += top;
        piece->bottom += top;
        piece->dy += top;
        slice_add_piece(dst, piece);
    }
    from->pieces = NULL;
    from->piece_tail = &from->pieces;
}

float slices_stack(struct lctx *ctx, struct slice *first, float y, struct slice *dst)
{
    float after = 0;
    bool started = false;
    for (struct slice *slice = first; slice; slice = slice->next) {
        if (slice->kind == SLICE_PAGE_BREAK)
            continue;
        float top = y + (started ? (after > slice->space_before ? after : slice->space_before) : 0);
        if (dst->baseline < 0 && slice->baseline >= 0)
            dst->baseline = top + slice->baseline;
        if (slice->frame) { /* a nested table's row: drawn whole, never cut */
            struct piece *frame = piece_new(ctx, top, top + slice->height);
            if (!frame || !frame_draw(ctx, slice->frame, frame, 0, slice->height))
                return -1;
            frame->dy = top;
            slice_add_piece(dst, frame);
        }
        move_pieces(slice, top, dst);
        y = top + slice->height;
        after = slice->space_after;
        started = true;
    }
    return y;
}

static bool cut_is_clean(const struct slice *slice, float cut)
{
    for (const struct piece *piece = slice->pieces; piece; piece = piece->next)
        if (piece->top < cut - LAYOUT_EPS && piece->bottom > cut + LAYOUT_EPS)
            return false;
    return true;
}

float slice_cut(const struct slice *slice, float room)
{
    float best = 0;
    for (const struct piece *piece = slice->pieces; piece; piece = piece->next) {
        float cut = piece->bottom;
        if (cut > best && cut > slice->pad + LAYOUT_EPS && cut + slice->pad <= room + LAYOUT_EPS &&
            cut_is_clean(slice, cut))
            best = cut;
    }
    return best;
}

struct slice *slice_rest(struct lctx *ctx, const struct slice *slice, float cut)
{
    struct slice *rest = lctx_scratch(ctx, sizeof *rest);
    if (!rest)
        return NULL;
    *rest = *slice;
    float shift = slice->pad - cut;
    rest->height = slice->height + shift;
    rest->space_before = 0;
    rest->baseline = -1;
    rest->next = NULL;
    rest->pieces = NULL;
    rest->piece_tail = &rest->pieces;
    for (const struct piece *piece = slice->pieces; piece; piece = piece->next) {
        if (piece->top < cut - LAYOUT_EPS)
            continue;
        struct piece *moved = lctx_scratch(ctx, sizeof *moved);
        if (!moved)
            return NULL;
        *moved = *piece;
        moved->top += shift;
        moved->bottom += shift;
        moved->dy += shift;
        slice_add_piece(rest, moved);
    }
    return rest;
}

/* The copy of local on page, moved down by dy; NULL when memory runs out. */
static struct item *place_copy(struct lctx *ctx, struct laid_page *page, const struct item *local,
                               float dy)
{
    struct item *item = page_add(ctx->out, page, local->kind);
    if (!item) {
        lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
        return NULL;
    }
    *item = *local;
    item->next = NULL;
    if (item->kind == ITEM_GLYPHS) {
        item->glyphs.y += dy;
    } else {
        item->y1 += dy;
        item->y2 += dy;
    }
    return item;
}

bool item_place(struct lctx *ctx, struct laid_page *page, const struct item *local, float dy)
{
    return place_copy(ctx, page, local, dy) != NULL;
}

bool item_place_artifact(struct lctx *ctx, struct laid_page *page, const struct item *local,
                         float dy)
{
    struct item *item = place_copy(ctx, page, local, dy);
    if (item)
        item->tag = 0;
    return item != NULL;
}
