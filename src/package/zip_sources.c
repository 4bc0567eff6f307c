/* zip_sources.c — libzip's zip_source_function callbacks for a
 * descriptor it writes to and for a checked file it reads (zip_sources.h). */
#include "zip_sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"

/* ------------------------------------------------------------ sink */

struct sink {
    int fd;
    zip_uint64_t read_at;  /* what libzip reads: the archive as it was (empty) */
    zip_uint64_t write_at; /* where the next write goes */
    zip_uint64_t end;      /* bytes written so far */
    zip_error_t error;
};

static zip_int64_t fail(zip_error_t *error, int code, int system)
{
    zip_error_set(error, code, system);
    return -1;
}

static zip_int64_t sink_size(struct sink *sink)
{
    struct stat st;
    return fstat(sink->fd, &st) == 0 ? (zip_int64_t)st.st_size
                                      : fail(&sink->error, ZIP_ER_READ, errno);
}

static zip_int64_t sink_stat(struct sink *sink, void *data, zip_uint64_t len)
{
    zip_int64_t size = sink_size(sink);
    if (size < 0 || len < sizeof(zip_stat_t))
        return size < 0 ? -1 : fail(&sink->error, ZIP_ER_INVAL, 0);
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->size = (zip_uint64_t)size;
    st->valid = ZIP_STAT_SIZE;
    return sizeof *st;
}

static zip_int64_t sink_read(struct sink *sink, void *data, zip_uint64_t len)
{
    ssize_t got;
    do
        got = pread(sink->fd, data, len, (off_t)sink->read_at);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return fail(&sink->error, ZIP_ER_READ, errno);
    sink->read_at += (zip_uint64_t)got;
    return got;
}

static zip_int64_t sink_write(struct sink *sink, const void *data, zip_uint64_t len)
{
    const unsigned char *from = data;
    for (zip_uint64_t done = 0; done < len;) {
        ssize_t put = pwrite(sink->fd, from + done, len - done, (off_t)(sink->write_at + done));
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return fail(&sink->error, ZIP_ER_WRITE, put < 0 ? errno : ENOSPC);
        done += (zip_uint64_t)put;
    }
    sink->write_at += len;
    if (sink->write_at > sink->end)
        sink->end = sink->write_at;
    return (zip_int64_t)len;
}

static zip_int64_t sink_seek(zip_uint64_t *at, zip_uint64_t size, void *data, zip_uint64_t len,
                             zip_error_t *error)
{
    zip_int64_t offset = zip_source_seek_compute_offset(*at, size, data, len, error);
    if (offset < 0)
        return -1;
    *at = (zip_uint64_t)offset;
    return 0;
}

static zip_int64_t sink_truncate(struct sink *sink)
{
    sink->write_at = sink->end = 0;
    return ftruncate(sink->fd, 0) == 0 ? 0 : fail(&sink->error, ZIP_ER_WRITE, errno);
}

static zip_int64_t sink_callback(void *state, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct sink *sink = state;
    switch (cmd) {
    case ZIP_SOURCE_OPEN: sink->read_at = 0; return 0;
    case ZIP_SOURCE_READ: return sink_read(sink, data, len);
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: return sink_stat(sink, data, len);
    case ZIP_SOURCE_SEEK: {
        zip_int64_t size = sink_size(sink);
        return size < 0 ? -1 : sink_seek(&sink->read_at, (zip_uint64_t)size, data, len,
                                         &sink->error);
    }
    case ZIP_SOURCE_TELL: return (zip_int64_t)sink->read_at;
    case ZIP_SOURCE_BEGIN_WRITE: return sink_truncate(sink);
    case ZIP_SOURCE_WRITE: return sink_write(sink, data, len);
    case ZIP_SOURCE_SEEK_WRITE:
        return sink_seek(&sink->write_at, sink->end, data, len, &sink->error);
    case ZIP_SOURCE_TELL_WRITE: return (zip_int64_t)sink->write_at;
    case ZIP_SOURCE_COMMIT_WRITE: return 0; /* the caller renames, see atomic.h */
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_REMOVE: return sink_truncate(sink);
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&sink->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&sink->error);
        free(sink);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    default: return fail(&sink->error, ZIP_ER_OPNOTSUPP, 0);
    }
}

zip_source_t *zip_source_descriptor_sink(int fd, zip_error_t *error)
{
    struct sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        zip_error_set(error, ZIP_ER_MEMORY, 0);
        return NULL;
    }
    sink->fd = fd;
    zip_error_init(&sink->error);
    zip_source_t *source = zip_source_function_create(sink_callback, sink, error);
    if (!source) {
        zip_error_fini(&sink->error);
        free(sink);
    }
    return source;
}

/* ------------------------------------------------------------ checked file */

struct checked {
    char *path;
    zip_uint64_t size;          /* as checked */
    char sha256[SHA256_HEX_SIZE]; /* as checked */
    int fd;                     /* -1 unless open */
    zip_uint64_t read;
    struct sha256_stream *digest;
    struct strbuf *why;
    zip_error_t error;
};

static zip_int64_t refuse(struct checked *file, int code, const char *reason)
{
    if (file->why->len == 0)
        strbuf_printf(file->why, "« %s » %s", file->path, reason);
    return fail(&file->error, code, 0);
}

static zip_int64_t checked_open(struct checked *file)
{
    enum file_status status;
    file->fd = file_open_regular_fd(file->path, &status);
    if (file->fd < 0)
        return refuse(file, ZIP_ER_OPEN, "ne se lit plus");
    file->read = 0;
    file->digest = sha256_begin();
    return file->digest ? 0 : fail(&file->error, ZIP_ER_MEMORY, 0);
}

/* At the end of the file: the bytes read must be the bytes checked. */
static zip_int64_t checked_end(struct checked *file)
{
    char sha256[SHA256_HEX_SIZE];
    bool finished = sha256_finish(file->digest, sha256);
    file->digest = NULL;
    if (!finished)
        return fail(&file->error, ZIP_ER_MEMORY, 0);
    if (file->read != file->size || strcmp(sha256, file->sha256) != 0)
        return refuse(file, ZIP_ER_CHANGED, "a changé depuis sa vérification");
    return 0;
}

static zip_int64_t checked_read(struct checked *file, void *data, zip_uint64_t len)
{
    ssize_t got;
    do
        got = read(file->fd, data, len);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return refuse(file, ZIP_ER_READ, "ne se lit plus");
    if (got == 0)
        return checked_end(file);
    file->read += (zip_uint64_t)got;
    if (file->read > file->size) /* grown: stop before copying more than was checked */
        return refuse(file, ZIP_ER_CHANGED, "a changé depuis sa vérification");
    if (!sha256_add(file->digest, data, (size_t)got))
        return fail(&file->error, ZIP_ER_MEMORY, 0);
    return got;
}

static void checked_close(struct checked *file)
{
    if (file->fd >= 0)
        close(file->fd);
    file->fd = -1;
    char ignored[SHA256_HEX_SIZE];
    if (file->digest)
        sha256_finish(file->digest, ignored);
    file->digest = NULL;
}

/* What a buffer source says of itself (zip_source_buffer): the same
 * statement gives the same local header, hence the same bytes. */
static zip_int64_t checked_stat(struct checked *file, void *data, zip_uint64_t len)
{
    if (len < sizeof(zip_stat_t))
        return fail(&file->error, ZIP_ER_INVAL, 0);
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->size = st->comp_size = file->size;
    st->comp_method = ZIP_CM_STORE;
    st->encryption_method = ZIP_EM_NONE;
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                ZIP_STAT_ENCRYPTION_METHOD;
    return sizeof *st;
}

static zip_int64_t checked_callback(void *state, void *data, zip_uint64_t len,
                                    zip_source_cmd_t cmd)
{
    struct checked *file = state;
    switch (cmd) {
    case ZIP_SOURCE_OPEN: return checked_open(file);
    case ZIP_SOURCE_READ: return checked_read(file, data, len);
    case ZIP_SOURCE_CLOSE: checked_close(file); return 0;
    case ZIP_SOURCE_STAT: return checked_stat(file, data, len);
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&file->error, data, len);
    case ZIP_SOURCE_FREE:
        checked_close(file);
        zip_error_fini(&file->error);
        free(file->path);
        free(file);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    default: return fail(&file->error, ZIP_ER_OPNOTSUPP, 0);
    }
}

zip_source_t *zip_source_checked_file(zip_t *archive, const char *path, size_t size,
                                      const char sha256[SHA256_HEX_SIZE], struct strbuf *why)
{
    struct checked *file = calloc(1, sizeof *file);
    char *copy = strdup(path);
    zip_source_t *source = NULL;
    if (file && copy) {
        *file = (struct checked){.path = copy, .size = size, .fd = -1, .why = why};
        memcpy(file->sha256, sha256, SHA256_HEX_SIZE);
        zip_error_init(&file->error);
        source = zip_source_function(archive, checked_callback, file);
    }
    if (!source) {
        if (file)
            zip_error_fini(&file->error);
        free(file);
        free(copy);
    }
    return source;
}
