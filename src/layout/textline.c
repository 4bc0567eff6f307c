/* textline.c — one broken line of prepared characters turned into display
 * items: glyph runs (one per face, with the justification's extra space on
 * the spaces), underlines, checkboxes, blanks to fill by hand, and
 * placeholders for page numbers in the body. Glyph arrays are allocated
 * once per run in the document's arena.
 *
 * A checkbox is drawn (a frame, a tick), and read: a hidden glyph run of
 * ☒ (U+2612) when checked, ☐ (U+2610) when not, over the box, in the
 * paragraph's element, so that a screen reader says which box is ticked
 * where the box is in the text. */
#include "engine.h"

const unsigned page_number_marker[1] = {'#'};
const unsigned page_count_marker[1] = {'#'};

static float char_width(const struct tchar *c, const struct line_place *place, float x)
{
    if (c->kind == TC_BLANK && c->fill)
        return place->fill_to > x ? place->fill_to - x : 0;
    return c->advance + (c->stretch ? place->stretch : 0);
}

static bool emit_glyphs(struct lctx *ctx, struct piece *piece, size_t from, size_t to,
                        bool hyphen, const struct line_place *place, float *x)
{
    const struct tchar *ch = ctx->chars;
    size_t count = to - from + hyphen;
    struct item *item = piece_item(ctx, piece, ITEM_GLYPHS);
    unsigned *arrays = lctx_output(ctx, count * (2 * sizeof(unsigned) + sizeof(float)));
    if (!item || !arrays)
        return false;
    struct glyph_run *run = &item->glyphs;
    *run = (struct glyph_run){(enum font_style)ch[from].face, place->size, *x, place->baseline,
                              count, arrays, arrays + count, NULL};
    float *extra = (float *)(arrays + 2 * count);
    for (size_t k = from; k < to; k++) {
        arrays[k - from] = ch[k].glyph;
        arrays[count + k - from] = ch[k].cp;
        extra[k - from] = ch[k].stretch ? place->stretch : 0;
        if (extra[k - from] != 0)
            run->extra = extra;
        *x += char_width(&ch[k], place, *x);
    }
    if (hyphen) {
        int advance = 0;
        arrays[count - 1] = metrics_glyph(&ctx->metrics, ch[from].face, '-', &advance);
        arrays[2 * count - 1] = '-';
        extra[count - 1] = 0;
        *x += (float)advance * place->size / 1000.0f;
    }
    return true;
}

#define BALLOT_BOX 0x2610u         /* ☐ */
#define BALLOT_BOX_WITH_X 0x2612u  /* ☒ */

/* What a checkbox says: its state as one hidden character over the box,
 * sized to be as wide as it (side points), so that text extraction finds
 * the spaces around it where they show. */
static bool emit_checkbox_state(struct lctx *ctx, struct piece *piece, const struct tchar *c,
                                const struct line_place *place, float left, float side)
{
    struct item *item = piece_item(ctx, piece, ITEM_GLYPHS);
    unsigned *arrays = lctx_output(ctx, 2 * sizeof(unsigned));
    if (!item || !arrays)
        return false;
    int face = c->style & 3, advance = 0;
    arrays[1] = c->run->checked ? BALLOT_BOX_WITH_X : BALLOT_BOX;
    arrays[0] = metrics_glyph(&ctx->metrics, face, arrays[1], &advance);
    float size = advance > 0 ? side * 1000.0f / (float)advance : place->size;
    item->glyphs = (struct glyph_run){(enum font_style)face, size, left, place->baseline,
                                      1, arrays, arrays + 1, NULL};
    item->hidden = true;
    return true;
}

static bool emit_checkbox(struct lctx *ctx, struct piece *piece, const struct tchar *c,
                          const struct line_place *place, float x)
{
    float size = place->size, side = 0.75f * size;
    float left = x + 0.05f * size, top = place->baseline - side;
    if (!emit_checkbox_state(ctx, piece, c, place, left, side))
        return false;
    struct item *box = piece_item(ctx, piece, ITEM_RECT);
    if (!box)
        return false;
    box->x1 = left, box->y1 = top, box->x2 = left + side, box->y2 = place->baseline;
    box->line_width = 0.06f * size;
    if (!c->run->checked)
        return true;
    static const float tick[3][2] = {{0.2f, 0.52f}, {0.42f, 0.78f}, {0.82f, 0.2f}};
    for (int k = 0; k < 2; k++) {
        struct item *line = piece_item(ctx, piece, ITEM_LINE);
        if (!line)
            return false;
        line->x1 = left + tick[k][0] * side, line->y1 = top + tick[k][1] * side;
        line->x2 = left + tick[k + 1][0] * side, line->y2 = top + tick[k + 1][1] * side;
        line->line_width = 0.09f * size;
    }
    return true;
}

static bool emit_object(struct lctx *ctx, struct piece *piece, const struct tchar *c,
                        const struct line_place *place, float x)
{
    if (c->kind == TC_CHECKBOX)
        return emit_checkbox(ctx, piece, c, place, x);
    if (c->kind == TC_BLANK) {
        struct item *line = piece_item(ctx, piece, ITEM_LINE);
        if (!line)
            return false;
        line->x1 = x, line->x2 = x + char_width(c, place, x);
        line->y1 = line->y2 = place->baseline;
        line->line_width = 0.5f;
        line->dashed = true;
        return true;
    }
    if (c->kind == TC_PAGE_NUMBER || c->kind == TC_PAGE_COUNT) {
        struct item *item = piece_item(ctx, piece, ITEM_GLYPHS);
        if (!item)
            return false;
        item->glyphs = (struct glyph_run){(enum font_style)(c->style & 3), place->size, x,
                                          place->baseline, 0, NULL,
                                          c->kind == TC_PAGE_NUMBER ? page_number_marker
                                                                    : page_count_marker,
                                          NULL};
    }
    return true; /* TC_TAB: nothing to draw */
}

static bool emit_underlines(struct lctx *ctx, const struct tline *line,
                            const struct line_place *place, struct piece *piece)
{
    const struct tchar *ch = ctx->chars;
    float x = place->x, from = 0;
    bool on = false;
    for (size_t k = line->start; k <= line->end; k++) {
        bool under = k < line->end && (ch[k].style & STYLE_UNDERLINE);
        if (under && !on)
            from = x;
        if (!under && on) {
            struct item *rule = piece_item(ctx, piece, ITEM_LINE);
            if (!rule)
                return false;
            rule->x1 = from, rule->x2 = x;
            rule->y1 = rule->y2 = place->baseline + 0.15f * place->size;
            rule->line_width = 0.05f * place->size;
        }
        on = under;
        if (k < line->end)
            x += char_width(&ch[k], place, x);
    }
    return true;
}

bool emit_line(struct lctx *ctx, const struct tline *line, const struct line_place *place,
               struct piece *piece)
{
    const struct tchar *ch = ctx->chars;
    float x = place->x;
    for (size_t k = line->start; k < line->end;) {
        if (ch[k].kind != TC_TEXT) {
            if (!emit_object(ctx, piece, &ch[k], place, x))
                return false;
            x += char_width(&ch[k], place, x);
            k++;
            continue;
        }
        size_t to = k;
        while (to < line->end && ch[to].kind == TC_TEXT && ch[to].face == ch[k].face)
            to++;
        if (!emit_glyphs(ctx, piece, k, to, line->hyphen && to == line->end, place, &x))
            return false;
        k = to;
    }
    return emit_underlines(ctx, line, place, piece);
}

bool emit_text(struct lctx *ctx, struct piece *piece, const char *text, unsigned style,
               float size, float x, float baseline, bool align_right, float *width)
{
    struct run run = {RUN_TEXT, style, text, false, 0, NULL};
    struct text_spec spec = {size, 0, NULL, false};
    size_t n;
    if (!text_prepare(ctx, &run, &spec, &n))
        return false;
    struct tline line = {0, n, 0, 0, false, true, false};
    for (size_t k = 0; k < n; k++)
        line.width += ctx->chars[k].advance;
    struct line_place place = {align_right ? x - line.width : x, baseline, size, 0, 0};
    if (width)
        *width = line.width;
    return emit_line(ctx, &line, &place, piece);
}
