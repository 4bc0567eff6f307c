/* cmd_export.c — `stagedoc export`: stages and promotions (XML) to a class
 * workbook (XLSX, ODS or a folder of CSV files), the reverse of `import`:
 * importing the workbook gives the same promotion back. The engine's
 * sd_export makes its files; they are written here, at the user's -o. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "targets.h"

enum { OPT_OUTPUT, OPT_FORCE };

static const struct command_option export_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"force", false, OPT_FORCE, 0},
};

static bool prepare(const struct parsed_command *parsed, sd_status *status)
{
    if (parsed->given[OPT_OUTPUT])
        return true;
    *status = options_usage("export", "où écrire le classeur ? Donnez -o classe.xlsx, "
                                      "-o classe.ods ou -o DOSSIER.", NULL);
    return false;
}

static sd_status call(const struct command_call *call)
{
    const char *output = call->given[OPT_OUTPUT];
    bool force = call->given[OPT_FORCE] != NULL;
    call->report->outputs = false; /* the files are written here, then said */
    struct sd_sink *files = sd_sink_memory();
    struct sd_export_options options = SD_EXPORT_INIT;
    options.format = target_workbook_format(output);
    char *folder = target_workbook_folder(output);
    options.folder = folder;
    sd_status status = files && folder ? SD_OK : SD_NOMEM;
    if (status == SD_OK)
        status = sd_export(call->run, call->inputs, call->count, &options, files);
    struct strbuf written = STRBUF_INIT;
    if (status == SD_OK)
        status = target_write_workbook("export", files, output, force, &written);
    if (status == SD_OK)
        fputs(strbuf_str(&written), stdout);
    else if (status == SD_INVALID)
        fputs("stagedoc export : rien n'est écrit.\n", stderr);
    strbuf_free(&written);
    free(folder);
    sd_sink_free(files);
    return status;
}

static const struct command_spec export = {
    .options = export_options, .option_count = COUNT_OF(export_options),
    .help = "Usage : stagedoc export -o CLASSEUR [--force] FICHIER.xml...\n"
    "\n"
    "Écrit des stages et des promotions (XML) dans un classeur de classe, à\n"
    "compléter et corriger dans un tableur, puis à relire avec « stagedoc import »\n"
    "ou à donner directement à check, calendar, build et bundle. Rien ne se perd :\n"
    "importer le classeur redonne la même promotion.\n"
    "\n"
    "  Classe       les valeurs de toute la classe (session, établissement…)\n"
    "  Stagiaires   une ligne par stagiaire\n"
    "  Horaires, Activités, Stratégie, Évaluation\n"
    "               une ligne par jour, activité, ligne de stratégie, critère\n"
    "\n"
    "Options :\n"
    "  -o, --output CLASSEUR  classe.xlsx, classe.ods, ou un DOSSIER (un fichier CSV\n"
    "                         par feuille : Classe.csv, Stagiaires.csv…)\n"
    "  --force                remplace un classeur qui existe déjà\n"
    "\n"
    "Les chemins des fichiers (rapport, documents en anglais…) sont réécrits pour\n"
    "partir du dossier du classeur. La même entrée donne toujours le même classeur,\n"
    "octet pour octet (ses fichiers portent une date fixe, ou SOURCE_DATE_EPOCH).",
    .exit_codes = "  0  le classeur est écrit\n"
    "  1  une valeur n'a pas de place dans le classeur, ou les fichiers sont de\n"
    "     classes différentes (rien n'est écrit)\n"
    "  2  ligne de commande incorrecte, ou le classeur existe (sans --force)\n"
    HELP_EXIT_WRITE,
    .needs_files = true, .prepare = prepare, .call = call,
};

sd_status command_export(int argc, char **argv)
{
    return command_run(&export, argc, argv, NULL);
}
