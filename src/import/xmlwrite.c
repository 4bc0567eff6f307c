/* xmlwrite.c — escaping text for the XML parts stagedoc writes. */
#include "xmlwrite.h"

#include <stdbool.h>
#include <string.h>

/* The replacement of c, or NULL to copy it; *drop when it cannot be held. */
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

static void escaped(struct strbuf *out, const char *text, size_t len, bool attribute)
{
    const char *run = text; /* start of the bytes copied as they are */
    for (const char *p = text; p < text + len; p++) {
        bool drop;
        const char *with = replacement(*p, attribute, &drop);
        if (!with && !drop)
            continue;
        strbuf_add(out, run, (size_t)(p - run));
        if (with)
            strbuf_puts(out, with);
        run = p + 1;
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
