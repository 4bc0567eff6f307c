/* holidays.c — holiday rules read from data, matched against dates. */
#include "holidays.h"

#include <stdlib.h>
#include <string.h>

#include "../util/datafile.h"
#include "../util/keyset.h"

#define HOLIDAYS_MAX_RULES 64
/* Regions named in the message on an unknown one; the others are counted. */
#define HOLIDAYS_REGIONS_LISTED 20

struct holiday_rule {
    bool from_easter;
    int month, day;    /* fixed rules */
    int easter_offset; /* Easter rules */
    char *name;
};

struct holidays {
    char *region;
    struct holiday_rule rules[HOLIDAYS_MAX_RULES];
    int count;
    struct strbuf known_regions; /* for the message on an unknown region */
    struct keyset regions;       /* the same, to say each once */
    bool region_seen;
};

date_t easter_sunday(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return date_from_ymd(year, month, day);
}

static bool parse_rule_day(const char *text, struct holiday_rule *rule)
{
    char *end;
    if (strncmp(text, "paques", 6) == 0) {
        rule->from_easter = true;
        rule->easter_offset = (int)strtol(text + 6, &end, 10);
        return *end == '\0' && rule->easter_offset > -60 && rule->easter_offset < 70;
    }
    rule->month = (int)strtol(text, &end, 10);
    if (*end != '-')
        return false;
    rule->day = (int)strtol(end + 1, &end, 10);
    return *end == '\0' && date_is_valid_ymd(2000, rule->month, rule->day);
}

static void remember_region(struct holidays *holidays, const char *region)
{
    bool added;
    if (strcmp(region, "*") == 0 || !keyset_add(&holidays->regions, region, &added) || !added)
        return;
    if (holidays->regions.count <= HOLIDAYS_REGIONS_LISTED)
        strbuf_printf(&holidays->known_regions, ", %s", region);
}

static bool add_rule(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct holidays *holidays = context;
    if (record->count < 3) {
        strbuf_puts(error, "attendu : région, jour (MM-JJ ou paques±N), nom, séparés par des tabulations");
        return false;
    }
    const char *region = record->fields[0];
    if (!*region) {
        strbuf_puts(error, "région vide (« * » pour toute la France, sinon le nom d'une région)");
        return false;
    }
    remember_region(holidays, region);
    if (strcmp(region, holidays->region) == 0)
        holidays->region_seen = true;
    if (strcmp(region, "*") != 0 && strcmp(region, holidays->region) != 0)
        return true;
    if (holidays->count == HOLIDAYS_MAX_RULES) {
        strbuf_puts(error, "trop de jours fériés");
        return false;
    }
    struct holiday_rule *rule = &holidays->rules[holidays->count];
    memset(rule, 0, sizeof *rule);
    if (!parse_rule_day(record->fields[1], rule)) {
        strbuf_printf(error, "jour « %s » illisible (MM-JJ ou paques+N)", record->fields[1]);
        return false;
    }
    rule->name = strdup(record->fields[2]);
    holidays->count += rule->name != NULL;
    return true;
}

struct holidays *holidays_load(const char *path, const char *region, struct strbuf *error)
{
    bool unknown_region;
    return holidays_load_region(path, region, &unknown_region, error);
}

struct holidays *holidays_load_region(const char *path, const char *region, bool *unknown_region,
                                      struct strbuf *error)
{
    *unknown_region = false;
    struct holidays *holidays = calloc(1, sizeof *holidays);
    if (!holidays)
        return NULL;
    holidays->region = strdup(region ? region : HOLIDAYS_METROPOLE);
    strbuf_puts(&holidays->known_regions, HOLIDAYS_METROPOLE);
    bool added;
    keyset_add(&holidays->regions, HOLIDAYS_METROPOLE, &added);
    holidays->region_seen = strcmp(holidays->region, HOLIDAYS_METROPOLE) == 0;
    if (!holidays->region || !datafile_read(path, add_rule, holidays, error)) {
        holidays_free(holidays);
        return NULL;
    }
    if (!holidays->region_seen) {
        *unknown_region = true;
        strbuf_printf(error, "région « %s » inconnue ; régions connues : %s", holidays->region,
                      strbuf_str(&holidays->known_regions));
        if (holidays->regions.count > HOLIDAYS_REGIONS_LISTED)
            strbuf_printf(error, " et %zu autres", holidays->regions.count - HOLIDAYS_REGIONS_LISTED);
        holidays_free(holidays);
        return NULL;
    }
    return holidays;
}

static bool rule_matches(const struct holiday_rule *rule, date_t date, int year, int month,
                         int day)
{
    if (rule->from_easter)
        return date == easter_sunday(year) + rule->easter_offset;
    return rule->month == month && rule->day == day;
}

bool holidays_contains(const struct holidays *holidays, date_t date, const char **name)
{
    int year, month, day;
    date_to_ymd(date, &year, &month, &day);
    for (int i = 0; i < holidays->count; i++) {
        if (rule_matches(&holidays->rules[i], date, year, month, day)) {
            if (name)
                *name = holidays->rules[i].name;
            return true;
        }
    }
    return false;
}

bool holidays_is_working_day(const struct holidays *holidays, date_t date)
{
    return date_weekday(date) <= VENDREDI && !holidays_contains(holidays, date, NULL);
}

const char *holidays_region(const struct holidays *holidays)
{
    return holidays->region;
}

void holidays_free(struct holidays *holidays)
{
    if (!holidays)
        return;
    for (int i = 0; i < holidays->count; i++)
        free(holidays->rules[i].name);
    strbuf_free(&holidays->known_regions);
    keyset_free(&holidays->regions);
    free(holidays->region);
    free(holidays);
}
