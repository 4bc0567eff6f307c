/* hyphenate.c — French word division with libhyphen and the hyph_fr.dic
 * patterns: where a word may be cut with a hyphen at the end of a line.
 * Words are lower-cased first (the patterns are); at least two letters stay
 * before the cut and three go after it. Deterministic and allocation-free
 * except for libhyphen's own rare non-standard replacements. */
#include "../util/fold.h"
#include "engine.h"

#include <stdlib.h>
#include <hyphen.h>

#define MAX_WORD 60

static unsigned lower(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp == 0x152 || (cp >= 0x100 && cp < 0x17F && cp % 2 == 0))
        return cp + 1;
    return cp == 0x178 ? 0xFF : cp;
}

static void free_replacements(char **rep, int *pos, int *cut, size_t len)
{
    if (rep)
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
}

bool hyphenate_word(const struct hyphenator *hyphenator, const unsigned *cps, size_t n,
                    bool *allowed)
{
    if (!hyphenator || n < 5 || n > MAX_WORD)
        return false;
    char word[MAX_WORD * 3 + 1], hyphens[MAX_WORD * 3 + 5];
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        len += utf8_encode(lower(cps[k]), word + len);
    word[len] = '\0';
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(hyphenator->dict, word, (int)len, hyphens, NULL, &rep, &pos, &cut,
                              2, 3, 2, 2) != 0) {
        free_replacements(rep, pos, cut, len);
        return false;
    }
    bool any = false;
    for (size_t k = 1; k < n; k++) { /* UTF-8 patterns: hyphens[] counts characters */
        allowed[k] = (hyphens[k - 1] & 1) && !(rep && rep[k - 1]);
        any |= allowed[k];
    }
    free_replacements(rep, pos, cut, len);
    return any;
}

static bool is_letter(const struct tchar *c)
{
    unsigned cp = c->cp;
    if (c->kind != TC_TEXT)
        return false;
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool hyphenation_points(struct lctx *ctx, size_t start, size_t end, bool *allowed)
{
    const struct tchar *chars = ctx->chars;
    bool any = false;
    for (size_t k = start; k <= end; k++)
        allowed[k - start] = false;
    for (size_t k = start; k < end;) {
        size_t run = k;
        while (run < end && is_letter(&chars[run]) && run - k < MAX_WORD)
            run++;
        if (run - k >= 5) {
            unsigned cps[MAX_WORD];
            for (size_t i = k; i < run; i++)
                cps[i - k] = chars[i].cp;
            any |= hyphenate_word(ctx->hyphenator, cps, run - k, allowed + (k - start));
        }
        k = run > k ? run : k + 1;
    }
    for (size_t k = start; k + 1 < end; k++) {
        if (chars[k].soft_hyphen) {
            allowed[k + 1 - start] = true;
            any = true;
        }
    }
    allowed[0] = false;
    return any;
}
