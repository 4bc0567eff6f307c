/* spreadsheet.c — a class spreadsheet read through a temporary promotion. */
#include "spreadsheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../input/loader.h"
#include "../util/file.h"
#include "../util/strbuf.h"
#include "progress.h"

bool spreadsheet_is_named(const char *path)
{
    static const char *const extensions[] = {".csv", ".xlsx", ".ods"};
    const char *dot = strrchr(path, '.');
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

static bool load_columns(const struct run_context *context, struct column_map *map)
{
    char *columns_path = run_context_template_path(context, "import/colonnes.tsv");
    struct strbuf error = STRBUF_INIT;
    bool ok = columns_path && columns_load(columns_path, map, &error);
    if (!ok)
        fprintf(stderr, "stagedoc: %s\n",
                columns_path ? strbuf_str(&error) : "mémoire insuffisante");
    strbuf_free(&error);
    free(columns_path);
    return ok;
}

/* The progress line counts the rows; the table's size is known once read. */
static void row_done(void *data, size_t rows)
{
    struct progress *progress = data;
    progress->total = rows;
    progress_advance(progress);
}

static void before_message(void *data)
{
    progress_clear(data);
}

enum exit_code spreadsheet_import(const struct run_context *context, const char *path,
                                  struct import_result *result, size_t *cell_errors)
{
    memset(result, 0, sizeof *result);
    *cell_errors = 0;
    struct column_map map;
    if (!load_columns(context, &map)) {
        columns_free(&map);
        return EXIT_IO;
    }
    size_t max_size = context->max_size ? context->max_size : LOADER_DEFAULT_MAX_SIZE;
    struct table table;
    enum import_read read =
        import_read_table(path, spreadsheet_label(path), max_size, context->encoding, &table);
    enum exit_code code = read == IMPORT_READ_IO ? EXIT_IO : EXIT_INVALID;
    if (read == IMPORT_READ_OK) {
        struct progress progress;
        progress_start(&progress, context->command, "lignes", 0, context->quiet);
        struct import_progress hook = {row_done, before_message, &progress};
        bool converted = import_convert(&table, &map, context->commun, stderr, &hook, result);
        progress_finish(&progress);
        if (converted)
            code = EXIT_VALID;
        else if (!result->errors)
            code = EXIT_IO; /* an unreadable --commun, said by import_convert */
        *cell_errors = result->errors;
    }
    table_free(&table);
    columns_free(&map);
    return code;
}

enum exit_code spreadsheet_input_write(struct spreadsheet_input *input)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    struct strbuf path = STRBUF_INIT;
    strbuf_printf(&path, "%s/stagedoc-tableur-XXXXXX", dir);
    int fd = strbuf_failed(&path) ? -1 : mkstemp(path.data);
    bool ok = fd >= 0;
    if (ok) {
        struct import_result *result = &input->result;
        ok = file_write_all(fd, result->xml, result->xml_size);
        ok = close(fd) == 0 && ok;
        if (!ok)
            unlink(path.data);
        /* The walk reads the file; the rows and lines are all it needs. */
        free(result->xml);
        result->xml = NULL;
    }
    if (!ok) {
        fprintf(stderr, "stagedoc: %s : impossible d'écrire la promotion temporaire dans %s. "
                        "À faire : libérez de la place ou donnez un autre dossier dans TMPDIR.\n",
                spreadsheet_label(input->path), dir);
        strbuf_free(&path);
        return EXIT_IO;
    }
    input->xml_path = strbuf_detach(&path);
    return EXIT_VALID;
}

enum exit_code spreadsheet_input_open(const struct run_context *context, const char *path,
                                      struct spreadsheet_input *input)
{
    memset(input, 0, sizeof *input);
    input->path = path;
    enum exit_code code = spreadsheet_import(context, path, &input->result, &input->cell_errors);
    return code == EXIT_VALID ? spreadsheet_input_write(input) : code;
}

enum exit_code spreadsheet_for_run(const struct run_context *context, const char *path,
                                   struct spreadsheet_input **input, size_t *cell_errors)
{
    struct spreadsheet_list *list = context->spreadsheets;
    size_t i = 0;
    while (i < list->count && strcmp(list->items[i].path, path) != 0)
        i++;
    if (i == list->count) {
        struct spreadsheet_input *items = realloc(list->items, (i + 1) * sizeof *items);
        enum exit_code *codes = items ? realloc(list->codes, (i + 1) * sizeof *codes) : NULL;
        if (items)
            list->items = items;
        if (!codes)
            return EXIT_IO;
        list->codes = codes;
        list->codes[i] = spreadsheet_input_open(context, path, &list->items[i]);
        list->count++;
    }
    *input = list->codes[i] == EXIT_VALID ? &list->items[i] : NULL;
    *cell_errors = list->items[i].cell_errors;
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

void spreadsheet_point_back(struct diag *diag, void *data)
{
    const struct spreadsheet_input *input = data;
    if (!diag->file || !input->xml_path || strcmp(diag->file, input->xml_path) != 0)
        return;
    char *label = strdup(spreadsheet_label(input->path));
    if (!label)
        return;
    free(diag->file);
    diag->file = label;
    diag->line = diag->line ? import_row_of_line(&input->result, diag->line) : 0;
    diag->column = 0;
}

void spreadsheet_input_close(struct spreadsheet_input *input)
{
    if (input->xml_path)
        unlink(input->xml_path);
    free(input->xml_path);
    import_result_free(&input->result);
    memset(input, 0, sizeof *input);
}
