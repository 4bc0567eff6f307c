/* collect.h — a run's events gathered into the JSON answer of the HTTP API.
 *
 * A job process hands these events to the engine; at the end, collect_json
 * writes the answer /work/wt/API.md and the README describe: the status,
 * the first failure's text, the counts, every diagnostic as an object,
 * the notes, and the records the route asked for (workbook rows, stages,
 * packages with their signatures, signatures). */
#ifndef STAGEDOC_SERVE_COLLECT_H
#define STAGEDOC_SERVE_COLLECT_H

#include "../engine/stagedoc.h"
#include "../util/strbuf.h"

/* Which record arrays an answer carries. */
enum {
    COLLECT_ROWS = 1,       /* "rows": a workbook's `ligne` records */
    COLLECT_STAGES = 2,     /* "stages" */
    COLLECT_PACKAGES = 4,   /* "packages", each with its "signatures" */
    COLLECT_SIGNATURES = 8, /* "signatures" */
};

struct collected_record;

struct collect {
    struct strbuf diagnostics; /* JSON objects, comma-separated */
    struct strbuf notes;
    size_t diagnostic_count, note_count;
    size_t counts[3];          /* by severity */
    struct collected_record *records;
    size_t record_count, record_capacity;
    bool failed;               /* memory ran out, or too much was said */
};

/* Events whose user is collect (zeroed by the caller first). */
struct sd_events collect_events(struct collect *collect);
/* The answer, into out. */
void collect_json(const struct collect *collect, sd_status status, const char *message,
                  unsigned arrays, struct strbuf *out);
void collect_free(struct collect *collect);

/* "ok", "invalid"… for a status. */
const char *collect_status_name(sd_status status);

#endif
