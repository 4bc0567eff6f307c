/* walk.c — inputs (files, bytes in memory, workbooks) to stages to visitors,
 * with diagnostics given per stage. */
#include "walk.h"

#include "../util/termtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/input.h"
#include "../input/source.h"
#include "../package/stage_files.h"
#include "../rules/rules.h"
#include "../util/array.h"
#include "../util/keyset.h"
#include "../util/strbuf.h"
#include "records.h"
#include "run.h"
#include "spreadsheet.h"

/* A promotion's shared blocks (session, etablissement) come before its
 * stages; a problem in them is the same for every stage, so it is said once,
 * without a stage id. */
struct shared_filter {
    unsigned first_stage_line; /* 0: not a promotion */
    struct keyset seen;        /* "line:column:rule:message" of what was said */
};

static bool already_said(struct shared_filter *filter, struct diag *diag)
{
    if (!filter->first_stage_line || !diag->line || diag->line >= filter->first_stage_line)
        return false;
    struct strbuf key = STRBUF_INIT;
    strbuf_printf(&key, "%u:%u:%s:%s", diag->line, diag->column, diag->rule, diag->message);
    bool added;
    /* Out of memory: said again rather than lost. */
    bool seen = keyset_add(&filter->seen, strbuf_str(&key), &added) && !added;
    strbuf_free(&key);
    free(diag->stage_id);
    diag->stage_id = NULL;
    return seen;
}

#define NAMES_LISTED 5

/* Keeps an information line back (taking its strings); false when it
 * cannot, and it is to be said now. */
static bool gather(struct gathered_information *gathered, struct diag *diag)
{
    struct gathered_line *line = NULL;
    for (size_t i = 0; i < gathered->count && !line; i++)
        if (!strcmp(gathered->lines[i].diag.rule, diag->rule) &&
            !strcmp(gathered->lines[i].diag.message, diag->message))
            line = &gathered->lines[i];
    bool fresh = line == NULL;
    if (fresh) {
        if (!ARRAY_GROW(gathered->lines, gathered->capacity, gathered->count + 1))
            return false;
        line = &gathered->lines[gathered->count++];
        *line = (struct gathered_line){*diag, 0, STRBUF_INIT}; /* takes its strings */
    }
    const char *who = diag->student ? diag->student : diag->stage_id;
    if (line->count < NAMES_LISTED && who)
        strbuf_printf(&line->who, "%s%s", line->count ? ", " : "", who);
    line->count++;
    if (!fresh)
        diag_free(diag);
    memset(diag, 0, sizeof *diag); /* its strings are the line's, or freed */
    return true;
}

/* One information said of many stagiaires, on one line: the names and the
 * message come from the stages' files, so they are escaped like any
 * diagnostic (diag_print). */
static void print_gathered_line(sd_run *run, const char *command,
                                const struct gathered_line *line)
{
    struct strbuf text = STRBUF_INIT;
    const char *message = line->diag.message;
    size_t length = strlen(message);
    length -= length && message[length - 1] == '.';
    char *shown = strndup(message, length);
    strbuf_printf(&text, "stagedoc %s : information : [%s] ", command, line->diag.rule);
    termtext_add(&text, shown, 2000);
    strbuf_printf(&text, " (%zu stagiaires : ", line->count);
    termtext_add(&text, strbuf_str(&line->who), 2000);
    if (line->count > NAMES_LISTED)
        strbuf_printf(&text, " et %zu autre%s", line->count - NAMES_LISTED,
                      line->count - NAMES_LISTED > 1 ? "s" : "");
    strbuf_puts(&text, ").");
    if (line->diag.hint) {
        strbuf_puts(&text, " À faire : ");
        termtext_add(&text, line->diag.hint, 2000);
    }
    run_note(run, SEVERITY_INFO, "%s", strbuf_str(&text));
    free(shown);
    strbuf_free(&text);
}

void walk_print_information(sd_run *run, const char *command,
                            struct gathered_information *gathered)
{
    for (size_t i = 0; i < gathered->count; i++) {
        struct gathered_line *line = &gathered->lines[i];
        if (line->count == 1)
            run_diag(run, &line->diag);
        else
            print_gathered_line(run, command, line);
        diag_free(&line->diag);
        strbuf_free(&line->who);
    }
    free(gathered->lines);
    memset(gathered, 0, sizeof *gathered);
}

static void flush_diagnostics(sd_run *run, struct diag_list *diags, struct walk_totals *totals,
                              struct shared_filter *filter, struct spreadsheet_input *sheet)
{
    for (size_t i = 0; i < diags->count; i++) {
        struct diag *diag = &diags->items[i];
        if (already_said(filter, diag))
            continue;
        if (sheet)
            spreadsheet_point_back(diag, sheet);
        totals->counts[diag->severity]++;
        if (diag->severity < totals->print_least)
            continue;
        if (diag->severity == SEVERITY_INFO && totals->gathered && gather(totals->gathered, diag))
            continue;
        run_diag(run, diag);
    }
    diag_list_free(diags);
}

void walk_run_rules(const struct run_context *context, const struct stage *stage,
                    const struct calendar *calendar, struct diag_list *diags, void *state)
{
    (void)state;
    struct rule_context rules = {stage, calendar, context->regulation, context->holidays, diags,
                                 context->fonts};
    rules_run(&rules);
    if (!stage_files_check_root(stage, context->root, diags))
        diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "memoire", stage->id,
                 NULL, "mémoire insuffisante.");
}

/* A file that could not be read whole, as the run's status. */
static sd_status status_of_load(enum load_status status)
{
    switch (status) {
    case LOAD_OK: return SD_OK;
    case LOAD_IO_ERROR: return SD_IO;
    case LOAD_LIMIT: return SD_LIMIT;
    case LOAD_INVALID: break;
    }
    return SD_INVALID;
}

/* The stage of input, built, its calendar computed, told as a record when
 * record (its sheet: the workbook it came from, or NULL), then visited. */
static sd_status visit_stage(const struct run_context *context,
                             const struct stage_input *input, stage_visitor visit,
                             void *state, struct diag_list *diags, bool record,
                             const struct spreadsheet_input *sheet)
{
    struct stage stage;
    if (!stage_build(&stage, input)) {
        stage_free(&stage);
        diag_add(diags, SEVERITY_ERROR, (struct position){input->file, 0, 0}, "memoire",
                 input->id, NULL, "mémoire insuffisante.");
        return SD_IO;
    }
    struct calendar calendar;
    calendar_compute(&stage, context->holidays, &calendar);
    if (record)
        record_stage(context->run, &stage, &calendar, sheet);
    visit(context, &stage, &calendar, diags, state);
    stage_free(&stage);
    return SD_OK;
}

/* What a walk reads: a file, or bytes in memory; how its stages name it
 * and where their relative paths start; and the workbook it was imported
 * from, whose cells its diagnostics are pointed back at. */
struct walk_source {
    const char *path;                 /* the file, or how the bytes are named */
    const char *bytes;                /* NULL: read path */
    size_t size;
    const char *named_as;             /* what stages name as their file; NULL: path */
    const char *folder;               /* where their relative paths start */
    struct spreadsheet_input *sheet;  /* or NULL for an XML input */
};

static enum load_status open_source(const struct run_context *context,
                                    const struct walk_source *source, bool check,
                                    const struct walk_totals *totals, struct diag_list *diags,
                                    struct input_file **file)
{
    struct input_options options = {.max_size = context->max_size,
                                    .schema = check ? context->schema : NULL,
                                    .named_as = source->named_as,
                                    .folder = source->folder,
                                    .bytes = source->bytes, .size = source->size};
    if (totals) {
        options.wanted = totals->wanted;
        options.wanted_data = totals->wanted_data;
    }
    return input_open(source->path, &options, diags, file);
}

static sd_status walk_xml(const struct run_context *context, const struct walk_source *source,
                          stage_visitor visit, void *state, struct walk_totals *totals)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct spreadsheet_input *sheet = source->sheet;
    struct input_file *file;
    struct shared_filter filter = {0, KEYSET_INIT};
    enum load_status status =
        open_source(context, source, !totals->checked_already, totals, &diags, &file);
    if (status != LOAD_OK) {
        flush_diagnostics(context->run, &diags, totals, &filter, sheet);
        return status_of_load(status);
    }

    sd_status result = SD_OK;
    struct stage_input input;
    while (input_next_stage(file, &input, &diags)) {
        filter.first_stage_line = input_first_stage_line(file);
        totals->stages++;
        size_t errors_before = diags.counts[SEVERITY_ERROR];
        result = sd_status_worst(result, visit_stage(context, &input, visit, state, &diags,
                                                      totals->records, sheet));
        if (diags.counts[SEVERITY_ERROR] > errors_before)
            result = sd_status_worst(result, SD_INVALID);
        stage_input_release(&input);
        flush_diagnostics(context->run, &diags, totals, &filter, sheet);
        if (totals->progress)
            run_progress(context->run, "stages", ++totals->progress_done,
                         totals->progress_total);
        if (run_cancelled(context->run)) {
            result = sd_status_worst(result, SD_CANCELLED);
            break;
        }
    }
    enum load_status status_at_end = input_status(file);
    if (status_at_end != LOAD_OK)
        result = sd_status_worst(result, status_of_load(status_at_end));
    /* Stages refused by the schema come here, none handed out before them. */
    filter.first_stage_line = input_first_stage_line(file);
    flush_diagnostics(context->run, &diags, totals, &filter, sheet);
    keyset_free(&filter.seen);
    input_close(file);
    return result;
}

/* The promotion a workbook was imported to, read from memory. */
static struct walk_source sheet_source(struct spreadsheet_input *sheet)
{
    return (struct walk_source){.path = sheet->read_as, .bytes = sheet->result.xml,
                                .size = sheet->result.xml_size, .named_as = sheet->label,
                                .folder = sheet->folder, .sheet = sheet};
}

sd_status walk_spreadsheet(const struct run_context *context, struct spreadsheet_input *sheet,
                           stage_visitor visit, void *state, struct walk_totals *totals)
{
    struct walk_source source = sheet_source(sheet);
    return walk_xml(context, &source, visit, state, totals);
}

char *walk_input_folder(const struct run_context *context, const struct sd_input *input)
{
    if (input->dir)
        return strdup(input->dir);
    if (input->path)
        return input_folder_of(input->path);
    return strdup(context->root ? context->root : ".");
}

/* How messages name an input. */
static const char *input_name(const struct sd_input *input)
{
    return input->name ? input->name : input->path ? input->path : "entrée";
}

/* An input the engine can read (a path or bytes); otherwise the run says
 * why. folder gets where its relative paths start. */
static sd_status prepare_input(const struct run_context *context, const struct sd_input *input,
                               char **folder)
{
    *folder = NULL;
    if (!input->path && !input->bytes) {
        run_fail(context->run, "%s : ni chemin ni octets à lire", input_name(input));
        return SD_USAGE;
    }
    *folder = walk_input_folder(context, input);
    if (!*folder) {
        run_fail(context->run, "mémoire insuffisante");
        return SD_NOMEM;
    }
    return SD_OK;
}

/* An XML input: its file, or its bytes named by its name. */
static struct walk_source xml_source(const struct sd_input *input, const char *folder)
{
    if (input->path)
        return (struct walk_source){.path = input->path, .folder = folder};
    return (struct walk_source){.path = input_name(input), .bytes = (const char *)input->bytes,
                                .size = input->size, .folder = folder};
}

sd_status walk_input(const struct run_context *context, const struct sd_input *input,
                     stage_visitor visit, void *state, struct walk_totals *totals)
{
    char *folder;
    sd_status code = prepare_input(context, input, &folder);
    if (code != SD_OK)
        return code;
    totals->files++;
    if (spreadsheet_is_input(input)) {
        struct spreadsheet_input *sheet;
        size_t counts[3];
        code = spreadsheet_for_run(context, input, folder, &sheet, counts);
        for (int severity = 0; severity < 3; severity++)
            totals->counts[severity] += counts[severity];
        if (sheet)
            code = walk_spreadsheet(context, sheet, visit, state, totals);
    } else {
        struct walk_source source = xml_source(input, folder);
        code = walk_xml(context, &source, visit, state, totals);
    }
    free(folder);
    return code;
}

void walk_import_spreadsheets(const struct run_context *context, const struct sd_input *inputs,
                              size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!spreadsheet_is_input(&inputs[i]))
            continue;
        char *folder;
        struct spreadsheet_input *sheet;
        size_t counts[3];
        if (prepare_input(context, &inputs[i], &folder) == SD_OK)
            spreadsheet_for_run(context, &inputs[i], folder, &sheet, counts);
        free(folder);
    }
}

/* Reads an XML input to its end, counting its stages; its errors said
 * only when it does not read whole. */
/* Moves from's errors to the end of to (taking their strings), then frees
 * from: what reading a file met, kept in case the file does not read whole
 * (the loader's budgets bound how many). */
static void keep_errors(struct diag_list *from, struct diag_list *to)
{
    for (size_t i = 0; i < from->count; i++) {
        if (from->items[i].severity != SEVERITY_ERROR ||
            !ARRAY_GROW(to->items, to->capacity, to->count + 1))
            continue;
        to->items[to->count++] = from->items[i];
        to->counts[SEVERITY_ERROR]++;
        memset(&from->items[i], 0, sizeof from->items[i]);
    }
    diag_list_free(from);
}

static sd_status xml_reads_whole(const struct run_context *context,
                                 const struct walk_source *source, size_t *stages)
{
    struct diag_list diags = DIAG_LIST_INIT, errors = DIAG_LIST_INIT;
    struct input_file *file;
    enum load_status status = open_source(context, source, true, NULL, &diags, &file);
    if (status == LOAD_OK) {
        struct stage_input input;
        while (input_next_stage(file, &input, &diags)) {
            stage_input_release(&input);
            keep_errors(&diags, &errors);
            (*stages)++;
        }
        status = input_status(file);
        input_close(file);
    }
    keep_errors(&diags, &errors);
    /* A file that reads whole is walked next, which tells its stages'
     * problems; one that does not is refused now, with why. */
    if (status != LOAD_OK)
        run_diag_all(context->run, &errors);
    diag_list_free(&errors);
    return status_of_load(status);
}

sd_status walk_input_reads_whole(const struct run_context *context, const struct sd_input *input,
                                 size_t *stages)
{
    char *folder;
    sd_status code = prepare_input(context, input, &folder);
    if (code != SD_OK)
        return code;
    if (spreadsheet_is_input(input)) {
        /* A workbook reads whole when every cell is right. */
        struct spreadsheet_input *sheet;
        size_t counts[3];
        code = spreadsheet_for_run(context, input, folder, &sheet, counts);
        if (sheet)
            *stages += sheet->result.stage_count;
    } else {
        struct walk_source source = xml_source(input, folder);
        code = xml_reads_whole(context, &source, stages);
    }
    free(folder);
    return code;
}

static const char *plural(size_t count, const char *one, const char *many)
{
    return count > 1 ? many : one;
}

void walk_print_summary(sd_run *run, const char *command, const struct walk_totals *totals)
{
    run_note(run, SEVERITY_INFO, "stagedoc %s : %zu %s, %zu %s : %zu %s, %zu %s, %zu %s.", command,
            totals->files, plural(totals->files, "fichier", "fichiers"), totals->stages,
            plural(totals->stages, "stage", "stages"), totals->counts[SEVERITY_ERROR],
            plural(totals->counts[SEVERITY_ERROR], "erreur", "erreurs"),
            totals->counts[SEVERITY_WARNING],
            plural(totals->counts[SEVERITY_WARNING], "avertissement", "avertissements"),
            totals->counts[SEVERITY_INFO],
            plural(totals->counts[SEVERITY_INFO], "information", "informations"));
}
