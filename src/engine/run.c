/* run.c — opening the engine, runs, and the events every part of the engine
 * speaks through (run.h). */
#include "run.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "../util/file.h"
#include "spreadsheet.h"

/* ------------------------------------------------------------ statuses */

/* How bad each status is: a usage error or an I/O failure beats an
 * invalid input; a cancelled run beats everything. */
static int status_rank(sd_status status)
{
    switch (status) {
    case SD_OK: return 0;
    case SD_INVALID: return 1;
    case SD_LIMIT: return 2;
    case SD_USAGE: return 3;
    case SD_IO: return 4;
    case SD_NOMEM: return 5;
    case SD_INTERNAL: return 6;
    case SD_CANCELLED: return 7;
    }
    return 6;
}

sd_status sd_status_worst(sd_status a, sd_status b)
{
    return status_rank(a) >= status_rank(b) ? a : b;
}

const char *sd_status_text(sd_status status)
{
    switch (status) {
    case SD_OK: return "fait";
    case SD_INVALID: return "entrée invalide";
    case SD_USAGE: return "argument incorrect";
    case SD_IO: return "fichier illisible ou impossible à écrire";
    case SD_LIMIT: return "entrée trop grande";
    case SD_CANCELLED: return "interrompu";
    case SD_NOMEM: return "mémoire insuffisante";
    case SD_INTERNAL: return "erreur interne";
    }
    return "erreur interne";
}

/* ------------------------------------------------------------ the process */

static int global_users;

/* Inputs are parsed without network or DTD loading already; this loader
 * is the second lock: whatever asks for an external resource gets none. */
static xmlParserInputPtr refuse_external_entity(const char *url, const char *id,
                                                xmlParserCtxtPtr context)
{
    (void)url;
    (void)id;
    (void)context;
    return NULL;
}

sd_status sd_global_init(void)
{
    if (global_users++ == 0) {
        xmlInitParser();
        xmlSetExternalEntityLoader(refuse_external_entity);
    }
    return SD_OK;
}

void sd_global_cleanup(void)
{
    if (global_users > 0 && --global_users == 0)
        xmlCleanupParser();
}

/* ------------------------------------------------------------ the engine */

static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

sd_status sd_engine_open(const struct sd_config *config, sd_engine **out)
{
    sd_engine *engine = calloc(1, sizeof *engine);
    *out = engine;
    if (!engine)
        return SD_NOMEM;
    engine->error = (struct strbuf)STRBUF_INIT;
    if (!config || config->version != SD_CONFIG_VERSION || !config->templates_dir) {
        strbuf_puts(&engine->error, "configuration incomplète (version, dossier des modèles)");
        return SD_USAGE;
    }
    engine->fonts_dir = copy_or_null(config->fonts_dir);
    engine->hyphenation = copy_or_null(config->hyphenation);
    engine->root = copy_or_null(config->root);
    engine->tmp_dir = copy_or_null(config->tmp_dir ? config->tmp_dir : "/tmp");
    engine->fixed_date = config->fixed_date;
    struct run_options options = {.templates_dir = config->templates_dir,
                                  .region = config->region,
                                  .max_size = config->max_size,
                                  .root = engine->root};
    return run_context_open(&engine->context, &options, engine);
}

const char *sd_engine_error(const sd_engine *engine)
{
    return engine ? strbuf_str(&engine->error) : "mémoire insuffisante";
}

sd_status sd_engine_set_root(sd_engine *engine, const char *root)
{
    char *copy = copy_or_null(root);
    if (root && !copy)
        return SD_NOMEM;
    free(engine->root);
    engine->root = copy;
    engine->context.root = copy;
    return SD_OK;
}

void sd_engine_close(sd_engine *engine)
{
    if (!engine)
        return;
    run_context_close(&engine->context);
    free(engine->fonts_dir);
    free(engine->hyphenation);
    free(engine->root);
    free(engine->tmp_dir);
    strbuf_free(&engine->error);
    free(engine);
}

/* ------------------------------------------------------------ runs */

sd_run *sd_run_new(sd_engine *engine, const struct sd_events *events)
{
    sd_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->engine = engine;
    if (events && events->version == SD_EVENTS_VERSION)
        run->events = *events;
    run->error = (struct strbuf)STRBUF_INIT;
    run->least = SEVERITY_INFO;
    run->context = engine->context;
    run->context.run = run;
    run->context.spreadsheets = calloc(1, sizeof *run->context.spreadsheets);
    if (!run->context.spreadsheets) {
        free(run);
        return NULL;
    }
    return run;
}

const char *sd_run_error(const sd_run *run)
{
    return strbuf_str(&run->error);
}

size_t sd_run_count(const sd_run *run, enum sd_severity severity)
{
    return severity <= SD_ERROR ? run->counts[severity] : 0;
}

void sd_run_cancel(sd_run *run)
{
    run->cancelled = 1;
}

void sd_run_free(sd_run *run)
{
    if (!run)
        return;
    spreadsheet_list_free(run->context.spreadsheets);
    free(run->context.spreadsheets);
    strbuf_free(&run->error);
    free(run);
}

sd_status run_begin(sd_run *run, const char *command, const struct sd_read_options *read)
{
    run->context.command = command;
    if (run_cancelled(run))
        return SD_CANCELLED;
    if (!read)
        return SD_OK;
    if (read->version != SD_READ_VERSION) {
        run_fail(run, "options de lecture d'une autre version");
        return SD_USAGE;
    }
    run->least = (enum severity)read->least;
    run->context.commun = read->commun;
    run->context.encoding = TEXT_ENCODING_AUTO;
    if (read->encoding && !text_encoding_parse(read->encoding, &run->context.encoding)) {
        run_fail(run, "encodage « %s » inconnu : utf-8 ou windows-1252 attendu", read->encoding);
        return SD_USAGE;
    }
    return SD_OK;
}

sd_status run_need_rendering(sd_run *run)
{
    sd_engine *engine = run->engine;
    if (!engine->rendering_tried) {
        engine->rendering_tried = true;
        engine->rendering_status = run_context_open_rendering(&engine->context, run);
    }
    /* The run's copy sees what was loaded. */
    run->context.fonts = engine->context.fonts;
    run->context.pdf_fonts = engine->context.pdf_fonts;
    run->context.templates = engine->context.templates;
    run->context.hyphenator = engine->context.hyphenator;
    return engine->rendering_status;
}

sd_status sd_engine_prepare(sd_engine *engine, const struct sd_events *events)
{
    sd_run *run = sd_run_new(engine, events);
    if (!run)
        return SD_NOMEM;
    sd_status status = run_need_rendering(run);
    sd_run_free(run);
    return status;
}

/* ------------------------------------------------------------ events */

/* "Stagiaires!D12" → sheet "Stagiaires", row 12, column "D". */
static void split_cell(const char *cell, char *sheet, size_t sheet_size, char *column,
                       size_t column_size, unsigned *row)
{
    const char *bang = strrchr(cell, '!');
    const char *ref = bang ? bang + 1 : cell;
    sheet[0] = '\0';
    if (bang) {
        size_t length = (size_t)(bang - cell);
        if (length >= sheet_size)
            length = sheet_size - 1;
        memcpy(sheet, cell, length);
        sheet[length] = '\0';
    }
    size_t letters = 0;
    while (ref[letters] >= 'A' && ref[letters] <= 'Z' && letters + 1 < column_size) {
        column[letters] = ref[letters];
        letters++;
    }
    column[letters] = '\0';
    *row = (unsigned)strtoul(ref + letters, NULL, 10);
}

static void give(sd_run *run, const struct diag *diag)
{
    char sheet[128], column[8];
    unsigned row = 0;
    if (diag->cell)
        split_cell(diag->cell, sheet, sizeof sheet, column, sizeof column, &row);
    struct sd_diagnostic given = {
        .severity = (enum sd_severity)diag->severity,
        .rule = diag->rule ? diag->rule : "",
        .stage = diag->stage_id,
        .student = diag->student,
        .file = diag->file,
        .line = diag->line,
        .column = diag->column,
        .sheet = diag->cell && sheet[0] ? sheet : NULL,
        .cell = diag->cell,
        .row = row,
        .column_name = diag->cell && column[0] ? column : NULL,
        .header = diag->header,
        .message = diag->message ? diag->message : "",
        .plain = diag->plain,
        .todo = diag->hint,
    };
    run->events.diagnostic(run->events.user, &given);
}

void run_diag(sd_run *run, const struct diag *diag)
{
    if (diag->severity < run->least)
        return;
    run->counts[diag->severity]++;
    if (run->events.diagnostic)
        give(run, diag);
}

void run_diag_all(sd_run *run, const struct diag_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        run_diag(run, &list->items[i]);
}

void run_note(sd_run *run, enum severity severity, const char *format, ...)
{
    if (!run->events.note)
        return;
    struct strbuf text = STRBUF_INIT;
    va_list args;
    va_start(args, format);
    strbuf_vprintf(&text, format, args);
    va_end(args);
    run->events.note(run->events.user, (enum sd_severity)severity,
                     strbuf_failed(&text) ? "mémoire insuffisante" : strbuf_str(&text));
    strbuf_free(&text);
}

void run_data(sd_run *run, const char *text)
{
    if (run->events.data)
        run->events.data(run->events.user, text);
}

bool run_progress(sd_run *run, const char *unit, size_t done, size_t total)
{
    if (run->events.progress) {
        struct sd_progress progress = {unit, done, total};
        if (run->events.progress(run->events.user, &progress) != 0)
            run->cancelled = 1;
    }
    return !run->cancelled;
}

void run_output(sd_run *run, const struct sd_output *output)
{
    if (run->events.output)
        run->events.output(run->events.user, output);
}

void run_fail(sd_run *run, const char *format, ...)
{
    if (run->error.len)
        return;
    va_list args;
    va_start(args, format);
    strbuf_vprintf(&run->error, format, args);
    va_end(args);
}

bool run_cancelled(const sd_run *run)
{
    return run->cancelled != 0;
}

sd_status run_end(const sd_run *run, sd_status status)
{
    return run_cancelled(run) ? sd_status_worst(status, SD_CANCELLED) : status;
}
