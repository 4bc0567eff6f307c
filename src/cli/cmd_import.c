/* cmd_import.c — `stagedoc import`: a class spreadsheet (CSV, XLSX, ODS) to
 * a promotion XML, checked like `stagedoc check` with every problem pointed
 * back at the spreadsheet (sd_import); here only the options, and the
 * promotion written to -o (atomically) or standard output. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../input/input.h"
#include "../util/atomic.h"
#include "../util/termtext.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "targets.h"

enum { OPT_OUTPUT, OPT_FORCE };

static const struct command_option import_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"quiet", false, OPTION_QUIET, 0},
    {"force", false, OPT_FORCE, 0},
    OPTIONS_SPREADSHEET,
};

static sd_status write_output(const char *output, const unsigned char *xml, size_t size)
{
    if (!output)
        return fwrite(xml, 1, size, stdout) == size ? SD_OK : SD_IO;
    struct strbuf error = STRBUF_INIT;
    bool ok = atomic_write(output, xml, size, &error);
    if (!ok)
        fprintf(stderr, "stagedoc import: %s\n", strbuf_str(&error));
    strbuf_free(&error);
    return ok ? SD_OK : SD_IO;
}

/* -o never replaces anything but a regular file, and that only with
 * --force: SD_OK when the output may be written. */
static sd_status check_output(const char *output, bool force)
{
    struct stat st;
    bool exists = output && lstat(output, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) { /* a FIFO, a link, a folder: never replaced */
        char *shown = termtext_escape(output, TERMTEXT_MAX_CHARACTERS);
        fprintf(stderr, "stagedoc import: erreur: [fichier] %s n'est pas un fichier ordinaire "
                        "(%s) ; rien n'est écrit, même avec --force. À faire : donnez avec -o le "
                        "chemin d'un fichier ordinaire, ou d'un fichier à créer.\n",
                shown ? shown : "", S_ISLNK(st.st_mode) ? "lien symbolique"
                                    : S_ISDIR(st.st_mode) ? "dossier"
                                    : S_ISFIFO(st.st_mode) ? "tube" : "fichier spécial");
        free(shown);
        return SD_INVALID;
    }
    return exists && !force ? target_exists("import", output, "nom") : SD_OK;
}

/* Exactly one workbook. */
static bool prepare(const struct parsed_command *parsed, sd_status *status)
{
    if (parsed->operand_count == 1)
        return true;
    *status = options_usage("import", "un tableur (CSV, XLSX ou ODS) attendu.", NULL);
    return false;
}

/* The workbook through sd_import, its promotion written to -o or stdout.
 * With -o, the relative paths it holds are checked from -o's folder, where
 * `stagedoc build` will read them. */
static sd_status call(const struct command_call *call)
{
    const char *output = call->given[OPT_OUTPUT];
    sd_status code = check_output(output, call->given[OPT_FORCE] != NULL);
    if (code != SD_OK)
        return code;
    char *folder = output ? input_folder_of(output) : NULL;
    if (output && !folder) {
        fputs("stagedoc: erreur: mémoire insuffisante\n", stderr);
        return SD_NOMEM;
    }
    struct sd_input workbook = call->inputs[0];
    workbook.dir = folder;
    struct sd_import_options options = {call->read};
    unsigned char *xml;
    size_t size;
    code = sd_import(call->run, &workbook, &options, &xml, &size);
    if (xml)
        code = sd_status_worst(write_output(output, xml, size), code);
    sd_import_free(xml);
    free(folder);
    return code;
}

static const struct command_spec import = {
    .options = import_options, .option_count = COUNT_OF(import_options),
    .help = "Usage : stagedoc import [OPTIONS] CLASSEUR\n"
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
    "« calendar », « build » et « bundle » lisent aussi un classeur directement.",
    .exit_codes = "  0  la promotion est écrite et valide (avertissements permis)\n"
    "  1  une cellule est refusée (rien n'est écrit), ou le règlement signale une\n"
    "     erreur (la promotion est écrite)\n"
    "  2  ligne de commande incorrecte, ou FICHIER existe (sans --force)\n"
    HELP_EXIT_WRITE,
    .reads_workbooks = true, .informs = true, .prepare = prepare, .call = call,
};

sd_status command_import(int argc, char **argv)
{
    return command_run(&import, argc, argv, NULL);
}
