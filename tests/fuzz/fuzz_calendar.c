/* fuzz_calendar.c — the calendar on arbitrary dates and holiday tables. The
 * input is a few dates (text, one a line, as a stage gives them) followed
 * by a line "--" and a holiday table in the format of
 * calendrier/jours-feries.tsv; without "--" the table is the project's. */
#include <stdlib.h>
#include <string.h>

#include "../../src/model/calendar.h"
#include "../../src/util/strbuf.h"
#include "fuzz.h"

static char *project_holidays;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    size_t size = strlen(fuzz_templates_dir()) + 40;
    project_holidays = malloc(size);
    snprintf(project_holidays, size, "%s/calendrier/jours-feries.tsv", fuzz_templates_dir());
    return 0;
}

/* Everything the calendar computes from one date and the next. */
static void exercise(const struct holidays *holidays, date_t debut, date_t fin)
{
    char iso[DATE_ISO_SIZE], text[DATE_LONG_SIZE];
    date_format_iso(debut, iso);
    date_format_long_fr(debut, text);
    (void)date_weekday_name_fr(date_weekday(debut));
    (void)calendar_weeks(debut, fin);
    (void)date_age_on(debut, fin);
    (void)easter_sunday(date_year(debut));
    if (holidays) {
        (void)calendar_report_deadline(fin, holidays);
        (void)holidays_contains(holidays, debut, NULL);
        (void)holidays_is_working_day(holidays, date_monday_of_week(fin));
    }
}

static struct holidays *load_table(const char *table, size_t size, const char *region)
{
    struct strbuf error = STRBUF_INIT;
    struct holidays *holidays;
    if (table) {
        char *path = fuzz_write_scratch("jours-feries.tsv", (const uint8_t *)table, size);
        holidays = holidays_load(path, region, &error);
        free(path);
    } else {
        holidays = holidays_load(project_holidays, region, &error);
    }
    strbuf_free(&error);
    return holidays;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *table = strstr(text, "\n--\n");
    if (table) {
        *table = '\0';
        table += 4;
    }
    /* The first line may name a region (Alsace-Moselle, overseas). */
    const char *region = strncmp(text, "region=", 7) == 0 ? text + 7 : NULL;
    char *first_line_end = strchr(text, '\n');
    if (region && first_line_end)
        *first_line_end = '\0';
    struct holidays *holidays =
        load_table(table, table ? strlen(table) : 0, region);
    date_t previous = date_from_ymd(2027, 1, 4);
    for (char *line = region && first_line_end ? first_line_end + 1 : text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        date_t date;
        if (date_parse_iso(line, &date)) {
            exercise(holidays, previous, date);
            previous = date;
        }
        line = next;
    }
    holidays_free(holidays);
    free(text);
    return 0;
}
