/* cmd_signatures.c — `stagedoc signatures`: who has signed what (the
 * engine's sd_signatures): a line per signature field of a PDF, a line per
 * PDF of a folder, on stdout; problems on stderr. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "open.h"
#include "options.h"

enum { OPT_COMPLETE };

static const struct command_option signatures_options[] = {
    {"complet", false, OPT_COMPLETE, 0},
};

static bool set_option(int id, const char *value, void *complete)
{
    (void)id;
    (void)value;
    *(bool *)complete = true; /* --complet: exit 1 unless every field is signed */
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc signatures [--complet] [OPTIONS] (FICHIER.pdf | DOSSIER)...\n"
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
         "  --complet            sortie 1 si un document n'est pas entièrement signé");
    options_print_common_help(
        "  0  les PDF sont lus\n"
        "  1  un PDF est illisible, abîmé ou chiffré\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu, ou erreur interne");
}

sd_status command_signatures(int argc, char **argv)
{
    struct sd_signatures_options options = SD_SIGNATURES_INIT;
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, signatures_options,
                               sizeof signatures_options / sizeof *signatures_options,
                               set_option, &options.complete, print_help, true, &parsed, &status))
        return status;
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, true);
    struct sd_input *pdfs = cli_inputs(parsed.operands, parsed.operand_count);
    if (status == SD_OK && pdfs)
        status = sd_signatures(cli.run, pdfs, (size_t)parsed.operand_count, &options);
    else if (status == SD_OK)
        status = SD_NOMEM;
    free(pdfs);
    cli_close(&cli);
    return status;
}
