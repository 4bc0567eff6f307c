/* cmd_signatures.c — `stagedoc signatures`: who has signed what (the
 * engine's sd_signatures): a line per signature field of a PDF, a line per
 * PDF of a folder, on stdout; problems on stderr. */
#include "commands.h"

enum { OPT_COMPLETE };

static const struct command_option signatures_options[] = {
    {"complet", false, OPT_COMPLETE, 0},
};

static sd_status call(const struct command_call *call)
{
    struct sd_signatures_options options = SD_SIGNATURES_INIT;
    options.complete = call->given[OPT_COMPLETE] != NULL; /* exit 1 unless all is signed */
    return sd_signatures(call->run, call->inputs, call->count, &options);
}

static const struct command_spec signatures = {
    .options = signatures_options, .option_count = COUNT_OF(signatures_options),
    .help = "Usage : stagedoc signatures [--complet] [OPTIONS] (FICHIER.pdf | DOSSIER)...\n"
    "\n"
    "Pour un PDF : chaque champ de signature, signé ou non ; pour un champ signé, le\n"
    "nom du signataire, la date et le motif inscrits dans sa signature. Pour un\n"
    "dossier (et ses sous-dossiers) : une ligne par PDF, entièrement signé ou les\n"
    "signatures qui manquent.\n"
    "\n"
    "Ceci montre la PRÉSENCE des signatures, pas leur validité cryptographique\n"
    "(certificat, intégrité du document) : vérifiez-la avec « pdfsig FICHIER.pdf »\n"
    "(paquet poppler-utils).\n"
    "\n"
    "Options :\n"
    "  --complet            sortie 1 si un document n'est pas entièrement signé",
    .exit_codes = "  0  les PDF sont lus\n"
    "  1  un PDF est illisible, abîmé ou chiffré\n" HELP_EXIT_USAGE HELP_EXIT_READ,
    .needs_files = true, .call = call,
};

sd_status command_signatures(int argc, char **argv)
{
    return command_run(&signatures, argc, argv, NULL);
}
