/* commands.c — the shape every subcommand shares (see commands.h). */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>

static void print_help(const struct command_spec *spec)
{
    puts(spec->help);
    if (spec->reads_workbooks)
        options_print_spreadsheet_help();
    options_print_common_help(spec->exit_codes);
}

/* The files named on the command line as the engine's inputs (heap; NULL
 * when memory is short, said). */
static struct sd_input *inputs_of(char *const *paths, int count)
{
    struct sd_input *inputs = calloc(count > 0 ? (size_t)count : 1, sizeof *inputs);
    if (!inputs) {
        fputs("stagedoc: erreur: mémoire insuffisante\n", stderr);
        return NULL;
    }
    for (int i = 0; i < count; i++)
        inputs[i] = (struct sd_input){.name = paths[i], .path = paths[i]};
    return inputs;
}

/* The read options a command passes on; commun must outlive them. */
static struct sd_read_options read_options(const struct common_options *options,
                                           struct sd_input *commun, bool quiet)
{
    struct sd_read_options read = SD_READ_INIT;
    if (options->commun) {
        *commun = (struct sd_input){.name = options->commun, .path = options->commun};
        read.commun = commun;
    }
    read.encoding = options->encoding;
    read.least = quiet ? SD_WARNING : SD_INFO;
    return read;
}

sd_status command_run(const struct command_spec *spec, int argc, char **argv, void *state)
{
    struct parsed_command parsed;
    sd_status status = options_parse(argc, argv, spec->options, spec->option_count,
                                     spec->handle, state, &parsed);
    if (status != SD_OK)
        return status;
    if (parsed.help) {
        print_help(spec);
        return SD_OK;
    }
    if (spec->needs_files && parsed.operand_count == 0)
        return options_usage(argv[0], "aucun fichier.", NULL);
    if (spec->prepare && !spec->prepare(&parsed, state, &status))
        return status;
    bool quiet = parsed.run.quiet || !spec->informs;
    struct cli_run cli;
    status = cli_open(&cli, &parsed.run, quiet);
    struct sd_input *inputs = inputs_of(parsed.operands, parsed.operand_count);
    if (status == SD_OK && inputs) {
        struct sd_input commun;
        struct command_call call = {cli.run, &cli.report, inputs, (size_t)parsed.operand_count,
                                    read_options(&parsed.run, &commun, quiet)};
        status = spec->call(&call, state);
    } else if (status == SD_OK) {
        status = SD_NOMEM;
    }
    free(inputs);
    cli_close(&cli);
    return status;
}
