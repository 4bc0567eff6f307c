/* import_values.c — a workbook's rows put into the promotion: each cell
 * converted (convert.h) and put at its path with its origin, the Classe
 * sheet's class values and defaults, the blocks a row must complete, and
 * the list sheets' rows handed to their students. The sheets themselves
 * (which table is which, headers, reporting) are import_sheets.c's. */
#include "import_sheets.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/fold.h"
#include "../util/termtext.h"
#include "convert.h"
#include "import_xml.h"



/* What to do with an empty required cell: fill it, as its note says. */
static const char *fill_hint(const struct column_spec *spec, struct strbuf *out)
{
    size_t len = strlen(spec->note);
    while (len > 0 && spec->note[len - 1] == '.')
        len--;
    strbuf_reset(out);
    strbuf_puts(out, "remplissez-la");
    if (len)
        strbuf_printf(out, " (%.*s)", (int)len, spec->note);
    strbuf_puts(out, ".");
    return strbuf_str(out);
}

void origin_pool_free(struct origin_pool *pool)
{
    for (size_t i = 0; i < pool->count; i++)
        free(pool->items[i]);
    free(pool->items);
    memset(pool, 0, sizeof *pool);
}

#define ORIGINS_PER_BLOCK 128

/* A copy of origin that stays where it is: blocks of ORIGINS_PER_BLOCK,
 * never moved, so that nodes can point at them. */
static const struct import_origin *origin_new(struct origin_pool *pool,
                                              const struct import_origin *origin)
{
    if (pool->used == 0 || pool->used == ORIGINS_PER_BLOCK) {
        bool room = ARRAY_GROW(pool->items, pool->capacity, pool->count + 1);
        struct import_origin *block = room ? malloc(ORIGINS_PER_BLOCK * sizeof *block) : NULL;
        if (!block)
            return NULL;
        pool->items[pool->count++] = block;
        pool->used = 0;
    }
    struct import_origin *copy = &pool->items[pool->count - 1][pool->used++];
    *copy = *origin;
    return copy;
}

void defaults_free(struct defaults *defaults)
{
    for (size_t i = 0; i < defaults->count; i++) {
        for (size_t k = 0; k < defaults->by_spec[i].count; k++)
            free(defaults->by_spec[i].values[k]);
        free(defaults->by_spec[i].values);
    }
    free(defaults->by_spec);
    memset(defaults, 0, sizeof *defaults);
}

/* The country of the address a postal code belongs to, from the same row. */
static const char *address_country(const struct sheets *sheets, size_t sheet,
                                   const struct table_row *row, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || strcmp(slash + 1, "code-postal"))
        return NULL;
    struct strbuf pays = STRBUF_INIT;
    strbuf_add(&pays, path, (size_t)(slash - path) + 1);
    strbuf_puts(&pays, "pays");
    const char *country = sheets_row_text(sheets, sheet, row, strbuf_str(&pays));
    strbuf_free(&pays);
    return country;
}

/* The path of the n-th value of a « multiple » field: the element that
 * repeats is the last one before the attribute ("suivi/visite[2]/@date"). */
static void nth_path(const char *path, size_t n, struct strbuf *out)
{
    const char *at = strstr(path, "/@");
    if (!at) {
        strbuf_printf(out, "%s[%zu]", path, n + 1);
        return;
    }
    strbuf_add(out, path, (size_t)(at - path));
    strbuf_printf(out, "[%zu]%s", n + 1, at);
}

/* One cell's values (several for a « multiple » field, split at « ; »),
 * converted; a refused one is reported. Calls put for each. */
typedef void (*value_sink)(void *data, size_t n, const char *value);

static bool convert_values(struct sheets *sheets, size_t sheet, const struct table_row *row,
                           size_t column, size_t spec_index, const char *student,
                           value_sink put, void *data)
{
    const struct column_spec *spec = &sheets->map->specs[spec_index];
    const struct table_cell *cell = table_cell(row, column);
    struct cell_context context = {address_country(sheets, sheet, row, spec->path)};
    struct cell_verdict *verdict = &sheets->verdict; /* reused: a class has many cells */
    bool ok = true;
    bool split = spec->multiple && cell->kind == CELL_TEXT;
    char *copy = split ? strdup(cell->text) : cell->text; /* split in place: a copy */
    size_t n = 0;
    char *save = NULL;
    for (char *part = split ? strtok_r(copy, ";\n", &save) : copy; ok && copy && part;
         part = split ? strtok_r(NULL, ";\n", &save) : NULL) {
        struct table_cell one = *cell;
        one.text = part;
        if (sheets_cell_blank(&one))
            continue;
        cell_verdict_reset(verdict);
        if (!convert_cell(&one, spec, &context, verdict)) {
            sheets_report(sheets, sheet, row->number, (long)column, SEVERITY_ERROR, "cellule", student,
                   strbuf_str(&verdict->hint), "%s", strbuf_str(&verdict->message));
            ok = false;
            break;
        }
        if (verdict->warning.len)
            sheets_report(sheets, sheet, row->number, (long)column, SEVERITY_WARNING, "cellule", student,
                   NULL, "%s", strbuf_str(&verdict->warning));
        put(data, n++, strbuf_str(&verdict->value));
    }
    if (split)
        free(copy);
    return ok && copy;
}

struct put_target {
    xmlNodePtr element;
    const char *path;
    bool multiple;
    const struct import_origin *origin;
};

static void put_into(void *data, size_t n, const char *value)
{
    struct put_target *target = data;
    if (!target->multiple) {
        xml_put(target->element, target->path, value, target->origin);
        return;
    }
    struct strbuf path = STRBUF_INIT;
    nth_path(target->path, n, &path);
    xml_put(target->element, strbuf_str(&path), value, target->origin);
    strbuf_free(&path);
}

static void put_default(const struct default_value *value, const struct column_spec *spec,
                        xmlNodePtr element, struct origin_pool *pool)
{
    const struct import_origin *origin = origin_new(pool, &value->origin);
    struct put_target target = {element, spec->path, spec->multiple, origin};
    for (size_t k = 0; k < value->count; k++)
        put_into(&target, k, value->values[k]);
}

static bool has_default(const struct defaults *defaults, size_t spec)
{
    return defaults && spec < defaults->count && defaults->by_spec[spec].count > 0;
}

void sheets_put_row(struct sheets *sheets, size_t sheet, size_t row_index, xmlNodePtr element,
                    struct origin_pool *pool, const struct defaults *defaults,
                    const char *student)
{
    const struct sheet_view *view = &sheets->views[sheet];
    const struct table_row *row = &view->table->rows[row_index];
    for (size_t s = 0; s < sheets->map->count; s++) {
        const struct column_spec *spec = &sheets->map->specs[s];
        if (spec->kind == KIND_SHEET || spec->sheet_line != view->sheet_line ||
            spec->path[0] == '=')
            continue;
        long column = sheets_column_of_spec(sheets, sheet, s);
        const struct table_cell *cell = column >= 0 ? table_cell(row, (size_t)column) : NULL;
        if (sheets_cell_blank(cell) || cell->kind == CELL_UNCOMPUTED) {
            if (has_default(defaults, s))
                put_default(&defaults->by_spec[s], spec, element, pool);
            else if (spec->required && column >= 0) {
                struct strbuf hint = STRBUF_INIT;
                sheets_report(sheets, sheet, row->number, column, SEVERITY_ERROR, "cellule", student,
                       fill_hint(spec, &hint), "cellule vide ; elle est obligatoire.");
                strbuf_free(&hint);
            }
            continue;
        }
        struct import_origin at = {0, view->table_index, row->number, (unsigned)column,
                                   (unsigned)s};
        struct put_target target = {element, spec->path, spec->multiple, origin_new(pool, &at)};
        convert_values(sheets, sheet, row, (size_t)column, s, student, put_into, &target);
    }
}

/* ----------------------------------------------------------- class values */

struct shared_target {
    struct sheets *sheets;
    size_t sheet;
    unsigned row;
    size_t column;
    xmlNodePtr promotion;
    const char *path;       /* from <promotion>, without the leading "/" */
    const struct import_origin *origin;
    const char *student;
};

/* A value of the whole class: the first given is the class's; a row that
 * gives another is wrong, since a promotion has one school and one session
 * (an address's lines are compared with each of the class's lines). */
static void put_shared_value(void *data, size_t n, const char *value)
{
    struct shared_target *t = data;
    (void)n;
    const xmlChar *had = xml_value(t->promotion, t->path);
    bool same = had && (!strcmp((const char *)had, value) ||
                        xml_has_sibling_value(t->promotion, t->path, value));
    if (!had) {
        xml_put(t->promotion, t->path, value, t->origin);
    } else if (!same) {
        char *shown = termtext_escape(value, TERMTEXT_MAX_CHARACTERS);
        char *before = termtext_escape((const char *)had, TERMTEXT_MAX_CHARACTERS);
        sheets_report(t->sheets, t->sheet, t->row, (long)t->column, SEVERITY_ERROR, "cellule",
               t->student, "une seule valeur par classe : corrigez la cellule (la valeur de "
               "toute la classe est dans la feuille Classe ou la première ligne).",
               "« %s » : la classe a déjà « %s » ; ce champ vaut pour toute la classe.",
               shown ? shown : "", before ? before : "");
        free(shown);
        free(before);
    }
}

static void put_shared_cell(struct sheets *sheets, size_t sheet, const struct table_row *row,
                            size_t column, size_t s, xmlNodePtr promotion,
                            struct origin_pool *pool, const char *student)
{
    const struct column_spec *spec = &sheets->map->specs[s];
    struct import_origin at = {0, sheets->views[sheet].table_index, row->number,
                               (unsigned)column, (unsigned)s};
    struct shared_target target = {sheets, sheet, row->number, column, promotion,
                                   spec->path + 1, NULL, student};
    target.origin = origin_new(pool, &at);
    convert_values(sheets, sheet, row, column, s, student, put_shared_value, &target);
}

void sheets_put_shared(struct sheets *sheets, const struct table_row *row,
                       xmlNodePtr promotion, struct origin_pool *pool, const char *student)
{
    const struct sheet_view *view = &sheets->views[SHEET_STAGIAIRES];
    for (size_t c = 0; c < view->columns; c++) {
        long s = view->spec_of[c];
        const struct table_cell *cell = table_cell(row, c);
        if (s >= 0 && sheets->map->specs[s].path[0] == '/' && !sheets_cell_blank(cell))
            put_shared_cell(sheets, SHEET_STAGIAIRES, row, c, (size_t)s, promotion, pool,
                            student);
    }
}

struct default_target {
    struct default_value *value;
};

static void keep_default(void *data, size_t n, const char *value)
{
    struct default_value *d = ((struct default_target *)data)->value;
    (void)n;
    if (!ARRAY_GROW(d->values, d->capacity, d->count + 1))
        return;
    if ((d->values[d->count] = strdup(value)))
        d->count++;
}

/* « Champ » in column A (a field of Classe or of Stagiaires), « Valeur »
 * in column B. */
void sheets_read_classe(struct sheets *sheets, xmlNodePtr promotion, struct origin_pool *pool,
                        struct defaults *defaults)
{
    struct sheet_view *view = &sheets->views[SHEET_CLASSE];
    defaults->by_spec = calloc(sheets->map->count, sizeof *defaults->by_spec);
    defaults->count = defaults->by_spec ? sheets->map->count : 0;
    if (!view->table)
        return;
    for (size_t r = 0; r < view->table->row_count; r++) {
        const struct table_row *row = &view->table->rows[r];
        const struct table_cell *field = table_cell(row, 0), *value = table_cell(row, 1);
        if (sheets_cell_blank(field) || sheets_cell_blank(value))
            continue;
        long s = columns_match(sheets->map, view->sheet_line, field->text);
        if (s < 0)
            s = columns_match(sheets->map, sheets->views[SHEET_STAGIAIRES].sheet_line,
                              field->text);
        if (s < 0) {
            char *folded = fold_for_comparison(field->text);
            char *shown = termtext_escape(field->text, TERMTEXT_MAX_CHARACTERS);
            if (folded && strcmp(folded, "champ"))
                sheets_report(sheets, SHEET_CLASSE, row->number, 0, SEVERITY_WARNING, "classeur", NULL,
                       "écrivez en colonne A le nom d'un champ du modèle (stagedoc init "
                       "--tableur), ou laissez la ligne : elle n'est pas lue.",
                       "champ « %s » inconnu : ligne ignorée.", shown ? shown : "");
            free(shown);
            free(folded);
            continue;
        }
        const struct column_spec *spec = &sheets->map->specs[s];
        if (spec->path[0] == '/') {
            put_shared_cell(sheets, SHEET_CLASSE, row, 1, (size_t)s, promotion, pool, NULL);
        } else if ((s = sheets_spec_at(sheets, SHEET_STAGIAIRES, spec->path)) >= 0 && /* kept where rows look */
                   (size_t)s < defaults->count) {
            struct default_value *d = &defaults->by_spec[s];
            d->origin = (struct import_origin){0, view->table_index, row->number, 1,
                                               (unsigned)s};
            struct default_target target = {d};
            convert_values(sheets, SHEET_CLASSE, row, 1, (size_t)s, NULL, keep_default,
                           &target);
        }
    }
}

void sheets_check_columns(struct sheets *sheets, const struct defaults *defaults,
                          xmlNodePtr commun_stage)
{
    for (size_t v = SHEET_STAGIAIRES; v < sheets->count; v++) {
        const struct sheet_view *view = &sheets->views[v];
        if (!view->table || view->header >= view->table->row_count)
            continue;
        for (size_t s = 0; s < sheets->map->count; s++) {
            const struct column_spec *spec = &sheets->map->specs[s];
            if (spec->kind == KIND_SHEET || spec->sheet_line != view->sheet_line ||
                !spec->required || sheets_column_of_spec(sheets, v, s) >= 0 ||
                has_default(defaults, s) ||
                (commun_stage && v == SHEET_STAGIAIRES && xml_value(commun_stage, spec->path)))
                continue;
            /* Who the student is has no class-wide value. */
            bool own = !strncmp(spec->path, "stagiaire/", 10) || v != SHEET_STAGIAIRES;
            sheets_report(sheets, v, view->table->rows[view->header].number, -1, SEVERITY_ERROR,
                   "classeur", NULL, own ? "ajoutez cette colonne et remplissez-la."
                   : view->table->sheet || view->table->name
                   ? "ajoutez cette colonne, ou donnez une valeur pour toute la classe dans la "
                     "feuille Classe (une ligne « … par défaut »)."
                   : "ajoutez cette colonne, ou donnez la valeur de toute la classe dans --commun.",
                   "la colonne « %s » manque.", spec->title);
        }
    }
}

/* ----------------------------------------------------------- blocks */

/* The element path of a field: "tuteur/@civilite" → "tuteur",
 * "tuteur/nom" → "tuteur". */
static char *block_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? strndup(path, (size_t)(slash - path)) : NULL;
}

/* The header of a column of the row that filled the block, to name it. */
static const char *filled_sibling(const struct sheets *sheets, const struct table_row *row,
                                  const char *block)
{
    const struct sheet_view *view = &sheets->views[SHEET_STAGIAIRES];
    size_t len = strlen(block);
    for (size_t c = 0; c < view->columns; c++) {
        long s = view->spec_of[c];
        const char *path = s >= 0 ? sheets->map->specs[s].path : "";
        if (s >= 0 && !strncmp(path, block, len) && path[len] == '/' &&
            !sheets_cell_blank(table_cell(row, c)))
            return sheets_header_text(sheets, SHEET_STAGIAIRES, c);
    }
    return NULL;
}

void sheets_check_blocks(struct sheets *sheets, size_t row_index, xmlNodePtr stage,
                         const char *student)
{
    const struct sheet_view *view = &sheets->views[SHEET_STAGIAIRES];
    const struct table_row *row = &view->table->rows[row_index];
    for (size_t s = 0; s < sheets->map->count; s++) {
        const struct column_spec *spec = &sheets->map->specs[s];
        if (!spec->required_in_block || spec->sheet_line != view->sheet_line)
            continue;
        char *block = block_of(spec->path);
        xmlNodePtr element = block ? xml_find(stage, block) : NULL;
        const char *last = strrchr(spec->path, '/') + 1;
        bool missing = element && (last[0] == '@' ? !xmlHasProp(element, BAD_CAST(last + 1))
                                                  : !xml_find(element, last));
        const char *sibling = missing ? filled_sibling(sheets, row, block) : NULL;
        long column = sheets_column_of_spec(sheets, SHEET_STAGIAIRES, s);
        if (column >= 0 && !sheets_cell_blank(table_cell(row, (size_t)column)))
            missing = false; /* a cell refused already: said at its cell */
        struct strbuf hint = STRBUF_INIT;
        if (missing && sibling && column >= 0)
            sheets_report(sheets, SHEET_STAGIAIRES, row->number, column, SEVERITY_ERROR, "cellule",
                   student, fill_hint(spec, &hint),
                   "cellule vide ; elle est obligatoire puisque « %s » est rempli.", sibling);
        else if (missing && sibling && !sheets->told[s]) {
            sheets->told[s] = true; /* once for the sheet, not once a row */
            sheets_report(sheets, SHEET_STAGIAIRES, view->table->rows[view->header].number, -1,
                   SEVERITY_ERROR, "classeur", NULL, "ajoutez cette colonne à la feuille "
                   "Stagiaires et remplissez-la.", "la colonne « %s » manque ; elle est "
                   "obligatoire dès que « %s » est rempli (ligne %u d'abord).", spec->title,
                   sibling, row->number);
        }
        strbuf_free(&hint);
        free(block);
    }
}

/* ----------------------------------------------------------- list sheets */

bool sheets_index_rows(struct sheets *sheets, size_t sheet, size_t students,
                       struct importer *im, sheets_owner_fn owner)
{
    struct sheet_view *view = &sheets->views[sheet];
    if (!view->table || view->header >= view->table->row_count)
        return true;
    size_t rows = view->table->row_count - view->header - 1;
    size_t *owners = calloc(rows ? rows : 1, sizeof *owners);
    view->starts = calloc(students + 2, sizeof *view->starts);
    view->order = calloc(rows ? rows : 1, sizeof *view->order);
    if (!owners || !view->starts || !view->order) {
        free(owners);
        return false;
    }
    view->owners = students;
    for (size_t k = 0; k < rows; k++) {
        size_t r = view->header + 1 + k, who;
        owners[k] = students + 1; /* none */
        if (sheets_row_is_empty(&view->table->rows[r]) || !owner(im, sheet, r, &who))
            continue;
        owners[k] = who == (size_t)-1 ? students : who;
        view->starts[owners[k] + 1]++;
    }
    for (size_t s = 1; s <= students + 1; s++)
        view->starts[s] += view->starts[s - 1];
    size_t *next = calloc(students + 1, sizeof *next);
    if (!next) {
        free(owners);
        return false;
    }
    memcpy(next, view->starts, (students + 1) * sizeof *next);
    for (size_t k = 0; k < rows; k++)
        if (owners[k] <= students)
            view->order[next[owners[k]]++] = view->header + 1 + k;
    view->ordered = view->starts[students + 1];
    free(next);
    free(owners);
    return true;
}

bool sheets_rows_of(const struct sheet_view *view, size_t s, size_t *from, size_t *to)
{
    size_t slot = s == (size_t)-1 ? view->owners : s;
    if (!view->starts || slot > view->owners)
        return false;
    *from = view->starts[slot];
    *to = view->starts[slot + 1];
    return *to > *from;
}
