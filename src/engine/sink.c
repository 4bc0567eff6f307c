/* sink.c — the three kinds of sd_sink (a folder written atomically, a ZIP
 * streamed to a descriptor, memory) behind one set of calls, each file
 * hashed as it is written (see sink.h and stagedoc.h). */
#include "sink.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../package/zip_stream.h"
#include "../util/array.h"
#include "../util/atomic.h"
#include "../util/strbuf.h"

enum sink_kind { SINK_DIRECTORY, SINK_ZIP, SINK_MEMORY };

struct memory_file {
    char *name;
    unsigned char *bytes;
    size_t size;
};

struct sd_sink {
    enum sink_kind kind;
    struct strbuf first;   /* the run's first failure: sd_sink_error */
    struct strbuf reason;  /* the latest failure: sink_reason */
    bool over;             /* committed or aborted: nothing more goes in */

    /* The file being written, or the last one ended. */
    bool open;             /* begun and not yet ended */
    bool failed;           /* its begin or a write failed */
    char *name, *shown;
    size_t size;
    struct sha256_stream *digest;

    char *dir;             /* SINK_DIRECTORY: the folder as named */
    struct atomic_file file;

    struct zip_stream *zip; /* SINK_ZIP */

    struct memory_file *files; /* SINK_MEMORY: the files ended, in order */
    size_t count, capacity;
    struct strbuf bytes;       /* the open file's */
};

/* ------------------------------------------------------------ failures */

/* The reason now in sink->reason becomes the latest failure, and the
 * run's first if none came before. Always false. */
static bool failed(struct sd_sink *sink)
{
    if (sink->reason.len == 0 || strbuf_failed(&sink->reason)) {
        strbuf_reset(&sink->reason);
        strbuf_puts(&sink->reason, "mémoire insuffisante");
    }
    if (sink->first.len == 0) {
        strbuf_reset(&sink->first);
        strbuf_puts(&sink->first, strbuf_str(&sink->reason));
    }
    return false;
}

static bool fail(struct sd_sink *sink, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(struct sd_sink *sink, const char *fmt, ...)
{
    strbuf_reset(&sink->reason);
    va_list args;
    va_start(args, fmt);
    strbuf_vprintf(&sink->reason, fmt, args);
    va_end(args);
    return failed(sink);
}

/* ------------------------------------------------------------ making */

static struct sd_sink *sink_new(enum sink_kind kind)
{
    struct sd_sink *sink = calloc(1, sizeof *sink);
    if (!sink)
        return NULL;
    sink->kind = kind;
    sink->first = sink->reason = sink->bytes = (struct strbuf)STRBUF_INIT;
    sink->file = (struct atomic_file){.dir_fd = -1, .fd = -1, .slot = -1};
    return sink;
}

struct sd_sink *sd_sink_directory(const char *dir)
{
    struct sd_sink *sink = sink_new(SINK_DIRECTORY);
    if (sink && !(sink->dir = strdup(dir ? dir : ""))) {
        free(sink);
        sink = NULL;
    }
    return sink;
}

struct sd_sink *sd_sink_zip(int fd, int64_t date)
{
    struct sd_sink *sink = sink_new(SINK_ZIP);
    if (sink && !(sink->zip = zip_stream_new(fd, date))) {
        free(sink);
        sink = NULL;
    }
    return sink;
}

struct sd_sink *sd_sink_memory(void)
{
    return sink_new(SINK_MEMORY);
}

/* ------------------------------------------------------------ one file */

/* Drops what the open file holds: a folder's temporary, memory's bytes, the
 * digest. A ZIP's entry cannot be taken back; it is left as it is. */
static void abandon_file(struct sd_sink *sink)
{
    if (sink->kind == SINK_DIRECTORY)
        atomic_abandon(&sink->file);
    strbuf_free(&sink->bytes);
    if (sink->digest) {
        char ignored[SHA256_HEX_SIZE];
        sha256_finish(sink->digest, ignored);
        sink->digest = NULL;
    }
    sink->open = false;
}

/* The file's own start in each kind of sink; the reason in sink->reason. */
static bool begin_in_kind(struct sd_sink *sink, const char *name)
{
    const char *problem;
    switch (sink->kind) {
    case SINK_DIRECTORY:
        if (!*sink->dir) {
            strbuf_printf(&sink->reason, "%s : aucun dossier de sortie n'est donné", name);
            return false;
        }
        return atomic_begin_under(sink->dir, name, &sink->file, &sink->reason);
    case SINK_ZIP:
        if ((problem = atomic_relative_problem(name))) {
            strbuf_printf(&sink->reason, "%s : %s", name, problem);
            return false;
        }
        return zip_stream_begin(sink->zip, name, &sink->reason);
    case SINK_MEMORY:
        if ((problem = atomic_relative_problem(name))) {
            strbuf_printf(&sink->reason, "%s : %s", name, problem);
            return false;
        }
        return true;
    }
    return false;
}

bool sink_begin(struct sd_sink *sink, const char *name)
{
    /* A file that failed needs no end; one that did not must have had it. */
    bool was_open = sink->open && !sink->failed;
    const char *previous = sink->name ? sink->name : "";
    if (sink->open)
        abandon_file(sink);
    struct strbuf shown = STRBUF_INIT;
    if (sink->kind == SINK_DIRECTORY)
        strbuf_printf(&shown, "%s/", sink->dir);
    strbuf_puts(&shown, name);
    strbuf_reset(&sink->reason);
    if (was_open)
        strbuf_printf(&sink->reason, "%s : commencé avant la fin de %s (erreur de stagedoc)",
                      name, previous);
    else if (sink->over)
        strbuf_printf(&sink->reason, "%s : la sortie est déjà terminée (erreur de stagedoc)",
                      name);
    free(sink->name);
    free(sink->shown);
    sink->name = strdup(name);
    sink->shown = strbuf_detach(&shown);
    sink->open = true;
    sink->failed = false;
    sink->size = 0;
    if (sink->reason.len == 0 && (!sink->name || !sink->shown || !(sink->digest = sha256_begin())))
        strbuf_puts(&sink->reason, "mémoire insuffisante");
    if (sink->reason.len == 0 && begin_in_kind(sink, name))
        return true;
    abandon_file(sink);
    sink->open = true; /* still to be ended, which says false */
    sink->failed = true;
    return failed(sink);
}

void sink_drop(struct sd_sink *sink)
{
    if (!sink->open)
        return;
    /* A ZIP entry's bytes are on their way already: the archive cannot be
     * whole any more. */
    if (sink->kind == SINK_ZIP && !sink->failed && sink->size > 0) {
        fail(sink, "%s : abandonné en cours d'écriture ; l'archive est incomplète", sink->name);
        sink->over = true;
    }
    abandon_file(sink);
}

bool sink_write(struct sd_sink *sink, const void *bytes, size_t size)
{
    if (!sink->open)
        return fail(sink, "%s : données écrites hors d'un fichier (erreur de stagedoc)",
                    sink->name ? sink->name : "");
    if (sink->failed)
        return false;
    if (size == 0)
        return true;
    strbuf_reset(&sink->reason);
    bool ok;
    if (!sha256_add(sink->digest, bytes, size)) {
        strbuf_puts(&sink->reason, "mémoire insuffisante");
        ok = false;
    } else if (sink->kind == SINK_DIRECTORY) {
        ok = atomic_file_write(&sink->file, bytes, size, &sink->reason);
    } else if (sink->kind == SINK_ZIP) {
        ok = zip_stream_write(sink->zip, bytes, size, &sink->reason);
    } else {
        strbuf_add(&sink->bytes, bytes, size);
        ok = !strbuf_failed(&sink->bytes);
    }
    if (ok) {
        sink->size += size;
        return true;
    }
    abandon_file(sink);
    sink->open = true;
    sink->failed = true;
    return failed(sink);
}

/* Memory: the file's bytes join the list. */
static bool keep_in_memory(struct sd_sink *sink)
{
    if (!ARRAY_GROW(sink->files, sink->capacity, sink->count + 1))
        return false;
    struct memory_file file = {strdup(sink->name), NULL, sink->bytes.len};
    file.bytes = (unsigned char *)strbuf_detach(&sink->bytes);
    if (!file.name || !file.bytes) {
        free(file.name);
        free(file.bytes);
        return false;
    }
    sink->files[sink->count++] = file;
    return true;
}

bool sink_end(struct sd_sink *sink, struct sink_output *out)
{
    if (!sink->open)
        return fail(sink, "%s : fin d'un fichier jamais commencé (erreur de stagedoc)",
                    sink->name ? sink->name : "");
    if (sink->failed) {
        sink->open = false;
        return false;
    }
    strbuf_reset(&sink->reason);
    char sha256[SHA256_HEX_SIZE];
    bool ok = sha256_finish(sink->digest, sha256);
    sink->digest = NULL;
    if (!ok)
        strbuf_puts(&sink->reason, "mémoire insuffisante");
    else if (sink->kind == SINK_DIRECTORY)
        ok = atomic_commit(&sink->file, &sink->reason);
    else if (sink->kind == SINK_ZIP)
        ok = zip_stream_end(sink->zip, &sink->reason);
    else if (!(ok = keep_in_memory(sink)))
        strbuf_puts(&sink->reason, "mémoire insuffisante");
    abandon_file(sink);
    if (!ok)
        return failed(sink);
    if (out) {
        *out = (struct sink_output){.name = sink->name, .shown = sink->shown, .size = sink->size};
        memcpy(out->sha256, sha256, sizeof sha256);
    }
    return true;
}

bool sink_put(struct sd_sink *sink, const char *name, const void *bytes, size_t size,
              struct sink_output *out)
{
    bool begun = sink_begin(sink, name);
    bool written = begun && sink_write(sink, bytes, size);
    bool ended = sink_end(sink, out);
    return begun && written && ended;
}

/* ------------------------------------------------------------ the run */

bool sink_commit(struct sd_sink *sink)
{
    if (sink->open) {
        bool failed_before = sink->failed;
        abandon_file(sink);
        if (!failed_before)
            return fail(sink, "%s : fichier inachevé à la fin de la sortie (erreur de stagedoc)",
                        sink->name);
    }
    if (sink->over)
        return fail(sink, "la sortie est déjà terminée (erreur de stagedoc)");
    sink->over = true;
    strbuf_reset(&sink->reason);
    if (sink->kind == SINK_ZIP && !zip_stream_finish(sink->zip, &sink->reason))
        return failed(sink);
    return true;
}

void sink_abort(struct sd_sink *sink)
{
    if (sink->open)
        abandon_file(sink);
    sink->over = true;
}

const char *sink_directory(const struct sd_sink *sink)
{
    return sink->kind == SINK_DIRECTORY ? sink->dir : NULL;
}

const char *sink_reason(const struct sd_sink *sink)
{
    return strbuf_str(&sink->reason);
}

/* ------------------------------------------------------------ public */

size_t sd_sink_memory_count(const struct sd_sink *sink)
{
    return sink && sink->kind == SINK_MEMORY ? sink->count : 0;
}

bool sd_sink_memory_file(const struct sd_sink *sink, size_t i, const char **name,
                         const unsigned char **bytes, size_t *size)
{
    if (i >= sd_sink_memory_count(sink))
        return false;
    *name = sink->files[i].name;
    *bytes = sink->files[i].bytes;
    *size = sink->files[i].size;
    return true;
}

const char *sd_sink_error(const struct sd_sink *sink)
{
    return sink ? strbuf_str(&sink->first) : "mémoire insuffisante";
}

void sd_sink_free(struct sd_sink *sink)
{
    if (!sink)
        return;
    if (sink->open)
        abandon_file(sink);
    for (size_t i = 0; i < sink->count; i++) {
        free(sink->files[i].name);
        free(sink->files[i].bytes);
    }
    free(sink->files);
    zip_stream_free(sink->zip);
    free(sink->dir);
    free(sink->name);
    free(sink->shown);
    strbuf_free(&sink->first);
    strbuf_free(&sink->reason);
    strbuf_free(&sink->bytes);
    free(sink);
}
