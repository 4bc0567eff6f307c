/* sheetdate.c — spreadsheet serial numbers and typed dates to dates. */
#include "sheetdate.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

bool sheetdate_from_serial(double serial, bool system_1904, date_t *out)
{
    if (!isfinite(serial) || serial < 0 || serial > 2958465.0) /* 9999-12-31 */
        return false;
    long days = (long)floor(serial);
    if (system_1904) {
        *out = date_from_ymd(1904, 1, 1) + (date_t)days;
        return true;
    }
    if (days < 1 || days == 60)
        return false;
    /* Serials 1 to 59 count from 1899-12-31; later ones skip the false 29 Feb. */
    *out = date_from_ymd(1899, 12, days < 60 ? 31 : 30) + (date_t)days;
    return true;
}

/* Reads 1 to max digits; returns how many were read. */
static int read_number(const char **text, int max, int *value)
{
    int count = 0;
    *value = 0;
    while (count < max && isdigit((unsigned char)**text)) {
        *value = *value * 10 + (**text - '0');
        (*text)++;
        count++;
    }
    return count;
}

static bool only_spaces(const char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    return *text == '\0';
}

static bool make_date(int year, int month, int day, const char *rest, date_t *out)
{
    if (!only_spaces(rest) || !date_is_valid_ymd(year, month, day))
        return false;
    *out = date_from_ymd(year, month, day);
    return true;
}

bool sheetdate_parse_text(const char *text, date_t *out)
{
    while (*text == ' ' || *text == '\t')
        text++;
    const char *p = text;
    int a, b, c;
    int first = read_number(&p, 4, &a);
    if (first == 4 && *p == '-') { /* AAAA-MM-JJ */
        p++;
        if (read_number(&p, 2, &b) == 0 || *p++ != '-' || read_number(&p, 2, &c) == 0)
            return false;
        return make_date(a, b, c, p, out);
    }
    if (first < 1 || first > 2)
        return false;
    char separator = *p;
    if (separator != '/' && separator != '.' && separator != '-')
        return false;
    p++;
    if (read_number(&p, 2, &b) == 0 || *p++ != separator || read_number(&p, 4, &c) != 4)
        return false;
    return make_date(c, b, a, p, out);
}
