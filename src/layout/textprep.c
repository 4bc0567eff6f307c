/* textprep.c — a paragraph's runs turned into measured characters: UTF-8
 * decoded, French spacing applied, each character given its glyph, face and
 * advance, and the places where a line may break marked. A character that
 * no face has is an error naming it, never a silent substitute. */
#include "engine.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/fold.h"

#define NBSP 0xA0u
#define NNBSP 0x202Fu
#define SOFT_HYPHEN 0xADu
#define ZERO_WIDTH_SPACE 0x200Bu
#define BYTE_ORDER_MARK 0xFEFFu

/* Room for n decoded characters (and 2n after typography). */
static bool reserve(struct lctx *ctx, size_t n)
{
    if (n <= SIZE_MAX / 2 && ARRAY_GROW(ctx->raw, ctx->raw_cap, n) &&
        ARRAY_GROW(ctx->chars, ctx->chars_cap, 2 * n))
        return true;
    return lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
}

static size_t upper_bound(const struct run *runs, const struct text_spec *spec)
{
    size_t n = 0;
    for (const struct run *run = runs; run; run = run->next)
        n += run->kind == RUN_TEXT ? (run->text ? strlen(run->text) : 0) : spec->pages ? 12 : 1;
    return n;
}

static struct tchar *push(struct lctx *ctx, size_t *n, const struct run *run, unsigned style,
                          enum tchar_kind kind, unsigned cp, size_t offset)
{
    struct tchar *c = &ctx->raw[(*n)++];
    memset(c, 0, sizeof *c);
    c->kind = (unsigned char)kind;
    c->cp = cp;
    c->style = (unsigned char)style;
    c->run = run;
    c->offset = (unsigned)offset;
    return c;
}

static void decode_text(struct lctx *ctx, const struct run *run, unsigned style,
                        const struct text_spec *spec, size_t *n)
{
    const char *text = run->text ? run->text : "";
    for (size_t at = 0; text[at];) {
        unsigned cp;
        size_t len = utf8_decode(text + at, &cp);
        struct tchar *prev = *n > 0 ? &ctx->raw[*n - 1] : NULL;
        if (cp == SOFT_HYPHEN) {
            if (prev && prev->kind == TC_TEXT)
                prev->soft_hyphen = true;
        } else if (cp == ZERO_WIDTH_SPACE) {
            if (prev)
                prev->brk = BRK_AFTER;
        } else if (cp == '\t' && spec->keep_tabs) {
            push(ctx, n, run, style, TC_TAB, cp, at);
        } else if (cp != '\r' && cp != BYTE_ORDER_MARK) {
            bool space = cp == '\t' || (cp == '\n' && spec->keep_tabs); /* one-line bands */
            push(ctx, n, run, style, TC_TEXT, space ? ' ' : cp, at);
        }
        at += len;
    }
}

static void decode_number(struct lctx *ctx, const struct run *run, unsigned style, int value,
                          size_t *n)
{
    char digits[16];
    int len = snprintf(digits, sizeof digits, "%d", value);
    for (int i = 0; i < len; i++)
        push(ctx, n, run, style, TC_TEXT, (unsigned)digits[i], 0);
}

static size_t decode_runs(struct lctx *ctx, const struct run *runs, const struct text_spec *spec)
{
    size_t n = 0;
    for (const struct run *run = runs; run; run = run->next) {
        unsigned style = run->style | spec->style_or;
        bool number = run->kind == RUN_PAGE_NUMBER;
        if (run->kind == RUN_TEXT)
            decode_text(ctx, run, style, spec, &n);
        else if (run->kind == RUN_CHECKBOX)
            push(ctx, &n, run, style, TC_CHECKBOX, 0x2610, 0);
        else if (run->kind == RUN_BLANK)
            push(ctx, &n, run, style, TC_BLANK, 0, 0);
        else if (spec->pages)
            decode_number(ctx, run, style, number ? spec->pages->number : spec->pages->count, &n);
        else {
            push(ctx, &n, run, style, number ? TC_PAGE_NUMBER : TC_PAGE_COUNT, 0, 0);
            ctx->has_page_runs = true;
        }
    }
    return n;
}

void text_quote_context(struct strbuf *out, const char *text, size_t offset)
{
    size_t len = strlen(text), from = offset, to = offset;
    for (int k = 0; k < 24 && from > 0; k++)
        do
            from--;
        while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80);
    for (int k = 0; k < 25 && to < len; k++)
        do
            to++;
        while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80);
    strbuf_puts(out, from > 0 ? "…" : "");
    for (size_t i = from; i < to; i++)
        strbuf_add(out, text[i] == '\n' ? " " : text + i, 1);
    strbuf_puts(out, to < len ? "…" : "");
}

static bool missing_glyph(struct lctx *ctx, const struct tchar *c)
{
    struct strbuf context = STRBUF_INIT;
    if (c->run && c->run->text)
        text_quote_context(&context, c->run->text, c->offset);
    lctx_fail(ctx, "caractère U+%04X absent de la police dans « %s »", c->cp,
              strbuf_str(&context));
    strbuf_free(&context);
    return false;
}

/* Glyph and face of a text character: the run's face, else any face of the
 * family that has it. */
static bool find_glyph(struct lctx *ctx, struct tchar *c, float size)
{
    int advance = 0;
    int wanted = c->style & 3;
    for (int k = 0; k < FONT_STYLE_COUNT; k++) {
        int face = k == 0 ? wanted : (k <= wanted ? k - 1 : k);
        c->glyph = metrics_glyph(&ctx->metrics, face, c->cp, &advance);
        if (c->glyph) {
            c->face = (unsigned char)face;
            c->advance = (float)advance * size / 1000.0f;
            return true;
        }
    }
    return missing_glyph(ctx, c);
}

static float digit_width(struct lctx *ctx, float size)
{
    int advance = 0;
    metrics_glyph(&ctx->metrics, FONT_REGULAR, '0', &advance);
    return (float)advance * size / 1000.0f;
}

static bool measure(struct lctx *ctx, struct tchar *c, float size)
{
    switch ((enum tchar_kind)c->kind) {
    case TC_TEXT:
        if (c->cp == '\n') {
            c->brk = BRK_FORCED;
            return true;
        }
        if (c->cp == ' ')
            c->brk = BRK_SPACE;
        c->stretch = c->cp == ' ' || c->cp == NBSP;
        return find_glyph(ctx, c, size);
    case TC_CHECKBOX:
        c->advance = 0.85f * size;
        return true;
    case TC_BLANK:
        c->fill = !(c->run->width > 0);
        c->advance = c->fill ? 2.0f * size : c->run->width;
        return true;
    case TC_PAGE_NUMBER:
    case TC_PAGE_COUNT:
        c->advance = 2.0f * digit_width(ctx, size);
        return true;
    case TC_TAB:
        return true;
    }
    return true;
}

/* Part of a word: a line may break after a hyphen or slash between two. */
static bool in_word(const struct tchar *c)
{
    return c->kind == TC_TEXT && c->brk != BRK_SPACE && c->cp != '\n' && c->cp != NBSP &&
           c->cp != NNBSP;
}

/* After a hyphen or slash inside a word, but not in "//" nor before a
 * digit (18/05/2027, article L124-13 stay whole). */
static void mark_breaks(struct tchar *chars, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++) {
        unsigned cp = chars[i].cp, next = chars[i + 1].cp;
        if (chars[i].kind != TC_TEXT || (cp != '-' && cp != 0x2010 && cp != '/'))
            continue;
        if (in_word(&chars[i - 1]) && in_word(&chars[i + 1]) && next != '/' &&
            !(next >= '0' && next <= '9'))
            chars[i].brk = BRK_AFTER;
    }
}

bool text_prepare(struct lctx *ctx, const struct run *runs, const struct text_spec *spec,
                  size_t *count)
{
    if (!reserve(ctx, upper_bound(runs, spec)))
        return false;
    size_t raw = decode_runs(ctx, runs, spec);
    size_t n = typography_french(ctx->raw, raw, ctx->chars);
    for (size_t i = 0; i < n; i++)
        if (!measure(ctx, &ctx->chars[i], spec->size))
            return false;
    mark_breaks(ctx->chars, n);
    *count = n;
    return true;
}
