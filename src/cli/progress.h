/* progress.h — a progress line for long runs (build, bundle, import): stages
 * (or a spreadsheet's rows) done out of the total, rate and time left,
 * redrawn on stderr at most five times a second. Only on a terminal: when stderr is a file or a pipe, or
 * with --quiet, nothing is drawn, so logs hold the diagnostics alone.
 * Whoever prints to stderr while a line is drawn clears it first. */
#ifndef STAGEDOC_CLI_PROGRESS_H
#define STAGEDOC_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress {
    bool enabled;
    bool drawn;          /* a line is on the terminal now */
    const char *command; /* "build" */
    const char *unit;    /* what is counted: "stages", "lignes" */
    size_t done, total;
    double started, last_drawn; /* seconds, monotonic clock */
};

/* total is the number of units the run will go through (0 if unknown). */
void progress_start(struct progress *progress, const char *command, const char *unit,
                    size_t total, bool quiet);
/* Where the run is (an engine's progress event); redraws when it is time to. */
void progress_set(struct progress *progress, const char *unit, size_t done, size_t total);
/* One more stage done; redraws the line when it is time to. */
void progress_advance(struct progress *progress);
/* Removes the line, before something else is printed on stderr. */
void progress_clear(struct progress *progress);
/* The run is over: the line goes away. */
void progress_finish(struct progress *progress);

#endif
