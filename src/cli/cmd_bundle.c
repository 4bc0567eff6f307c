/* cmd_bundle.c — `stagedoc bundle`: each stage's exam package as a ZIP,
 * into a folder (the engine's sd_bundle into a folder sink). The paths of
 * the packages go to stdout, a summary to stderr. */
#include <stdio.h>
#include <stdlib.h>

#include "../package/naming.h"
#include "../util/strbuf.h"
#include "commands.h"
#include "open.h"
#include "options.h"
#include "password.h"

enum { OPT_OUTPUT, OPT_NAME, OPT_ENCRYPT, OPT_PASSWORD_FILE, OPT_QUIET, OPT_LANGUE, OPT_JOBS,
       OPT_COMPLETE, OPT_STAGE };

static const struct command_option bundle_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"nom", true, OPT_NAME, 0},
    {"chiffrer", false, OPT_ENCRYPT, 0},
    {"mot-de-passe-fichier", true, OPT_PASSWORD_FILE, 0},
    {"quiet", false, OPT_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"complet", false, OPT_COMPLETE, 0},
    {"stage", true, OPT_STAGE, 0},
    OPTIONS_SPREADSHEET,
};

struct bundle_command {
    const char *output_dir;
    bool quiet;
    bool encrypt;
    const char *password_file;
    struct sd_bundle_options options;
    const char **stages; /* --stage, as given (they point into argv) */
};

static bool add_stage(struct bundle_command *bundle, const char *value)
{
    const char **grown = realloc(bundle->stages, (bundle->options.stage_count + 1) *
                                                     sizeof *grown);
    if (!grown)
        return false;
    bundle->stages = grown;
    grown[bundle->options.stage_count++] = value;
    bundle->options.stages = grown;
    return true;
}

static bool set_option(int id, const char *value, void *data)
{
    struct bundle_command *bundle = data;
    struct strbuf error = STRBUF_INIT;
    bool ok = true;
    if (id == OPT_OUTPUT) {
        bundle->output_dir = value;
    } else if (id == OPT_NAME) {
        ok = package_name_pattern_check(value, &error);
        if (!ok)
            fprintf(stderr, "stagedoc bundle: --nom « %s » : %s.\n", value, strbuf_str(&error));
        bundle->options.name_pattern = value;
    } else if (id == OPT_ENCRYPT) {
        bundle->encrypt = true;
    } else if (id == OPT_COMPLETE) {
        bundle->options.complete = true;
    } else if (id == OPT_STAGE) {
        ok = add_stage(bundle, value);
    } else if (id == OPT_QUIET) {
        bundle->quiet = true;
    } else if (id == OPT_LANGUE) {
        ok = options_parse_languages("bundle", value, &bundle->options.bilingual);
    } else if (id == OPT_JOBS) {
        ok = options_parse_jobs("bundle", value, &bundle->options.jobs);
    } else {
        bundle->password_file = value;
    }
    strbuf_free(&error);
    return ok;
}

static void print_help(void)
{
    puts("Usage : stagedoc bundle [-o DOSSIER] [--nom MOTIF] [--chiffrer --mot-de-passe-fichier F]\n"
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
         "                       seul. Mêmes paquets, mêmes octets, même ordre.");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  chaque stage a son paquet (avertissements permis)\n"
        "  1  au moins un stage n'a pas de paquet (ses erreurs sont dites)\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

static sd_status check_encryption_options(struct bundle_command *bundle, char **password)
{
    if (bundle->encrypt != (bundle->password_file != NULL)) {
        fprintf(stderr, "stagedoc bundle: --chiffrer et --mot-de-passe-fichier vont ensemble.\n"
                        "Voir « stagedoc bundle --help ».\n");
        return SD_USAGE;
    }
    return bundle->encrypt ? password_read("bundle", bundle->password_file, password) : SD_OK;
}

sd_status command_bundle(int argc, char **argv)
{
    struct bundle_command bundle = {.output_dir = "paquets",
                                    .options = (struct sd_bundle_options)SD_BUNDLE_INIT};
    bundle.options.jobs = options_default_jobs();
    struct parsed_command parsed;
    sd_status status;
    char *password = NULL;
    if (!options_start_command(argc, argv, bundle_options,
                               sizeof bundle_options / sizeof *bundle_options, set_option,
                               &bundle, print_help, true, &parsed, &status) ||
        (status = check_encryption_options(&bundle, &password)) != SD_OK) {
        free(bundle.stages);
        return status;
    }
    bundle.options.password = password;
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, bundle.quiet);
    struct sd_input *inputs = cli_inputs(parsed.operands, parsed.operand_count);
    struct sd_sink *sink = sd_sink_directory(bundle.output_dir);
    if (status == SD_OK && inputs && sink) {
        struct sd_input commun;
        bundle.options.read = cli_read_options(&parsed.run, &commun, bundle.quiet);
        status = sd_bundle(cli.run, inputs, (size_t)parsed.operand_count, &bundle.options, sink);
    } else if (status == SD_OK) {
        status = SD_NOMEM;
    }
    sd_sink_free(sink);
    free(inputs);
    free(password);
    free(bundle.stages);
    cli_close(&cli);
    return status;
}
