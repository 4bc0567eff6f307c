/* frformat.c — French number formatting. */
#include "frformat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

#define NARROW_NBSP "\xe2\x80\xaf"

static void group_thousands(struct strbuf *out, long long whole)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", whole < 0 ? -whole : whole);
    if (whole < 0)
        strbuf_puts(out, "−");
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            strbuf_puts(out, NARROW_NBSP);
        strbuf_add(out, &digits[i], 1);
    }
}

void frformat_number(struct strbuf *out, double value, int decimals)
{
    double scale = pow(10, decimals);
    long long scaled = llround(value * scale);
    long long whole = scaled / (long long)scale;
    long long fraction = llabs(scaled % (long long)scale);
    if (scaled < 0 && whole == 0)
        strbuf_puts(out, "−");
    group_thousands(out, whole);
    if (fraction == 0)
        return;
    char text[32];
    snprintf(text, sizeof text, "%0*lld", decimals, fraction);
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == '0')
        text[--len] = '\0';
    strbuf_printf(out, ",%s", text);
}

void frformat_amount(struct strbuf *out, double euros)
{
    long long cents = llround(euros * 100);
    group_thousands(out, cents / 100);
    strbuf_printf(out, ",%02lld" NARROW_NBSP "€", llabs(cents % 100));
}

void frformat_clock(struct strbuf *out, const char *hhmm)
{
    int hours, minutes;
    char extra;
    if (sscanf(hhmm, "%d:%d%c", &hours, &minutes, &extra) != 2) {
        strbuf_puts(out, hhmm);
        return;
    }
    if (hours == 0)
        strbuf_printf(out, "%d min", minutes);
    else if (minutes)
        strbuf_printf(out, "%d h %02d", hours, minutes);
    else
        strbuf_printf(out, "%d h", hours);
}

/* Upper case of the Latin letters names use (French, Vietnamese, Polish,
 * Turkish…); other characters are kept. */
static unsigned upper_codepoint(unsigned cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
        return cp - 32;
    if (cp == 0xFF)
        return 0x178;
    if (cp == 0x131) /* dotless ı */
        return 'I';
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) ||
        (cp >= 0x1EA0 && cp <= 0x1EF9))
        return cp % 2 ? cp - 1 : cp;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return cp % 2 ? cp : cp - 1;
    if (cp == 0x1A1 || cp == 0x1B0)
        return cp - 1;
    return cp;
}

void frformat_upper(struct strbuf *out, const char *utf8)
{
    while (*utf8) {
        unsigned cp;
        utf8 += utf8_decode(utf8, &cp);
        char bytes[4];
        strbuf_add(out, bytes, utf8_encode(upper_codepoint(cp), bytes));
    }
}
