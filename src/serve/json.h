/* json.h — a small JSON writer for the server's answers.
 *
 * Values are appended to a strbuf in order; the writer keeps the commas.
 * Strings are escaped for JSON and for a page that might embed them
 * (<, >, & and the two Unicode line separators as \u escapes); bytes that
 * are not UTF-8 become U+FFFD, so an uploaded file's odd name cannot break
 * the answer. A key is given inside an object and NULL inside an array. */
#ifndef STAGEDOC_SERVE_JSON_H
#define STAGEDOC_SERVE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

#define JSON_MAX_DEPTH 16

struct json {
    struct strbuf out;
    int depth;
    bool started[JSON_MAX_DEPTH]; /* a value already written at this depth */
};

#define JSON_INIT {STRBUF_INIT, 0, {false}}

void json_object_begin(struct json *json, const char *key);
void json_object_end(struct json *json);
void json_array_begin(struct json *json, const char *key);
void json_array_end(struct json *json);
/* text NULL writes null. */
void json_string(struct json *json, const char *key, const char *text);
void json_number(struct json *json, const char *key, long long number);
void json_bool(struct json *json, const char *key, bool value);
/* A value already in JSON (an object another writer made). */
void json_raw(struct json *json, const char *key, const char *value);
/* The escaped text alone, quotes included, appended to out. */
void json_add_string(struct strbuf *out, const char *text);

#endif
