/* columns.c — reads templates/import/colonnes.tsv and matches headers. */
#include "columns.h"

#include <stdlib.h>
#include <string.h>

#include "../util/datafile.h"
#include "../util/fold.h"

static const char *const kind_names[] = {"texte", "code", "date", "nombre", "oui-non",
                                         "civilite"};

static bool parse_kind(const char *name, enum column_kind *out)
{
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
        if (!strcmp(name, kind_names[i])) {
            *out = (enum column_kind)i;
            return true;
        }
    return false;
}

static bool add_headers(struct column_spec *spec, const char *list)
{
    char *copy = strdup(list);
    if (!copy)
        return false;
    size_t count = 1;
    for (const char *p = list; *p; p++)
        count += *p == '|';
    spec->folded = calloc(count, sizeof *spec->folded);
    bool ok = spec->folded != NULL;
    for (char *save = NULL, *h = ok ? strtok_r(copy, "|", &save) : NULL; ok && h;
         h = strtok_r(NULL, "|", &save)) {
        if (!spec->title)
            spec->title = strdup(h);
        ok = (spec->folded[spec->folded_count++] = fold_for_comparison(h)) != NULL;
    }
    free(copy);
    return ok && spec->title;
}

static bool visit(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct column_map *map = context;
    if (record->count < 4) {
        strbuf_puts(error, "4 champs attendus : chemin, type, requis, intitulés");
        return false;
    }
    struct column_spec spec = {0};
    if (!parse_kind(record->fields[1], &spec.kind)) {
        strbuf_printf(error, "type « %s » inconnu (texte, code, date, nombre, oui-non, civilite)",
                      record->fields[1]);
        return false;
    }
    struct column_spec *specs = realloc(map->specs, (map->count + 1) * sizeof *specs);
    if (!specs) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    map->specs = specs;
    spec.required = !strcmp(record->fields[2], "oui");
    spec.path = strdup(record->fields[0]);
    spec.example = strdup(record->count > 4 ? record->fields[4] : "");
    bool ok = spec.path && spec.example && add_headers(&spec, record->fields[3]);
    map->specs[map->count++] = spec;
    if (!ok)
        strbuf_puts(error, "mémoire insuffisante");
    return ok;
}

bool columns_load(const char *path, struct column_map *map, struct strbuf *error)
{
    memset(map, 0, sizeof *map);
    return datafile_read(path, visit, map, error);
}

long columns_match(const struct column_map *map, const char *text)
{
    char *folded = fold_for_comparison(text);
    long found = -1;
    for (size_t i = 0; folded && *folded && found < 0 && i < map->count; i++)
        for (size_t j = 0; j < map->specs[i].folded_count; j++)
            if (!strcmp(folded, map->specs[i].folded[j])) {
                found = (long)i;
                break;
            }
    free(folded);
    return found;
}

void columns_free(struct column_map *map)
{
    for (size_t i = 0; i < map->count; i++) {
        for (size_t j = 0; j < map->specs[i].folded_count; j++)
            free(map->specs[i].folded[j]);
        free(map->specs[i].folded);
        free(map->specs[i].path);
        free(map->specs[i].title);
        free(map->specs[i].example);
    }
    free(map->specs);
    memset(map, 0, sizeof *map);
}
