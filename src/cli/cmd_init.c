/* cmd_init.c — `stagedoc init`: print a commented skeleton to start from.
 * The skeletons are data (templates/squelettes/), so they can be reworded
 * without recompiling and are checked by the tests like any input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import/export.h"
#include "../input/loader.h"
#include "../util/abspath.h"
#include "../util/atomic.h"
#include "../util/file.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "../engine/run.h"
#include "open.h"
#include "options.h"
#include "../engine/spreadsheet.h"
#include "workbook_files.h"

enum { OPT_VOIE, OPT_PROMOTION, OPT_TABLEUR, OPT_FORCE };

struct init_state {
    const char *voie;
    bool promotion;
    const char *tableur;
    bool force;
};

static const struct command_option init_options[] = {
    {"voie", true, OPT_VOIE, 0},
    {"promotion", false, OPT_PROMOTION, 0},
    {"tableur", true, OPT_TABLEUR, 0},
    {"force", false, OPT_FORCE, 0},
};

static bool set_option(int id, const char *value, void *state)
{
    struct init_state *init = state;
    if (id == OPT_PROMOTION || id == OPT_FORCE) {
        *(id == OPT_PROMOTION ? &init->promotion : &init->force) = true;
        return true;
    }
    if (id == OPT_TABLEUR) {
        init->tableur = value;
        return true;
    }
    if (strcmp(value, "scolaire") && strcmp(value, "apprentissage") &&
        strcmp(value, "formation-continue")) {
        fprintf(stderr, "stagedoc init: voie « %s » inconnue (scolaire, apprentissage, "
                        "formation-continue).\n", value);
        return false;
    }
    init->voie = value;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc init --tableur DOSSIER [--force]\n"
         "        stagedoc init [--voie scolaire|apprentissage|formation-continue] [--promotion]\n"
         "\n"
         "Avec --tableur, écrit le classeur d'une classe, prêt à remplir, en trois formes :\n"
         "  DOSSIER/classe.xlsx   pour Excel ou LibreOffice\n"
         "  DOSSIER/classe.ods    pour LibreOffice\n"
         "  DOSSIER/classe/       un fichier CSV par feuille\n"
         "Ses feuilles : Classe (session, établissement, valeurs par défaut), Stagiaires\n"
         "(une ligne par stagiaire), Horaires, Activités, Stratégie (apprentis),\n"
         "Évaluation. Chaque intitulé porte une note (ce qu'on y écrit, un exemple) ; les\n"
         "codes (code postal, SIRET, UAI, n° de candidat) sont au format Texte pour\n"
         "garder leurs zéros ; voie, civilité, unité, domaine… ont une liste déroulante.\n"
         "Les lignes d'exemple (un majeur, une mineure, un apprenti, un stage en\n"
         "Allemagne) s'importent et se construisent telles quelles :\n"
         "  stagedoc init --tableur modele && stagedoc build modele/classe.xlsx\n"
         "\n"
         "Sans --tableur, écrit sur la sortie standard un fichier XML commenté, valide :\n"
         "  stagedoc init --voie apprentissage > stage.xml\n"
         "  stagedoc init --promotion > promotion.xml\n"
         "\n"
         "Options :\n"
         "  --tableur DOSSIER    le classeur de classe (voir plus haut)\n"
         "  --force              remplace les fichiers du classeur qui existent déjà\n"
         "  --voie VOIE          voie du stagiaire (défaut : scolaire)\n"
         "  --promotion          une promotion (toute une classe) plutôt qu'un stage");
    options_print_common_help(
        "  0  le fichier ou le classeur est écrit\n"
        "  2  ligne de commande incorrecte, ou le classeur existe (sans --force)\n"
        "  3  écriture impossible, ou erreur interne");
}

/* --tableur: the example class (templates/import/exemple.xml) exported, so
 * that the workbook's example rows are those of a class that builds. */
static sd_status fill_example(const struct run_context *context, const char *dir,
                                   struct column_map *map, struct workbook *book)
{
    char *path = run_context_template_path(context, "import/exemple.xml");
    struct diag_list diags = DIAG_LIST_INIT;
    struct source *source = NULL;
    struct export_input input = {path, NULL, NULL};
    char *folder = path_absolute(dir);
    sd_status status = SD_IO;
    if (path && folder && spreadsheet_load_columns(context, map) &&
        loader_read_source(path, (size_t)1 << 20, &diags, &source) == LOAD_OK &&
        loader_parse(source, &diags, &input.doc) == LOAD_OK) {
        input.folder = folder;
        if (export_workbook(map, &input, 1, folder, book, &diags))
            status = SD_OK;
    }
    for (size_t i = 0; i < diags.count; i++)
        if (diags.items[i].severity >= SEVERITY_WARNING)
            run_diag(context->run, &diags.items[i]);
    if (input.doc)
        xmlFreeDoc(input.doc);
    source_free(source);
    diag_list_free(&diags);
    free(folder);
    free(path);
    return status;
}

static sd_status write_workbooks(const struct run_context *context, const char *dir,
                                      bool force)
{
    struct column_map map = {0};
    struct workbook book;
    workbook_init(&book, workbook_files_date());
    struct strbuf error = STRBUF_INIT, written = STRBUF_INIT;
    sd_status status = fill_example(context, dir, &map, &book);
    if (status == SD_OK && !atomic_make_dirs(dir, &error)) {
        fprintf(stderr, "stagedoc init: %s\n", strbuf_str(&error));
        status = SD_IO;
    }
    static const char *const names[] = {"classe.xlsx", "classe.ods", "classe"};
    size_t count = sizeof names / sizeof *names;
    /* All three or none: an existing one stops the run before any is written. */
    for (size_t i = 0; status == SD_OK && !force && i < count; i++) {
        char *target = path_join(dir, names[i]);
        char *there = target ? workbook_files_existing(&book, target) : NULL;
        if (there) {
            fprintf(stderr, "stagedoc init: %s existe déjà ; rien n'est écrit. À faire : "
                            "choisissez un autre dossier, ou ajoutez --force pour le "
                            "remplacer.\n", there);
            status = SD_USAGE;
        }
        free(there);
        free(target);
    }
    for (size_t i = 0; status == SD_OK && i < count; i++) {
        char *target = path_join(dir, names[i]);
        status = target ? workbook_files_write("init", &book, target, force, &written)
                        : SD_IO;
        free(target);
    }
    fputs(strbuf_str(&written), stdout);
    strbuf_free(&error);
    strbuf_free(&written);
    workbook_free(&book);
    columns_free(&map);
    return status;
}

sd_status command_init(int argc, char **argv)
{
    struct init_state state = {"scolaire", false, NULL, false};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, init_options,
                               sizeof init_options / sizeof *init_options, set_option, &state, print_help, false,
                               &parsed, &status))
        return status;
    if (parsed.operand_count > 0) {
        fputs("stagedoc init: aucun fichier attendu ; redirigez la sortie : "
              "stagedoc init > stage.xml\n", stderr);
        return SD_USAGE;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    struct run_context *context = status == SD_OK ? cli_context(&cli) : NULL;
    if (status != SD_OK) {
        cli_close(&cli);
        return status;
    }
    if (state.tableur) {
        status = write_workbooks(context, state.tableur, state.force);
        cli_close(&cli);
        return status;
    }
    struct strbuf name = STRBUF_INIT;
    strbuf_printf(&name, "squelettes/%s-%s.xml", state.promotion ? "promotion" : "stage",
                  state.voie);
    char *path = run_context_template_path(context, strbuf_str(&name));
    char *text = NULL;
    size_t size = 0;
    enum file_status read = path ? file_read_all(path, (size_t)1 << 20, &text, &size)
                                 : FILE_NO_MEMORY;
    if (read != FILE_OK) {
        fprintf(stderr, "stagedoc init: %s : %s\n", path ? path : strbuf_str(&name),
                file_status_message(read));
        status = SD_IO;
    } else if (fwrite(text, 1, size, stdout) != size || fflush(stdout) != 0) {
        fputs("stagedoc init: erreur d'écriture sur la sortie standard.\n", stderr);
        status = SD_IO;
    }
    free(text);
    free(path);
    strbuf_free(&name);
    cli_close(&cli);
    return status;
}
