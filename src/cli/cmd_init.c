/* cmd_init.c — `stagedoc init`: print a commented skeleton to start from
 * (the engine's sd_skeleton, from templates/squelettes/), or write the
 * example class workbook in three forms (sd_export_example) where the user
 * asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/file.h"
#include "commands.h"
#include "targets.h"

enum { OPT_VOIE, OPT_PROMOTION, OPT_TABLEUR, OPT_FORCE };

static const struct command_option init_options[] = {
    {"voie", true, OPT_VOIE, 0},
    {"promotion", false, OPT_PROMOTION, 0},
    {"tableur", true, OPT_TABLEUR, 0},
    {"force", false, OPT_FORCE, 0},
};

static bool check_voie(int id, const char *value, void *state)
{
    (void)state;
    if (id != OPT_VOIE || !strcmp(value, "scolaire") || !strcmp(value, "apprentissage") ||
        !strcmp(value, "formation-continue"))
        return true;
    fprintf(stderr, "stagedoc init: voie « %s » inconnue (scolaire, apprentissage, "
                    "formation-continue).\n", value);
    return false;
}

/* --tableur: the example class in its three forms, all written or none. */
static const char *const forms[] = {"classe.xlsx", "classe.ods", "classe"};
enum { FORMS = sizeof forms / sizeof *forms };

static sd_status write_workbooks(sd_run *run, const char *dir, bool force)
{
    struct sd_sink *files[FORMS] = {NULL};
    char *targets[FORMS] = {NULL};
    struct sd_export_options options = SD_EXPORT_INIT;
    options.folder = dir;
    sd_status status = SD_OK;
    for (size_t i = 0; status == SD_OK && i < FORMS; i++) {
        options.format = target_workbook_format(forms[i]);
        files[i] = sd_sink_memory();
        targets[i] = path_join(dir, forms[i]);
        status = files[i] && targets[i] ? sd_export_example(run, &options, files[i]) : SD_NOMEM;
    }
    for (size_t i = 0; status == SD_OK && !force && i < FORMS; i++) {
        char *there = target_existing(files[i], targets[i]);
        if (there)
            status = target_exists("init", there, "dossier");
        free(there);
    }
    struct strbuf written = STRBUF_INIT;
    for (size_t i = 0; status == SD_OK && i < FORMS; i++)
        status = target_write_workbook("init", files[i], targets[i], force, &written);
    fputs(strbuf_str(&written), stdout);
    for (size_t i = 0; i < FORMS; i++) {
        sd_sink_free(files[i]);
        free(targets[i]);
    }
    strbuf_free(&written);
    return status;
}

/* No file: the skeleton goes to stdout. */
static bool prepare(const struct parsed_command *parsed, sd_status *status)
{
    if (parsed->operand_count == 0)
        return true;
    fputs("stagedoc init: aucun fichier attendu ; redirigez la sortie : "
          "stagedoc init > stage.xml\n", stderr);
    *status = SD_USAGE;
    return false;
}

static sd_status call(const struct command_call *call)
{
    const char *tableur = call->given[OPT_TABLEUR], *voie = call->given[OPT_VOIE];
    call->report->outputs = false; /* the files are written here, then said */
    if (tableur)
        return write_workbooks(call->run, tableur, call->given[OPT_FORCE] != NULL);
    sd_status status = sd_skeleton(call->run, voie ? voie : "scolaire",
                                   call->given[OPT_PROMOTION] != NULL);
    if (status == SD_OK && (fflush(stdout) != 0 || ferror(stdout))) {
        fputs("stagedoc init: erreur d'écriture sur la sortie standard.\n", stderr);
        status = SD_IO;
    }
    return status;
}

static const struct command_spec init = {
    .options = init_options, .option_count = COUNT_OF(init_options), .handle = check_voie,
    .help = "Usage : stagedoc init --tableur DOSSIER [--force]\n"
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
    "  --promotion          une promotion (toute une classe) plutôt qu'un stage",
    .exit_codes = "  0  le fichier ou le classeur est écrit\n"
    "  2  ligne de commande incorrecte, ou le classeur existe (sans --force)\n"
    "  3  écriture impossible, ou erreur interne",
    .prepare = prepare, .call = call,
};

sd_status command_init(int argc, char **argv)
{
    return command_run(&init, argc, argv, NULL);
}
