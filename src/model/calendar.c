/* calendar.c — the contract's definitions of computed values. */
#include "calendar.h"

#include <string.h>

int calendar_weeks(date_t debut, date_t fin)
{
    int days = fin - debut + 1;
    return days <= 0 ? 0 : (days + 6) / 7;
}

date_t calendar_report_deadline(date_t end, const struct holidays *holidays)
{
    date_t friday = date_monday_of_week(end) - 7 + (VENDREDI - LUNDI);
    while (!holidays_is_working_day(holidays, friday))
        friday--;
    return friday;
}

long calendar_presence_minutes(const struct stage *stage, const struct holidays *holidays)
{
    long minutes = 0;
    for (date_t day = stage->debut; day <= stage->fin; day++) {
        enum weekday weekday = date_weekday(day);
        if (weekday == DIMANCHE || holidays_contains(holidays, day, NULL))
            continue;
        minutes += work_day_minutes(&stage->week[weekday]);
    }
    minutes -= stage->absences_minutes;
    return minutes > 0 ? minutes : 0;
}

static void compute_minor(const struct stage *stage, date_t start, struct calendar *out)
{
    out->mineur_connu = stage->naissance != DATE_NONE && start != DATE_NONE;
    out->mineur = out->mineur_connu && date_age_on(stage->naissance, start) < 18;
}

static void compute_apprentice(const struct stage *stage, const struct holidays *holidays,
                               struct calendar *out)
{
    out->debut = stage->contrat_debut;
    out->fin = stage->contrat_fin;
    /* The training period before the written exams ends the day before. */
    if (stage->epreuves_ecrites != DATE_NONE)
        out->date_limite_rapport =
            calendar_report_deadline(stage->epreuves_ecrites - 1, holidays);
    compute_minor(stage, stage->contrat_debut, out);
}

static void compute_period(const struct stage *stage, const struct holidays *holidays,
                           struct calendar *out)
{
    out->debut = stage->debut;
    out->fin = stage->fin;
    compute_minor(stage, stage->debut, out);
    if (stage->debut == DATE_NONE || stage->fin == DATE_NONE || stage->fin < stage->debut)
        return;
    out->semaines = calendar_weeks(stage->debut, stage->fin);
    out->date_limite_rapport = calendar_report_deadline(stage->fin, holidays);
    out->evaluation_lundi = date_monday_of_week(stage->fin);
    out->evaluation_dimanche = out->evaluation_lundi + 6;
    out->presence_minutes = calendar_presence_minutes(stage, holidays);
}

void calendar_compute(const struct stage *stage, const struct holidays *holidays,
                      struct calendar *out)
{
    memset(out, 0, sizeof *out);
    out->debut = out->fin = DATE_NONE;
    out->date_limite_rapport = out->evaluation_lundi = out->evaluation_dimanche = DATE_NONE;
    out->semaines = -1;
    out->presence_minutes = -1;
    out->dispense = stage->dispense_motif != NULL;
    out->apprenti = stage->voie == VOIE_APPRENTISSAGE;
    if (out->dispense)
        return;
    if (out->apprenti)
        compute_apprentice(stage, holidays, out);
    else
        compute_period(stage, holidays, out);
}

void calendar_format_quantity(long hundredths, char *out, size_t size)
{
    long tenths = (hundredths + 5) / 10; /* round half up to one decimal */
    if (tenths % 10 == 0)
        snprintf(out, size, "%ld", tenths / 10);
    else
        snprintf(out, size, "%ld.%ld", tenths / 10, tenths % 10);
}

long calendar_presence_hours_hundredths(const struct calendar *calendar)
{
    return calendar->presence_minutes < 0 ? -1 : calendar->presence_minutes * 100 / 60;
}

long calendar_presence_days_hundredths(const struct calendar *calendar)
{
    return calendar->presence_minutes < 0
               ? -1
               : calendar->presence_minutes * 100 / CALENDAR_MINUTES_PER_DAY;
}
