/* cmd_calendar.c — `stagedoc calendar`: the computed dates and hours of each
 * stage, as text for people, as the contract's TSV for programs, or as CSV
 * for a spreadsheet (calendar_csv.h). */
#include <stdio.h>
#include <string.h>

#include "../util/fold.h"
#include "../util/termtext.h"
#include "../engine/calendar_csv.h"
#include "commands.h"
#include "open.h"
#include "options.h"
#include "../engine/walk.h"

enum { OPT_FORMAT };

enum calendar_format { FORMAT_TEXT, FORMAT_TSV, FORMAT_CSV };

struct calendar_state {
    enum calendar_format format;
    size_t printed; /* stages printed so far, for separators */
};

static const struct command_option calendar_options[] = {
    {"format", true, OPT_FORMAT, 0},
    OPTIONS_SPREADSHEET,
};

static bool set_option(int id, const char *value, void *state)
{
    struct calendar_state *calendar = state;
    (void)id;
    if (strcmp(value, "text") == 0)
        calendar->format = FORMAT_TEXT;
    else if (strcmp(value, "tsv") == 0)
        calendar->format = FORMAT_TSV;
    else if (strcmp(value, "csv") == 0)
        calendar->format = FORMAT_CSV;
    else {
        fprintf(stderr, "stagedoc calendar: --format « %s » inconnu (text, tsv ou csv).\n",
                value);
        return false;
    }
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc calendar [--format=text|tsv|csv] [OPTIONS] FICHIER...\n"
         "\n"
         "Affiche, pour chaque stage, les valeurs calculées : début et fin, semaines,\n"
         "date limite du rapport, semaine d'évaluation, heures et jours de présence,\n"
         "mineur. --format=tsv écrit une ligne « clé<TAB>valeur » par valeur, les\n"
         "stages séparés par une ligne vide (format décrit dans le contrat d'entrée).\n"
         "--format=csv écrit une ligne d'intitulés puis une ligne par stage, pour un\n"
         "tableur : UTF-8 avec BOM, « ; », dates JJ/MM/AAAA, décimales à virgule.\n"
         "  stagedoc calendar --format=csv promotion.xml > calendrier.csv\n"
         "\n"
         "Options :\n"
         "  --format FORMAT      text (défaut), tsv ou csv");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  entrées valides\n"
        "  1  une entrée a une erreur (format ou règlement)\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu, ou erreur interne");
}

static void format_date(date_t date, char out[DATE_ISO_SIZE])
{
    if (date == DATE_NONE)
        strcpy(out, "-");
    else
        date_format_iso(date, out);
}

static void format_quantity(long hundredths, char out[32])
{
    if (hundredths < 0)
        strcpy(out, "-");
    else
        calendar_format_quantity(hundredths, out, 32);
}

static void print_tsv(const struct stage *stage, const struct calendar *calendar)
{
    char debut[DATE_ISO_SIZE], fin[DATE_ISO_SIZE], limite[DATE_ISO_SIZE];
    char lundi[DATE_ISO_SIZE], dimanche[DATE_ISO_SIZE], hours[32], days[32];
    /* Names and reasons come from the input: escaped (a tab too, so the
     * line keeps its two fields). */
    fputs("id\t", stdout);
    termtext_print(stdout, stage->id, TERMTEXT_MAX_CHARACTERS);
    putchar('\n');
    if (calendar->dispense) {
        fputs("dispense\t", stdout);
        termtext_print(stdout, stage->dispense_motif, 0);
        putchar('\n');
        return;
    }
    format_date(calendar->debut, debut);
    format_date(calendar->fin, fin);
    format_date(calendar->date_limite_rapport, limite);
    format_date(calendar->evaluation_lundi, lundi);
    format_date(calendar->evaluation_dimanche, dimanche);
    format_quantity(calendar_presence_hours_hundredths(calendar), hours);
    format_quantity(calendar_presence_days_hundredths(calendar), days);
    printf("debut\t%s\nfin\t%s\n", debut, fin);
    if (calendar->semaines < 0)
        printf("semaines\t-\n");
    else
        printf("semaines\t%d\n", calendar->semaines);
    printf("date-limite-rapport\t%s\n", limite);
    if (calendar->evaluation_lundi == DATE_NONE)
        printf("semaine-evaluation\t-\n");
    else
        printf("semaine-evaluation\t%s/%s\n", lundi, dimanche);
    printf("heures-presence\t%s\njours-presence\t%s\n", hours, days);
    printf("mineur\t%s\n", !calendar->mineur_connu ? "-" : calendar->mineur ? "oui" : "non");
}

/* "  Label      value": labels padded to one column, counted in characters. */
static void print_row(const char *label, const char *value)
{
    size_t width = utf8_length(label);
    printf("  %s%*s %s\n", label, width < 24 ? (int)(24 - width) : 0, "", value);
}

static void print_long_date(const char *label, date_t date)
{
    char text[DATE_LONG_SIZE];
    if (date == DATE_NONE)
        strcpy(text, "inconnue");
    else
        date_format_long_fr(date, text);
    print_row(label, text);
}

static void print_text(const struct stage *stage, const struct calendar *calendar)
{
    termtext_print(stdout, stage->id, TERMTEXT_MAX_CHARACTERS);
    fputs(" — ", stdout);
    termtext_print(stdout, stage->stagiaire.prenom, TERMTEXT_MAX_CHARACTERS);
    putchar(' ');
    termtext_print(stdout, stage->stagiaire.nom, TERMTEXT_MAX_CHARACTERS);
    printf(" (%s)\n", voie_name(stage->voie));
    if (calendar->dispense) {
        fputs("  dispensé de stage (motif : ", stdout);
        termtext_print(stdout, stage->dispense_motif, 0);
        fputs(")\n", stdout);
        return;
    }
    print_long_date(calendar->apprenti ? "Début du contrat" : "Début", calendar->debut);
    print_long_date(calendar->apprenti ? "Fin du contrat" : "Fin", calendar->fin);
    char value[128];
    if (calendar->semaines >= 0) {
        snprintf(value, sizeof value, "%d", calendar->semaines);
        print_row("Semaines", value);
    }
    print_long_date("Date limite du rapport", calendar->date_limite_rapport);
    if (calendar->evaluation_lundi != DATE_NONE) {
        char lundi[DATE_LONG_SIZE], dimanche[DATE_LONG_SIZE];
        date_format_long_fr(calendar->evaluation_lundi, lundi);
        date_format_long_fr(calendar->evaluation_dimanche, dimanche);
        snprintf(value, sizeof value, "du %s au %s", lundi, dimanche);
        print_row("Semaine d'évaluation", value);
    }
    if (calendar->presence_minutes >= 0) {
        char hours[32], days[32];
        format_quantity(calendar_presence_hours_hundredths(calendar), hours);
        format_quantity(calendar_presence_days_hundredths(calendar), days);
        snprintf(value, sizeof value, "%s h, soit %s jours de 7 h", hours, days);
        for (char *dot = strchr(value, '.'); dot; dot = strchr(dot, '.'))
            *dot = ','; /* French decimals for people; the TSV keeps the dot */
        print_row("Présence", value);
    }
    print_row("Mineur", !calendar->mineur_connu ? "inconnu" : calendar->mineur ? "oui" : "non");
}

static void print_stage(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *state)
{
    (void)context;
    (void)diags;
    struct calendar_state *calendar_state = state;
    bool first = calendar_state->printed++ == 0;
    if (calendar_state->format == FORMAT_CSV) {
        if (first)
            calendar_csv_header(stdout);
        calendar_csv_row(stdout, stage, calendar);
        return;
    }
    if (!first)
        putchar('\n');
    if (calendar_state->format == FORMAT_TSV)
        print_tsv(stage, calendar);
    else
        print_text(stage, calendar);
}

sd_status command_calendar(int argc, char **argv)
{
    struct calendar_state state = {FORMAT_TEXT, 0};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, calendar_options,
                               sizeof calendar_options / sizeof *calendar_options, set_option, &state,
                               print_help, true, &parsed, &status))
        return status;
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    if (status != SD_OK) {
        cli_close(&cli);
        return status;
    }
    const struct run_context *context = cli_context(&cli);
    struct walk_totals totals = {.print_least = SEVERITY_WARNING};
    sd_status result = SD_OK;
    for (int i = 0; i < parsed.operand_count; i++)
        result = sd_status_worst(result, walk_file(context, parsed.operands[i], print_stage,
                                                   &state, &totals));
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("stagedoc calendar: erreur d'écriture sur la sortie standard.\n", stderr);
        result = sd_status_worst(result, SD_IO);
    }
    cli_close(&cli);
    return result;
}
