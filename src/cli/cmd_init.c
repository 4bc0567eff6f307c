/* cmd_init.c — `stagedoc init`: print a commented skeleton to start from.
 * The skeletons are data (templates/squelettes/), so they can be reworded
 * without recompiling and are checked by the tests like any input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import/blank.h"
#include "../util/file.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "options.h"

enum { OPT_VOIE, OPT_PROMOTION, OPT_TABLEUR };

struct init_state {
    const char *voie;
    bool promotion;
    const char *tableur;
};

static const struct command_option init_options[] = {
    {"voie", true, OPT_VOIE, 0},
    {"promotion", false, OPT_PROMOTION, 0},
    {"tableur", true, OPT_TABLEUR, 0},
};

static bool set_option(int id, const char *value, void *state)
{
    struct init_state *init = state;
    if (id == OPT_PROMOTION) {
        init->promotion = true;
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
    puts("Usage : stagedoc init [--voie scolaire|apprentissage|formation-continue] [--promotion]\n"
         "\n"
         "Écrit sur la sortie standard un fichier d'entrée commenté, valide, à compléter :\n"
         "  stagedoc init --voie apprentissage > stage.xml\n"
         "  stagedoc init --promotion > promotion.xml\n"
         "\n"
         "Options :\n"
         "  --voie VOIE          voie du stagiaire (défaut : scolaire)\n"
         "  --promotion          une promotion (toute une classe) plutôt qu'un stage\n"
         "  --tableur DOSSIER    écrit DOSSIER/classe.csv et DOSSIER/classe.xlsx : les\n"
         "                       intitulés de « stagedoc import » et une ligne d'exemple");
    options_print_common_help();
}

/* --tableur: the class spreadsheet templates of `stagedoc import`. */
static enum exit_code write_spreadsheets(const struct run_context *context, const char *dir)
{
    char *path = run_context_template_path(context, "import/colonnes.tsv");
    struct column_map map;
    struct strbuf error = STRBUF_INIT, written = STRBUF_INIT;
    enum exit_code status = EXIT_VALID;
    if (!path || !columns_load(path, &map, &error)) {
        fprintf(stderr, "stagedoc init: %s\n", strbuf_str(&error));
        status = EXIT_IO;
    } else if (!blank_write(&map, dir, &written, &error)) {
        fprintf(stderr, "stagedoc init: %s\n", strbuf_str(&error));
        status = EXIT_IO;
    } else {
        fputs(strbuf_str(&written), stdout);
    }
    columns_free(&map);
    strbuf_free(&error);
    strbuf_free(&written);
    free(path);
    return status;
}

enum exit_code command_init(int argc, char **argv)
{
    struct init_state state = {"scolaire", false, NULL};
    struct parsed_command parsed;
    enum exit_code status;
    if (!options_start_command(argc, argv, init_options, 3, set_option, &state, print_help, false,
                               &parsed, &status))
        return status;
    if (parsed.operand_count > 0) {
        fputs("stagedoc init: aucun fichier attendu ; redirigez la sortie : "
              "stagedoc init > stage.xml\n", stderr);
        return EXIT_USAGE;
    }
    struct run_context context;
    status = run_context_open(&context, &parsed.run);
    if (status != EXIT_VALID) {
        run_context_close(&context);
        return status;
    }
    if (state.tableur) {
        status = write_spreadsheets(&context, state.tableur);
        run_context_close(&context);
        return status;
    }
    struct strbuf name = STRBUF_INIT;
    strbuf_printf(&name, "squelettes/%s-%s.xml", state.promotion ? "promotion" : "stage",
                  state.voie);
    char *path = run_context_template_path(&context, strbuf_str(&name));
    char *text = NULL;
    size_t size = 0;
    enum file_status read = path ? file_read_all(path, (size_t)1 << 20, &text, &size)
                                 : FILE_NO_MEMORY;
    if (read != FILE_OK) {
        fprintf(stderr, "stagedoc init: %s : %s\n", path ? path : strbuf_str(&name),
                file_status_message(read));
        status = EXIT_IO;
    } else if (fwrite(text, 1, size, stdout) != size || fflush(stdout) != 0) {
        fputs("stagedoc init: erreur d'écriture sur la sortie standard.\n", stderr);
        status = EXIT_IO;
    }
    free(text);
    free(path);
    strbuf_free(&name);
    run_context_close(&context);
    return status;
}
