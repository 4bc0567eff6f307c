/* collect.c — see collect.h. Diagnostics and notes are written as JSON at
 * once; records are kept (their fields copied) until the end, since a
 * package's signatures nest inside it. What one answer may say is bounded
 * (COLLECT_MAX_BYTES): past it, the rest is dropped and the answer says so
 * in its message rather than growing without end. */
#include "collect.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "json.h"

#define COLLECT_MAX_BYTES (32u << 20)

struct collected_record {
    char *kind;
    char **keys, **values; /* values[i] may be NULL */
    size_t count;
};

static size_t said_bytes(const struct collect *collect)
{
    return collect->diagnostics.len + collect->notes.len;
}

static const char *const severity_names[] = {"info", "warning", "error"};

static const char *severity_name(enum sd_severity severity)
{
    return severity <= SD_ERROR ? severity_names[severity] : "error";
}

static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct collect *collect = user;
    if (d->severity <= SD_ERROR)
        collect->counts[d->severity]++;
    if (said_bytes(collect) > COLLECT_MAX_BYTES) {
        collect->failed = true;
        return;
    }
    struct json json = {.out = collect->diagnostics, .started = {collect->diagnostic_count > 0}};
    json_object_begin(&json, NULL);
    json_string(&json, "severity", severity_name(d->severity));
    json_string(&json, "rule", d->rule);
    json_string(&json, "stage", d->stage);
    json_string(&json, "student", d->student);
    json_string(&json, "file", d->file);
    json_number(&json, "line", d->line);
    json_number(&json, "column", d->column);
    json_string(&json, "sheet", d->sheet);
    json_string(&json, "cell", d->cell);
    json_number(&json, "row", d->row);
    json_string(&json, "column_name", d->column_name);
    json_string(&json, "header", d->header);
    json_string(&json, "message", d->message);
    json_string(&json, "plain", d->plain);
    json_string(&json, "todo", d->todo);
    json_object_end(&json);
    collect->diagnostics = json.out;
    collect->diagnostic_count++;
}

static void on_note(void *user, enum sd_severity severity, const char *text)
{
    struct collect *collect = user;
    if (said_bytes(collect) > COLLECT_MAX_BYTES) {
        collect->failed = true;
        return;
    }
    struct json json = {.out = collect->notes, .started = {collect->note_count > 0}};
    json_object_begin(&json, NULL);
    json_string(&json, "severity", severity_name(severity));
    json_string(&json, "text", text);
    json_object_end(&json);
    collect->notes = json.out;
    collect->note_count++;
}

#if SD_EVENTS_VERSION >= 2
static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

static void on_record(void *user, const struct sd_record *record)
{
    struct collect *collect = user;
    if (said_bytes(collect) > COLLECT_MAX_BYTES || collect->record_count >= 100000 ||
        !ARRAY_GROW(collect->records, collect->record_capacity, collect->record_count + 1)) {
        collect->failed = true;
        return;
    }
    struct collected_record *kept = &collect->records[collect->record_count++];
    *kept = (struct collected_record){strdup(record->kind), calloc(record->count + 1, sizeof(char *)),
                                      calloc(record->count + 1, sizeof(char *)), 0};
    if (!kept->kind || !kept->keys || !kept->values) {
        collect->failed = true;
        return;
    }
    for (size_t i = 0; i < record->count; i++) {
        char *key = strdup(record->fields[i].key);
        char *value = copy_or_null(record->fields[i].value);
        if (!key || (record->fields[i].value && !value)) {
            free(key);
            free(value);
            collect->failed = true;
            return;
        }
        kept->keys[kept->count] = key;
        kept->values[kept->count++] = value;
    }
}
#endif

struct sd_events collect_events(struct collect *collect)
{
    struct sd_events events = SD_EVENTS_INIT;
    events.user = collect;
    events.diagnostic = on_diagnostic;
    events.note = on_note;
#if SD_EVENTS_VERSION >= 2
    events.record = on_record;
#endif
    return events;
}

const char *collect_status_name(sd_status status)
{
    static const char *const names[] = {"ok", "invalid", "usage", "io",
                                        "limit", "cancelled", "nomem", "internal"};
    return (unsigned)status < sizeof names / sizeof *names ? names[status] : "internal";
}

static const char *record_value(const struct collected_record *record, const char *key)
{
    for (size_t i = 0; i < record->count; i++)
        if (strcmp(record->keys[i], key) == 0)
            return record->values[i];
    return NULL;
}

static void write_fields(struct json *json, const struct collected_record *record)
{
    for (size_t i = 0; i < record->count; i++)
        json_string(json, record->keys[i], record->values[i]);
}

/* A signature record belongs to the package whose file its own starts
 * with ("paquet.zip/convention.pdf"). */
static bool belongs_to(const struct collected_record *signature, const char *package)
{
    const char *file = record_value(signature, "file");
    size_t length = package ? strlen(package) : 0;
    return file && length && strncmp(file, package, length) == 0 && file[length] == '/';
}

static void write_package(struct json *json, const struct collect *collect,
                          const struct collected_record *package)
{
    json_object_begin(json, NULL);
    write_fields(json, package);
    json_array_begin(json, "signatures");
    const char *file = record_value(package, "file");
    for (size_t i = 0; i < collect->record_count; i++) {
        const struct collected_record *record = &collect->records[i];
        if (strcmp(record->kind, "signature") == 0 && belongs_to(record, file)) {
            json_object_begin(json, NULL);
            write_fields(json, record);
            json_object_end(json);
        }
    }
    json_array_end(json);
    json_object_end(json);
}

static void write_records(struct json *json, const struct collect *collect, const char *key,
                          const char *kind)
{
    json_array_begin(json, key);
    for (size_t i = 0; i < collect->record_count; i++) {
        const struct collected_record *record = &collect->records[i];
        if (strcmp(record->kind, kind) != 0)
            continue;
        if (strcmp(kind, "paquet") == 0) {
            write_package(json, collect, record);
            continue;
        }
        json_object_begin(json, NULL);
        write_fields(json, record);
        json_object_end(json);
    }
    json_array_end(json);
}

void collect_json(const struct collect *collect, sd_status status, const char *message,
                  unsigned arrays, struct strbuf *out)
{
    struct json json = JSON_INIT;
    json_object_begin(&json, NULL);
    json_string(&json, "status", collect_status_name(status));
    if (collect->failed && (!message || !*message))
        message = "la réponse a été tronquée : trop de messages, ou mémoire insuffisante";
    json_string(&json, "message", message ? message : "");
    json_object_begin(&json, "counts");
    json_number(&json, "errors", (long long)collect->counts[SD_ERROR]);
    json_number(&json, "warnings", (long long)collect->counts[SD_WARNING]);
    json_number(&json, "infos", (long long)collect->counts[SD_INFO]);
    json_object_end(&json);
    json_raw(&json, "diagnostics", "[");
    strbuf_add(&json.out, strbuf_str(&collect->diagnostics), collect->diagnostics.len);
    strbuf_puts(&json.out, "]");
    json_raw(&json, "notes", "[");
    strbuf_add(&json.out, strbuf_str(&collect->notes), collect->notes.len);
    strbuf_puts(&json.out, "]");
    if (arrays & COLLECT_ROWS)
        write_records(&json, collect, "rows", "ligne");
    if (arrays & COLLECT_STAGES)
        write_records(&json, collect, "stages", "stage");
    if (arrays & COLLECT_PACKAGES)
        write_records(&json, collect, "packages", "paquet");
    if (arrays & COLLECT_SIGNATURES)
        write_records(&json, collect, "signatures", "signature");
    json_object_end(&json);
    strbuf_add(out, strbuf_str(&json.out), json.out.len);
    strbuf_puts(out, "\n");
    strbuf_free(&json.out);
}

void collect_free(struct collect *collect)
{
    strbuf_free(&collect->diagnostics);
    strbuf_free(&collect->notes);
    for (size_t i = 0; i < collect->record_count; i++) {
        struct collected_record *record = &collect->records[i];
        for (size_t k = 0; k < record->count; k++) {
            free(record->keys[k]);
            free(record->values[k]);
        }
        free(record->keys);
        free(record->values);
        free(record->kind);
    }
    free(collect->records);
}
