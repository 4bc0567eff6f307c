/* report.c — the command line's events handler and its progress line (see
 * report.h). */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../util/strbuf.h"
#include "../util/termtext.h"

/* Everything a diagnostic holds may come from someone else's file (a cell,
 * a PDF field, a ZIP entry name): each part is escaped for the terminal,
 * and a message is cut long before it could bury the others. */
#define MESSAGE_MAX_CHARACTERS 2000
#define REDRAW_SECONDS 0.2

static const char *severity_word(enum sd_severity severity)
{
    switch (severity) {
    case SD_INFO: return "information";
    case SD_WARNING: return "avertissement";
    case SD_ERROR: return "erreur";
    }
    return "?";
}

static void add_part(struct strbuf *line, const char *text)
{
    termtext_add(line, text, TERMTEXT_MAX_CHARACTERS);
}

static void format_cell_place(const struct sd_diagnostic *d, struct strbuf *line)
{
    strbuf_puts(line, ":");
    add_part(line, d->cell);
    strbuf_printf(line, ": %s: [%s] ", severity_word(d->severity), d->rule);
    const char *who = d->student ? d->student : d->stage;
    add_part(line, who);
    if (d->header) {
        strbuf_puts(line, who ? ", colonne « " : "colonne « ");
        add_part(line, d->header);
        strbuf_puts(line, " »");
    }
    if (who || d->header)
        strbuf_puts(line, " : ");
}

static void format_place(const struct sd_diagnostic *d, struct strbuf *line)
{
    add_part(line, d->file ? d->file : "stagedoc");
    if (d->cell) {
        format_cell_place(d, line);
        return;
    }
    if (d->line) {
        strbuf_printf(line, ":%u", d->line);
        if (d->column)
            strbuf_printf(line, ":%u", d->column);
    }
    strbuf_printf(line, ": %s: [%s] ", severity_word(d->severity), d->rule);
    if (d->stage) {
        add_part(line, d->stage);
        strbuf_puts(line, " : ");
    }
}


/* The progress line. */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "1 min 40 s", "12 s". */
static void format_duration(double seconds, char *out, size_t size)
{
    long whole = (long)(seconds + 0.5);
    if (whole >= 60)
        snprintf(out, size, "%ld min %02ld s", whole / 60, whole % 60);
    else
        snprintf(out, size, "%ld s", whole);
}

static void draw(struct report *report, double at)
{
    struct progress *progress = &report->progress;
    double elapsed = at - progress->started;
    double rate = elapsed > 0 ? (double)progress->done / elapsed : 0;
    fprintf(stderr, "\r\033[Kstagedoc %s : %zu", report->command, progress->done);
    if (progress->total)
        fprintf(stderr, "/%zu %s (%zu %%)", progress->total, progress->unit,
                progress->done * 100 / progress->total);
    else
        fprintf(stderr, " %s", progress->unit);
    if (rate > 0)
        fprintf(stderr, ", %.0f %s/s", rate, progress->unit);
    if (rate > 0 && progress->total > progress->done) {
        char left[32];
        format_duration((double)(progress->total - progress->done) / rate, left, sizeof left);
        fprintf(stderr, ", reste %s", left);
    }
    fflush(stderr);
    progress->drawn = true;
    progress->last_drawn = at;
}

/* Before anything else is printed on the terminal. */
static void clear_progress(struct report *report)
{
    if (!report->progress.drawn)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    report->progress.drawn = false;
}

/* Where the run is: the line is drawn from the first event on, redrawn
 * when it is time to. */
static int on_progress(void *user, const struct sd_progress *event)
{
    struct report *report = user;
    struct progress *progress = &report->progress;
    if (!progress->begun)
        *progress = (struct progress){.begun = true, .started = now(),
                                      .enabled = !report->quiet && isatty(STDERR_FILENO)};
    progress->unit = event->unit;
    progress->done = event->done;
    progress->total = event->total;
    if (!progress->enabled)
        return 0;
    double at = now();
    if (progress->done == 1 || at - progress->last_drawn >= REDRAW_SECONDS)
        draw(report, at);
    return 0;
}

/* What the engine tells. */

/* One line, as report.h shows. */
static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct strbuf line = STRBUF_INIT;
    format_place(d, &line);
    termtext_add(&line, d->message, MESSAGE_MAX_CHARACTERS);
    if (d->todo) {
        strbuf_puts(&line, " À faire : ");
        termtext_add(&line, d->todo, MESSAGE_MAX_CHARACTERS);
    }
    strbuf_puts(&line, "\n");
    clear_progress(user);
    fputs(strbuf_failed(&line) ? "stagedoc: mémoire insuffisante\n" : strbuf_str(&line), stderr);
    strbuf_free(&line);
}

/* Notes are the engine's own French sentences, escaped where they quote a
 * file already. */
static void on_note(void *user, enum sd_severity severity, const char *text)
{
    (void)severity;
    clear_progress(user);
    fputs(text, stderr);
    fputc('\n', stderr);
}

static void on_data(void *user, const char *text)
{
    clear_progress(user); /* stdout may be the same terminal */
    fputs(text, stdout);
}

static void on_output(void *user, const struct sd_output *output)
{
    struct report *report = user;
    if (!report->outputs)
        return;
    clear_progress(report); /* stdout may be the same terminal */
    termtext_print(stdout, output->shown ? output->shown : output->name, 0);
    putchar('\n');
}

struct sd_events report_events(struct report *report, const char *command, bool quiet)
{
    *report = (struct report){.command = command, .quiet = quiet, .outputs = true};
    struct sd_events events = SD_EVENTS_INIT;
    events.user = report;
    events.diagnostic = on_diagnostic;
    events.note = on_note;
    events.data = on_data;
    events.progress = on_progress;
    events.output = on_output;
    return events;
}

void report_finish(struct report *report)
{
    clear_progress(report);
    report->progress.enabled = false;
}
