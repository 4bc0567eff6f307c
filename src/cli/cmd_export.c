/* cmd_export.c — `stagedoc export`: stages and promotions (XML) to a class
 * workbook (XLSX, ODS or a folder of CSV files), the reverse of `import`:
 * importing the workbook gives the same promotion back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import/export.h"
#include "../input/loader.h"
#include "../util/abspath.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "open.h"
#include "options.h"
#include "../engine/spreadsheet.h"
#include "workbook_files.h"

enum { OPT_OUTPUT, OPT_FORCE };

struct export_state {
    const char *output;
    bool force;
};

static const struct command_option export_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"force", false, OPT_FORCE, 0},
};

static bool set_option(int id, const char *value, void *state)
{
    struct export_state *export = state;
    if (id == OPT_FORCE)
        export->force = true;
    else
        export->output = value;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc export -o CLASSEUR [--force] FICHIER.xml...\n"
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
         "octet pour octet (ses fichiers portent une date fixe, ou SOURCE_DATE_EPOCH).");
    options_print_common_help(
        "  0  le classeur est écrit\n"
        "  1  une valeur n'a pas de place dans le classeur, ou les fichiers sont de\n"
        "     classes différentes (rien n'est écrit)\n"
        "  2  ligne de commande incorrecte, ou le classeur existe (sans --force)\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

struct loaded {
    struct export_input *inputs;
    struct source **sources;
    char **folders;
    size_t count;
};

static void loaded_free(struct loaded *loaded)
{
    for (size_t i = 0; i < loaded->count; i++) {
        if (loaded->inputs[i].doc)
            xmlFreeDoc(loaded->inputs[i].doc);
        source_free(loaded->sources[i]);
        free(loaded->folders[i]);
    }
    free(loaded->inputs);
    free(loaded->sources);
    free(loaded->folders);
}

static char *folder_of(const char *path)
{
    char *folder = path_folder_of(path);
    char *absolute = folder ? path_absolute(folder) : NULL;
    free(folder);
    return absolute;
}

/* Every file read safely and parsed; false after saying why. */
static bool load_inputs(const struct run_context *context, char **paths, size_t count,
                        struct loaded *loaded, struct diag_list *diags)
{
    loaded->inputs = calloc(count, sizeof *loaded->inputs);
    loaded->sources = calloc(count, sizeof *loaded->sources);
    loaded->folders = calloc(count, sizeof *loaded->folders);
    if (!loaded->inputs || !loaded->sources || !loaded->folders)
        return false;
    size_t max_size = context->max_size ? context->max_size : LOADER_DEFAULT_MAX_SIZE;
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++) {
        loaded->count = i + 1;
        ok = loader_read_source(paths[i], max_size, diags, &loaded->sources[i]) == LOAD_OK &&
             loader_parse(loaded->sources[i], diags, &loaded->inputs[i].doc) == LOAD_OK;
        loaded->folders[i] = ok ? folder_of(paths[i]) : NULL;
        ok = ok && loaded->folders[i];
        loaded->inputs[i].label = paths[i];
        loaded->inputs[i].folder = loaded->folders[i];
    }
    return ok;
}

sd_status command_export(int argc, char **argv)
{
    struct export_state state = {NULL, false};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, export_options,
                               sizeof export_options / sizeof *export_options, set_option, &state,
                               print_help, true, &parsed, &status))
        return status;
    if (!state.output) {
        fputs("stagedoc export: où écrire le classeur ? Donnez -o classe.xlsx, -o classe.ods "
              "ou -o DOSSIER.\nVoir « stagedoc export --help ».\n", stderr);
        return SD_USAGE;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    struct run_context *context = status == SD_OK ? cli_context(&cli) : NULL;
    struct column_map map = {0};
    struct loaded loaded = {0};
    struct diag_list diags = DIAG_LIST_INIT;
    struct workbook book;
    workbook_init(&book, workbook_files_date());
    char *out_folder = workbook_files_folder(state.output);
    if (status == SD_OK && !spreadsheet_load_columns(context, &map))
        status = SD_IO;
    if (status == SD_OK &&
        !load_inputs(context, parsed.operands, (size_t)parsed.operand_count, &loaded, &diags))
        status = diags.counts[SEVERITY_ERROR] ? SD_INVALID : SD_IO;
    if (status == SD_OK && (!out_folder ||
        !export_workbook(&map, loaded.inputs, loaded.count, out_folder, &book, &diags)))
        status = diags.counts[SEVERITY_ERROR] ? SD_INVALID : SD_IO;
    cli_give(&cli, &diags, SEVERITY_INFO);
    struct strbuf written = STRBUF_INIT;
    if (status == SD_OK)
        status = workbook_files_write("export", &book, state.output, state.force, &written);
    if (status == SD_OK)
        fputs(strbuf_str(&written), stdout);
    else if (status == SD_INVALID)
        fputs("stagedoc export : rien n'est écrit.\n", stderr);
    strbuf_free(&written);
    free(out_folder);
    workbook_free(&book);
    diag_list_free(&diags);
    loaded_free(&loaded);
    columns_free(&map);
    cli_close(&cli);
    return status;
}
