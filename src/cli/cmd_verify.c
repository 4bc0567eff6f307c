/* cmd_verify.c — `stagedoc verify`: is each package complete and untouched?
 *
 * Each problem is one diagnostic line on stderr (see package/verify.h for
 * what is checked); each package gets one verdict line on stdout. Exit 0
 * when every package is sound, 1 when one has a problem, 3 when a file
 * cannot be read. */
#include <stdio.h>
#include <stdlib.h>

#include "../package/verify.h"
#include "../util/termtext.h"
#include "commands.h"
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

static enum exit_code load_schema(const struct run_context *context, struct schema **schema)
{
    struct diag_list diags = DIAG_LIST_INIT;
    char *path = run_context_template_path(context, "schema/manifest.xsd");
    *schema = path ? schema_load(path, &diags) : NULL;
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    free(path);
    return *schema ? EXIT_VALID : EXIT_IO;
}

static enum exit_code verify_one(const char *path, const struct verify_options *options)
{
    struct diag_list problems = DIAG_LIST_INIT;
    size_t entries = 0;
    struct strbuf signers = STRBUF_INIT;
    struct verify_options with_signers = *options;
    with_signers.signers = &signers;
    enum verify_outcome outcome = package_verify(path, &with_signers, &problems, &entries);
    diag_print_all(&problems, stderr, SEVERITY_INFO);
    char *shown = termtext_escape(path, TERMTEXT_MAX_CHARACTERS);
    if (outcome == VERIFY_SOUND)
        printf("%s : complet et intact (%zu pièce%s).\n", shown ? shown : "", entries,
               entries > 1 ? "s" : "");
    else
        printf("%s : %zu problème%s.\n", shown ? shown : "", problems.counts[SEVERITY_ERROR],
               problems.counts[SEVERITY_ERROR] > 1 ? "s" : "");
    free(shown);
    fputs(strbuf_str(&signers), stdout);
    strbuf_free(&signers);
    diag_list_free(&problems);
    return outcome == VERIFY_SOUND     ? EXIT_VALID
           : outcome == VERIFY_PROBLEMS ? EXIT_INVALID
                                        : EXIT_IO;
}

enum exit_code command_verify(int argc, char **argv)
{
    struct verify_state state = {NULL, NULL};
    struct parsed_command parsed;
    enum exit_code status;
    if (!options_start_command(argc, argv, verify_options,
                               sizeof verify_options / sizeof *verify_options, set_option,
                               &state, print_help, true, &parsed, &status))
        return status;
    char *password = NULL;
    if (state.password_file) {
        status = password_read("verify", state.password_file, &password);
        if (status != EXIT_VALID)
            return status;
    }
    struct run_context context;
    struct schema *schema = NULL;
    status = run_context_open(&context, &parsed.run);
    if (status == EXIT_VALID)
        status = load_schema(&context, &schema);
    if (status == EXIT_VALID) {
        struct verify_options options = {schema, password, state.index, NULL};
        for (int i = 0; i < parsed.operand_count; i++)
            status = exit_code_worst(status, verify_one(parsed.operands[i], &options));
    }
    schema_free(schema);
    free(password);
    run_context_close(&context);
    return status;
}
