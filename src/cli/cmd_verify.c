/* cmd_verify.c — `stagedoc verify`: is each package complete and untouched?
 *
 * The engine's sd_verify: each problem is one diagnostic line on stderr
 * (see package/verify.h for what is checked); each package gets one
 * verdict line on stdout. Exit 0
 * when every package is sound, 1 when one has a problem, 3 when a file
 * cannot be read. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "open.h"
#include "options.h"
#include "password.h"

enum { OPT_PASSWORD_FILE, OPT_INDEX };

static const struct command_option verify_options[] = {
    {"mot-de-passe-fichier", true, OPT_PASSWORD_FILE, 0},
    {"index", true, OPT_INDEX, 0},
};

struct verify_state {
    const char *password_file;
    const char *index;
};

static bool set_option(int id, const char *value, void *data)
{
    struct verify_state *state = data;
    if (id == OPT_PASSWORD_FILE)
        state->password_file = value;
    else
        state->index = value;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc verify [--mot-de-passe-fichier F] [--index F] [OPTIONS] PAQUET.zip...\n"
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
         "  --index FICHIER      index.tsv où chercher l'empreinte de chaque paquet");
    options_print_common_help(
        "  0  chaque paquet est complet et intact\n"
        "  1  un paquet est incomplet, altéré ou illisible\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu, ou erreur interne");
}

sd_status command_verify(int argc, char **argv)
{
    struct verify_state state = {NULL, NULL};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, verify_options,
                               sizeof verify_options / sizeof *verify_options, set_option,
                               &state, print_help, true, &parsed, &status))
        return status;
    char *password = NULL;
    if (state.password_file) {
        status = password_read("verify", state.password_file, &password);
        if (status != SD_OK)
            return status;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    struct sd_input *packages = cli_inputs(parsed.operands, parsed.operand_count);
    if (status == SD_OK && packages) {
        struct sd_verify_options options = SD_VERIFY_INIT;
        options.password = password;
        options.index = state.index;
        status = sd_verify(cli.run, packages, (size_t)parsed.operand_count, &options);
    }
    free(packages);
    free(password);
    cli_close(&cli);
    return status;
}
