/* cmd_calendar.c — `stagedoc calendar`: the computed dates and hours of each
 * stage, as text for people, as the contract's TSV for programs, or as CSV
 * for a spreadsheet (the engine's sd_calendar), printed on stdout. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

enum { OPT_FORMAT };

static const struct command_option calendar_options[] = {
    {"format", true, OPT_FORMAT, 0},
    OPTIONS_SPREADSHEET,
};

static bool set_option(int id, const char *value, void *state)
{
    static const char *const names[] = {"text", "tsv", "csv"}; /* sd_calendar_format */
    (void)id;
    for (int format = 0; format < 3; format++)
        if (strcmp(value, names[format]) == 0) {
            *(enum sd_calendar_format *)state = (enum sd_calendar_format)format;
            return true;
        }
    fprintf(stderr, "stagedoc calendar: --format « %s » inconnu (text, tsv ou csv).\n", value);
    return false;
}

static sd_status call(const struct command_call *call)
{
    struct sd_calendar_options options = {call->read, *(enum sd_calendar_format *)call->state};
    sd_status status = sd_calendar(call->run, call->inputs, call->count, &options);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("stagedoc calendar: erreur d'écriture sur la sortie standard.\n", stderr);
        status = sd_status_worst(status, SD_IO);
    }
    return status;
}

static const struct command_spec calendar = {
    .options = calendar_options, .option_count = COUNT_OF(calendar_options), .handle = set_option,
    .help = "Usage : stagedoc calendar [--format=text|tsv|csv] [OPTIONS] FICHIER...\n"
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
    "  --format FORMAT      text (défaut), tsv ou csv",
    .exit_codes = "  0  entrées valides\n"
    "  1  une entrée a une erreur (format ou règlement)\n" HELP_EXIT_USAGE HELP_EXIT_READ,
    .reads_workbooks = true, .needs_files = true, .call = call,
};

sd_status command_calendar(int argc, char **argv)
{
    enum sd_calendar_format format = SD_CALENDAR_TEXT;
    return command_run(&calendar, argc, argv, &format);
}
