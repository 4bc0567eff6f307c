/* cmd_check.c — `stagedoc check`: validate inputs against the format and the
 * regulation, and say what is wrong, where, and what to do. */
#include <stdio.h>

#include "../rules/rules.h"
#include "commands.h"

enum { OPT_WERROR, OPT_LIST_RULES };

static const struct command_option check_options[] = {
    {"werror", false, OPT_WERROR, 0},
    {"quiet", false, OPTION_QUIET, 0},
    {"list-rules", false, OPT_LIST_RULES, 0},
    OPTIONS_SPREADSHEET,
};

/* --list-rules needs no file. */
static bool prepare(const struct parsed_command *parsed, sd_status *status)
{
    if (parsed->given[OPT_LIST_RULES]) {
        rules_print_table(stdout);
        *status = SD_OK;
        return false;
    }
    if (parsed->operand_count == 0) {
        *status = options_usage("check", "aucun fichier.", NULL);
        return false;
    }
    return true;
}

static sd_status call(const struct command_call *call)
{
    struct sd_check_options options = {call->read, call->given[OPT_WERROR] != NULL};
    return sd_check(call->run, call->inputs, call->count, &options);
}

static const struct command_spec check = {
    .options = check_options, .option_count = COUNT_OF(check_options),
    .help = "Usage : stagedoc check [OPTIONS] FICHIER...\n"
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
    "  --list-rules         affiche les règles, leur gravité et le texte appliqué",
    .exit_codes = "  0  entrées valides (avertissements permis ; pas avec --werror)\n"
    "  1  une entrée a une erreur (format ou règlement)\n" HELP_EXIT_USAGE HELP_EXIT_READ,
    .reads_workbooks = true, .informs = true, .prepare = prepare, .call = call,
};

sd_status command_check(int argc, char **argv)
{
    return command_run(&check, argc, argv, NULL);
}
