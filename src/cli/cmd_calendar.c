/* cmd_calendar.c — `stagedoc calendar`: the computed dates and hours of each
 * stage, as text for people, as the contract's TSV for programs, or as CSV
 * for a spreadsheet (the engine's sd_calendar), printed on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "open.h"
#include "options.h"

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

sd_status command_calendar(int argc, char **argv)
{
    struct sd_calendar_options options = SD_CALENDAR_INIT;
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, calendar_options,
                               sizeof calendar_options / sizeof *calendar_options, set_option,
                               &options.format, print_help, true, &parsed, &status))
        return status;
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    struct sd_input *inputs = cli_inputs(parsed.operands, parsed.operand_count);
    if (status == SD_OK && inputs) {
        struct sd_input commun;
        options.read = cli_read_options(&parsed.run, &commun, true);
        status = sd_calendar(cli.run, inputs, (size_t)parsed.operand_count, &options);
    } else if (status == SD_OK) {
        status = SD_NOMEM;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("stagedoc calendar: erreur d'écriture sur la sortie standard.\n", stderr);
        status = sd_status_worst(status, SD_IO);
    }
    free(inputs);
    cli_close(&cli);
    return status;
}
