/* fold.c — a table from Latin code points to ASCII. */
#include "fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* U+00C0 … U+017F, one entry per code point ("" drops it). */
static const char *const latin[] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    "D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "_", "o", "u", "u", "u", "u", "y", "th", "y",
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
    "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
    "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
    "l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
    "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
    "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

_Static_assert(sizeof latin / sizeof *latin == 0x180 - 0xC0, "one entry per code point");

size_t utf8_decode(const char *text, unsigned *codepoint)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                                                         : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0) {
        *codepoint = 0xFFFD;
        return 1;
    }
    unsigned value = len == 1 ? s[0] : s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *codepoint = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (s[i] & 0x3F);
    }
    *codepoint = value;
    return len;
}

size_t utf8_encode(unsigned cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_length(const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += ((unsigned char)*text & 0xC0) != 0x80;
    return count;
}

/* Vietnamese and other Latin Extended Additional letters (U+1E00–U+1EFF):
 * their base letter, found from the pair's position where regular. */
static const char *extended_additional(unsigned cp)
{
    static const struct { unsigned from, to; const char *upper, *lower; } ranges[] = {
        {0x1EA0, 0x1EB7, "A", "a"}, {0x1EB8, 0x1EC7, "E", "e"}, {0x1EC8, 0x1ECB, "I", "i"},
        {0x1ECC, 0x1EE3, "O", "o"}, {0x1EE4, 0x1EF1, "U", "u"}, {0x1EF2, 0x1EF9, "Y", "y"},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        if (cp >= ranges[i].from && cp <= ranges[i].to)
            return (cp - ranges[i].from) % 2 == 0 ? ranges[i].upper : ranges[i].lower;
    return "_";
}

static const char *ascii_for(unsigned cp, char *single)
{
    if (cp < 0x80) {
        single[0] = (char)cp;
        single[1] = '\0';
        return single;
    }
    if (cp >= 0xC0 && cp <= 0x17F)
        return latin[cp - 0xC0];
    if (cp >= 0x300 && cp <= 0x36F) /* combining accents: the letter stays */
        return "";
    if (cp == 0x1A0 || cp == 0x1AF)
        return cp == 0x1A0 ? "O" : "U";
    if (cp == 0x1A1 || cp == 0x1B0)
        return cp == 0x1A1 ? "o" : "u";
    if (cp == 0x2019 || cp == 0x2018)
        return "'";
    if (cp == 0xA0 || cp == 0x202F || cp == 0x2009)
        return " ";
    if (cp == 0x2013 || cp == 0x2014)
        return "-";
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return extended_additional(cp);
    return "_";
}

char *fold_ascii(const char *utf8)
{
    struct strbuf out = STRBUF_INIT;
    char single[2];
    while (*utf8) {
        unsigned cp;
        utf8 += utf8_decode(utf8, &cp);
        strbuf_puts(&out, ascii_for(cp, single));
    }
    return strbuf_detach(&out);
}

char *fold_for_comparison(const char *utf8)
{
    char *ascii = fold_ascii(utf8);
    if (!ascii)
        return NULL;
    size_t out = 0;
    bool space = false;
    for (size_t i = 0; ascii[i]; i++) {
        unsigned char c = (unsigned char)ascii[i];
        if (isalnum(c)) {
            if (space && out > 0)
                ascii[out++] = ' ';
            ascii[out++] = (char)tolower(c);
            space = false;
        } else {
            space = true;
        }
    }
    ascii[out] = '\0';
    return ascii;
}
