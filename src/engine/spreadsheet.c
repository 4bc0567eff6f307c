/* spreadsheet.c — a class spreadsheet read through a temporary promotion. */
#include "spreadsheet.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../input/loader.h"
#include "../util/file.h"
#include "../util/interrupt.h"
#include "../util/fold.h"
#include "../util/strbuf.h"
#include "../util/termtext.h"
#include "run.h"

bool spreadsheet_is_named(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (file_is_directory(path) && !(dot && !strchr(dot, '/') && !strcasecmp(dot, ".xml")))
        return true; /* a folder of CSV files, one a sheet */
    static const char *const extensions[] = {".csv", ".xlsx", ".ods"};
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (strcasecmp(dot, extensions[i]) == 0)
            return true;
    return false;
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

sd_status spreadsheet_import(const struct run_context *context, const char *path,
                                  struct import_result *result, size_t counts[3])
{
    memset(result, 0, sizeof *result);
    memset(counts, 0, 3 * sizeof *counts);
    struct column_map map;
    if (!spreadsheet_load_columns(context, &map)) {
        columns_free(&map);
        return SD_IO;
    }
    size_t max_size = context->max_size ? context->max_size : LOADER_DEFAULT_MAX_SIZE;
    struct table_set set;
    struct diag_list diags = DIAG_LIST_INIT;
    enum import_read read = import_read_workbook(path, spreadsheet_label(path), max_size,
                                                 context->encoding, &set, &diags);
    sd_status code = read == IMPORT_READ_IO ? SD_IO : SD_INVALID;
    if (read == IMPORT_READ_OK) {
        struct rows_progress progress = {context->run, 0};
        struct import_progress hook = {row_done, &progress};
        bool converted = import_convert(&set, &map, context->commun, max_size, &diags, &hook,
                                        result) &&
                         load_messages(context, result);
        if (converted)
            code = SD_OK;
        else if (!diags.counts[SEVERITY_ERROR] || result->commun_unreadable)
            code = SD_IO; /* out of memory, or --commun not there */
    }
    run_diag_all(context->run, &diags);
    memcpy(counts, diags.counts, 3 * sizeof *counts);
    diag_list_free(&diags);
    table_set_free(&set);
    columns_free(&map);
    return code;
}

/* The promotion in an unlinked file, read back as /proc/self/fd/N: it has
 * no name in $TMPDIR, so nothing of the class (names, birth dates,
 * addresses) stays there whatever ends the run, SIGKILL included. Forked
 * workers inherit the descriptor, and so the same path. */
static bool write_unnamed(struct spreadsheet_input *input, const char *dir,
                          struct strbuf *path)
{
    FILE *file = file_open_temporary(dir);
    if (!file)
        return false;
    const struct import_result *result = &input->result;
    int fd = fileno(file);
    strbuf_printf(path, "/proc/self/fd/%d", fd);
    bool ok = file_write_all(fd, result->xml, result->xml_size) && !strbuf_failed(path) &&
              access(strbuf_str(path), R_OK) == 0; /* no /proc: a named file instead */
    if (!ok) {
        fclose(file);
        strbuf_reset(path);
        return false;
    }
    input->xml_file = file;
    return true;
}

/* Without /proc: a named file, removed at the end and, should a signal stop
 * the run, by the handler of interrupt.h. */
static bool write_named(struct spreadsheet_input *input, const char *dir, struct strbuf *path)
{
    strbuf_printf(path, "%s/stagedoc-tableur-XXXXXX", dir);
    interrupt_hold();
    int fd = strbuf_failed(path) ? -1 : mkstemp(path->data);
    input->tracked = fd >= 0 ? interrupt_track_file(AT_FDCWD, path->data) : -1;
    interrupt_release();
    if (fd >= 0 && input->tracked < 0) { /* a $TMPDIR too long to track */
        unlink(path->data);
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        return false;
    const struct import_result *result = &input->result;
    bool ok = file_write_all(fd, result->xml, result->xml_size);
    ok = close(fd) == 0 && ok;
    if (!ok) {
        unlink(path->data);
        interrupt_untrack_file(input->tracked);
        input->tracked = -1;
    }
    return ok;
}

sd_status spreadsheet_input_write(const struct run_context *context,
                                  struct spreadsheet_input *input)
{
    const char *dir = context->run->engine->tmp_dir;
    struct strbuf path = STRBUF_INIT;
    input->tracked = -1;
    bool ok = write_unnamed(input, dir, &path) || write_named(input, dir, &path);
    /* The walk reads the file; the rows and lines are all it needs. */
    free(input->result.xml);
    input->result.xml = NULL;
    if (!ok) {
        run_note(context->run, SEVERITY_ERROR,
                 "stagedoc: %s : impossible d'écrire la promotion temporaire dans %s. "
                 "À faire : libérez de la place ou donnez un autre dossier dans TMPDIR.",
                 spreadsheet_label(input->path), dir);
        strbuf_free(&path);
        return SD_IO;
    }
    input->xml_path = strbuf_detach(&path);
    return SD_OK;
}

sd_status spreadsheet_input_open(const struct run_context *context, const char *path,
                                      struct spreadsheet_input *input)
{
    memset(input, 0, sizeof *input);
    input->path = path;
    input->tracked = -1;
    sd_status code = spreadsheet_import(context, path, &input->result, input->counts);
    return code == SD_OK ? spreadsheet_input_write(context, input) : code;
}

sd_status spreadsheet_for_run(const struct run_context *context, const char *path,
                                   struct spreadsheet_input **input, size_t counts[3])
{
    struct spreadsheet_list *list = context->spreadsheets;
    size_t i = 0;
    while (i < list->count && strcmp(list->items[i].path, path) != 0)
        i++;
    if (i == list->count) {
        struct spreadsheet_input *items = realloc(list->items, (i + 1) * sizeof *items);
        sd_status *codes = items ? realloc(list->codes, (i + 1) * sizeof *codes) : NULL;
        if (items)
            list->items = items;
        if (!codes)
            return SD_IO;
        list->codes = codes;
        list->codes[i] = spreadsheet_input_open(context, path, &list->items[i]);
        list->count++;
    }
    *input = list->codes[i] == SD_OK ? &list->items[i] : NULL;
    memcpy(counts, list->items[i].counts, 3 * sizeof *counts);
    return list->codes[i];
}

void spreadsheet_list_free(struct spreadsheet_list *list)
{
    for (size_t i = 0; list && i < list->count; i++)
        spreadsheet_input_close(&list->items[i]);
    if (list) {
        free(list->items);
        free(list->codes);
        memset(list, 0, sizeof *list);
    }
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

void spreadsheet_point_back(struct diag *diag, void *data)
{
    const struct spreadsheet_input *input = data;
    const char *read_as = input->read_as ? input->read_as : input->xml_path;
    if (!diag->file || !read_as || strcmp(diag->file, read_as) != 0)
        return;
    const struct import_result *result = &input->result;
    set_text(&diag->file, spreadsheet_label(input->path));
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

void spreadsheet_input_close(struct spreadsheet_input *input)
{
    if (input->xml_file)
        fclose(input->xml_file); /* unlinked already: gone with its descriptor */
    else if (input->xml_path)
        unlink(input->xml_path);
    interrupt_untrack_file(input->tracked);
    free(input->xml_path);
    import_result_free(&input->result);
    memset(input, 0, sizeof *input);
}
