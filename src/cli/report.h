/* report.h — the command line's events handler: what the engine tells
 * (diagnostics, notes, data, progress, outputs) printed on a terminal.
 *
 * Diagnostics and notes go to stderr, like a compiler's:
 *   FILE:LINE:COL: erreur: [rule-id] STAGE : message. À faire : hint.
 *   FILE:SHEET!CELL: erreur: [rule-id] NOM Prénom, colonne « Header » : message. …
 * data lines and the paths of the files written go to stdout; the progress
 * line is drawn on stderr when it is a terminal (progress.h). */
#ifndef STAGEDOC_CLI_REPORT_H
#define STAGEDOC_CLI_REPORT_H

#include <stdbool.h>

#include "../engine/stagedoc.h"
#include "progress.h"

struct report {
    struct progress progress;
    const char *command; /* "build", as typed */
    bool quiet;          /* --quiet: no progress line */
    bool outputs;        /* print each file written on stdout */
};

/* Events that print for command; report must outlive the run. */
struct sd_events report_events(struct report *report, const char *command, bool quiet);
/* Clears the progress line: the run is over. */
void report_finish(struct report *report);
/* One diagnostic as the command line shows it (heap string, with "\n"). */
char *report_format_diagnostic(const struct sd_diagnostic *diagnostic);

#endif
