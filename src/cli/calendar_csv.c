/* calendar_csv.c — the computed calendar of each stage as a CSV row. */
#include "calendar_csv.h"

#include <string.h>

static const char *const titles[] = {
    "Identifiant", "Nom", "Prénom", "Voie", "Début", "Fin", "Semaines",
    "Date limite du rapport", "Semaine d'évaluation (lundi)", "Semaine d'évaluation (dimanche)",
    "Heures de présence", "Jours de présence", "Mineur", "Dispense",
};

/* RFC 4180: a field holding the separator, a quote or a line break is
 * quoted, its quotes doubled. */
static void put_field(FILE *out, const char *text, bool first)
{
    if (!first)
        fputc(';', out);
    if (!text)
        return;
    if (!strpbrk(text, ";\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

static void put_date(FILE *out, date_t date)
{
    char text[16] = "";
    if (date != DATE_NONE) {
        int year, month, day;
        date_to_ymd(date, &year, &month, &day);
        snprintf(text, sizeof text, "%02d/%02d/%04d", day, month, year);
    }
    put_field(out, text, false);
}

/* Hundredths as "203,5"; empty when unknown (negative). */
static void put_quantity(FILE *out, long hundredths)
{
    char text[32] = "";
    if (hundredths >= 0) {
        calendar_format_quantity(hundredths, text, sizeof text);
        char *dot = strchr(text, '.');
        if (dot)
            *dot = ',';
    }
    put_field(out, text, false);
}

void calendar_csv_header(FILE *out)
{
    fputs("\xEF\xBB\xBF", out);
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        put_field(out, titles[i], i == 0);
    fputs("\r\n", out);
}

void calendar_csv_row(FILE *out, const struct stage *stage, const struct calendar *calendar)
{
    put_field(out, stage->id, true);
    put_field(out, stage->stagiaire.nom, false);
    put_field(out, stage->stagiaire.prenom, false);
    put_field(out, voie_name(stage->voie), false);
    if (calendar->dispense) {
        for (int i = 0; i < 9; i++) /* Début … Mineur: nothing to compute */
            put_field(out, "", false);
        put_field(out, stage->dispense_motif, false);
        fputs("\r\n", out);
        return;
    }
    put_date(out, calendar->debut);
    put_date(out, calendar->fin);
    char weeks[16] = "";
    if (calendar->semaines >= 0)
        snprintf(weeks, sizeof weeks, "%d", calendar->semaines);
    put_field(out, weeks, false);
    put_date(out, calendar->date_limite_rapport);
    put_date(out, calendar->evaluation_lundi);
    put_date(out, calendar->evaluation_dimanche);
    put_quantity(out, calendar_presence_hours_hundredths(calendar));
    put_quantity(out, calendar_presence_days_hundredths(calendar));
    put_field(out, !calendar->mineur_connu ? "" : calendar->mineur ? "oui" : "non", false);
    put_field(out, "", false);
    fputs("\r\n", out);
}
