/* run_calendar.c — sd_calendar: the computed dates and hours of each stage,
 * as text for people, as the input contract's TSV for programs, or as CSV
 * for a spreadsheet (calendar_csv.h). Each stage is one data line (a block
 * of lines); diagnostics below a warning are not given. Each stage is also a
 * "stage" record (records.h), with the same values as the TSV. */
#include <stdio.h>
#include <string.h>

#include "../util/fold.h"
#include "../util/termtext.h"
#include "calendar_csv.h"
#include "records.h"
#include "run.h"
#include "walk.h"

struct calendar_run {
    sd_run *run;
    enum sd_calendar_format format;
    size_t given; /* stages given so far, for the separators */
};

static void add_tsv(struct strbuf *out, const struct stage *stage,
                    const struct calendar *calendar)
{
    /* Names and reasons come from the input: escaped (a tab too, so the
     * line keeps its two fields). */
    strbuf_puts(out, "id\t");
    termtext_add(out, stage->id, TERMTEXT_MAX_CHARACTERS);
    strbuf_puts(out, "\n");
    if (calendar->dispense) {
        strbuf_puts(out, "dispense\t");
        termtext_add(out, stage->dispense_motif, 0);
        strbuf_puts(out, "\n");
        return;
    }
    struct calendar_texts texts;
    calendar_texts_make(calendar, &texts);
    strbuf_printf(out, "debut\t%s\nfin\t%s\n", texts.start, texts.end);
    strbuf_printf(out, "semaines\t%s\n", texts.weeks);
    strbuf_printf(out, "date-limite-rapport\t%s\n", texts.report_deadline);
    strbuf_printf(out, "semaine-evaluation\t%s\n", texts.evaluation_week);
    strbuf_printf(out, "heures-presence\t%s\njours-presence\t%s\n", texts.presence_hours,
                  texts.presence_days);
    strbuf_printf(out, "mineur\t%s\n", texts.minor);
}

/* "  Label      value": labels padded to one column, counted in characters. */
static void add_row(struct strbuf *out, const char *label, const char *value)
{
    size_t width = utf8_length(label);
    strbuf_printf(out, "  %s%*s %s\n", label, width < 24 ? (int)(24 - width) : 0, "", value);
}

static void add_long_date(struct strbuf *out, const char *label, date_t date)
{
    char text[DATE_LONG_SIZE];
    if (date == DATE_NONE)
        strcpy(text, "inconnue");
    else
        date_format_long_fr(date, text);
    add_row(out, label, text);
}

static void add_presence(struct strbuf *out, const struct calendar *calendar)
{
    struct calendar_texts texts;
    char value[128];
    calendar_texts_make(calendar, &texts);
    snprintf(value, sizeof value, "%s h, soit %s jours de 7 h", texts.presence_hours,
             texts.presence_days);
    for (char *dot = strchr(value, '.'); dot; dot = strchr(dot, '.'))
        *dot = ','; /* French decimals for people; the TSV keeps the dot */
    add_row(out, "Présence", value);
}

static void add_text(struct strbuf *out, const struct stage *stage,
                     const struct calendar *calendar)
{
    termtext_add(out, stage->id, TERMTEXT_MAX_CHARACTERS);
    strbuf_puts(out, " — ");
    termtext_add(out, stage->stagiaire.prenom, TERMTEXT_MAX_CHARACTERS);
    strbuf_puts(out, " ");
    termtext_add(out, stage->stagiaire.nom, TERMTEXT_MAX_CHARACTERS);
    strbuf_printf(out, " (%s)\n", voie_name(stage->voie));
    if (calendar->dispense) {
        strbuf_puts(out, "  dispensé de stage (motif : ");
        termtext_add(out, stage->dispense_motif, 0);
        strbuf_puts(out, ")\n");
        return;
    }
    add_long_date(out, calendar->apprenti ? "Début du contrat" : "Début", calendar->debut);
    add_long_date(out, calendar->apprenti ? "Fin du contrat" : "Fin", calendar->fin);
    if (calendar->semaines >= 0) {
        char weeks[16];
        snprintf(weeks, sizeof weeks, "%d", calendar->semaines);
        add_row(out, "Semaines", weeks);
    }
    add_long_date(out, "Date limite du rapport", calendar->date_limite_rapport);
    if (calendar->evaluation_lundi != DATE_NONE) {
        char lundi[DATE_LONG_SIZE], dimanche[DATE_LONG_SIZE], value[128];
        date_format_long_fr(calendar->evaluation_lundi, lundi);
        date_format_long_fr(calendar->evaluation_dimanche, dimanche);
        snprintf(value, sizeof value, "du %s au %s", lundi, dimanche);
        add_row(out, "Semaine d'évaluation", value);
    }
    if (calendar->presence_minutes >= 0)
        add_presence(out, calendar);
    add_row(out, "Mineur", !calendar->mineur_connu ? "inconnu" : calendar->mineur ? "oui" : "non");
}

static void give_stage(const struct run_context *context, const struct stage *stage,
                       const struct calendar *calendar, struct diag_list *diags, void *state)
{
    (void)context;
    (void)diags;
    struct calendar_run *calendar_run = state;
    bool first = calendar_run->given++ == 0;
    struct strbuf out = STRBUF_INIT;
    if (calendar_run->format == SD_CALENDAR_CSV) {
        if (first)
            calendar_csv_header(&out);
        calendar_csv_row(&out, stage, calendar);
    } else {
        if (!first)
            strbuf_puts(&out, "\n");
        if (calendar_run->format == SD_CALENDAR_TSV)
            add_tsv(&out, stage, calendar);
        else
            add_text(&out, stage, calendar);
    }
    if (strbuf_failed(&out))
        run_fail(calendar_run->run, "mémoire insuffisante");
    else
        run_data(calendar_run->run, strbuf_str(&out));
    strbuf_free(&out);
}

sd_status sd_calendar(sd_run *run, const struct sd_input *inputs, size_t count,
                      const struct sd_calendar_options *options)
{
    sd_status result = run_begin(run, "calendar", &options->read);
    if (result != SD_OK)
        return result;
    struct calendar_run state = {run, options->format, 0};
    struct walk_totals totals = {.print_least = run->least, .records = true};
    for (size_t i = 0; i < count && !run_cancelled(run); i++)
        result = sd_status_worst(result, walk_input(&run->context, &inputs[i], give_stage,
                                                    &state, &totals));
    return run_end(run, result);
}
