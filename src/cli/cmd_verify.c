/* cmd_verify.c — `stagedoc verify`: is each package complete and untouched?
 *
 * The engine's sd_verify: each problem is one diagnostic line on stderr
 * (see package/verify.h for what is checked); each package gets one
 * verdict line on stdout. Exit 0
 * when every package is sound, 1 when one has a problem, 3 when a file
 * cannot be read. */
#include <stdlib.h>

#include "commands.h"

enum { OPT_PASSWORD_FILE, OPT_INDEX };

static const struct command_option verify_options[] = {
    {"mot-de-passe-fichier", true, OPT_PASSWORD_FILE, 0},
    {"index", true, OPT_INDEX, 0},
};

/* The state is where the password goes (the first line of the file). */
static bool read_password(const struct parsed_command *parsed, sd_status *status)
{
    const char *file = parsed->given[OPT_PASSWORD_FILE];
    *status = file ? password_read("verify", file, parsed->state) : SD_OK;
    return *status == SD_OK;
}

static sd_status call(const struct command_call *call)
{
    struct sd_verify_options options = SD_VERIFY_INIT;
    options.password = *(char **)call->state;
    options.index = call->given[OPT_INDEX];
    return sd_verify(call->run, call->inputs, call->count, &options);
}

static const struct command_spec verify = {
    .options = verify_options, .option_count = COUNT_OF(verify_options),
    .help = "Usage : stagedoc verify [--mot-de-passe-fichier F] [--index F] [OPTIONS] PAQUET.zip...\n"
    "\n"
    "Vérifie que chaque paquet produit par « stagedoc bundle » est complet et intact :\n"
    "archive ZIP saine, manifest.xml valide (templates/schema/manifest.xsd), chaque\n"
    "entrée du manifeste présente avec sa taille et son empreinte SHA-256, aucune\n"
    "entrée en trop, les pièces qu'exige la voie du candidat, chaque PDF lisible avec\n"
    "le nombre de pages annoncé. Quand un index.tsv (celui du dossier du paquet, ou\n"
    "--index) cite le paquet, son empreinte doit être la même : un manifeste modifié\n"
    "est ainsi détecté. Une ligne par problème sur la sortie d'erreur, une ligne de\n"
    "verdict par paquet sur la sortie standard, suivie, pour chaque document qui a\n"
    "des champs de signature, de qui l'a signé et de qui manque.\n"
    "\n"
    "Options :\n"
    "  --mot-de-passe-fichier FICHIER\n"
    "                       mot de passe d'un paquet chiffré (première ligne)\n"
    "  --index FICHIER      index.tsv où chercher l'empreinte de chaque paquet",
    .exit_codes = "  0  chaque paquet est complet et intact\n"
    "  1  un paquet est incomplet, altéré ou illisible\n" HELP_EXIT_USAGE HELP_EXIT_READ,
    .needs_files = true, .prepare = read_password, .call = call,
};

sd_status command_verify(int argc, char **argv)
{
    char *password = NULL;
    sd_status status = command_run(&verify, argc, argv, &password);
    free(password);
    return status;
}
