/* linebreak.c — first-fit line breaking of a paragraph's prepared
 * characters: lines break at spaces, after hyphens and slashes, and at
 * "\n". When a justified line would gape (its spaces stretched by more than
 * 60 % of a space), the next word is hyphenated and the part that fits goes
 * on the line with a "-". A word longer than the whole line is hyphenated,
 * or cut between characters as a last resort: no line is ever wider than
 * the column and no character is dropped. */
#include "engine.h"
#include "../util/array.h"

#include <stdlib.h>

#define GAPE_RATIO 0.6f
#define HYPHEN_SPAN 256

struct breaker {
    struct lctx *ctx;
    const struct tchar *ch;
    size_t n;
    float width, size, space;
    bool justify;
    size_t count;
};

struct candidate {
    bool valid;
    size_t end, next; /* the line ends before end; the next starts at next */
};

static float span_width(const struct tchar *ch, size_t from, size_t to)
{
    float width = 0;
    for (size_t k = from; k < to; k++)
        width += ch[k].advance;
    return width;
}

static float hyphen_width(struct breaker *b, size_t before)
{
    const struct tchar *c = &b->ch[before];
    int advance = 0;
    metrics_glyph(&b->ctx->metrics, c->kind == TC_TEXT ? c->face : FONT_REGULAR, '-', &advance);
    return (float)advance * b->size / 1000.0f;
}

static bool push_line(struct breaker *b, size_t start, size_t end, bool hyphen, bool last)
{
    struct lctx *ctx = b->ctx;
    bool fill = end > start && b->ch[end - 1].fill;
    while (end > start && b->ch[end - 1].brk == BRK_SPACE)
        end--;
    if (!ARRAY_GROW(ctx->lines, ctx->lines_cap, b->count + 1))
        return lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
    struct tline *line = &ctx->lines[b->count++];
    *line = (struct tline){start, end, span_width(b->ch, start, end), 0, hyphen, last, fill};
    if (hyphen)
        line->width += hyphen_width(b, end - 1);
    for (size_t k = start; k < end; k++)
        line->stretch_count += b->ch[k].stretch;
    return true;
}

/* The end of the word starting at from: the next break opportunity, or
 * from + HYPHEN_SPAN when the word is longer (fit_hyphen looks no further;
 * scanning a 100,000-letter word to its end on each of its lines would make
 * line breaking quadratic). */
static size_t word_end(const struct tchar *ch, size_t from, size_t n)
{
    size_t k = from;
    if (n - from > HYPHEN_SPAN)
        n = from + HYPHEN_SPAN;
    while (k < n && ch[k].brk != BRK_SPACE && ch[k].brk != BRK_FORCED && !ch[k].fill)
        if (ch[k++].brk == BRK_AFTER)
            break;
    return k;
}

/* The last hyphenation point p of [from, to) with base + width(from..p)
 * + "-" fitting the line; 0 when none. */
static size_t fit_hyphen(struct breaker *b, size_t from, size_t to, float base)
{
    bool allowed[HYPHEN_SPAN + 1];
    if (to - from > HYPHEN_SPAN)
        to = from + HYPHEN_SPAN;
    if (to - from < 2 || !hyphenation_points(b->ctx, from, to, allowed))
        return 0;
    size_t best = 0;
    float width = base;
    for (size_t k = from; k + 1 < to; k++) {
        width += b->ch[k].advance;
        if (width > b->width + LAYOUT_EPS)
            break;
        if (allowed[k + 1 - from] && width + hyphen_width(b, k) <= b->width + LAYOUT_EPS)
            best = k + 1;
    }
    return best;
}

static bool gapes(const struct breaker *b, size_t start, size_t end)
{
    int spaces = 0;
    for (size_t k = start; k < end; k++)
        spaces += b->ch[k].stretch;
    float gap = b->width - span_width(b->ch, start, end);
    return gap > GAPE_RATIO * b->space * (float)(spaces > 0 ? spaces : 1);
}

/* Character i does not fit on the line that began at *start. */
static bool overflow(struct breaker *b, size_t *start, size_t i, const struct candidate *cand)
{
    if (cand->valid) {
        if (b->justify && gapes(b, *start, cand->end)) {
            size_t to = word_end(b->ch, cand->next, b->n);
            size_t cut = fit_hyphen(b, cand->next, to, span_width(b->ch, *start, cand->next));
            if (cut) {
                bool ok = push_line(b, *start, cut, true, false);
                *start = cut;
                return ok;
            }
        }
        bool ok = push_line(b, *start, cand->end, false, false);
        *start = cand->next;
        return ok;
    }
    /* One word wider than the line: hyphenate it, else cut it before i. */
    size_t cut = fit_hyphen(b, *start, word_end(b->ch, *start, b->n), 0);
    bool ok = push_line(b, *start, cut ? cut : i, cut != 0, false);
    *start = cut ? cut : i;
    return ok;
}

/* Lays one line from *start; *more tells whether text remains. */
static bool next_line(struct breaker *b, size_t *start, bool *more)
{
    const struct tchar *ch = b->ch;
    struct candidate cand = {false, 0, 0};
    float width = 0;
    *more = true;
    for (size_t i = *start; i < b->n; i++) {
        if (ch[i].brk == BRK_FORCED) {
            *more = i + 1 < b->n;
            bool ok = push_line(b, *start, i, false, true);
            *start = i + 1;
            return ok;
        }
        if (ch[i].brk == BRK_SPACE) {
            if (i > *start && ch[i - 1].brk != BRK_SPACE)
                cand = (struct candidate){true, i, i + 1};
            else if (cand.valid && cand.next == i)
                cand.next = i + 1;
            width += ch[i].advance;
            continue;
        }
        if (i > *start && width + ch[i].advance > b->width + LAYOUT_EPS)
            return overflow(b, start, i, &cand);
        width += ch[i].advance;
        if (ch[i].fill) {
            bool ok = push_line(b, *start, i + 1, false, false);
            for (*start = i + 1; *start < b->n && ch[*start].brk == BRK_SPACE;)
                (*start)++;
            *more = *start < b->n;
            return ok;
        }
        if (ch[i].brk == BRK_AFTER)
            cand = (struct candidate){true, i + 1, i + 1};
    }
    *more = false;
    return push_line(b, *start, b->n, false, true);
}

bool break_lines(struct lctx *ctx, size_t count, float width, bool justify, float size,
                 size_t *line_count)
{
    int space = 0;
    metrics_glyph(&ctx->metrics, FONT_REGULAR, ' ', &space);
    struct breaker b = {ctx, ctx->chars, count, width, size, (float)space * size / 1000.0f,
                        justify, 0};
    size_t start = 0;
    bool more = true;
    while (more)
        if (!next_line(&b, &start, &more))
            return false;
    *line_count = b.count;
    return true;
}
