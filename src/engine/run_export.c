/* run_export.c — sd_export, sd_export_example and sd_skeleton: stages
 * and promotions (XML) to a class workbook (XLSX, ODS, or a CSV file per
 * sheet) given to a sink, the reverse of reading one; the templates' own
 * example class as a workbook (init --tableur); a skeleton input file to
 * start from (init).
 *
 * Where the workbook lands (and whether it may replace a file) is the
 * front end's business: the engine only makes its bytes. */
#include <stdlib.h>
#include <string.h>

#include "../import/export.h"
#include "../input/loader.h"
#include "../util/abspath.h"
#include "../util/file.h"
#include "run.h"
#include "sink.h"
#include "spreadsheet.h"

/* 1 January 2026, 00:00 UTC: any fixed day would do. */
#define WORKBOOK_DEFAULT_DATE 1767225600LL
/* A ZIP's dates start in 1980: an earlier fixed date takes the default. */
#define WORKBOOK_EARLIEST_DATE 315532800LL
/* The templates' example class is small. */
#define EXAMPLE_MAX_SIZE ((size_t)1 << 20)

/* The inputs read and parsed, each with the folder its paths start from. */
struct loaded {
    struct export_input *inputs;
    struct source **sources;
    char **folders;
    size_t count;
};

static void loaded_free(struct loaded *loaded)
{
    for (size_t i = 0; i < loaded->count; i++) {
        if (loaded->inputs[i].doc)
            xmlFreeDoc(loaded->inputs[i].doc);
        source_free(loaded->sources[i]);
        free(loaded->folders[i]);
    }
    free(loaded->inputs);
    free(loaded->sources);
    free(loaded->folders);
}

/* Where an input's relative paths start, absolute (heap). */
static char *folder_of(const sd_run *run, const struct sd_input *input)
{
    char *folder = input->dir ? strdup(input->dir)
                   : input->path ? path_folder_of(input->path)
                                 : strdup(run->context.root ? run->context.root : ".");
    char *absolute = folder ? path_absolute(folder) : NULL;
    free(folder);
    return absolute;
}

/* An input given as bytes, as if read from a file (copied: the source
 * owns its bytes). */
static enum load_status source_of_bytes(const struct sd_input *input, const char *label,
                                        size_t max_size, struct diag_list *diags,
                                        struct source **out)
{
    *out = NULL;
    if (input->size > max_size) {
        diag_add(diags, SEVERITY_ERROR, (struct position){label, 0, 0}, "fichier", NULL,
                 "donnez un fichier plus petit, ou augmentez la limite (--max-size).",
                 "%zu octets, plus que la limite de %zu.", input->size, max_size);
        return LOAD_INVALID;
    }
    char *bytes = malloc(input->size ? input->size : 1);
    if (bytes)
        memcpy(bytes, input->bytes, input->size);
    *out = bytes ? source_new(label, bytes, input->size) : NULL;
    if (!*out) {
        free(bytes);
        return LOAD_IO_ERROR;
    }
    (*out)->max_size = max_size;
    return LOAD_OK;
}

/* Every input read safely and parsed; false after the first that is not. */
static bool load_inputs(const sd_run *run, const struct sd_input *inputs, size_t count,
                        size_t max_size, struct loaded *loaded, struct diag_list *diags)
{
    loaded->inputs = calloc(count ? count : 1, sizeof *loaded->inputs);
    loaded->sources = calloc(count ? count : 1, sizeof *loaded->sources);
    loaded->folders = calloc(count ? count : 1, sizeof *loaded->folders);
    if (!loaded->inputs || !loaded->sources || !loaded->folders)
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < count; i++) {
        const struct sd_input *input = &inputs[i];
        const char *label = input->name ? input->name : input->path ? input->path : "entrée";
        loaded->count = i + 1;
        enum load_status read =
            input->path ? loader_read_source(input->path, max_size, diags, &loaded->sources[i])
                        : source_of_bytes(input, label, max_size, diags, &loaded->sources[i]);
        ok = read == LOAD_OK &&
             loader_parse(loaded->sources[i], diags, &loaded->inputs[i].doc) == LOAD_OK;
        loaded->folders[i] = ok ? folder_of(run, input) : NULL;
        ok = ok && loaded->folders[i];
        loaded->inputs[i].label = label;
        loaded->inputs[i].folder = loaded->folders[i];
    }
    return ok;
}

/* The book's bytes as the format asks, each file put into sink. */
static sd_status put_workbook(sd_run *run, const struct workbook *book,
                              const struct sd_export_options *options, struct sd_sink *sink)
{
    struct strbuf error = STRBUF_INIT;
    bool ok = true;
    for (size_t i = 0; ok && i < book->sheet_count; i++) {
        void *bytes = NULL;
        size_t size = 0;
        struct strbuf name = STRBUF_INIT, csv = STRBUF_INIT;
        if (options->format == SD_WORKBOOK_CSV) {
            strbuf_printf(&name, "%s.csv", book->sheets[i].name);
            workbook_sheet_csv(&book->sheets[i], &csv);
            ok = !strbuf_failed(&csv);
            bytes = csv.data;
            size = csv.len;
        } else {
            bool xlsx = options->format == SD_WORKBOOK_XLSX;
            strbuf_puts(&name, options->name ? options->name : xlsx ? "classe.xlsx" : "classe.ods");
            ok = xlsx ? workbook_xlsx_bytes(book, &bytes, &size, &error)
                      : workbook_ods_bytes(book, &bytes, &size, &error);
            i = book->sheet_count; /* one file for every sheet */
        }
        struct sink_output written;
        ok = ok && !strbuf_failed(&name) &&
             sink_put(sink, strbuf_str(&name), bytes, size, &written);
        if (ok) {
            struct sd_output output = {written.name, written.shown, NULL, "classeur",
                                       written.size, written.sha256};
            run_output(run, &output);
        } else if (!error.len) {
            strbuf_puts(&error, sink_reason(sink)[0] ? sink_reason(sink) : "mémoire insuffisante");
        }
        if (options->format != SD_WORKBOOK_CSV)
            free(bytes);
        strbuf_free(&csv);
        strbuf_free(&name);
    }
    if (!ok)
        run_note(run, SEVERITY_ERROR, "stagedoc %s: %s", run->context.command,
                 strbuf_str(&error));
    strbuf_free(&error);
    return ok ? SD_OK : SD_IO;
}

/* The loaded inputs as a workbook into sink; diagnostics at least least
 * are given. */
static sd_status export_loaded(sd_run *run, const struct column_map *map,
                               const struct loaded *loaded,
                               const struct sd_export_options *options, struct sd_sink *sink,
                               struct diag_list *diags, enum severity least)
{
    struct workbook book;
    int64_t date = run->engine->fixed_date;
    workbook_init(&book, date >= WORKBOOK_EARLIEST_DATE ? date : WORKBOOK_DEFAULT_DATE);
    char *folder = path_absolute(options->folder ? options->folder : ".");
    sd_status status = SD_OK;
    if (!folder || !export_workbook(map, loaded->inputs, loaded->count, folder, &book, diags))
        status = diags->counts[SEVERITY_ERROR] ? SD_INVALID : SD_IO;
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity >= least)
            run_diag(run, &diags->items[i]);
    if (status == SD_OK)
        status = put_workbook(run, &book, options, sink);
    free(folder);
    workbook_free(&book);
    return status;
}

static sd_status export_inputs(sd_run *run, const struct sd_input *inputs, size_t count,
                               size_t max_size, const struct sd_export_options *options,
                               struct sd_sink *sink, enum severity least)
{
    if (!options || options->version != SD_EXPORT_VERSION || !sink) {
        run_fail(run, "sd_export sans sortie ni options");
        return SD_USAGE;
    }
    struct column_map map = {0};
    struct loaded loaded = {0};
    struct diag_list diags = DIAG_LIST_INIT;
    sd_status status = spreadsheet_load_columns(&run->context, &map) ? SD_OK : SD_IO;
    if (status == SD_OK && !load_inputs(run, inputs, count, max_size, &loaded, &diags)) {
        status = diags.counts[SEVERITY_ERROR] ? SD_INVALID : SD_IO;
        for (size_t i = 0; i < diags.count; i++)
            if (diags.items[i].severity >= least)
                run_diag(run, &diags.items[i]);
    } else if (status == SD_OK) {
        status = export_loaded(run, &map, &loaded, options, sink, &diags, least);
    }
    /* As build and bundle end theirs: a ZIP gets its central directory
     * only when every file went in. */
    if (status == SD_OK && !sink_commit(sink)) {
        run_fail(run, "%s", sink_reason(sink));
        status = SD_IO;
    } else if (status != SD_OK) {
        sink_abort(sink);
    }
    diag_list_free(&diags);
    loaded_free(&loaded);
    columns_free(&map);
    return status;
}

sd_status sd_export(sd_run *run, const struct sd_input *inputs, size_t count,
                    const struct sd_export_options *options, struct sd_sink *sink)
{
    sd_status status = run_begin(run, "export", NULL);
    if (status != SD_OK)
        return status;
    size_t max_size = run->context.max_size ? run->context.max_size : LOADER_DEFAULT_MAX_SIZE;
    return export_inputs(run, inputs, count, max_size, options, sink, SEVERITY_INFO);
}

sd_status sd_export_example(sd_run *run, const struct sd_export_options *options,
                            struct sd_sink *sink)
{
    sd_status status = run_begin(run, "init", NULL);
    char *path = run_context_template_path(&run->context, "import/exemple.xml");
    if (status == SD_OK && !path)
        status = SD_NOMEM;
    if (status == SD_OK) {
        /* Its paths stay right from the workbook's folder. */
        struct sd_input example = {.name = path, .path = path,
                                   .dir = options && options->folder ? options->folder : "."};
        status = export_inputs(run, &example, 1, EXAMPLE_MAX_SIZE, options, sink,
                               SEVERITY_WARNING);
    }
    free(path);
    /* The templates' own example refused is the templates' fault. */
    return status == SD_INVALID ? SD_IO : status;
}

sd_status sd_skeleton(sd_run *run, const char *voie, bool promotion)
{
    sd_status status = run_begin(run, "init", NULL);
    if (status != SD_OK)
        return status;
    if (!voie || (strcmp(voie, "scolaire") && strcmp(voie, "apprentissage") &&
                  strcmp(voie, "formation-continue"))) {
        run_fail(run, "voie « %s » inconnue (scolaire, apprentissage, formation-continue)",
                 voie ? voie : "");
        return SD_USAGE;
    }
    struct strbuf name = STRBUF_INIT;
    strbuf_printf(&name, "squelettes/%s-%s.xml", promotion ? "promotion" : "stage", voie);
    char *path = run_context_template_path(&run->context, strbuf_str(&name));
    char *text = NULL;
    size_t size = 0;
    enum file_status read = path ? file_read_all(path, EXAMPLE_MAX_SIZE, &text, &size)
                                 : FILE_NO_MEMORY;
    if (read == FILE_OK) {
        run_data(run, text);
    } else {
        run_note(run, SEVERITY_ERROR, "stagedoc %s: %s : %s", run->context.command,
                 path ? path : strbuf_str(&name), file_status_message(read));
        status = SD_IO;
    }
    free(text);
    free(path);
    strbuf_free(&name);
    return status;
}
