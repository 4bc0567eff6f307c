/* date.c — day-number arithmetic (Howard Hinnant's civil-date algorithms)
 * and the French spelling of dates used in every document. */
#include "date.h"

#include <stdio.h>
#include <string.h>

static const char *const weekday_names[] = {
    "", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
};

static const char *const month_names[] = {
    "", "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre",
};

date_t date_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t date, int *year, int *month, int *day)
{
    int z = date + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

static int days_in_month(int year, int month)
{
    static const int lengths[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month];
}

bool date_is_valid_ymd(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

static bool read_digits(const char *text, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        *value = *value * 10 + (text[i] - '0');
    }
    return true;
}

bool date_parse_iso(const char *text, date_t *out)
{
    int year, month, day;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    if (!read_digits(text, 4, &year) || !read_digits(text + 5, 2, &month) ||
        !read_digits(text + 8, 2, &day))
        return false;
    if (!date_is_valid_ymd(year, month, day))
        return false;
    *out = date_from_ymd(year, month, day);
    return true;
}

enum weekday date_weekday(date_t date)
{
    /* 1970-01-01 was a Thursday. */
    int offset = (int)((date % 7 + 7 + 3) % 7);
    return (enum weekday)(offset + 1);
}

date_t date_monday_of_week(date_t date)
{
    return date - (date_weekday(date) - LUNDI);
}

int date_year(date_t date)
{
    int year, month, day;
    date_to_ymd(date, &year, &month, &day);
    return year;
}

int date_age_on(date_t birth, date_t on)
{
    int by, bm, bd, y, m, d;
    date_to_ymd(birth, &by, &bm, &bd);
    date_to_ymd(on, &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd))
        age--;
    return age;
}

void date_format_iso(date_t date, char out[DATE_ISO_SIZE])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    const int fields[] = {y, m, d};
    const int widths[] = {4, 2, 2};
    char *at = out;
    for (int f = 0; f < 3; f++) {
        int value = fields[f] < 0 ? 0 : fields[f];
        for (int i = widths[f] - 1; i >= 0; i--, value /= 10)
            at[i] = (char)('0' + value % 10);
        at += widths[f];
        *at++ = f < 2 ? '-' : '\0';
    }
}

void date_format_short_fr(date_t date, char out[DATE_ISO_SIZE])
{
    char iso[DATE_ISO_SIZE];
    date_format_iso(date, iso); /* YYYY-MM-DD, each field within its width */
    memcpy(out, iso + 8, 2);
    out[2] = '/';
    memcpy(out + 3, iso + 5, 2);
    out[5] = '/';
    memcpy(out + 6, iso, 4);
    out[10] = '\0';
}

void date_format_long_fr(date_t date, char out[DATE_LONG_SIZE])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    snprintf(out, DATE_LONG_SIZE, "%s %d%s %s %d", weekday_names[date_weekday(date)], d,
             d == 1 ? "er" : "", month_names[m], y % 10000);
}

const char *date_weekday_name_fr(enum weekday day)
{
    return day >= LUNDI && day <= DIMANCHE ? weekday_names[day] : "";
}
