/* report.h — the command line's events handler: what the engine tells
 * (diagnostics, notes, data, progress, outputs) printed on a terminal.
 *
 * Diagnostics and notes go to stderr, like a compiler's:
 *   FILE:LINE:COL: erreur: [rule-id] STAGE : message. À faire : hint.
 *   FILE:SHEET!CELL: erreur: [rule-id] NOM Prénom, colonne « Header » : message. …
 * data lines and the paths of the files written go to stdout.
 *
 * Long runs (build, bundle, import) also draw a progress line: stages (or
 * a spreadsheet's rows) done out of the total, rate and time left, redrawn
 * on stderr at most five times a second. Only on a terminal: when stderr
 * is a file or a pipe, or with --quiet, nothing is drawn, so logs hold the
 * diagnostics alone. Whatever prints while the line is drawn clears it
 * first. */
#ifndef STAGEDOC_CLI_REPORT_H
#define STAGEDOC_CLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "../engine/stagedoc.h"

struct progress {
    bool begun;         /* a progress event came */
    bool enabled;       /* drawn: stderr is a terminal, and not --quiet */
    bool drawn;         /* a line is on the terminal now */
    const char *unit;   /* what is counted: "stages", "lignes" */
    size_t done, total; /* total 0 when unknown */
    double started, last_drawn; /* seconds, monotonic clock */
};

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

#endif
