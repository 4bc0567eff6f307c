/* commands.h — the subcommands of stagedoc, and the shape they share.
 *
 * Each takes its own argv (argv[0] is the subcommand's name) and returns a
 * status that main maps to an exit code of exit_codes.h. Each is a
 * struct command_spec run by command_run: parse the options, print the help
 * when asked, check the files named, open the engine, make the one engine
 * call, close. */
#ifndef STAGEDOC_CLI_COMMANDS_H
#define STAGEDOC_CLI_COMMANDS_H

#include "exit_codes.h"
#include "options.h"
#include "report.h"

#define COUNT_OF(array) (sizeof(array) / sizeof *(array))

sd_status command_check(int argc, char **argv);
sd_status command_calendar(int argc, char **argv);
sd_status command_init(int argc, char **argv);
sd_status command_build(int argc, char **argv);
sd_status command_bundle(int argc, char **argv);
sd_status command_verify(int argc, char **argv);
sd_status command_signatures(int argc, char **argv);
sd_status command_import(int argc, char **argv);
sd_status command_export(int argc, char **argv);
sd_status command_serve(int argc, char **argv);

/* What a command's engine call is given: its own options, the run, the
 * files named on the command line as its inputs, and the read options
 * (--commun, --encodage, and information lines unless quiet). */
struct command_call {
    const char *const *given; /* parsed_command's */
    void *state;              /* parsed_command's */
    sd_engine *engine;        /* for a command that runs many (serve) */
    sd_run *run;
    struct report *report;
    const struct sd_input *inputs;
    size_t count;
    struct sd_read_options read;
};

struct command_spec {
    const struct command_option *options; /* its own, besides the common ones */
    size_t option_count;
    option_handler handle;                /* or NULL; with the command's state */
    const char *help;                     /* usage, what it does, its options */
    bool reads_workbooks;                 /* takes a class workbook: --commun, --encodage */
    const char *exit_codes;               /* its lines "  N  meaning" */
    bool needs_files;                     /* refuses to run without operands */
    bool informs;                         /* progress and information lines, unless --quiet */
    /* Optional, once the options are read and before the engine opens:
     * false when the command stops there, with *status. */
    bool (*prepare)(const struct parsed_command *parsed, sd_status *status);
    sd_status (*call)(const struct command_call *call);
};

/* Runs spec on argv with state (what the command's handler fills, set to
 * its defaults), or NULL. */
sd_status command_run(const struct command_spec *spec, int argc, char **argv, void *state);

/* password.c: a package password read from a file (--mot-de-passe-fichier),
 * never from the command line where other users and shell histories see
 * it: the file's first line, without its line ending. SD_OK with a heap
 * string in *password; otherwise prints why (as `stagedoc command`) and
 * returns SD_IO (unreadable) or SD_USAGE (empty first line, or a file too
 * large to be a password file). */
sd_status password_read(const char *command, const char *path, char **password);

#endif
