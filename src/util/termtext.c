/* termtext.c — escaping untrusted strings for a terminal (see termtext.h). */
#include "termtext.h"

#include <stdbool.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
    size_t length = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2
                  : s[0] >= 0xE0 && s[0] < 0xF0 ? 3 : s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
    for (size_t i = 1; i < length; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return length;
}

/* C0 controls, DEL, and the C1 controls (U+0080–U+009F) some terminals obey. */
static bool is_control(const unsigned char *s, size_t length)
{
    if (length == 1)
        return s[0] < 0x20 || s[0] == 0x7F;
    return length == 2 && s[0] == 0xC2 && s[1] < 0xA0;
}

void termtext_add(struct strbuf *out, const char *text, size_t max_characters)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t shown = 0;
    while (*s) {
        if (max_characters && shown == max_characters) {
            strbuf_puts(out, "…");
            return;
        }
        size_t length = utf8_length(s);
        if (length == 0 || is_control(s, length)) {
            size_t bytes = length ? length : 1;
            for (size_t i = 0; i < bytes; i++)
                strbuf_printf(out, "\\x%02X", s[i]);
            s += bytes;
        } else {
            strbuf_add(out, (const char *)s, length);
            s += length;
        }
        shown++;
    }
}

char *termtext_escape(const char *text, size_t max_characters)
{
    struct strbuf out = STRBUF_INIT;
    termtext_add(&out, text, max_characters);
    return strbuf_detach(&out);
}

void termtext_print(FILE *out, const char *text, size_t max_characters)
{
    if (!text)
        return;
    struct strbuf safe = STRBUF_INIT;
    termtext_add(&safe, text, max_characters);
    fputs(strbuf_str(&safe), out);
    strbuf_free(&safe);
}
