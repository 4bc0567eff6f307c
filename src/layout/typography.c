/* typography.c — French spacing rules applied to a paragraph's characters
 * before they are measured: a narrow no-break space (U+202F) before ; ! ?
 * and », before : when a space or the end of the text follows it (never in
 * 08:00 or http://), and after «. A plain space already there is replaced,
 * a missing one is inserted. Working on the whole paragraph lets the rules
 * see across runs of different styles. A plain space after « n° », « M. »,
 * « Mme », « MM. », « Mlle » or « Me » becomes a no-break space (U+00A0), so
 * that the abbreviation never ends a line apart from its number or name. */
#include "engine.h"

#define NBSP 0xA0u
#define NNBSP 0x202Fu
#define LAQUO 0xABu
#define RAQUO 0xBBu

static bool is_plain_space(const struct tchar *c)
{
    return c->kind == TC_TEXT && (c->cp == ' ' || c->cp == NBSP);
}

static bool colon_spaced(const struct tchar *in, size_t i, size_t n)
{
    if (i + 1 >= n || in[i + 1].kind != TC_TEXT)
        return true; /* the end of the text, or an object (blank, box) */
    unsigned next = in[i + 1].cp;
    return next == ' ' || next == NBSP || next == NNBSP || next == '\n';
}

static bool wants_space_before(const struct tchar *in, size_t i, size_t n)
{
    if (in[i].kind != TC_TEXT)
        return false;
    unsigned cp = in[i].cp;
    if (cp == ';' || cp == '!' || cp == '?' || cp == RAQUO)
        return true;
    return cp == ':' && colon_spaced(in, i, n);
}

/* Is the word ending at out[n-1] an address (http://…, name@host)? */
static bool in_address(const struct tchar *out, size_t n)
{
    for (size_t k = n; k > 0; k--) {
        const struct tchar *c = &out[k - 1];
        if (c->kind != TC_TEXT || c->cp == ' ' || c->cp == '\n' || c->cp == NBSP)
            return false;
        if (c->cp == '@')
            return true;
        if (c->cp == ':' && k + 1 < n && out[k].cp == '/' && out[k + 1].cp == '/')
            return true;
    }
    return false;
}

/* After these, punctuation needs no space of its own ("?!", "(?)"). */
static bool closes_nothing(const struct tchar *prev)
{
    if (prev->kind != TC_TEXT)
        return false;
    switch (prev->cp) {
    case NNBSP: case '\n': case '!': case '?': case ';': case ':': case '(': case '[':
        return true;
    default:
        return false;
    }
}

/* Puts U+202F before the punctuation about to be appended at out[*n]. */
static void space_before(const struct tchar *punct, struct tchar *out, size_t *n)
{
    size_t k = *n;
    while (k > 0 && is_plain_space(&out[k - 1]))
        k--;
    if (k == *n && (k == 0 || closes_nothing(&out[k - 1]) || in_address(out, k)))
        return;
    out[k] = *punct;
    out[k].cp = NNBSP;
    *n = k + 1;
}

/* Appends « and U+202F, skipping the plain spaces that followed it;
 * returns the index of the last input character used. */
static size_t open_quote(const struct tchar *in, size_t i, size_t n, struct tchar *out,
                         size_t *count)
{
    out[(*count)++] = in[i];
    size_t j = i + 1;
    while (j < n && is_plain_space(&in[j]))
        j++;
    if (j < n && !(in[j].kind == TC_TEXT && (in[j].cp == NNBSP || in[j].cp == '\n'))) {
        out[*count] = in[i];
        out[*count].cp = NNBSP;
        (*count)++;
    }
    return j - 1;
}

/* Does out[0..n) end with one of the abbreviations that keep the next word,
 * itself a whole word (at the start, or after a space, a parenthesis…)? */
static bool ends_binding_abbreviation(const struct tchar *out, size_t n)
{
    static const unsigned words[][5] = {
        {'n', 0xB0, 0}, {'N', 0xB0, 0}, {'M', '.', 0}, {'M', 'M', '.', 0},
        {'M', 'm', 'e', 0}, {'M', 'l', 'l', 'e', 0}, {'M', 'e', 0},
    };
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        size_t len = 0;
        while (words[w][len])
            len++;
        if (len > n)
            continue;
        bool same = true;
        for (size_t k = 0; k < len && same; k++) {
            const struct tchar *c = &out[n - len + k];
            same = c->kind == TC_TEXT && c->cp == words[w][k];
        }
        if (!same)
            continue;
        if (n == len)
            return true;
        const struct tchar *before = &out[n - len - 1];
        if (before->kind != TC_TEXT)
            return true;
        unsigned cp = before->cp;
        if (cp == ' ' || cp == NBSP || cp == NNBSP || cp == '\n' || cp == '(' || cp == '[' ||
            cp == '\'' || cp == 0x2019 || cp == '/' || cp == 0x2014 || cp == 0x2013)
            return true;
    }
    return false;
}

size_t typography_french(const struct tchar *in, size_t n, struct tchar *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i].kind == TC_TEXT && in[i].cp == LAQUO) {
            i = open_quote(in, i, n, out, &count);
            continue;
        }
        if (wants_space_before(in, i, n))
            space_before(&in[i], out, &count);
        out[count] = in[i];
        if (in[i].kind == TC_TEXT && in[i].cp == ' ' && i + 1 < n && in[i + 1].kind == TC_TEXT &&
            in[i + 1].cp != ' ' && in[i + 1].cp != '\n' && ends_binding_abbreviation(out, count))
            out[count].cp = NBSP;
        count++;
    }
    return count;
}
