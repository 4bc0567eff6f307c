/* cmd_import.c — `stagedoc import`: a class spreadsheet (CSV, XLSX, ODS) to
 * a promotion XML, checked like `stagedoc check` with every problem pointed
 * back at the spreadsheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/atomic.h"
#include "../util/termtext.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "open.h"
#include "options.h"
#include "../engine/spreadsheet.h"
#include "../engine/run.h"
#include "../engine/walk.h"

enum { OPT_OUTPUT, OPT_QUIET, OPT_FORCE };

struct import_state {
    const char *output;
    bool quiet; /* no progress line, no information lines */
    bool force; /* -o may replace an existing file */
};

static const struct command_option import_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"quiet", false, OPT_QUIET, 0},
    {"force", false, OPT_FORCE, 0},
    OPTIONS_SPREADSHEET,
};

static bool set_option(int id, const char *value, void *state)
{
    struct import_state *import = state;
    if (id == OPT_QUIET)
        import->quiet = true;
    else if (id == OPT_FORCE)
        import->force = true;
    else
        import->output = value;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc import [OPTIONS] CLASSEUR\n"
         "\n"
         "Transforme le classeur d'une classe (classe.xlsx, classe.ods, un dossier de\n"
         "fichiers CSV, un par feuille, ou un CSV seul) en une promotion XML, puis la\n"
         "vérifie comme « stagedoc check ». Ses feuilles : Classe (session, établissement,\n"
         "valeurs par défaut), Stagiaires (une ligne par stagiaire), Horaires, Activités,\n"
         "Stratégie, Évaluation (une ligne par élément, rattachée à son stagiaire). Les\n"
         "intitulés reconnus et leurs synonymes sont dans templates/import/colonnes.tsv ;\n"
         "« stagedoc init --tableur DOSSIER » écrit un classeur modèle.\n"
         "\n"
         "Chaque problème nomme la cellule, sa colonne et le stagiaire :\n"
         "  classe.xlsx:Stagiaires!AE2: erreur: [cellule] DUPONT Marie, colonne « Date de\n"
         "  début » : « 31/02/2027 » n'est pas une date. À faire : …\n"
         "Les erreurs du règlement renvoient à la cellule qui décide (la date de fin d'un\n"
         "stage trop long).\n"
         "\n"
         "Options :\n"
         "  -o, --output FICHIER   écrit la promotion dans FICHIER (sinon : sortie standard)\n"
         "  --force                remplace FICHIER s'il existe déjà\n"
         "  --quiet                ni progression ni lignes d'information ; la progression\n"
         "                         (stagiaires lus, puis stages vérifiés) ne s'affiche que\n"
         "                         sur un terminal\n"
         "\n"
         "Sans erreur de cellule, la promotion est écrite même si le règlement signale\n"
         "des erreurs (code de sortie 1), pour qu'on puisse la corriger. « stagedoc check »,\n"
         "« calendar », « build » et « bundle » lisent aussi un classeur directement.");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  la promotion est écrite et valide (avertissements permis)\n"
        "  1  une cellule est refusée (rien n'est écrit), ou le règlement signale une\n"
        "     erreur (la promotion est écrite)\n"
        "  2  ligne de commande incorrecte, ou FICHIER existe (sans --force)\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

/* The promotion goes through the same walk as `stagedoc check`. */
static sd_status check_result(const struct run_context *context,
                                   const struct import_state *state,
                                   struct spreadsheet_input *sheet)
{
    struct walk_totals totals = {.print_least = state->quiet ? SEVERITY_WARNING : SEVERITY_INFO,
                                 .progress = true,
                                 .progress_total = sheet->result.stage_count};
    /* Every diagnostic points at the workbook's cell, -o or not: the
     * workbook is what the teacher corrects. */
    const char *checked = state->output;
    if (!checked) {
        sd_status code = spreadsheet_input_write(context, sheet);
        if (code != SD_OK)
            return code;
        checked = sheet->xml_path;
    }
    sheet->read_as = checked;
    totals.rewrite = spreadsheet_point_back;
    totals.rewrite_data = sheet;
    for (int severity = 0; severity < 3; severity++) /* said by import, before the check */
        totals.counts[severity] += sheet->counts[severity];
    sd_status code = walk_file(context, checked, walk_run_rules, NULL, &totals);
    walk_print_summary(context->run, "import", &totals);
    return code;
}

static sd_status write_output(const struct import_state *state,
                                   const struct import_result *result)
{
    if (!state->output)
        return fwrite(result->xml, 1, result->xml_size, stdout) == result->xml_size ? SD_OK
                                                                                     : SD_IO;
    struct strbuf error = STRBUF_INIT;
    bool ok = atomic_write(state->output, result->xml, result->xml_size, &error);
    if (!ok)
        fprintf(stderr, "stagedoc import: %s\n", strbuf_str(&error));
    strbuf_free(&error);
    return ok ? SD_OK : SD_IO;
}

static sd_status run_import(const struct run_context *context,
                                 const struct import_state *state, const char *path)
{
    struct spreadsheet_input sheet = {.path = path, .tracked = -1};
    struct stat st;
    bool exists = state->output && lstat(state->output, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) { /* a FIFO, a link, a folder: never replaced */
        char *shown = termtext_escape(state->output, TERMTEXT_MAX_CHARACTERS);
        fprintf(stderr, "stagedoc import: erreur: [fichier] %s n'est pas un fichier ordinaire "
                        "(%s) ; rien n'est écrit, même avec --force. À faire : donnez avec -o le "
                        "chemin d'un fichier ordinaire, ou d'un fichier à créer.\n",
                shown ? shown : "", S_ISLNK(st.st_mode) ? "lien symbolique"
                                    : S_ISDIR(st.st_mode) ? "dossier"
                                    : S_ISFIFO(st.st_mode) ? "tube" : "fichier spécial");
        free(shown);
        return SD_INVALID;
    }
    if (exists && !state->force) {
        fprintf(stderr, "stagedoc import: %s existe déjà ; rien n'est écrit. À faire : "
                        "choisissez un autre nom, ou ajoutez --force pour le remplacer.\n",
                state->output);
        return SD_USAGE;
    }
    sd_status code = spreadsheet_import(context, path, &sheet.result, sheet.counts);
    if (code == SD_OK)
        code = write_output(state, &sheet.result);
    if (code == SD_OK)
        code = check_result(context, state, &sheet);
    size_t errors = sheet.counts[SEVERITY_ERROR];
    if (errors && code != SD_OK)
        fprintf(stderr, "stagedoc import : %zu %s ; rien n'est écrit.\n", errors,
                errors > 1 ? "erreurs" : "erreur");
    spreadsheet_input_close(&sheet);
    return code;
}

sd_status command_import(int argc, char **argv)
{
    struct import_state state = {NULL, false, false};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, import_options,
                               sizeof import_options / sizeof *import_options, set_option, &state,
                               print_help, false, &parsed, &status))
        return status;
    if (parsed.operand_count != 1) {
        fputs("stagedoc import: un tableur (CSV, XLSX ou ODS) attendu.\n"
              "Voir « stagedoc import --help ».\n", stderr);
        return SD_USAGE;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, state.quiet);
    if (status == SD_OK) {
        struct run_context *context = cli_context(&cli);
        context->command = "import";
        context->commun = parsed.run.commun;
        if (parsed.run.encoding)
            text_encoding_parse(parsed.run.encoding, &context->encoding);
        cli.run->least = state.quiet ? SEVERITY_WARNING : SEVERITY_INFO;
        status = run_import(context, &state, parsed.operands[0]);
    }
    cli_close(&cli);
    return status;
}
