/* paginate.c — slices onto pages. A chain of slices linked by
 * keep_with_next (a heading and the first lines of its paragraph, the
 * header rows and first row of a table, a keep_together group, the first
 * or last two lines of a paragraph) moves to the next page whole when it
 * does not fit but would fit on an empty page; otherwise slices are placed
 * one by one. A table row moves to the next page when it does not fit; a
 * row taller than a page is cut between lines. Table header rows are
 * repeated at the top of each page a table continues on. */
#include "engine.h"

static float max_f(float a, float b)
{
    return a > b ? a : b;
}

static float room_of_page(const struct pager *pg)
{
    return pg->ctx->content_bottom - pg->ctx->content_top;
}

static float gap_before(const struct pager *pg, const struct slice *slice)
{
    return pg->fresh ? 0 : max_f(pg->after, slice->space_before);
}

static float headers_height(const struct slice *slice)
{
    float height = 0;
    const struct slice *header = slice->repeat;
    for (int k = 0; k < slice->repeat_count && header; k++, header = header->next)
        height += header->height;
    return height;
}

/* Places the pieces of slice at top (those above cut when cut > 0); as
 * artifacts when repeated (a table's header rows on the pages it continues
 * on: the structure has them once, where they first are). */
static bool emit(struct pager *pg, const struct slice *slice, float top, float cut, bool repeated)
{
    struct lctx *ctx = pg->ctx;
    if (slice->frame) {
        struct piece *frame = piece_new(ctx, 0, 0);
        if (!frame || !frame_draw(ctx, slice->frame, frame, top, cut > 0 ? cut + slice->pad
                                                                         : slice->height))
            return false;
        for (const struct item *item = frame->items; item; item = item->next)
            if (!item_place(ctx, pg->page, item, 0))
                return false;
    }
    for (const struct piece *piece = slice->pieces; piece; piece = piece->next) {
        if (cut > 0 && piece->bottom > cut + LAYOUT_EPS)
            continue;
        for (const struct item *item = piece->items; item; item = item->next)
            if (!(repeated ? item_place_artifact(ctx, pg->page, item, top + piece->dy)
                           : item_place(ctx, pg->page, item, top + piece->dy)))
                return false;
        if (piece->outline) {
            piece->outline->page = pg->index;
            piece->outline->y = top + piece->top;
        }
    }
    return true;
}

static bool new_page(struct pager *pg)
{
    const struct layout_document *doc = pg->ctx->doc;
    pg->page = page_new(pg->ctx->out, doc->page_width, doc->page_height);
    if (!pg->page)
        return lctx_fail(pg->ctx, "mémoire insuffisante pour la mise en page");
    pg->index = pg->ctx->out->page_count - 1;
    pg->y = pg->ctx->content_top;
    pg->after = 0;
    pg->fresh = true;
    return true;
}

/* A new page for slice, headed by its table's header rows. */
static bool page_for(struct pager *pg, const struct slice *slice)
{
    if (!new_page(pg))
        return false;
    const struct slice *header = slice->repeat;
    for (int k = 0; k < slice->repeat_count && header; k++, header = header->next) {
        if (!emit(pg, header, pg->y, 0, true))
            return false;
        pg->y += header->height;
    }
    return true;
}

static bool place_at(struct pager *pg, const struct slice *slice, float top)
{
    pg->y = top + slice->height;
    pg->after = slice->space_after;
    pg->fresh = false;
    return emit(pg, slice, top, 0, false);
}

static bool is_space(const struct slice *slice)
{
    return !slice->pieces && !slice->frame;
}

static bool place(struct pager *pg, const struct slice *slice)
{
    float bottom = pg->ctx->content_bottom;
    if (is_space(slice) && pg->y + gap_before(pg, slice) + slice->height > bottom + LAYOUT_EPS)
        return pg->fresh || new_page(pg); /* a space the page break replaces */
    for (;;) {
        float top = pg->y + gap_before(pg, slice);
        if (top + slice->height <= bottom + LAYOUT_EPS)
            return place_at(pg, slice, top);
        bool tall = slice->height > room_of_page(pg) - headers_height(slice) + LAYOUT_EPS;
        float cut = tall && slice->pad > 0 ? slice_cut(slice, bottom - top) : 0;
        if (cut > 0) { /* a row taller than a page: cut between lines */
            if (!emit(pg, slice, top, cut, false) || !(slice = slice_rest(pg->ctx, slice, cut)) ||
                !page_for(pg, slice))
                return false;
            continue;
        }
        if (pg->fresh) /* nothing can make it fit: placed whole, never lost */
            return place_at(pg, slice, top);
        if (!page_for(pg, slice))
            return false;
    }
}

/* Slices that continue a chain: kept with the next, or spaces. */
static bool continues(const struct slice *slice)
{
    return (slice->keep_with_next || is_space(slice)) && slice->next &&
           slice->next->kind != SLICE_PAGE_BREAK;
}

/* Moves to a new page before a chain that does not fit here but would fit
 * on a page of its own. */
static bool keep_chain(struct pager *pg, const struct slice *start)
{
    float here = gap_before(pg, start) + start->height;
    float alone = start->height + headers_height(start);
    for (const struct slice *slice = start; continues(slice);) {
        float after = slice->space_after;
        slice = slice->next;
        float step = max_f(after, slice->space_before) + slice->height;
        here += step;
        alone += step;
    }
    if (pg->y + here <= pg->ctx->content_bottom + LAYOUT_EPS ||
        alone > room_of_page(pg) + LAYOUT_EPS)
        return true;
    return page_for(pg, start);
}

bool pager_start(struct lctx *ctx, struct pager *pg)
{
    *pg = (struct pager){ctx, NULL, 0, 0, 0, true, false};
    return new_page(pg);
}

bool pager_place(struct pager *pg, const struct slice *first)
{
    for (const struct slice *slice = first; slice; slice = slice->next) {
        if (slice->kind == SLICE_PAGE_BREAK) {
            if (!pg->fresh && !new_page(pg))
                return false;
            pg->chained = false;
            continue;
        }
        if (!pg->chained && !pg->fresh && !keep_chain(pg, slice))
            return false;
        if (!place(pg, slice))
            return false;
        if (!is_space(slice)) /* spaces neither start nor end a chain */
            pg->chained = continues(slice);
    }
    return true;
}

bool paginate(struct lctx *ctx, struct slice *first)
{
    struct pager pg;
    return pager_start(ctx, &pg) && pager_place(&pg, first);
}
