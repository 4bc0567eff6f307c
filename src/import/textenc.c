/* textenc.c — UTF-8 validation and Windows-1252 to UTF-8. */
#include "textenc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/fold.h"

/* Windows-1252 bytes 0x80-0x9F (0 where the code page has no character:
 * those bytes become U+FFFD). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

bool text_encoding_parse(const char *name, enum text_encoding *out)
{
    if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        *out = TEXT_ENCODING_UTF8;
    else if (!strcasecmp(name, "windows-1252") || !strcasecmp(name, "cp1252"))
        *out = TEXT_ENCODING_CP1252;
    else
        return false;
    return true;
}

/* Length of the valid UTF-8 sequence at p (0 when invalid). */
static size_t utf8_sequence(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    size_t len = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || (p[0] >= 0xF0 && len != 4) || len > left)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xF0 && p[1] < 0x90) ||
        (p[0] == 0xF4 && p[1] >= 0x90) || (p[0] == 0xED && p[1] >= 0xA0))
        return 0; /* overlong, past U+10FFFF, or a surrogate */
    return len;
}

static size_t first_invalid(const char *bytes, size_t size)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < size) {
        size_t len = utf8_sequence(p + i, size - i);
        if (len == 0)
            return i;
        i += len;
    }
    return size;
}

bool text_is_utf8(const char *bytes, size_t size)
{
    return first_invalid(bytes, size) == size;
}

static char *from_cp1252(const char *bytes, size_t size)
{
    char *out = malloc(size * 3 + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)bytes[i];
        unsigned code = c < 0x80 ? c : c < 0xA0 ? cp1252_high[c - 0x80] : c;
        if (code == 0 && c != 0)
            code = 0xFFFD;
        n += utf8_encode(code, out + n);
    }
    out[n] = '\0';
    return out;
}

char *text_to_utf8(const char *bytes, size_t size, enum text_encoding wanted,
                   enum text_encoding *used, size_t *bad_offset)
{
    bool bom = size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
    if (wanted == TEXT_ENCODING_AUTO)
        wanted = bom || text_is_utf8(bytes, size) ? TEXT_ENCODING_UTF8 : TEXT_ENCODING_CP1252;
    *used = wanted;
    if (wanted == TEXT_ENCODING_CP1252)
        return from_cp1252(bytes, size);
    if (bom) {
        bytes += 3;
        size -= 3;
    }
    size_t bad = first_invalid(bytes, size);
    if (bad != size) {
        *bad_offset = bad + (bom ? 3 : 0);
        return NULL;
    }
    char *out = malloc(size + 1);
    if (out) {
        memcpy(out, bytes, size);
        out[size] = '\0';
    }
    return out;
}
