/* cmd_check.c — `stagedoc check`: validate inputs against the format and the
 * regulation, and say what is wrong, where, and what to do. */
#include <stdio.h>
#include <stdlib.h>

#include "../rules/rules.h"
#include "commands.h"
#include "options.h"
#include "open.h"

enum { OPT_WERROR, OPT_QUIET, OPT_LIST_RULES };

struct check_state {
    bool werror;
    bool quiet;
    bool list_rules;
};

static const struct command_option check_options[] = {
    {"werror", false, OPT_WERROR, 0},
    {"quiet", false, OPT_QUIET, 0},
    {"list-rules", false, OPT_LIST_RULES, 0},
    OPTIONS_SPREADSHEET,
};

static bool set_option(int id, const char *value, void *state)
{
    struct check_state *check = state;
    (void)value;
    if (id == OPT_WERROR)
        check->werror = true;
    else if (id == OPT_QUIET)
        check->quiet = true;
    else
        check->list_rules = true;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc check [OPTIONS] FICHIER...\n"
         "\n"
         "Vérifie chaque fichier (classeur de classe, stage ou promotion XML) : format,\n"
         "contrat d'entrée (templates/schema/stage.xsd), puis les règles du règlement de\n"
         "stage. Les diagnostics vont sur la sortie d'erreur, un par ligne :\n"
         "  classe.xlsx:Stagiaires!AE2: erreur: [règle] NOM Prénom, colonne « … » : message\n"
         "  FICHIER.xml:LIGNE:COLONNE: erreur|avertissement|information: [règle] message\n"
         "\n"
         "Options :\n"
         "  --werror             les avertissements comptent comme des erreurs\n"
         "  --quiet              n'affiche pas les lignes d'information\n"
         "  --list-rules         affiche les règles, leur gravité et le texte appliqué");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  entrées valides (avertissements permis ; pas avec --werror)\n"
        "  1  une entrée a une erreur (format ou règlement)\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu, ou erreur interne");
}

sd_status command_check(int argc, char **argv)
{
    struct check_state state = {false, false, false};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, check_options,
                               sizeof check_options / sizeof *check_options, set_option, &state,
                               print_help, false, &parsed, &status))
        return status;
    if (state.list_rules) {
        rules_print_table(stdout);
        return SD_OK;
    }
    if (parsed.operand_count == 0) {
        fputs("stagedoc check: aucun fichier.\nVoir « stagedoc check --help ».\n", stderr);
        return SD_USAGE;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, state.quiet);
    struct sd_input *inputs = cli_inputs(parsed.operands, parsed.operand_count);
    if (status == SD_OK && inputs) {
        struct sd_input commun;
        struct sd_check_options options = {cli_read_options(&parsed.run, &commun, state.quiet),
                                           state.werror};
        status = sd_check(cli.run, inputs, (size_t)parsed.operand_count, &options);
    }
    free(inputs);
    cli_close(&cli);
    return status;
}
