/* calendar_csv.c — the computed calendar of each stage as a CSV row.
 * Every field goes through csv_write_field, so that a name or an id that
 * starts like a formula (=HYPERLINK(…)) is written after an apostrophe and
 * a spreadsheet opening the file shows it as text (csv.h). */
#include "calendar_csv.h"

#include <stdio.h>
#include <string.h>

#include "../import/csv.h"

static const char *const titles[] = {
    "Identifiant", "Nom", "Prénom", "Voie", "Début", "Fin", "Semaines",
    "Date limite du rapport", "Semaine d'évaluation (lundi)", "Semaine d'évaluation (dimanche)",
    "Heures de présence", "Jours de présence", "Mineur", "Dispense",
};

/* A row: its fields, each after a separator but the first. */
struct row {
    struct strbuf *text;
    bool started;
};

static void put_field(struct row *row, const char *text)
{
    if (row->started)
        strbuf_puts(row->text, CSV_SEPARATOR);
    row->started = true;
    csv_write_field(row->text, text);
}

static void put_date(struct row *row, date_t date)
{
    char text[DATE_ISO_SIZE] = "";
    if (date != DATE_NONE)
        date_format_short_fr(date, text);
    put_field(row, text);
}

/* Hundredths as "203,5"; empty when unknown (negative). */
static void put_quantity(struct row *row, long hundredths)
{
    char text[32] = "";
    if (hundredths >= 0) {
        calendar_format_quantity(hundredths, text, sizeof text);
        char *dot = strchr(text, '.');
        if (dot)
            *dot = ',';
    }
    put_field(row, text);
}

static void end_row(struct row *row)
{
    strbuf_puts(row->text, CSV_LINE_END);
}

void calendar_csv_header(struct strbuf *out)
{
    struct row row = {out, false};
    strbuf_puts(out, CSV_BOM);
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        put_field(&row, titles[i]);
    end_row(&row);
}

void calendar_csv_row(struct strbuf *out, const struct stage *stage,
                      const struct calendar *calendar)
{
    struct row row = {out, false};
    put_field(&row, stage->id);
    put_field(&row, stage->stagiaire.nom);
    put_field(&row, stage->stagiaire.prenom);
    put_field(&row, voie_name(stage->voie));
    if (calendar->dispense) {
        for (int i = 0; i < 9; i++) /* Début … Mineur: nothing to compute */
            put_field(&row, "");
        put_field(&row, stage->dispense_motif);
        end_row(&row);
        return;
    }
    put_date(&row, calendar->debut);
    put_date(&row, calendar->fin);
    char weeks[16] = "";
    if (calendar->semaines >= 0)
        snprintf(weeks, sizeof weeks, "%d", calendar->semaines);
    put_field(&row, weeks);
    put_date(&row, calendar->date_limite_rapport);
    put_date(&row, calendar->evaluation_lundi);
    put_date(&row, calendar->evaluation_dimanche);
    put_quantity(&row, calendar_presence_hours_hundredths(calendar));
    put_quantity(&row, calendar_presence_days_hundredths(calendar));
    put_field(&row, !calendar->mineur_connu ? "" : calendar->mineur ? "oui" : "non");
    put_field(&row, "");
    end_row(&row);
}
