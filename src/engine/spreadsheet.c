/* spreadsheet.c — a class workbook read through a promotion kept in
 * memory, and its diagnostics pointed back at its cells. */
#include "spreadsheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../input/loader.h"
#include "../util/array.h"
#include "../util/file.h"
#include "../util/fold.h"
#include "../util/strbuf.h"
#include "../util/termtext.h"
#include "records.h"
#include "run.h"

/* A name ending in .csv, .xlsx or .ods (any case). */
static bool has_workbook_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    static const char *const extensions[] = {".csv", ".xlsx", ".ods"};
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (strcasecmp(dot, extensions[i]) == 0)
            return true;
    return false;
}

bool spreadsheet_is_named(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (file_is_directory(path) && !(dot && !strchr(dot, '/') && !strcasecmp(dot, ".xml")))
        return true; /* a folder of CSV files, one a sheet */
    return has_workbook_extension(path);
}

bool spreadsheet_is_input(const struct sd_input *input)
{
    if (input->path)
        return spreadsheet_is_named(input->path);
    return input->name && has_workbook_extension(input->name);
}

const char *spreadsheet_label(const char *path)
{
    return strcmp(path, "-") ? path : "entrée";
}

bool spreadsheet_load_columns(const struct run_context *context, struct column_map *map)
{
    char *columns_path = run_context_template_path(context, "import/colonnes.tsv");
    struct strbuf error = STRBUF_INIT;
    bool ok = columns_path && columns_load(columns_path, map, &error);
    if (!ok)
        run_note(context->run, SEVERITY_ERROR, "stagedoc: %s",
                 columns_path ? strbuf_str(&error) : "mémoire insuffisante");
    strbuf_free(&error);
    free(columns_path);
    return ok;
}

/* What diagnostics say to a workbook's author (messages.tsv). */
static bool load_messages(const struct run_context *context, struct import_result *result)
{
    char *path = run_context_template_path(context, "import/messages.tsv");
    struct strbuf error = STRBUF_INIT;
    bool ok = path && import_messages_load(path, &result->layout, &error);
    if (!ok) {
        char *shown = termtext_escape(path ? strbuf_str(&error) : "mémoire insuffisante", 0);
        run_note(context->run, SEVERITY_ERROR, "stagedoc: %s",
                 shown ? shown : "mémoire insuffisante");
        free(shown);
    }
    strbuf_free(&error);
    free(path);
    return ok;
}

/* Progress counts the students; their number is known once read. */
struct rows_progress {
    sd_run *run;
    size_t done;
};

static void row_done(void *data, size_t rows)
{
    struct rows_progress *progress = data;
    run_progress(progress->run, "stagiaires", ++progress->done, rows);
}

/* The values of a student's row a "ligne" record shows: its key, its
 * cell's key, and the field's path in the layout. */
static const struct shown_value {
    const char *key, *cell_key, *path;
} shown_values[] = {
    {"nom", "nom_cell", "stagiaire/nom"},
    {"prenom", "prenom_cell", "stagiaire/prenom"},
    {"entreprise", "entreprise_cell", "entreprise/raison-sociale"},
    {"debut", "debut_cell", "periode/@debut"},
    {"fin", "fin_cell", "periode/@fin"},
    {"unite", "unite_cell", "unite"},
};

/* A student's row as written, as a "ligne" record, before its cells are
 * checked. */
static void row_read(void *data, const struct import_row *row)
{
    struct rows_progress *progress = data;
    struct record record = RECORD_INIT;
    record_add(&record, "file", row->file);
    record_add(&record, "sheet", row->sheet);
    record_add_number(&record, "row", row->number);
    for (size_t i = 0; i < sizeof shown_values / sizeof *shown_values; i++) {
        char cell[24];
        const char *text = import_row_cell(row, shown_values[i].path, cell);
        record_add_trimmed(&record, shown_values[i].key, text);
        record_add_copy(&record, shown_values[i].cell_key, cell[0] ? cell : NULL);
    }
    record_give(progress->run, "ligne", &record);
}

/* The workbook's sheets into set, from its file or its bytes. */
static enum import_read read_workbook(const struct run_context *context,
                                      const struct spreadsheet_input *sheet, size_t max_size,
                                      struct table_set *set, struct diag_list *diags)
{
    if (sheet->path)
        return import_read_workbook(sheet->path, sheet->label, max_size, context->encoding, set,
                                    diags);
    return import_read_workbook_bytes((const char *)sheet->bytes, sheet->size, sheet->label,
                                      max_size, context->encoding, set, diags);
}

/* The run's --commun, as the importer reads it. */
static const struct import_commun *commun_of(const struct run_context *context,
                                             struct import_commun *commun)
{
    const struct sd_input *given = context->commun;
    if (!given)
        return NULL;
    *commun = (struct import_commun){given->name, given->path, (const char *)given->bytes,
                                     given->size};
    return commun;
}

/* The workbook to a promotion in sheet->result; cell problems said. */
static sd_status import_sheet(const struct run_context *context,
                              struct spreadsheet_input *sheet)
{
    struct column_map map;
    if (!spreadsheet_load_columns(context, &map)) {
        columns_free(&map);
        return SD_IO;
    }
    size_t max_size = context->max_size ? context->max_size : LOADER_DEFAULT_MAX_SIZE;
    struct table_set set;
    struct diag_list diags = DIAG_LIST_INIT;
    enum import_read read = read_workbook(context, sheet, max_size, &set, &diags);
    sd_status code = read == IMPORT_READ_IO ? SD_IO : SD_INVALID;
    if (read == IMPORT_READ_OK) {
        struct rows_progress progress = {context->run, 0};
        struct import_progress hook = {row_done, &progress,
                                       run_records(context->run) ? row_read : NULL};
        struct import_commun commun;
        bool converted = import_convert(&set, &map, commun_of(context, &commun), max_size,
                                        &diags, &hook, &sheet->result) &&
                         load_messages(context, &sheet->result);
        if (converted)
            code = SD_OK;
        else if (!diags.counts[SEVERITY_ERROR] || sheet->result.commun_unreadable)
            code = SD_IO; /* out of memory, or --commun not there */
    }
    run_diag_all(context->run, &diags);
    memcpy(sheet->counts, diags.counts, sizeof sheet->counts);
    diag_list_free(&diags);
    table_set_free(&set);
    columns_free(&map);
    return code;
}

sd_status spreadsheet_input_open(const struct run_context *context,
                                 const struct sd_input *input, const char *folder,
                                 struct spreadsheet_input *sheet)
{
    memset(sheet, 0, sizeof *sheet);
    sheet->path = input->path ? strdup(input->path) : NULL;
    sheet->bytes = input->path ? NULL : input->bytes;
    sheet->size = input->path ? 0 : input->size;
    const char *name = input->name ? input->name : input->path ? input->path : "-";
    sheet->label = strdup(spreadsheet_label(name));
    sheet->folder = strdup(folder ? folder : ".");
    /* A name no file has: only diagnostics on the promotion carry it, and
     * spreadsheet_point_back gives them the workbook's cells instead. */
    struct strbuf read_as = STRBUF_INIT;
    strbuf_printf(&read_as, "%s (promotion importée)", sheet->label ? sheet->label : "");
    sheet->read_as = strbuf_detach(&read_as);
    if ((input->path && !sheet->path) || !sheet->label || !sheet->folder || !sheet->read_as) {
        run_fail(context->run, "mémoire insuffisante");
        return sheet->status = SD_NOMEM;
    }
    return sheet->status = import_sheet(context, sheet);
}

/* The same input as sheet's: the same file, or the same bytes. */
static bool same_input(const struct spreadsheet_input *sheet, const struct sd_input *input)
{
    if (input->path)
        return sheet->path && strcmp(sheet->path, input->path) == 0;
    return !sheet->path && sheet->bytes == input->bytes && sheet->size == input->size;
}

sd_status spreadsheet_for_run(const struct run_context *context, const struct sd_input *input,
                              const char *folder, struct spreadsheet_input **sheet,
                              size_t counts[3])
{
    struct spreadsheet_list *list = context->spreadsheets;
    size_t i = 0;
    while (i < list->count && !same_input(list->items[i], input))
        i++;
    if (i == list->count) {
        struct spreadsheet_input *opened = malloc(sizeof *opened);
        if (!opened || !ARRAY_GROW(list->items, list->capacity, list->count + 1)) {
            free(opened);
            *sheet = NULL;
            memset(counts, 0, 3 * sizeof *counts);
            run_fail(context->run, "mémoire insuffisante");
            return SD_NOMEM;
        }
        spreadsheet_input_open(context, input, folder, opened);
        list->items[list->count++] = opened;
    }
    struct spreadsheet_input *found = list->items[i];
    *sheet = found->status == SD_OK ? found : NULL;
    memcpy(counts, found->counts, 3 * sizeof *counts);
    return found->status;
}

void spreadsheet_list_free(struct spreadsheet_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        spreadsheet_input_close(list->items[i]);
        free(list->items[i]);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* Of the values on a line, the one a diagnostic is about: the attribute
 * its message names (« fin » for a stage too long, told « … la date de fin
 * … »), else the first. */
/* Does text mention title (any case, any accents)? */
static bool mentions(const char *text, const char *title)
{
    char *folded_text = text ? fold_for_comparison(text) : NULL;
    char *folded_title = title ? fold_for_comparison(title) : NULL;
    bool found = folded_text && folded_title && *folded_title &&
                 strstr(folded_text, folded_title) != NULL;
    free(folded_text);
    free(folded_title);
    return found;
}

/* The leaf of an origin's field: "fin" for "periode/@fin". */
static const char *origin_leaf(const struct import_layout *layout,
                               const struct import_origin *origin)
{
    const char *path = origin->spec < layout->count ? layout->paths[origin->spec] : "";
    const char *leaf = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    return leaf + (leaf[0] == '@');
}

/* Of the values on the diagnostic's line, the one it is about: the one it
 * names (a schema error's attribute), the one messages.tsv says decides
 * its rule, one whose header or attribute the message mentions; else, but
 * for the <stage> line itself (its attributes decide little), the last. */
static const struct import_origin *pick_origin(const struct import_result *result,
                                               const struct import_origin *origins,
                                               size_t count, const struct diag *diag,
                                               bool stage_line)
{
    const struct import_layout *layout = &result->layout;
    const char *decides = import_message(layout, "cellule", diag->rule);
    for (size_t i = 0; i < count; i++) {
        const char *leaf = origin_leaf(layout, &origins[i]);
        if ((diag->about && !strcmp(leaf, diag->about)) ||
            (decides && !strcmp(leaf, decides + (decides[0] == '@'))))
            return &origins[i];
    }
    for (size_t i = 0; diag->message && i < count; i++) {
        const char *title = origins[i].spec < layout->count ? layout->titles[origins[i].spec]
                                                            : NULL;
        const char *leaf = origin_leaf(layout, &origins[i]);
        bool named = strchr(leaf, '-') && (strstr(diag->message, leaf) ||
                                           (diag->hint && strstr(diag->hint, leaf)));
        if (named || mentions(diag->message, title) || mentions(diag->hint, title))
            return &origins[i];
    }
    return count && !stage_line ? &origins[count - 1] : NULL;
}

static void set_text(char **field, const char *text)
{
    char *copy = text ? strdup(text) : NULL;
    if (text && !copy)
        return;
    free(*field);
    *field = copy;
}

static void point_at(struct diag *diag, const struct import_result *result, unsigned sheet,
                     unsigned row, unsigned column, const char *header)
{
    char letters[8];
    table_column_name(column, letters);
    struct strbuf cell = STRBUF_INIT;
    strbuf_printf(&cell, "%s%s%u", sheet < result->sheet_count ? result->sheet_cells[sheet] : "",
                  letters, row);
    if (sheet < result->sheet_count)
        set_text(&diag->file, result->sheet_labels[sheet]);
    set_text(&diag->cell, strbuf_str(&cell));
    set_text(&diag->header, header);
    strbuf_free(&cell);
}

/* The message and hint in the workbook's words: the plain wording when the
 * message has one (a schema error), XML words replaced by places. */
static void say_plainly(struct diag *diag, const struct import_layout *layout)
{
    char **fields[] = {&diag->message, &diag->hint};
    const char *advice = diag->severity > SEVERITY_INFO /* advice mends, an information */
                             ? import_message(layout, "conseil", diag->rule) : NULL;
    if (advice)
        set_text(&diag->hint, advice);
    if (diag->plain) {
        free(diag->message);
        diag->message = diag->plain;
        diag->plain = NULL;
        set_text(&diag->hint, "corrigez la cellule : la note de son intitulé dit ce qu'on y "
                              "écrit.");
    }
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (!*fields[i])
            continue;
        struct strbuf text = STRBUF_INIT;
        import_words(layout, *fields[i], &text);
        if (!strbuf_failed(&text)) {
            free(*fields[i]);
            *fields[i] = strbuf_detach(&text);
        }
        strbuf_free(&text);
    }
}

void spreadsheet_point_back(struct diag *diag, const struct spreadsheet_input *input)
{
    if (!diag->file || !input->read_as || strcmp(diag->file, input->read_as) != 0)
        return;
    const struct import_result *result = &input->result;
    set_text(&diag->file, input->label);
    long stage = diag->line ? import_stage_of_line(result, diag->line) : -1;
    size_t count = 0;
    const struct import_origin *origins =
        diag->line ? import_origins_at(result, diag->line, &count) : NULL;
    bool stage_line = stage >= 0 && diag->line == result->lines[stage];
    const struct import_origin *origin = pick_origin(result, origins, count, diag, stage_line);
    if (stage >= 0)
        set_text(&diag->student, result->students[stage]);
    if (origin)
        point_at(diag, result, origin->sheet, origin->row, origin->column,
                 origin->spec < result->layout.count ? result->layout.titles[origin->spec]
                                                     : NULL);
    else if (stage >= 0)
        point_at(diag, result, result->students_sheet, result->rows[stage],
                 result->name_column, NULL);
    diag->line = 0;
    diag->column = 0;
    say_plainly(diag, &result->layout);
}

void spreadsheet_input_close(struct spreadsheet_input *sheet)
{
    free(sheet->path);
    free(sheet->label);
    free(sheet->folder);
    free(sheet->read_as);
    import_result_free(&sheet->result);
    memset(sheet, 0, sizeof *sheet);
}
