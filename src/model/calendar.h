/* calendar.h — the computed values of a stage, as the input contract defines
 * them: weeks, report deadline, evaluation week, hours and days of presence,
 * minor status. Every document and the `calendar` command use these, so the
 * definitions live in one place. */
#ifndef STAGEDOC_MODEL_CALENDAR_H
#define STAGEDOC_MODEL_CALENDAR_H

#include <stdbool.h>
#include <stdio.h>

#include "holidays.h"
#include "stage.h"

/* The regulation's day for converting hours to days (gratification rules). */
#define CALENDAR_MINUTES_PER_DAY (7 * 60)

struct calendar {
    bool dispense;            /* exempted: nothing else is computed */
    bool apprenti;            /* weeks, evaluation week and hours do not apply */
    date_t debut, fin;        /* the period, or the apprentice's contract */
    int semaines;             /* -1 when not applicable or unknown */
    date_t date_limite_rapport;
    date_t evaluation_lundi;  /* DATE_NONE when not applicable */
    date_t evaluation_dimanche;
    long presence_minutes;    /* -1 when not applicable */
    bool mineur;
    bool mineur_connu;        /* a birth date and a start date were given */
};

/* Weeks of a period: ceil((fin - debut + 1) / 7). */
int calendar_weeks(date_t debut, date_t fin);
/* The Friday of the ISO week before the one containing end, moved back to
 * the previous working day while it is a public holiday. */
date_t calendar_report_deadline(date_t end, const struct holidays *holidays);
/* Sum of the typical week's hours over the period, public holidays skipped. */
long calendar_presence_minutes(const struct stage *stage, const struct holidays *holidays);

void calendar_compute(const struct stage *stage, const struct holidays *holidays,
                      struct calendar *out);

/* Hours or days as the contract prints them: "203", "203.5". */
void calendar_format_quantity(long hundredths, char *out, size_t size);
long calendar_presence_hours_hundredths(const struct calendar *calendar);
long calendar_presence_days_hundredths(const struct calendar *calendar);

#endif
