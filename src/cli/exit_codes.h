/* exit_codes.h — what stagedoc's exit status means, for scripts, and how the
 * engine's statuses map onto it (the one table: serve/ has its own, onto
 * HTTP statuses). Documented in `stagedoc --help` and README.md; never
 * renumber. */
#ifndef STAGEDOC_CLI_EXIT_CODES_H
#define STAGEDOC_CLI_EXIT_CODES_H

#include "../engine/stagedoc.h"

enum exit_code {
    EXIT_VALID = 0,    /* done; warnings and information lines allowed */
    EXIT_INVALID = 1,  /* an input breaks the format or the regulation */
    EXIT_USAGE = 2,    /* wrong command line */
    EXIT_IO = 3,       /* a file could not be read or written, or an internal error */
    /* 128 + a signal's number (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP): the
     * signal handler (interrupt.c) ends the process with them itself. */
};

/* How --help says them: the lines most commands share, and how every
 * command stops on a signal. */
#define HELP_EXIT_USAGE "  2  ligne de commande incorrecte\n"
#define HELP_EXIT_READ "  3  un fichier ne peut être lu, ou erreur interne"
#define HELP_EXIT_WRITE "  3  un fichier ne peut être lu ou écrit, ou erreur interne"
#define HELP_EXIT_SIGNALS                                                               \
    "  129, 130, 143  arrêtée par un signal (HUP, INT ou Ctrl-C, TERM) : ses fichiers\n" \
    "                 temporaires sont retirés, les sorties déjà écrites restent"

static inline enum exit_code exit_code_of(sd_status status)
{
    switch (status) {
    case SD_OK: return EXIT_VALID;
    case SD_INVALID: return EXIT_INVALID;
    case SD_LIMIT: return EXIT_INVALID; /* an input past a budget is refused like a bad one */
    case SD_USAGE: return EXIT_USAGE;
    case SD_IO: case SD_CANCELLED: case SD_NOMEM: case SD_INTERNAL: return EXIT_IO;
    }
    return EXIT_IO;
}

#endif
