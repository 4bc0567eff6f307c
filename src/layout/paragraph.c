/* paragraph.c — paragraphs and headings: text prepared, broken into lines,
 * each line a slice placed by its alignment (justified lines spread their
 * extra space over their spaces; the last line stays left-aligned).
 * Headings get their size, bold face, spacing, a bookmark, and are kept
 * with what follows; paragraphs avoid a lone first or last line on a page. */
#include "engine.h"

#include <string.h>

static const float heading_scale[3] = {15.0f / 9.5f, 12.5f / 9.5f, 10.5f / 9.5f};
static const float heading_before[3] = {1.5f, 1.2f, 1.0f}; /* in body ems */
static const float heading_after[3] = {0.6f, 0.5f, 0.4f};

float line_height(float size)
{
    return 1.2f * size;
}

float ascent_of(struct lctx *ctx, float size)
{
    return (float)font_ascender(ctx->metrics.faces[FONT_REGULAR]) * size / 1000.0f;
}

/* Baseline of a line of text from the top of its line box. */
static float baseline_in_line(struct lctx *ctx, float size)
{
    const struct font_face *face = ctx->metrics.faces[FONT_REGULAR];
    float ascent = ascent_of(ctx, size);
    float glyph_height = ascent - (float)font_descender(face) * size / 1000.0f;
    return (line_height(size) - glyph_height) / 2 + ascent;
}

static void place_line(const struct tline *line, const struct block *block,
                       const struct flow *flow, struct line_place *place)
{
    float room = flow->width - line->width;
    place->x = flow->x;
    place->stretch = 0;
    place->fill_to = flow->x + flow->width;
    if (line->fill || room <= 0)
        return;
    if (block->align == ALIGN_RIGHT)
        place->x += room;
    else if (block->align == ALIGN_CENTER)
        place->x += room / 2;
    else if (block->align == ALIGN_JUSTIFY && !line->last && line->stretch_count > 0)
        place->stretch = room / (float)line->stretch_count;
}

/* The heading's text, for the outline: its runs, one space for "\n". */
static bool add_outline(struct lctx *ctx, const struct block *block, struct piece *piece)
{
    struct strbuf title = STRBUF_INIT;
    for (const struct run *run = block->runs; run; run = run->next)
        if (run->kind == RUN_TEXT && run->text)
            strbuf_puts(&title, run->text);
    for (size_t k = 0; k < title.len; k++)
        if (title.data[k] == '\n' || title.data[k] == '\t')
            title.data[k] = ' ';
    struct outline_entry *entry = lctx_output(ctx, sizeof *entry);
    const char *text = entry ? lctx_strdup_output(ctx, strbuf_str(&title)) : NULL;
    strbuf_free(&title);
    if (!text)
        return false;
    entry->title = text;
    entry->level = block->level < 1 ? 1 : block->level > 3 ? 3 : block->level;
    *ctx->outline_tail = entry;
    ctx->outline_tail = &entry->next;
    piece->outline = entry;
    return true;
}

static void spacing(const struct lctx *ctx, const struct block *block, const struct flow *flow,
                    int level, float *before, float *after)
{
    bool heading = block->kind == BLOCK_HEADING;
    *before = block->space_before > 0 ? block->space_before
              : heading               ? heading_before[level - 1] * ctx->body_size
                                      : 0;
    *after = block->space_after > 0 ? block->space_after
             : heading              ? heading_after[level - 1] * ctx->body_size
                                    : flow->para_after;
}

/* Keeps: a heading with what follows; no lone first or last line. */
static void keep_lines(struct slice *first, size_t count, bool heading)
{
    size_t k = 0;
    for (struct slice *slice = first; slice; slice = slice->next, k++)
        slice->keep_with_next = heading || (count >= 2 && (k == 0 || k + 2 == count));
}

bool lay_paragraph(struct lctx *ctx, const struct block *block, const struct flow *flow,
                   struct slice_list *out)
{
    bool heading = block->kind == BLOCK_HEADING;
    int level = block->level < 1 ? 1 : block->level > 3 ? 3 : block->level;
    float size = block->font_size > 0 ? block->font_size
                 : heading            ? ctx->body_size * heading_scale[level - 1]
                                      : ctx->body_size;
    struct text_spec spec = {size, heading ? STYLE_BOLD : 0, NULL, false};
    size_t count, lines;
    if (!text_prepare(ctx, block->runs, &spec, &count) ||
        !break_lines(ctx, count, flow->width, block->align == ALIGN_JUSTIFY, size, &lines))
        return false;
    float before, after, baseline = baseline_in_line(ctx, size);
    spacing(ctx, block, flow, level, &before, &after);
    struct slice *first = NULL;
    for (size_t k = 0; k < lines; k++) {
        struct slice *slice = slice_add(ctx, out, line_height(size), true);
        if (!slice)
            return false;
        struct line_place place = {0, baseline, size, 0, 0};
        place_line(&ctx->lines[k], block, flow, &place);
        if (!emit_line(ctx, &ctx->lines[k], &place, slice->pieces))
            return false;
        slice->baseline = baseline;
        first = first ? first : slice;
    }
    first->space_before = before;
    out->last->space_after = after;
    keep_lines(first, lines, heading);
    return !heading || add_outline(ctx, block, first->pieces);
}
