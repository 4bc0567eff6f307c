/* open.h — the engine as the command line opens it: its configuration from
 * the options and the environment (the only place stagedoc reads it), and a
 * run whose events print on the terminal. */
#ifndef STAGEDOC_CLI_OPEN_H
#define STAGEDOC_CLI_OPEN_H

#include "../engine/stagedoc.h"
#include "options.h"
#include "report.h"

struct cli_run {
    sd_engine *engine;
    sd_run *run;
    struct report report;
};

/* Opens both for the command; on failure says why on stderr and returns
 * the status (close in every case). quiet: no progress line. */
sd_status cli_open(struct cli_run *cli, const struct common_options *options, bool quiet);
void cli_close(struct cli_run *cli);

#endif
