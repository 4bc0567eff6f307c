/* columns.c — reads templates/import/colonnes.tsv (the workbook's layout)
 * and matches sheet names and headers. */
#include "columns.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/datafile.h"
#include "../util/file.h"
#include "../util/fold.h"

static const char *const kind_names[] = {
    "texte", "code", "date", "nombre", "entier", "montant", "heure", "duree", "code-postal",
    "uai", "siret", "naf", "candidat", "email", "telephone", "fichier", NULL, "feuille",
};

/* "date*" is a date column holding several dates. */
static bool parse_kind(const struct column_map *map, const char *name,
                       struct column_spec *spec)
{
    size_t len = strlen(name);
    spec->multiple = len > 1 && name[len - 1] == '*';
    len -= spec->multiple;
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
        if (kind_names[i] && strlen(kind_names[i]) == len && !strncmp(name, kind_names[i], len)) {
            spec->kind = (enum column_kind)i;
            return true;
        }
    char *choice = strndup(name, len);
    spec->choices = choice ? choices_find(&map->choices, choice) : NULL;
    spec->kind = KIND_CHOICE;
    free(choice);
    return spec->choices != NULL;
}

static bool add_headers(struct column_spec *spec, const char *list)
{
    size_t count = 1;
    for (const char *p = list; *p; p++)
        count += *p == '|';
    char *copy = strdup(list);
    spec->folded = calloc(count, sizeof *spec->folded);
    bool ok = copy && spec->folded;
    for (char *save = NULL, *h = ok ? strtok_r(copy, "|", &save) : NULL; ok && h;
         h = strtok_r(NULL, "|", &save)) {
        if (!spec->title)
            spec->title = strdup(h);
        ok = (spec->folded[spec->folded_count++] = fold_for_comparison(h)) != NULL;
    }
    free(copy);
    return ok && spec->title;
}

/* The sheet a line belongs to: the line that declares its sheet's name. */
static bool find_sheet(const struct column_map *map, struct column_spec *spec)
{
    for (size_t i = 0; i < map->count; i++)
        if (map->specs[i].kind == KIND_SHEET && !strcmp(map->specs[i].sheet, spec->sheet)) {
            spec->sheet_line = i;
            return true;
        }
    return false;
}

/* Two headers of one sheet that fold alike would make a column ambiguous. */
static const char *clashing_header(const struct column_map *map, const struct column_spec *spec)
{
    for (size_t i = 0; i < map->count; i++)
        if (map->specs[i].kind != KIND_SHEET && map->specs[i].sheet_line == spec->sheet_line)
            for (size_t a = 0; a < map->specs[i].folded_count; a++)
            for (size_t b = 0; b < spec->folded_count; b++)
                if (!strcmp(map->specs[i].folded[a], spec->folded[b]))
                    return map->specs[i].title;
    return NULL;
}

static bool visit(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct column_map *map = context;
    if (record->count < 5) {
        strbuf_puts(error, "5 champs au moins : feuille, chemin, type, requis, intitulés");
        return false;
    }
    struct column_spec spec = {0};
    if (!parse_kind(map, record->fields[2], &spec)) {
        strbuf_printf(error, "type « %s » inconnu (voir l'en-tête du fichier et valeurs.tsv)",
                      record->fields[2]);
        return false;
    }
    if (!ARRAY_GROW(map->specs, map->capacity, map->count + 1)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    spec.required = !strcmp(record->fields[3], "oui");
    spec.required_in_block = !strcmp(record->fields[3], "bloc");
    spec.sheet = strdup(record->fields[0]);
    spec.path = strdup(record->fields[1]);
    spec.example = strdup(record->count > 5 ? record->fields[5] : "");
    spec.note = strdup(record->count > 6 ? record->fields[6] : "");
    bool ok = spec.sheet && spec.path && spec.example && spec.note &&
              add_headers(&spec, record->fields[4]);
    bool declared = ok && (spec.kind == KIND_SHEET ? (spec.sheet_line = map->count, true)
                                                   : find_sheet(map, &spec));
    const char *clash = declared && spec.kind != KIND_SHEET ? clashing_header(map, &spec) : NULL;
    map->specs[map->count++] = spec;
    if (ok && !declared)
        strbuf_printf(error, "feuille « %s » pas encore déclarée (une ligne de type « feuille »)",
                      spec.sheet);
    else if (clash)
        strbuf_printf(error, "« %s » : un intitulé est aussi celui de « %s » dans la même feuille",
                      spec.title, clash);
    else if (!ok)
        strbuf_puts(error, "mémoire insuffisante");
    return ok && declared && !clash;
}

bool columns_load(const char *path, struct column_map *map, struct strbuf *error)
{
    memset(map, 0, sizeof *map);
    /* valeurs.tsv sits beside colonnes.tsv */
    const char *slash = strrchr(path, '/');
    char *folder = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    char *values = folder ? path_join(folder, "valeurs.tsv") : NULL;
    bool ok = values && choices_load(values, &map->choices, error) &&
              datafile_read(path, visit, map, error);
    if (!values)
        strbuf_puts(error, "mémoire insuffisante");
    free(values);
    free(folder);
    return ok;
}

static bool spec_matches(const struct column_spec *spec, const char *folded)
{
    for (size_t j = 0; j < spec->folded_count; j++)
        if (!strcmp(folded, spec->folded[j]))
            return true;
    return false;
}

long columns_match(const struct column_map *map, size_t sheet, const char *text)
{
    char *folded = fold_for_comparison(text);
    long found = -1;
    for (size_t i = 0; folded && *folded && i < map->count; i++) {
        if (map->specs[i].kind == KIND_SHEET || map->specs[i].sheet_line != sheet)
            continue;
        if (spec_matches(&map->specs[i], folded)) {
            found = (long)i;
            break;
        }
    }
    free(folded);
    return found;
}

long columns_match_sheet(const struct column_map *map, const char *text)
{
    char *folded = fold_for_comparison(text);
    long found = -1;
    for (size_t i = 0; folded && *folded && found < 0 && i < map->count; i++)
        if (map->specs[i].kind == KIND_SHEET && spec_matches(&map->specs[i], folded))
            found = (long)i;
    free(folded);
    return found;
}

void columns_free(struct column_map *map)
{
    for (size_t i = 0; i < map->count; i++) {
        for (size_t j = 0; j < map->specs[i].folded_count; j++)
            free(map->specs[i].folded[j]);
        free(map->specs[i].folded);
        free(map->specs[i].sheet);
        free(map->specs[i].path);
        free(map->specs[i].title);
        free(map->specs[i].example);
        free(map->specs[i].note);
    }
    free(map->specs);
    choices_free(&map->choices);
    memset(map, 0, sizeof *map);
}
