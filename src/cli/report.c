/* report.c — the command line's events handler (see report.h). */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>

#include "../util/strbuf.h"
#include "../util/termtext.h"

/* Everything a diagnostic holds may come from someone else's file (a cell,
 * a PDF field, a ZIP entry name): each part is escaped for the terminal,
 * and a message is cut long before it could bury the others. */
#define MESSAGE_MAX_CHARACTERS 2000

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

char *report_format_diagnostic(const struct sd_diagnostic *d)
{
    struct strbuf line = STRBUF_INIT;
    format_place(d, &line);
    termtext_add(&line, d->message, MESSAGE_MAX_CHARACTERS);
    if (d->todo) {
        strbuf_puts(&line, " À faire : ");
        termtext_add(&line, d->todo, MESSAGE_MAX_CHARACTERS);
    }
    strbuf_puts(&line, "\n");
    if (strbuf_failed(&line)) {
        strbuf_free(&line);
        return NULL;
    }
    return strbuf_detach(&line);
}

static void on_diagnostic(void *user, const struct sd_diagnostic *diagnostic)
{
    struct report *report = user;
    progress_clear(&report->progress);
    char *line = report_format_diagnostic(diagnostic);
    fputs(line ? line : "stagedoc: mémoire insuffisante\n", stderr);
    free(line);
}

/* Notes are the engine's own French sentences, escaped where they quote a
 * file already. */
static void on_note(void *user, enum sd_severity severity, const char *text)
{
    struct report *report = user;
    (void)severity;
    progress_clear(&report->progress);
    fputs(text, stderr);
    fputc('\n', stderr);
}

static void on_data(void *user, const char *text)
{
    struct report *report = user;
    progress_clear(&report->progress); /* stdout may be the same terminal */
    fputs(text, stdout);
}

static int on_progress(void *user, const struct sd_progress *progress)
{
    struct report *report = user;
    if (!report->progress.command)
        progress_start(&report->progress, report->command, progress->unit, progress->total,
                       report->quiet);
    progress_set(&report->progress, progress->unit, progress->done, progress->total);
    return 0;
}

static void on_output(void *user, const struct sd_output *output)
{
    struct report *report = user;
    if (!report->outputs)
        return;
    progress_clear(&report->progress); /* stdout may be the same terminal */
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
    progress_finish(&report->progress);
}
