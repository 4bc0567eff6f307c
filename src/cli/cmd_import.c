/* cmd_import.c — `stagedoc import`: a class spreadsheet (CSV, XLSX, ODS) to
 * a promotion XML, checked like `stagedoc check` with every problem pointed
 * back at the spreadsheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../import/import.h"
#include "../input/loader.h"
#include "../util/atomic.h"
#include "commands.h"
#include "options.h"
#include "walk.h"

enum { OPT_OUTPUT, OPT_COMMUN, OPT_ENCODAGE };

struct import_state {
    const char *output;
    const char *commun;
    enum text_encoding encoding;
};

static const struct command_option import_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"commun", true, OPT_COMMUN, 0},
    {"encodage", true, OPT_ENCODAGE, 0},
};

static bool set_option(int id, const char *value, void *state)
{
    struct import_state *import = state;
    if (id == OPT_OUTPUT)
        import->output = value;
    else if (id == OPT_COMMUN)
        import->commun = value;
    else if (!text_encoding_parse(value, &import->encoding)) {
        fprintf(stderr, "stagedoc import: encodage « %s » inconnu (utf-8, windows-1252).\n",
                value);
        return false;
    }
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc import [OPTIONS] TABLEUR\n"
         "\n"
         "Transforme la liste d'une classe (CSV, XLSX ou ODS : une ligne d'intitulés,\n"
         "puis une ligne par stagiaire) en une promotion XML, puis la vérifie comme\n"
         "« stagedoc check ». Les colonnes reconnues et leurs intitulés (« Nom »,\n"
         "« Nom de l'élève », « Date de début »…) sont dans templates/import/colonnes.tsv.\n"
         "Chaque problème nomme la cellule et sa colonne :\n"
         "  classe.xlsx:Feuille1!D12 (Date de début) : « 31/02/2027 » n'est pas une date.\n"
         "  classe.csv:12:4 (Date de début) : …\n"
         "Les erreurs du règlement renvoient à la ligne du tableur.\n"
         "\n"
         "Options :\n"
         "  -o, --output FICHIER   écrit la promotion dans FICHIER (sinon : sortie standard)\n"
         "  --commun FICHIER       promotion XML qui donne ce que la classe partage : session,\n"
         "                         classe, etablissement, et dans son premier <stage> les\n"
         "                         valeurs par défaut de chaque stage (voie, annee, horaires,\n"
         "                         enseignant-referent, activites, unite, suivi…)\n"
         "  --encodage ENC         CSV en utf-8 ou windows-1252 (défaut : détecté)\n"
         "\n"
         "Sans erreur de cellule, la promotion est écrite même si le règlement signale\n"
         "des erreurs (code de sortie 1), pour qu'on puisse la corriger.");
    options_print_common_help();
}

struct rewrite_data {
    const struct import_result *result;
    const char *checked_path; /* the file walk_file read */
    const char *label;        /* the spreadsheet as named */
    bool on_stdout;
};

static void point_at_spreadsheet(struct diag *diag, void *data)
{
    const struct rewrite_data *rw = data;
    unsigned row = diag->line ? import_row_of_line(rw->result, diag->line) : 0;
    if (row) {
        size_t len = strlen(diag->message ? diag->message : "");
        char *message = malloc(len + 40);
        if (message) {
            snprintf(message, len + 40, "%s (ligne %u du tableur)",
                     diag->message ? diag->message : "", row);
            free(diag->message);
            diag->message = message;
        }
    }
    if (rw->on_stdout && diag->file && !strcmp(diag->file, rw->checked_path)) {
        char *label = strdup(rw->label);
        if (label) {
            free(diag->file);
            diag->file = label;
            diag->line = row;
            diag->column = 0;
        }
    }
}

/* Writes the XML to a temporary file (stdout case) for the check. */
static char *write_temporary(const struct import_result *result)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(strlen(dir && *dir ? dir : "/tmp") + 32);
    if (!path)
        return NULL;
    sprintf(path, "%s/stagedoc-import-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    bool ok = write(fd, result->xml, result->xml_size) == (ssize_t)result->xml_size;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

static enum exit_code check_result(const struct run_context *context,
                                   const struct import_state *state, const char *label,
                                   const struct import_result *result)
{
    char *temporary = NULL;
    const char *checked = state->output;
    if (!checked) {
        temporary = write_temporary(result);
        if (!temporary) {
            fputs("stagedoc import: impossible d'écrire le fichier temporaire.\n", stderr);
            return EXIT_IO;
        }
        checked = temporary;
    }
    struct rewrite_data data = {result, checked, label, state->output == NULL};
    struct walk_totals totals = {.print_least = SEVERITY_INFO,
                                 .rewrite = point_at_spreadsheet,
                                 .rewrite_data = &data};
    enum exit_code code = walk_file(context, checked, walk_run_rules, NULL, &totals);
    walk_print_summary("import", &totals);
    if (temporary) {
        unlink(temporary);
        free(temporary);
    }
    return code;
}

static enum exit_code write_output(const struct import_state *state,
                                   const struct import_result *result)
{
    if (!state->output)
        return fwrite(result->xml, 1, result->xml_size, stdout) == result->xml_size ? EXIT_VALID
                                                                                     : EXIT_IO;
    struct strbuf error = STRBUF_INIT;
    bool ok = atomic_write(state->output, result->xml, result->xml_size, &error);
    if (!ok)
        fprintf(stderr, "stagedoc import: %s\n", strbuf_str(&error));
    strbuf_free(&error);
    return ok ? EXIT_VALID : EXIT_IO;
}

static enum exit_code run_import(const struct run_context *context,
                                 const struct import_state *state, const char *path)
{
    char *columns_path = run_context_template_path(context, "import/colonnes.tsv");
    struct column_map map;
    struct strbuf error = STRBUF_INIT;
    if (!columns_path || !columns_load(columns_path, &map, &error)) {
        fprintf(stderr, "stagedoc import: %s\n", strbuf_str(&error));
        strbuf_free(&error);
        free(columns_path);
        columns_free(&map);
        return EXIT_IO;
    }
    free(columns_path);
    strbuf_free(&error);
    const char *label = strcmp(path, "-") ? path : "entrée";
    struct table table;
    enum exit_code code = EXIT_INVALID;
    size_t max_size = context->max_size ? context->max_size : LOADER_DEFAULT_MAX_SIZE;
    enum import_read read = import_read_table(path, label, max_size, state->encoding, &table);
    if (read == IMPORT_READ_IO)
        code = EXIT_IO;
    if (read == IMPORT_READ_OK) {
        struct import_result result;
        if (import_convert(&table, &map, state->commun, stderr, &result)) {
            code = write_output(state, &result);
            if (code == EXIT_VALID)
                code = check_result(context, state, label, &result);
        } else if (result.errors) {
            fprintf(stderr, "stagedoc import : %zu %s ; rien n'est écrit.\n", result.errors,
                    result.errors > 1 ? "erreurs" : "erreur");
        }
        import_result_free(&result);
    }
    table_free(&table);
    columns_free(&map);
    return code;
}

enum exit_code command_import(int argc, char **argv)
{
    struct import_state state = {NULL, NULL, TEXT_ENCODING_AUTO};
    struct parsed_command parsed;
    enum exit_code status;
    if (!options_start_command(argc, argv, import_options, 3, set_option, &state, print_help,
                               false, &parsed, &status))
        return status;
    if (parsed.operand_count != 1) {
        fputs("stagedoc import: un tableur (CSV, XLSX ou ODS) attendu.\n"
              "Voir « stagedoc import --help ».\n", stderr);
        return EXIT_USAGE;
    }
    struct run_context context;
    status = run_context_open(&context, &parsed.run);
    if (status == EXIT_VALID)
        status = run_import(&context, &state, parsed.operands[0]);
    run_context_close(&context);
    return status;
}
