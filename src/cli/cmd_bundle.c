/* cmd_bundle.c — `stagedoc bundle`: each stage's exam package as a ZIP,
 * into a folder (the engine's sd_bundle into a folder sink). The paths of
 * the packages go to stdout, a summary to stderr. */
#include <stdio.h>
#include <stdlib.h>

#include "../package/naming.h"
#include "../util/strbuf.h"
#include "commands.h"

enum { OPT_OUTPUT, OPT_NAME, OPT_ENCRYPT, OPT_PASSWORD_FILE, OPT_LANGUE, OPT_JOBS,
       OPT_COMPLETE, OPT_STAGE, OPT_PDFA };

static const struct command_option bundle_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"nom", true, OPT_NAME, 0},
    {"chiffrer", false, OPT_ENCRYPT, 0},
    {"mot-de-passe-fichier", true, OPT_PASSWORD_FILE, 0},
    {"quiet", false, OPTION_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"complet", false, OPT_COMPLETE, 0},
    {"stage", true, OPT_STAGE, 0},
    {"pdfa", false, OPT_PDFA, 0},
    OPTIONS_SPREADSHEET,
};

struct bundle_command {
    char *password; /* the first line of --mot-de-passe-fichier */
    struct sd_bundle_options options;
    struct option_list stages;
};

static bool check_name_pattern(const char *value)
{
    struct strbuf error = STRBUF_INIT;
    bool ok = package_name_pattern_check(value, &error);
    if (!ok)
        fprintf(stderr, "stagedoc bundle: --nom « %s » : %s.\n", value, strbuf_str(&error));
    strbuf_free(&error);
    return ok;
}

static bool set_option(int id, const char *value, void *data)
{
    struct bundle_command *bundle = data;
    switch (id) {
    case OPT_NAME: return check_name_pattern(value);
    case OPT_LANGUE: return options_parse_languages("bundle", value, &bundle->options.bilingual);
    case OPT_JOBS: return options_parse_jobs("bundle", value, &bundle->options.jobs);
    case OPT_STAGE: return options_list_add(&bundle->stages, value);
    default: return true;
    }
}

static bool read_password(const struct parsed_command *parsed, sd_status *status)
{
    struct bundle_command *bundle = parsed->state;
    const char *file = parsed->given[OPT_PASSWORD_FILE];
    bool encrypt = parsed->given[OPT_ENCRYPT] != NULL;
    if (encrypt != (file != NULL)) {
        *status = options_usage("bundle", "--chiffrer et --mot-de-passe-fichier vont ensemble.",
                                NULL);
        return false;
    }
    *status = file ? password_read("bundle", file, &bundle->password) : SD_OK;
    return *status == SD_OK;
}

static sd_status call(const struct command_call *call)
{
    struct bundle_command *bundle = call->state;
    const char *output = call->given[OPT_OUTPUT];
    struct sd_sink *sink = sd_sink_directory(output ? output : "paquets");
    if (!sink)
        return SD_NOMEM;
    bundle->options.read = call->read;
    bundle->options.name_pattern = call->given[OPT_NAME];
    bundle->options.complete = call->given[OPT_COMPLETE] != NULL;
    bundle->options.pdfa = call->given[OPT_PDFA] != NULL;
    bundle->options.password = bundle->password;
    bundle->options.stages = bundle->stages.items;
    bundle->options.stage_count = bundle->stages.count;
    sd_status status = sd_bundle(call->run, call->inputs, call->count, &bundle->options, sink);
    sd_sink_free(sink);
    return status;
}

static const struct command_spec bundle = {
    .options = bundle_options, .option_count = COUNT_OF(bundle_options), .handle = set_option,
    .help = "Usage : stagedoc bundle [-o DOSSIER] [--nom MOTIF] [--chiffrer --mot-de-passe-fichier F]\n"
    "                        [OPTIONS] FICHIER...\n"
    "\n"
    "Produit le dossier d'examen de chaque stage : un ZIP\n"
    "DOSSIER/<session>_<academie>_<numero-candidat>_<NOM>_<Prenom>.zip avec le rapport,\n"
    "les trois documents en anglais et leur fiche, la convention (ou pour un apprenti\n"
    "le tableau de stratégie), l'attestation (de l'employeur pour un apprenti), la\n"
    "grille d'évaluation — la version signée de <documents-signes> quand elle est\n"
    "donnée, sinon celle que produit stagedoc — et manifest.xml (rôle, taille,\n"
    "SHA-256 et pages de chaque pièce). Avant : chaque fichier cité doit exister et\n"
    "être un PDF lisible et non chiffré, chaque document en anglais tenir sur une\n"
    "page ; le nombre de pages du rapport est indiqué (avertissement hors de 15 à 30\n"
    "pages par défaut, voir templates/regles/parametres.tsv). Un exemplaire signé ou\n"
    "un document remis produit par stagedoc pour un autre stage ou un autre\n"
    "stagiaire est refusé ; un document signé auquel manquent des signatures est\n"
    "signalé, avec qui n'a pas signé.\n"
    "Un stage en erreur n'empêche pas les autres ; DOSSIER/index.tsv liste chaque\n"
    "paquet avec son SHA-256. Les mêmes entrées donnent les mêmes octets (dates de\n"
    "SOURCE_DATE_EPOCH, sinon du premier jour du stage).\n"
    "\n"
    "Options :\n"
    "  -o, --output DOSSIER dossier des paquets (défaut : paquets)\n"
    "  --nom MOTIF          nom des paquets ; champs {session} {academie} {numero}\n"
    "                       {nom} {prenom} {id} {voie} {unite}, en majuscules si le\n"
    "                       champ est écrit en majuscules ({NOM}) ; défaut :\n"
    "                       " PACKAGE_NAME_DEFAULT "\n"
    "  --chiffrer           chiffre chaque paquet (AES-256, ouvrable avec 7-Zip) ;\n"
    "  --mot-de-passe-fichier FICHIER\n"
    "                       le mot de passe est la première ligne de FICHIER (jamais\n"
    "                       sur la ligne de commande)\n"
    "  --langue fr,en       convention et attestation en français et en anglais\n"
    "                       (stage à l'étranger ; ou langue=\"fr,en\" sur <stage>)\n"
    "  --pdfa               documents produits en PDF/A-1b, pour l'archivage (ou\n"
    "                       pdfa=\"oui\" sur <promotion> ou <stage>)\n"
    "  --stage STAGIAIRE    ne refait que le paquet de ce stagiaire (identifiant,\n"
    "                       numéro de candidat ou « NOM Prénom » ; répétable)\n"
    "  --complet            un document signé auquel manque une signature, ou une\n"
    "                       convention ou une attestation sans exemplaire signé,\n"
    "                       est une erreur (un avertissement ou une information\n"
    "                       sinon) : pas de paquet pour ce stage\n"
    "  --quiet              ni progression ni lignes d'information ; la\n"
    "                       progression (stages faits, vitesse, temps restant)\n"
    "                       ne s'affiche que si la sortie d'erreur est un terminal\n"
    "  -j, --jobs N         N processus (défaut : un par processeur) ; -j 1 : un\n"
    "                       seul. Mêmes paquets, mêmes octets, même ordre.",
    .exit_codes = "  0  chaque stage a son paquet (avertissements permis)\n"
    "  1  au moins un stage n'a pas de paquet (ses erreurs sont dites)\n"
    HELP_EXIT_USAGE HELP_EXIT_WRITE,
    .reads_workbooks = true, .needs_files = true, .informs = true,
    .prepare = read_password, .call = call,
};

sd_status command_bundle(int argc, char **argv)
{
    struct bundle_command state = {NULL, SD_BUNDLE_INIT, {NULL, 0, 0}};
    state.options.jobs = options_default_jobs();
    sd_status status = command_run(&bundle, argc, argv, &state);
    free(state.password);
    free(state.stages.items);
    return status;
}
