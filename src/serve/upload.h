/* upload.h — the parts of a multipart/form-data request, as they arrive.
 *
 * Each file part goes, as it streams in, to its own file "parts/N" in the
 * request's private folder; the name the client gave the file is kept as
 * text to show, never used as a path. A part without a file name is a
 * field ("stage", "only", "format") kept in memory. Everything is bounded:
 * the number of parts, a name's length, a field's size. */
#ifndef STAGEDOC_SERVE_UPLOAD_H
#define STAGEDOC_SERVE_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

#define UPLOAD_MAX_PARTS 2000
#define UPLOAD_MAX_NAME 1024
#define UPLOAD_MAX_FIELD (64u << 10)
/* All the fields of a request together: they live in the server's own
 * memory, not a job's, until the job starts. */
#define UPLOAD_MAX_FIELDS_TOTAL (256u << 10)

struct upload_part {
    char *name;      /* the form's name: "classe", "rapports/dupont.pdf" */
    char *filename;  /* as the client named the file, or NULL for a field */
    char *path;      /* where its bytes are (a file part), else NULL */
    struct strbuf value; /* a field's text */
    size_t size;
};

struct upload {
    char *dir;       /* the request's private folder */
    struct upload_part *parts;
    size_t count, capacity;
    int fd;          /* the file part being written, or -1 */
    size_t field_bytes; /* of every field so far */
    struct strbuf error; /* why a part was refused (French), empty if none */
};

/* A new part begins (name, filename NULL for a field); false and error set
 * when refused. The fields the API knows only ("stage", "only", "format",
 * "pdfa", "langue"): any other is refused. */
bool upload_part_begin(struct upload *upload, const char *name, const char *filename);
/* More bytes of the current part. */
bool upload_part_add(struct upload *upload, const char *bytes, size_t size);
/* Closes the file being written, if any. */
void upload_finish(struct upload *upload);
/* The first part named name (and, on later calls, the next one after
 * *from), or NULL. */
const struct upload_part *upload_find(const struct upload *upload, const char *name,
                                      size_t *from);
/* Closes and frees; the folder itself is the caller's to remove. */
void upload_free(struct upload *upload);

#endif
