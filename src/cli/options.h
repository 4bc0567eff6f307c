/* options.h — the options every subcommand shares, parsed the same way.
 *
 * Each subcommand lists its own options as `struct command_option` entries,
 * whose values the parser keeps by id, and a handler for those it checks or
 * converts; --templates, --region, --max-size, --racine and --help are added
 * here so they behave identically everywhere. */
#ifndef STAGEDOC_CLI_OPTIONS_H
#define STAGEDOC_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "exit_codes.h"

struct command_option {
    const char *name;     /* long name without dashes */
    bool takes_value;
    int id;               /* 0 to OPTIONS_MAX - 1: where its value is given */
    char short_name;      /* e.g. 'o' for -o, or 0 */
};
#define OPTIONS_MAX 16

/* The commands that read stages (check, calendar, build, bundle, import) also
 * take a spreadsheet where a promotion is expected, with these two options;
 * list OPTIONS_SPREADSHEET among the command's own, and options_parse fills
 * run.commun and run.encoding. Those that show a progress line list
 * {"quiet", false, OPTION_QUIET, 0}, which sets run.quiet. */
enum { OPTION_COMMUN = -5, OPTION_ENCODAGE = -6, OPTION_QUIET = -8 }; /* options.c: -1 to -4, -7 */
#define OPTIONS_SPREADSHEET                                                                 \
    {"commun", true, OPTION_COMMUN, 0}, { "encodage", true, OPTION_ENCODAGE, 0 }

/* For the options whose value must be checked or converted (the others are
 * read from given): false, after printing why, to reject the value. */
typedef bool (*option_handler)(int id, const char *value, void *command_state);

/* The options every command shares (and its name), as given. */
struct common_options {
    const char *command;       /* "build", as typed */
    const char *templates_dir; /* --templates, or NULL to search */
    const char *region;        /* --region, or NULL for metropolitan France */
    size_t max_size;           /* --max-size, 0 for the default */
    const char *commun;        /* --commun, or NULL */
    const char *encoding;      /* --encodage, or NULL to detect */
    const char *root;          /* --racine: files named by inputs stay under it */
    bool quiet;                /* --quiet: no progress line, no information lines */
};

struct parsed_command {
    struct common_options run;
    const char *given[OPTIONS_MAX]; /* by id: the last value ("" for a flag), or NULL */
    void *state;                    /* the command's, as its handler filled it */
    bool help;
    char **operands;
    int operand_count;
};

/* Parses argv (argv[0] is the subcommand's name). On a usage error prints it
 * with a pointer to --help and returns SD_USAGE. */
sd_status options_parse(int argc, char **argv, const struct command_option *own,
                             size_t own_count, option_handler handle, void *command_state,
                             struct parsed_command *out);
/* "stagedoc COMMAND: " fmt (with what) and the pointer to --help, on
 * stderr: SD_USAGE. */
sd_status options_usage(const char *command, const char *fmt, const char *what);
/* "-j N": 1 to OPTIONS_MAX_JOBS; false after saying why for command. */
#define OPTIONS_MAX_JOBS 256
bool options_parse_jobs(const char *command, const char *text, unsigned *count);
/* -j's default: one per online processor. */
unsigned options_default_jobs(void);
/* --langue: "fr" → false, "fr,en" → *bilingual true; otherwise prints why
 * for command and returns false. */
bool options_parse_languages(const char *command, const char *text, bool *bilingual);
/* "16M", "512K", "1G" or bytes; false when unreadable or zero. */
bool options_parse_size(const char *text, size_t *out);
/* --stage, repeatable: the values given so far (they point into argv). */
struct option_list {
    const char **items;
    size_t count, capacity;
};
/* False when memory is short. */
bool options_list_add(struct option_list *list, const char *value);

#endif
