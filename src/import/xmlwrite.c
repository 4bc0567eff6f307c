/* xmlwrite.c — escaping text for the XML parts stagedoc writes. */
#include "xmlwrite.h"

#include <stdbool.h>
#include <string.h>

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD" /* U+FFFD */

/* The replacement of the ASCII c, or NULL to copy it; *drop when it cannot
 * be held. */
static const char *replacement(char c, bool attribute, bool *drop)
{
    *drop = false;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\r': return "&#13;";
    case '\n': return attribute ? "&#10;" : NULL;
    case '\t': return attribute ? "&#9;" : NULL;
    default:
        *drop = (unsigned char)c < 0x20;
        return NULL;
    }
}

/* The length of the well-formed UTF-8 sequence at p (before end), of a
 * character XML can hold; 0 when there is none. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
    size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
    if (n == 0 || *p > 0xF4 || (size_t)(end - p) < n)
        return 0;
    unsigned long c = *p & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3F);
    }
    unsigned long least = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    bool held = c >= least && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF) && c != 0xFFFE &&
                c != 0xFFFF;
    return held ? n : 0;
}

/* text[0..len) escaped; a byte that starts no character becomes U+FFFD. */
static void escaped(struct strbuf *out, const char *text, size_t len, bool attribute)
{
    const unsigned char *end = (const unsigned char *)text + len;
    const char *run = text; /* start of the bytes copied as they are */
    const char *p = text;
    while (p < text + len) {
        bool drop = false;
        const char *with = NULL;
        size_t step = 1;
        if ((unsigned char)*p < 0x80) {
            with = replacement(*p, attribute, &drop);
        } else if ((step = utf8_length((const unsigned char *)p, end)) == 0) {
            with = REPLACEMENT_CHARACTER;
            step = 1;
        }
        if (with || drop) {
            strbuf_add(out, run, (size_t)(p - run));
            if (with)
                strbuf_puts(out, with);
            run = p + step;
        }
        p += step;
    }
    strbuf_add(out, run, (size_t)(text + len - run));
}

void xml_text(struct strbuf *out, const char *text)
{
    if (text)
        escaped(out, text, strlen(text), false);
}

void xml_text_n(struct strbuf *out, const char *text, size_t len)
{
    escaped(out, text, len, false);
}

void xml_attribute(struct strbuf *out, const char *text)
{
    if (text)
        escaped(out, text, strlen(text), true);
}
