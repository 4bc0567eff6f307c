/* frformat.c — French number formatting. */
#include "frformat.h"

#include <math.h>
#include <stdbool.h>
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

/* A double's decimal value to `decimals` places, rounded half up (away
 * from zero) on the decimal figure the user wrote: 946.125 is held in binary
 * as 946.12499999…, so the value is first taken to 1e-6 (well within a
 * double's precision for any amount or duration), then rounded in
 * integers. */
long long frformat_round(double value, int decimals)
{
    long long micro = llround(value * 1e6);
    long long unit = 1;
    for (int k = decimals; k < 6; k++)
        unit *= 10;
    long long magnitude = (micro < 0 ? -micro : micro) + unit / 2;
    long long rounded = magnitude / unit;
    return micro < 0 ? -rounded : rounded;
}

void frformat_number(struct strbuf *out, double value, int decimals)
{
    long long scale = 1;
    for (int k = 0; k < decimals; k++)
        scale *= 10;
    long long scaled = frformat_round(value, decimals);
    long long whole = scaled / scale;
    long long fraction = llabs(scaled % scale);
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

void frformat_cents(struct strbuf *out, long long cents)
{
    if (cents < 0 && cents / 100 == 0)
        strbuf_puts(out, "−");
    group_thousands(out, cents / 100);
    strbuf_printf(out, ",%02lld" NARROW_NBSP "€", llabs(cents % 100));
}

void frformat_amount(struct strbuf *out, double euros)
{
    frformat_cents(out, frformat_round(euros, 2));
}

long long frformat_gratification_cents(long minutes, double rate)
{
    /* rate in thousandths of a euro per hour, exact for any rate written
     * with three decimals at most; the product in 1/60000 €, rounded half
     * up to the cent (600 units). */
    long long milli = frformat_round(rate, 3);
    long long numerator = (long long)minutes * milli;
    if (numerator <= 0)
        return 0;
    return (numerator + 300) / 600;
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

/* Is the word starting at text an acronym (two capitals or more: EDF, AXA)? */
static bool starts_acronym(const char *text)
{
    int capitals = 0;
    while (*text && *text != ' ' && *text != '-' && *text != '\'') {
        unsigned cp;
        text += utf8_decode(text, &cp);
        bool capital = (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
        if (!capital)
            return capitals >= 2 || (capitals == 1 && (cp == '&' || (cp >= '0' && cp <= '9')));
        capitals++;
    }
    return capitals >= 2;
}

static unsigned lower_codepoint(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    return cp;
}

void frformat_function(struct strbuf *out, const char *utf8)
{
    while (*utf8 == ' ')
        utf8++;
    if (*utf8 && !starts_acronym(utf8)) {
        unsigned cp;
        utf8 += utf8_decode(utf8, &cp);
        char bytes[4];
        strbuf_add(out, bytes, utf8_encode(lower_codepoint(cp), bytes));
    }
    strbuf_puts(out, utf8);
}

bool frformat_elides(const char *utf8)
{
    while (*utf8 == ' ')
        utf8++;
    if (!*utf8)
        return false;
    unsigned cp;
    utf8_decode(utf8, &cp);
    if (cp == 'h')
        return true;
    if (cp == 0x152 || cp == 0x153) /* Œ, œ */
        return true;
    switch (lower_codepoint(cp)) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
    case 0xE0: case 0xE2: case 0xE4: case 0xE6: case 0xE8: case 0xE9: case 0xEA: case 0xEB:
    case 0xEE: case 0xEF: case 0xF4: case 0xF6: case 0xF9: case 0xFB: case 0xFC: case 0xFF:
        return true;
    default:
        return false;
    }
}

void frformat_elide(struct strbuf *out, const char *word, const char *text)
{
    while (*text == ' ')
        text++;
    size_t len = strlen(word);
    if (len > 0 && (word[len - 1] == 'e' || word[len - 1] == 'a') && frformat_elides(text)) {
        strbuf_add(out, word, len - 1);
        strbuf_puts(out, "'");
    } else {
        strbuf_puts(out, word);
        if (*text)
            strbuf_puts(out, " ");
    }
    strbuf_puts(out, text);
}
