/* work.c — see work.h. One function per route, each: inputs from the
 * upload, one engine call whose events gather into JSON (collect.h), and
 * the answer written: the file made (a ZIP streamed by the engine's ZIP
 * sink, a workbook) or the JSON, with the HTTP status the engine's status
 * maps to. */
#define _GNU_SOURCE
#include "work.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/file.h"
#include "collect.h"
#include "json.h"
#include "unpack.h"

/* What a job has at hand: the engine, the upload, and the answer. */
struct job {
    sd_engine *engine;
    const struct upload *upload;
    int64_t zip_date;
    size_t max_body;       /* the request's bound, which unpacking follows */
    int answer;            /* fd of the answer file */
    struct collect collect;
    struct sd_events events;
    sd_run *run;
    struct strbuf scratch; /* paths made on the way */
    bool answered;         /* an answer was written… */
    bool failed;           /* …or could not be */
};

/* ------------------------------------------------------------ answers */

static int http_status_of(sd_status status)
{
    switch (status) {
    case SD_OK: return 200;
    case SD_INVALID: return 422;
    case SD_USAGE: return 400;
    case SD_LIMIT: return 413;
    case SD_CANCELLED:
    case SD_NOMEM: return 503;
    default: return 500;
    }
}

static bool write_header(const struct job *job, int http, const char *type, const char *filename)
{
    char *path = path_join(job->upload->dir, WORK_HEADER);
    char text[256];
    int length = snprintf(text, sizeof text, "%d %s %s\n", http, type, filename ? filename : "-");
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    bool ok = fd >= 0 && length > 0 && file_write_all(fd, text, (size_t)length);
    if (fd >= 0)
        close(fd);
    free(path);
    return ok;
}

/* Throws away what the answer file holds (a ZIP begun before the run
 * failed) and writes text in its place. */
static bool replace_answer(const struct job *job, const char *text, size_t size)
{
    return ftruncate(job->answer, 0) == 0 && lseek(job->answer, 0, SEEK_SET) == 0 &&
           file_write_all(job->answer, text, size);
}

/* The run's JSON as the answer, with http (0: the engine status's). */
static void answer_json(struct job *job, sd_status status, int http, unsigned arrays)
{
    struct strbuf text = STRBUF_INIT;
    const char *error = job->run ? sd_run_error(job->run) : "mémoire insuffisante";
    collect_json(&job->collect, status, error, arrays, &text);
    bool ok = !strbuf_failed(&text) && replace_answer(job, text.data, text.len) &&
              write_header(job, http ? http : http_status_of(status),
                           "application/json; charset=utf-8", NULL);
    strbuf_free(&text);
    job->answered = true;
    job->failed |= !ok;
}

/* A request the job cannot serve as asked (a part missing, a bad path). */
static void answer_refusal(struct job *job, int http, const char *message)
{
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "{\"status\":\"error\",\"http\":%d,\"message\":", http);
    json_add_string(&text, message);
    strbuf_puts(&text, "}\n");
    bool ok = !strbuf_failed(&text) && replace_answer(job, text.data, text.len) &&
              write_header(job, http, "application/json; charset=utf-8", NULL);
    strbuf_free(&text);
    job->answered = true;
    job->failed |= !ok;
}

/* The refusal answered; false, for the caller to stop. */
static bool refuse(struct job *job, int http, const char *message)
{
    answer_refusal(job, http, message);
    return false;
}

/* ------------------------------------------------------------ inputs */

/* The last component of a client's file name, without control
 * characters: what messages call the file. */
static char *shown_name(const char *filename, const char *fallback)
{
    const char *base = filename ? filename : fallback;
    for (const char *at = base; *at; at++)
        if (*at == '/' || *at == '\\')
            base = at + 1;
    struct strbuf name = STRBUF_INIT;
    for (const unsigned char *at = (const unsigned char *)base; *at && name.len < 200; at++)
        if (*at >= 0x20 && *at != 0x7F)
            strbuf_add(&name, (const char *)at, 1);
    if (name.len == 0)
        strbuf_puts(&name, fallback);
    return strbuf_detach(&name);
}

static const char *const known_kinds[] = {".xml", ".xlsx", ".ods", ".csv"};

static const char *kind_of_name(const char *name)
{
    size_t length = strlen(name);
    for (size_t i = 0; i < sizeof known_kinds / sizeof *known_kinds; i++) {
        size_t tail = strlen(known_kinds[i]);
        if (length > tail && strcasecmp(name + length - tail, known_kinds[i]) == 0)
            return known_kinds[i];
    }
    return NULL;
}

/* A file with no telling name: by its first bytes. */
static const char *kind_of_bytes(const char *path)
{
    char head[80] = "";
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, head, sizeof head - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (got >= 2 && head[0] == 'P' && head[1] == 'K')
        return got > 38 && memmem(head, (size_t)got, "opendocument", 12) ? ".ods" : ".xlsx";
    const char *start = head + (got >= 3 && (unsigned char)head[0] == 0xEF ? 3 : 0);
    return got > 0 && *start == '<' ? ".xml" : ".csv";
}

/* The input for part: name as the client gave it when its ending tells
 * the kind, else "classe" with the kind its bytes say. */
static struct sd_input input_of(const struct upload_part *part, const char *fallback,
                                const char *dir, char **name)
{
    char *shown = shown_name(part->filename, fallback);
    if (shown && !kind_of_name(shown)) {
        struct strbuf named = STRBUF_INIT;
        strbuf_printf(&named, "%s%s", shown, kind_of_bytes(part->path));
        free(shown);
        shown = strbuf_detach(&named);
    }
    *name = shown;
    return (struct sd_input){.name = shown ? shown : fallback, .path = part->path, .dir = dir};
}

/* The input's bytes read into memory (*buffer, the caller's to free):
 * the engine then names the file as the client did, not by its place on
 * the server. */
static bool load_input(struct sd_input *input, char **buffer)
{
    size_t size = 0;
    if (file_read_all(input->path, WORK_MAX_INPUT, buffer, &size) != FILE_OK)
        return false;
    input->bytes = (const unsigned char *)*buffer;
    input->size = size;
    input->path = NULL;
    return true;
}

/* ------------------------------------------------------------ files a workbook names */

/* A form name that is a plain relative path: components of printable
 * characters, none empty, "." or "..", not too deep. */
static bool plain_relative_path(const char *name)
{
    size_t depth = 0, component = 0;
    if (!*name || *name == '/' || strlen(name) > 1000)
        return false;
    for (const char *at = name;; at++) {
        if (*at == '/' || *at == '\0') {
            const char *start = at - component;
            if (component == 0 || (component == 1 && start[0] == '.') ||
                (component == 2 && start[0] == '.' && start[1] == '.') || ++depth > 16)
                return false;
            component = 0;
            if (*at == '\0')
                return true;
            continue;
        }
        if ((unsigned char)*at < 0x20 || *at == 0x7F || *at == '\\' || ++component > 255)
            return false;
    }
}

/* Folders of in/ for the path, made one at a time. */
static bool make_parents(const char *in, const char *relative)
{
    struct strbuf path = STRBUF_INIT;
    bool ok = true;
    for (const char *at = relative; ok && (at = strchr(at, '/')); at++) {
        strbuf_reset(&path);
        strbuf_printf(&path, "%s/%.*s", in, (int)(at - relative), relative);
        ok = !strbuf_failed(&path) && (mkdir(path.data, 0700) == 0 || errno == EEXIST);
    }
    strbuf_free(&path);
    return ok;
}

/* The class and its shared blocks have their own places in in/; the
 * fields (stage, only…) have no bytes on disk (upload.h refuses others). */
static bool is_class_part(const char *name)
{
    return strcmp(name, "classe") == 0 || strcmp(name, "commun") == 0;
}

/* Every other file part put at in/<its name>, by a hard link to its bytes;
 * false when one was refused (and answered). */
static bool lay_out_named_files(struct job *job, const char *in, const char *workbook_name)
{
    const struct upload *upload = job->upload;
    for (size_t i = 0; i < upload->count; i++) {
        const struct upload_part *part = &upload->parts[i];
        if (!part->path || is_class_part(part->name))
            continue;
        strbuf_reset(&job->scratch);
        if (!plain_relative_path(part->name)) {
            strbuf_printf(&job->scratch, "« %s » n'est pas un chemin relatif simple : nommez chaque "
                          "fichier par son chemin dans le classeur (rapports/dupont.pdf).", part->name);
            return refuse(job, 400, job->scratch.data);
        }
        strbuf_printf(&job->scratch, "%s/%s", in, part->name);
        bool taken = strcmp(part->name, workbook_name) == 0;
        if (taken || !make_parents(in, part->name) || link(part->path, job->scratch.data) != 0) {
            strbuf_reset(&job->scratch);
            strbuf_printf(&job->scratch, "deux fichiers envoyés portent le chemin « %s » (ou il "
                          "passe par un autre fichier) : envoyez-le une seule fois.", part->name);
            return refuse(job, 400, job->scratch.data);
        }
    }
    return true;
}

/* ------------------------------------------------------------ the routes */

/* The class (and its shared blocks) as inputs, laid out in in/ when
 * named files come with them; 0, or the refusal answered. */
struct class_inputs {
    struct sd_input classe, commun;
    char *classe_name, *commun_name, *in;
    char *classe_bytes, *commun_bytes;
    bool has_commun;
};

static bool class_inputs_read(struct job *job, struct class_inputs *inputs, bool named_files)
{
    const struct upload_part *classe = upload_find(job->upload, "classe", NULL);
    const struct upload_part *commun = upload_find(job->upload, "commun", NULL);
    if (!classe || !classe->path)
        return refuse(job, 400, "il manque le fichier de la classe (partie « classe » : "
                                        "classeur XLSX, ODS, CSV ou promotion XML).");
    inputs->in = path_join(job->upload->dir, "in");
    if (!inputs->in || mkdir(inputs->in, 0700) != 0)
        return refuse(job, 500, "impossible de préparer le dossier du travail.");
    inputs->classe = input_of(classe, "classe", inputs->in, &inputs->classe_name);
    bool loaded = load_input(&inputs->classe, &inputs->classe_bytes);
    if (loaded && commun && commun->path) {
        inputs->commun = input_of(commun, "commun.xml", inputs->in, &inputs->commun_name);
        inputs->has_commun = true;
        loaded = load_input(&inputs->commun, &inputs->commun_bytes);
    }
    if (!loaded)
        return refuse(job, 503, "un fichier reçu n'a pas pu être relu (mémoire insuffisante).");
    return !named_files || lay_out_named_files(job, inputs->in, inputs->classe_name);
}

static void class_inputs_free(struct class_inputs *inputs)
{
    free(inputs->classe_name);
    free(inputs->commun_name);
    free(inputs->classe_bytes);
    free(inputs->commun_bytes);
    free(inputs->in);
}

static struct sd_read_options read_options(const struct class_inputs *inputs)
{
    struct sd_read_options read = SD_READ_INIT;
    read.commun = inputs->has_commun ? &inputs->commun : NULL;
    return read;
}

static void work_check(struct job *job)
{
    struct class_inputs inputs = {0};
    if (class_inputs_read(job, &inputs, false)) {
        struct sd_check_options options = SD_CHECK_INIT;
        options.read = read_options(&inputs);
        sd_status status = sd_check(job->run, &inputs.classe, 1, &options);
        /* An invalid class is still an answer: its diagnostics. */
        answer_json(job, status, status == SD_INVALID ? 200 : 0, COLLECT_ROWS | COLLECT_STAGES);
    }
    class_inputs_free(&inputs);
}

/* The stages asked for (repeatable "stage" fields), into list. */
static bool stages_asked(const struct upload *upload, const char ***list, size_t *count)
{
    size_t capacity = 0, from = 0;
    const struct upload_part *part;
    *list = NULL;
    *count = 0;
    while ((part = upload_find(upload, "stage", &from)))
        if (!part->path && part->value.len) {
            if (!ARRAY_GROW(*list, capacity, *count + 1))
                return false;
            (*list)[(*count)++] = part->value.data;
        }
    return true;
}

static const char *field_text(const struct upload *upload, const char *name)
{
    const struct upload_part *part = upload_find(upload, name, NULL);
    return part && !part->path && part->value.len ? part->value.data : NULL;
}

/* A yes-or-no field: "oui", "1", "true", "on" (a checkbox) are yes. */
static bool field_says_yes(const struct upload *upload, const char *name)
{
    const char *text = field_text(upload, name);
    return text && (strcasecmp(text, "oui") == 0 || strcmp(text, "1") == 0 ||
                    strcasecmp(text, "true") == 0 || strcasecmp(text, "on") == 0);
}

/* "fr,en": conventions and certificates in French and English. */
static bool field_bilingual(const struct upload *upload)
{
    const char *text = field_text(upload, "langue");
    return text && strcmp(text, "fr,en") == 0;
}

/* The files of a ZIP sink, or the JSON when the run failed. */
static void answer_zip_run(struct job *job, sd_status status, struct sd_sink *sink,
                          const char *filename)
{
    const char *sink_error = sd_sink_error(sink);
    if (status == SD_OK && sink_error && *sink_error)
        status = SD_IO;
    if (status != SD_OK) {
        answer_json(job, status, 0, COLLECT_ROWS);
        return;
    }
    job->answered = true;
    job->failed |= !write_header(job, 200, "application/zip", filename);
}

static void work_build(struct job *job, bool bundle)
{
    struct class_inputs inputs = {0};
    const char **stages = NULL;
    size_t stage_count = 0;
    bool ready = class_inputs_read(job, &inputs, bundle) &&
                 (stages_asked(job->upload, &stages, &stage_count) ||
                  refuse(job, 503, "mémoire insuffisante"));
    if (ready) {
        struct sd_sink *sink = sd_sink_zip(job->answer, job->zip_date);
        sd_status status = SD_NOMEM;
        if (sink && bundle) {
            struct sd_bundle_options options = SD_BUNDLE_INIT;
            options.read = read_options(&inputs);
            options.stages = stages;
            options.stage_count = stage_count;
            options.pdfa = field_says_yes(job->upload, "pdfa");
            options.bilingual = field_bilingual(job->upload);
            status = sd_bundle(job->run, &inputs.classe, 1, &options, sink);
        } else if (sink) {
            struct sd_build_options options = SD_BUILD_INIT;
            options.read = read_options(&inputs);
            options.only = field_text(job->upload, "only");
            options.stages = stages;
            options.stage_count = stage_count;
            options.pdfa = field_says_yes(job->upload, "pdfa");
            options.bilingual = field_bilingual(job->upload);
            status = sd_build(job->run, &inputs.classe, 1, &options, sink);
        }
        answer_zip_run(job, status, sink, bundle ? "paquets.zip" : "documents.zip");
        sd_sink_free(sink);
    }
    free(stages);
    class_inputs_free(&inputs);
}

/* The uploaded files named part, a ZIP of them (by suffix) taken apart,
 * as inputs. */
struct file_inputs {
    struct sd_input *items;
    size_t count, capacity;
    char **names, **buffers;
    struct unpacked_list unpacked;
};

static bool add_file_input(struct file_inputs *files, char *name, const char *path)
{
    if (!name || !ARRAY_GROW(files->items, files->capacity, files->count + 1)) {
        free(name);
        return false;
    }
    char **names = realloc(files->names, (files->count + 1) * sizeof *names);
    if (names)
        files->names = names;
    char **buffers = names ? realloc(files->buffers, (files->count + 1) * sizeof *buffers) : NULL;
    if (buffers)
        files->buffers = buffers;
    if (!names || !buffers) {
        free(name);
        return false;
    }
    files->names[files->count] = name;
    files->buffers[files->count] = NULL;
    size_t index = files->count++;
    files->items[index] = (struct sd_input){.name = name, .path = path};
    return load_input(&files->items[index], &files->buffers[index]);
}

/* One uploaded file part as inputs: itself, or the members of the ZIP it
 * is (by suffix) taken out, at most 4 × --max-body in all. */
static bool read_file_part(struct job *job, struct file_inputs *files,
                           const struct upload_part *part, bool collection, const char *suffix,
                           const char *fallback)
{
    if (!collection)
        return add_file_input(files, shown_name(part->filename, fallback), part->path) ||
               refuse(job, 503, "mémoire insuffisante");
    size_t before = files->unpacked.count;
    bool too_large = false;
    strbuf_reset(&job->scratch);
    if (!unpack_members(part->path, suffix, job->upload->dir, "z", 4 * job->max_body,
                        &files->unpacked, &job->scratch, &too_large)) {
        char *shown = shown_name(part->filename, fallback);
        struct strbuf message = STRBUF_INIT;
        strbuf_printf(&message, "%s : %s.", shown ? shown : fallback, job->scratch.data);
        refuse(job, too_large ? 413 : 422, message.data ? message.data : "archive illisible");
        strbuf_free(&message);
        free(shown);
        return false;
    }
    for (size_t i = before; i < files->unpacked.count; i++)
        if (!add_file_input(files, strdup(files->unpacked.items[i].name),
                            files->unpacked.items[i].path))
            return refuse(job, 503, "mémoire insuffisante");
    return true;
}

/* The file parts named part_name (a ZIP of them is taken apart too) and
 * those named zip_part (always a ZIP), in the order they came. */
static bool file_inputs_read(struct job *job, struct file_inputs *files, const char *part_name,
                             const char *zip_part, const char *suffix, const char *fallback)
{
    for (size_t i = 0; i < job->upload->count; i++) {
        const struct upload_part *part = &job->upload->parts[i];
        bool zipped = zip_part && strcmp(part->name, zip_part) == 0;
        if (!part->path || (!zipped && strcmp(part->name, part_name) != 0))
            continue;
        bool collection = zipped || unpack_is_collection(part->path, suffix);
        if (!read_file_part(job, files, part, collection, suffix, fallback))
            return false;
    }
    if (files->count == 0) {
        strbuf_reset(&job->scratch);
        strbuf_printf(&job->scratch, "aucun fichier reçu : envoyez-les dans des parties « %s »%s%s%s.",
                      part_name, zip_part ? " ou une archive dans une partie « " : "",
                      zip_part ? zip_part : "", zip_part ? " »" : "");
        return refuse(job, 400, job->scratch.data);
    }
    return true;
}

static void file_inputs_free(struct file_inputs *files)
{
    for (size_t i = 0; i < files->count; i++) {
        free(files->names[i]);
        free(files->buffers[i]);
    }
    free(files->names);
    free(files->buffers);
    free(files->items);
    unpacked_list_free(&files->unpacked);
}

static void work_verify(struct job *job)
{
    struct file_inputs files = {0};
    if (file_inputs_read(job, &files, "paquet", NULL, ".zip", "paquet.zip")) {
        struct sd_verify_options options = SD_VERIFY_INIT;
        sd_status status = sd_verify(job->run, files.items, files.count, &options);
        answer_json(job, status, status == SD_INVALID ? 200 : 0, COLLECT_PACKAGES);
    }
    file_inputs_free(&files);
}

static void work_signatures(struct job *job)
{
    struct file_inputs files = {0};
    if (file_inputs_read(job, &files, "pdf", "zip", ".pdf", "document.pdf")) {
        struct sd_signatures_options options = SD_SIGNATURES_INIT;
        sd_status status = sd_signatures(job->run, files.items, files.count, &options);
        answer_json(job, status, status == SD_INVALID ? 200 : 0, COLLECT_SIGNATURES);
    }
    file_inputs_free(&files);
}

/* A workbook: one file (XLSX, ODS) as it is, CSV files as a ZIP. */
static void answer_workbook(struct job *job, sd_status status, struct sd_sink *sink,
                           enum sd_workbook_format format)
{
    if (status != SD_OK) {
        answer_json(job, status, 0, 0);
        return;
    }
    if (format == SD_WORKBOOK_CSV) {
        answer_zip_run(job, status, sink, "classe-csv.zip");
        return;
    }
    const char *name;
    const unsigned char *bytes;
    size_t size;
    if (!sd_sink_memory_file(sink, 0, &name, &bytes, &size) ||
        !file_write_all(job->answer, bytes, size)) {
        answer_refusal(job, 500, "le classeur n'a pas pu être écrit.");
        return;
    }
    const char *type = format == SD_WORKBOOK_ODS ? "application/vnd.oasis.opendocument.spreadsheet"
                       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    job->answered = true;
    job->failed |= !write_header(job, 200, type,
                                 format == SD_WORKBOOK_ODS ? "classe.ods" : "classe.xlsx");
}

static bool parse_format(const char *text, enum sd_workbook_format *format)
{
    static const char *const names[] = {"xlsx", "ods", "csv"};
    for (int i = 0; i < 3; i++)
        if (!text || strcasecmp(text, names[i]) == 0) {
            *format = (enum sd_workbook_format)(text ? i : 0);
            return true;
        }
    return false;
}

static void work_workbook(struct job *job, enum route_kind kind)
{
    enum sd_workbook_format format = kind == ROUTE_MODEL_ODS ? SD_WORKBOOK_ODS
                                   : kind == ROUTE_MODEL_CSV ? SD_WORKBOOK_CSV : SD_WORKBOOK_XLSX;
    if (kind == ROUTE_EXPORT && !parse_format(field_text(job->upload, "format"), &format)) {
        answer_refusal(job, 400, "format inconnu : xlsx, ods ou csv.");
        return;
    }
    struct class_inputs inputs = {0};
    if (kind != ROUTE_EXPORT || class_inputs_read(job, &inputs, false)) {
        struct sd_sink *sink = format == SD_WORKBOOK_CSV ? sd_sink_zip(job->answer, job->zip_date)
                                                         : sd_sink_memory();
        struct sd_export_options options = SD_EXPORT_INIT;
        options.format = format;
        options.folder = inputs.in; /* the workbook sits beside the class: its paths start there */
        sd_status status = !sink ? SD_NOMEM
                           : kind == ROUTE_EXPORT ? sd_export(job->run, &inputs.classe, 1, &options, sink)
                                                  : sd_export_example(job->run, &options, sink);
        answer_workbook(job, status, sink, format);
        sd_sink_free(sink);
    }
    class_inputs_free(&inputs);
}

static void work_route(struct job *job, enum route_kind kind)
{
    switch (kind) {
    case ROUTE_CHECK: work_check(job); break;
    case ROUTE_BUILD: work_build(job, false); break;
    case ROUTE_BUNDLE: work_build(job, true); break;
    case ROUTE_VERIFY: work_verify(job); break;
    case ROUTE_SIGNATURES: work_signatures(job); break;
    default: work_workbook(job, kind); break;
    }
}

int work_run(sd_engine *engine, enum route_kind kind, const struct upload *upload,
             int64_t zip_date, size_t max_body)
{
    struct job job = {.engine = engine, .upload = upload, .zip_date = zip_date,
                      .max_body = max_body,
                      .scratch = STRBUF_INIT};
    char *path = path_join(upload->dir, WORK_ANSWER);
    job.answer = path ? open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    free(path);
    if (job.answer < 0)
        return 1;
    /* The root before the run: a run copies the engine's configuration
     * when it is made. Files named by the class resolve in in/ alone. */
    char *in = path_join(upload->dir, "in");
    bool confined = in && sd_engine_set_root(engine, in) == SD_OK;
    free(in);
    job.events = collect_events(&job.collect);
    job.run = confined ? sd_run_new(engine, &job.events) : NULL;
    if (job.run)
        work_route(&job, kind);
    else
        answer_refusal(&job, 503, "mémoire insuffisante");
    int result = job.answered && !job.failed ? 0 : 1;
    sd_run_free(job.run);
    collect_free(&job.collect);
    strbuf_free(&job.scratch);
    close(job.answer);
    return result;
}
