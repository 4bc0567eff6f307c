/* headfoot.c — what is laid out once the page count is known: the header
 * in the top margin and the footer in the bottom margin of each page (one
 * line in a small size, shrunk if too long; "\t" separates a left, centre
 * and right part, a single part is centred), and the page numbers that
 * body text shows (placeholders filled in place). */
#include "engine.h"

#include <stdio.h>

struct part {
    size_t start, end;
    float width;
};

static int split_parts(struct lctx *ctx, size_t n, struct part parts[3])
{
    int count = 0;
    size_t start = 0;
    float width = 0;
    for (size_t k = 0; k <= n; k++) {
        if (k == n || (ctx->chars[k].kind == TC_TAB && count < 2)) {
            parts[count++] = (struct part){start, k, width};
            start = k + 1;
            width = 0;
        } else {
            width += ctx->chars[k].advance;
        }
    }
    return count;
}

static float part_x(const struct lctx *ctx, const struct part *part, int index, int count)
{
    float left = ctx->body.x, width = ctx->body.width;
    if (count == 1 || (count == 3 && index == 1))
        return left + (width - part->width) / 2;
    if (index == 0)
        return left;
    return left + width - part->width;
}

/* Prepares the band's text at a size where its parts fit the line. */
static bool prepare_band(struct lctx *ctx, const struct run *runs, const struct page_numbers *nums,
                         float *size, struct part parts[3], int *count)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        struct text_spec spec = {*size, 0, nums, true};
        size_t n;
        if (!text_prepare(ctx, runs, &spec, &n))
            return false;
        *count = split_parts(ctx, n, parts);
        float total = (float)(*count - 1) * *size;
        for (int k = 0; k < *count; k++)
            total += parts[k].width;
        if (total <= ctx->body.width)
            return true;
        *size *= 0.98f * ctx->body.width / total;
    }
    return true;
}

static bool lay_band(struct lctx *ctx, struct laid_page *page, const struct run *runs,
                     const struct page_numbers *nums, bool footer)
{
    const struct layout_document *doc = ctx->doc;
    float size = 7.5f * ctx->body_size / 9.5f;
    struct part parts[3];
    int count;
    if (!prepare_band(ctx, runs, nums, &size, parts, &count))
        return false;
    float middle = footer ? doc->page_height - doc->margin_bottom / 2 : doc->margin_top / 2;
    struct piece *piece = piece_new(ctx, 0, 0);
    if (!piece)
        return false;
    for (int k = 0; k < count; k++) {
        struct tline line = {parts[k].start, parts[k].end, parts[k].width, 0, false, true, false};
        struct line_place place = {part_x(ctx, &parts[k], k, count), middle + 0.35f * size, size,
                                   0, ctx->body.x + ctx->body.width};
        if (!emit_line(ctx, &line, &place, piece))
            return false;
    }
    for (const struct item *item = piece->items; item; item = item->next)
        if (!item_place(ctx, page, item, 0))
            return false;
    return true;
}

/* Fills a body page number placeholder with its digits (the line kept
 * room for two; a longer number runs into the following space). */
static bool fill_number(struct lctx *ctx, struct item *item, const struct page_numbers *nums)
{
    struct glyph_run *run = &item->glyphs;
    char digits[16];
    int len = snprintf(digits, sizeof digits, "%d",
                       run->codepoints == page_number_marker ? nums->number : nums->count);
    unsigned *arrays = lctx_output(ctx, 2 * (size_t)len * sizeof *arrays);
    if (!arrays)
        return false;
    int width = 0, advance;
    for (int k = 0; k < len; k++) {
        arrays[k] = metrics_glyph(&ctx->metrics, run->style, (unsigned)digits[k], &advance);
        arrays[len + k] = (unsigned)digits[k];
        width += advance;
    }
    if (len < 2) /* centred in the two digits' room the line kept for it */
        run->x += (float)(2 * advance - width) * run->size / 2000.0f;
    run->glyphs = arrays;
    run->codepoints = arrays + len;
    run->count = (size_t)len;
    return true;
}

static bool fill_numbers(struct lctx *ctx, struct laid_page *page, const struct page_numbers *nums)
{
    for (struct item *item = page->items; item; item = item->next) {
        const unsigned *marker = item->glyphs.codepoints;
        if (item->kind == ITEM_GLYPHS &&
            (marker == page_number_marker || marker == page_count_marker) &&
            !fill_number(ctx, item, nums))
            return false;
    }
    return true;
}

bool lay_page_bands(struct lctx *ctx, struct laid_page *page, const struct page_numbers *nums)
{
    const struct layout_document *doc = ctx->doc;
    unsigned outer = ctx->tag;
    ctx->tag = 0; /* headers and footers are artifacts */
    bool ok = (!ctx->has_page_runs || fill_numbers(ctx, page, nums)) &&
              (!doc->header || lay_band(ctx, page, doc->header, nums, false)) &&
              (!doc->footer || lay_band(ctx, page, doc->footer, nums, true));
    ctx->tag = outer;
    return ok;
}

bool lay_headers_footers(struct lctx *ctx)
{
    int number = 1;
    for (struct laid_page *page = ctx->out->pages; page; page = page->next, number++) {
        struct page_numbers nums = {number, ctx->out->page_count};
        if (!lay_page_bands(ctx, page, &nums))
            return false;
    }
    return true;
}
