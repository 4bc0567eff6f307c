/* cmd_build.c — `stagedoc build`: every document of every stage, as PDF,
 * into a folder (the engine's sd_build into a folder sink). The paths
 * written go to stdout. */
#include <stdlib.h>

#include "commands.h"

enum { OPT_OUTPUT, OPT_ONLY, OPT_UNITE, OPT_LANGUE, OPT_JOBS, OPT_STAGE, OPT_PDFA };

static const struct command_option build_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"only", true, OPT_ONLY, 0},
    {"unite", true, OPT_UNITE, 0},
    {"quiet", false, OPTION_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"stage", true, OPT_STAGE, 0},
    {"pdfa", false, OPT_PDFA, 0},
    OPTIONS_SPREADSHEET,
};

struct build_command {
    struct sd_build_options options;
    struct option_list stages;
};

static bool set_option(int id, const char *value, void *data)
{
    struct build_command *build = data;
    switch (id) {
    case OPT_LANGUE: return options_parse_languages("build", value, &build->options.bilingual);
    case OPT_JOBS: return options_parse_jobs("build", value, &build->options.jobs);
    case OPT_STAGE: return options_list_add(&build->stages, value);
    default: return true;
    }
}

static sd_status call(const struct command_call *call)
{
    struct build_command *build = call->state;
    const char *output = call->given[OPT_OUTPUT];
    struct sd_sink *sink = sd_sink_directory(output ? output : "out");
    if (!sink)
        return SD_NOMEM;
    build->options.read = call->read;
    build->options.only = call->given[OPT_ONLY];
    build->options.unite = call->given[OPT_UNITE];
    build->options.stages = build->stages.items;
    build->options.stage_count = build->stages.count;
    build->options.pdfa = call->given[OPT_PDFA] != NULL;
    sd_status status = sd_build(call->run, call->inputs, call->count, &build->options, sink);
    sd_sink_free(sink);
    return status;
}

static const struct command_spec build = {
    .options = build_options, .option_count = COUNT_OF(build_options), .handle = set_option,
    .help = "Usage : stagedoc build [-o DOSSIER] [--only LISTE] [OPTIONS] FICHIER...\n"
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
    "  --pdfa               PDF/A-1b, pour l'archivage (ou pdfa=\"oui\" sur <promotion>\n"
    "                       ou <stage>) : sans le XML joint, que PDF/A-1 interdit\n"
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
    "du stage : deux constructions des mêmes entrées donnent les mêmes octets.",
    .exit_codes = "  0  les documents sont écrits (avertissements permis)\n"
    "  1  une entrée a une erreur (rien n'est écrit), ou un document n'a pu être fait\n"
    HELP_EXIT_USAGE HELP_EXIT_WRITE,
    .reads_workbooks = true, .needs_files = true, .informs = true, .call = call,
};

sd_status command_build(int argc, char **argv)
{
    struct build_command state = {SD_BUILD_INIT, {NULL, 0, 0}};
    state.options.jobs = options_default_jobs();
    sd_status status = command_run(&build, argc, argv, &state);
    free(state.stages.items);
    return status;
}
