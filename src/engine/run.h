/* run.h — inside the engine: an opened engine, a run, and how every part of
 * the engine speaks through the run's events instead of printing.
 *
 * Engine code that has something to say calls run_diag (a diagnostic on an
 * input), run_note (a line about the run), run_data (a line of a command's
 * answer), run_progress, run_output or run_record (structured data for a
 * front end that shows it); with no callback set, nothing
 * happens. run_fail keeps the first failure's text for sd_run_error. */
#ifndef STAGEDOC_ENGINE_RUN_H
#define STAGEDOC_ENGINE_RUN_H

#include <signal.h>
#include <stdbool.h>

#include "../util/diag.h"
#include "../util/strbuf.h"
#include "context.h"
#include "stagedoc.h"

struct sd_engine {
    struct run_context context;   /* the loaded resources, shared by the runs */
    char *fonts_dir;              /* NULL: fonts/ beside the templates */
    char *hyphenation;
    char *root;
    char *tmp_dir;
    int64_t fixed_date;
    bool rendering_tried;         /* run_context_open_rendering was called */
    sd_status rendering_status;
    struct strbuf error;          /* why opening failed */
};

struct sd_run {
    sd_engine *engine;
    struct sd_events events;
    struct strbuf error;          /* the first failure */
    size_t counts[3];             /* diagnostics given, by severity */
    enum severity least;          /* diagnostics below it are not given */
    volatile sig_atomic_t cancelled;
    struct run_context context;   /* the engine's resources and this run's options */
};

/* A diagnostic given to the event (and counted) when its severity is at
 * least the run's least. */
void run_diag(sd_run *run, const struct diag *diag);
/* Every diagnostic of list, in order. */
void run_diag_all(sd_run *run, const struct diag_list *list);
void run_note(sd_run *run, enum severity severity, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
void run_data(sd_run *run, const char *text);
/* False when the front end asked to stop (or sd_run_cancel was called). */
bool run_progress(sd_run *run, const char *unit, size_t done, size_t total);
void run_output(sd_run *run, const struct sd_output *output);
/* A record of kind (stagedoc.h lists them) with its fields; nothing
 * without the record event (a version 1 front end, a -j worker, whose
 * events are the parent's to give). */
void run_record(sd_run *run, const char *kind, const struct sd_field *fields, size_t count);
/* Someone listens to records: worth building them. */
bool run_records(const sd_run *run);
/* Keeps the first failure's text (the others are dropped). */
void run_fail(sd_run *run, const char *format, ...) __attribute__((format(printf, 2, 3)));
bool run_cancelled(const sd_run *run);
/* status, or SD_CANCELLED when the run was stopped: what every command
 * returns last, so that a run stopped between two inputs says so. */
sd_status run_end(const sd_run *run, sd_status status);

/* A command starts: its name for notes, its read options (--commun,
 * --encodage, the least severity given). SD_USAGE when they are wrong. */
sd_status run_begin(sd_run *run, const char *command, const struct sd_read_options *read);

/* The run's context prepared for rendering (fonts for subsetting,
 * templates, hyphenation), loaded on first use for the whole engine. */
sd_status run_need_rendering(sd_run *run);

#endif
