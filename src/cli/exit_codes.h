/* exit_codes.h — what stagedoc's exit status means, for scripts.
 * Documented in `stagedoc --help` and README.md; never renumber. */
#ifndef STAGEDOC_CLI_EXIT_CODES_H
#define STAGEDOC_CLI_EXIT_CODES_H

enum exit_code {
    EXIT_VALID = 0,    /* done; warnings and information lines allowed */
    EXIT_INVALID = 1,  /* an input breaks the format or the regulation */
    EXIT_USAGE = 2,    /* wrong command line */
    EXIT_IO = 3,       /* a file could not be read or written, or an internal error */
};

/* The worse of two outcomes: I/O beats invalid beats valid (usage stops early). */
static inline enum exit_code exit_code_worst(enum exit_code a, enum exit_code b)
{
    return a > b ? a : b;
}

#endif
