/* cmd_build.c — `stagedoc build`: every document of every stage, as PDF,
 * into a folder (the engine's sd_build into a folder sink). The paths
 * written go to stdout. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "open.h"
#include "options.h"

enum { OPT_OUTPUT, OPT_ONLY, OPT_UNITE, OPT_QUIET, OPT_LANGUE, OPT_JOBS, OPT_STAGE };

static const struct command_option build_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"only", true, OPT_ONLY, 0},
    {"unite", true, OPT_UNITE, 0},
    {"quiet", false, OPT_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"stage", true, OPT_STAGE, 0},
    OPTIONS_SPREADSHEET,
};

struct build_command {
    const char *output_dir;
    bool quiet;
    struct sd_build_options options;
    const char **stages; /* --stage, as given (they point into argv) */
};

static bool set_option(int id, const char *value, void *data)
{
    struct build_command *build = data;
    if (id == OPT_OUTPUT) {
        build->output_dir = value;
    } else if (id == OPT_ONLY) {
        build->options.only = value;
    } else if (id == OPT_UNITE) {
        build->options.unite = value;
    } else if (id == OPT_LANGUE) {
        return options_parse_languages("build", value, &build->options.bilingual);
    } else if (id == OPT_JOBS) {
        return options_parse_jobs("build", value, &build->options.jobs);
    } else if (id == OPT_STAGE) {
        const char **grown = realloc(build->stages, (build->options.stage_count + 1) *
                                                        sizeof *grown);
        if (!grown)
            return false;
        build->stages = grown;
        grown[build->options.stage_count++] = value;
        build->options.stages = grown;
    } else {
        build->quiet = true;
    }
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc build [-o DOSSIER] [--only LISTE] [OPTIONS] FICHIER...\n"
         "\n"
         "Produit les documents de chaque stage en PDF : DOSSIER/<id>/<document>.pdf\n"
         "(dossier « out » par défaut). Les entrées sont d'abord vérifiées comme par\n"
         "« stagedoc check » : si l'une a une erreur, rien n'est écrit. Chaque fichier\n"
         "est écrit sous un nom temporaire puis renommé : un échec laisse intacts les\n"
         "documents déjà produits. Les chemins écrits sont affichés sur la sortie standard.\n"
         "\n"
         "Options :\n"
         "  -o, --output DOSSIER dossier de sortie (défaut : out)\n"
         "  --only LISTE         documents à produire, séparés par des virgules\n"
         "                       (voir templates/documents.tsv)\n"
         "  --unite UNITE        documents pour une autre unité que celle du stage\n"
         "                       (U51, U52, U61, U62), par exemple une grille\n"
         "  --langue fr,en       convention et attestation en français et en anglais\n"
         "                       (stage à l'étranger ; ou langue=\"fr,en\" sur <stage>)\n"
         "  --quiet              ni progression ni lignes d'information ; la\n"
         "                       progression (stages faits, vitesse, temps restant)\n"
         "                       ne s'affiche que si la sortie d'erreur est un terminal\n"
         "  --stage STAGIAIRE    ne refait que les documents de ce stagiaire (son\n"
         "                       identifiant, son numéro de candidat ou « NOM Prénom » ;\n"
         "                       répétable) ; attestations.pdf et planning.pdf comptent\n"
         "                       toujours toute la classe\n"
         "  -j, --jobs N         N processus (défaut : un par processeur) ; -j 1 : un\n"
         "                       seul. Mêmes fichiers, mêmes octets, même ordre.\n"
         "\n"
         "Les dates inscrites dans les PDF viennent de SOURCE_DATE_EPOCH, sinon du début\n"
         "du stage : deux constructions des mêmes entrées donnent les mêmes octets.");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  les documents sont écrits (avertissements permis)\n"
        "  1  une entrée a une erreur (rien n'est écrit), ou un document n'a pu être fait\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

sd_status command_build(int argc, char **argv)
{
    struct build_command build = {.output_dir = "out",
                                  .options = (struct sd_build_options)SD_BUILD_INIT};
    build.options.jobs = options_default_jobs();
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, build_options,
                               sizeof build_options / sizeof *build_options, set_option, &build,
                               print_help, true, &parsed, &status)) {
        free(build.stages);
        return status;
    }
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, build.quiet);
    struct sd_input *inputs = cli_inputs(parsed.operands, parsed.operand_count);
    struct sd_sink *sink = sd_sink_directory(build.output_dir);
    if (status == SD_OK && inputs && sink) {
        struct sd_input commun;
        build.options.read = cli_read_options(&parsed.run, &commun, build.quiet);
        status = sd_build(cli.run, inputs, (size_t)parsed.operand_count, &build.options, sink);
    } else if (status == SD_OK) {
        status = SD_NOMEM;
    }
    sd_sink_free(sink);
    free(inputs);
    free(build.stages);
    cli_close(&cli);
    return status;
}
