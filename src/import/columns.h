/* columns.h — which spreadsheet column fills which part of a stage.
 *
 * The mapping is data (templates/import/colonnes.tsv): XML path, kind of
 * value, whether it is required, and the headers schools write for it.
 * Headers are compared folded (no case, no accents, punctuation as spaces). */
#ifndef STAGEDOC_IMPORT_COLUMNS_H
#define STAGEDOC_IMPORT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

enum column_kind { KIND_TEXT, KIND_CODE, KIND_DATE, KIND_NUMBER, KIND_YES_NO, KIND_CIVILITE };

struct column_spec {
    char *path;     /* "stagiaire/nom", "@id", "/session" */
    enum column_kind kind;
    bool required;
    char *title;    /* the proposed header, as written */
    char *example;  /* the template's example value ("" when none) */
    char **folded;  /* every header, folded */
    size_t folded_count;
};

struct column_map {
    struct column_spec *specs;
    size_t count;
};

/* Reads the mapping file; false with "PATH:LINE: message" in error. */
bool columns_load(const char *path, struct column_map *map, struct strbuf *error);
/* The spec whose header matches text (any case or accents), or -1. */
long columns_match(const struct column_map *map, const char *text);
void columns_free(struct column_map *map);

#endif
