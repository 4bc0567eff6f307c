/* import_sheets.c — a workbook's tables seen through the layout: which
 * table is which sheet, where each header row is, which column holds which
 * field, and every problem told at its cell. The rows' values are
 * import_values.c's. */
#include "import_sheets.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../util/abspath.h"
#include "../util/frformat.h"
#include "../util/termtext.h"

#define HEADER_SEARCH_ROWS 50

bool sheets_spec_on(const struct column_spec *spec, size_t sheet_line)
{
    return spec->kind != KIND_SHEET && spec->sheet_line == sheet_line;
}

/* ----------------------------------------------------------- fields */

static int compare_fields(const void *a, const void *b)
{
    return strcmp(((const struct sheet_field *)a)->path, ((const struct sheet_field *)b)->path);
}

/* The sheet's fields sorted by path: looked up for every row of a class. */
static bool index_fields(const struct sheets *sheets, struct sheet_view *view)
{
    view->fields = malloc((sheets->map->count ? sheets->map->count : 1) * sizeof *view->fields);
    if (!view->fields)
        return false;
    for (size_t s = 0; s < sheets->map->count; s++)
        if (sheets_spec_on(&sheets->map->specs[s], view->sheet_line))
            view->fields[view->field_count++] = (struct sheet_field){sheets->map->specs[s].path, s};
    qsort(view->fields, view->field_count, sizeof *view->fields, compare_fields);
    return true;
}

/* The layout's line of sheet's field at path, or -1. */
long sheets_spec_at(const struct sheets *sheets, size_t sheet, const char *path)
{
    const struct sheet_view *view = &sheets->views[sheet];
    struct sheet_field key = {path, 0};
    const struct sheet_field *found =
        view->fields ? bsearch(&key, view->fields, view->field_count, sizeof key, compare_fields)
                     : NULL;
    return found ? (long)found->spec : -1;
}

/* ----------------------------------------------------------- reporting */

static void cell_name(const struct sheets *sheets, size_t sheet, unsigned row, size_t column,
                      struct strbuf *out)
{
    const struct table *table = sheets->views[sheet].table;
    char letters[8];
    table_column_name(column, letters);
    if (table->sheet)
        strbuf_printf(out, "%s!%s%u", table->sheet, letters, row);
    else
        strbuf_printf(out, "%s%u", letters, row);
}


static void vreport(struct sheets *sheets, size_t sheet, unsigned row, long column,
                    enum severity severity, const char *rule, const char *student,
                    const char *hint, const char *fmt, va_list args)
{
    const struct table *table = sheets->views[sheet].table;
    struct position where = {table->label, 0, 0};
    if (sheets->reported >= SHEETS_MAX_REPORTS) {
        sheets->unreported[severity]++;
        sheets->diags->counts[severity]++; /* counted as given, so that nothing is written */
        return;
    }
    sheets->reported++;
    diag_vadd(sheets->diags, severity, where, rule, NULL, hint, fmt, args);
    struct strbuf cell = STRBUF_INIT;
    if (row) /* a whole row is named by its first cell */
        cell_name(sheets, sheet, row, column >= 0 ? (size_t)column : 0, &cell);
    else if (table->sheet)
        strbuf_puts(&cell, table->sheet);
    /* In Classe, a value's header is its field, in column A of its row. */
    const struct table_cell *field = sheet == SHEET_CLASSE && row
                                         ? table_cell(table_find_row(table, row), 0) : NULL;
    const char *header = field ? field->text
                         : column >= 0 ? sheets_header_text(sheets, sheet, (size_t)column) : NULL;
    diag_set_cell(sheets->diags, cell.len ? strbuf_str(&cell) : NULL, header, student);
    strbuf_free(&cell);
}

void sheets_tell_rest(struct sheets *sheets)
{
    size_t *rest = sheets->unreported;
    if (!rest[SEVERITY_ERROR] && !rest[SEVERITY_WARNING] && !rest[SEVERITY_INFO])
        return;
    enum severity most = rest[SEVERITY_ERROR] ? SEVERITY_ERROR
                         : rest[SEVERITY_WARNING] ? SEVERITY_WARNING : SEVERITY_INFO;
    sheets->diags->counts[most]--; /* this line stands for one of them */
    struct position where = {sheets->set->count ? sheets->set->tables[0].label : "-", 0, 0};
    diag_add(sheets->diags, most, where, "classeur", NULL,
             "corrigez les cellules dites, puis relancez : la suite sera dite.",
             "%d messages sur les cellules sont donnés ; %zu erreurs, %zu avertissements et "
             "%zu informations de plus ne sont que comptés.", SHEETS_MAX_REPORTS,
             rest[SEVERITY_ERROR], rest[SEVERITY_WARNING], rest[SEVERITY_INFO]);
}

void sheets_report(struct sheets *sheets, size_t sheet, unsigned row, long column,
                   enum severity severity, const char *rule, const char *student,
                   const char *hint, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vreport(sheets, sheet, row, column, severity, rule, student, hint, fmt, args);
    va_end(args);
}

/* ----------------------------------------------------------- headers */

static const struct table_merge *merge_at(const struct table *table, unsigned row, size_t col)
{
    for (size_t i = 0; i < table->merge_count; i++) {
        const struct table_merge *m = &table->merges[i];
        if (m->row <= row && row <= m->last_row && m->first <= col && col <= m->last)
            return m;
    }
    return NULL;
}

static const char *text_at(const struct table *table, unsigned row_number, size_t col)
{
    const struct table_cell *cell = table_cell(table_find_row(table, row_number), col);
    return cell ? cell->text : NULL;
}

/* A header cell's own text, or that of the merged cell that covers it. */
static const char *own_header(const struct table *table, unsigned row, size_t col)
{
    const char *text = text_at(table, row, col);
    const struct table_merge *m = text ? NULL : merge_at(table, row, col);
    return m ? text_at(table, m->row, m->first) : text;
}

const char *sheets_header_text(const struct sheets *sheets, size_t sheet, size_t column)
{
    const struct sheet_view *view = &sheets->views[sheet];
    if (view->header >= view->table->row_count)
        return NULL;
    if (column < view->columns && view->spec_of[column] >= 0 && sheet == SHEET_CLASSE)
        return sheets->map->specs[view->spec_of[column]].title;
    return own_header(view->table, view->table->rows[view->header].number, column);
}

/* The field a header cell names in sheet (then, for « Stagiaires », the
 * class values that may be repeated on each row): "Tuteur" merged above
 * "Nom" is tried as "Tuteur Nom" first, then as "Nom". */
static long match_header(const struct sheets *sheets, size_t sheet, const char *text)
{
    long spec = columns_match(sheets->map, sheets->views[sheet].sheet_line, text);
    if (spec < 0 && sheet == SHEET_STAGIAIRES)
        spec = columns_match(sheets->map, sheets->views[SHEET_CLASSE].sheet_line, text);
    return spec;
}

static long header_spec(const struct sheets *sheets, size_t sheet, unsigned row, size_t col)
{
    const struct table *table = sheets->views[sheet].table;
    const char *own = own_header(table, row, col);
    if (!own)
        return -1;
    const struct table_merge *above = row > 1 ? merge_at(table, row - 1, col) : NULL;
    const char *prefix = above && above->first < above->last
                             ? text_at(table, above->row, above->first) : NULL;
    if (prefix && !merge_at(table, row, col)) {
        struct strbuf both = STRBUF_INIT;
        strbuf_printf(&both, "%s %s", prefix, own);
        long spec = match_header(sheets, sheet, strbuf_str(&both));
        strbuf_free(&both);
        if (spec >= 0)
            return spec;
    }
    return match_header(sheets, sheet, own);
}

static size_t widest_row(const struct table *table)
{
    size_t widest = 0;
    for (size_t r = 0; r < table->row_count; r++)
        if (table->rows[r].count > widest)
            widest = table->rows[r].count;
    return widest;
}

/* The first row with two known headers (one for a sheet of one field). */
static bool find_header(struct sheets *sheets, size_t sheet)
{
    struct sheet_view *view = &sheets->views[sheet];
    view->columns = widest_row(view->table);
    view->spec_of = calloc(view->columns ? view->columns : 1, sizeof *view->spec_of);
    view->header = view->table->row_count;
    if (!view->spec_of)
        return false;
    for (size_t r = 0; r < view->table->row_count && r < HEADER_SEARCH_ROWS; r++) {
        size_t known = 0; /* distinct fields: a merged title alone is not a header */
        for (size_t c = 0; c < view->columns; c++) {
            long spec = header_spec(sheets, sheet, view->table->rows[r].number, c);
            for (size_t k = 0; k < c && spec >= 0; k++)
                if (view->spec_of[k] == spec)
                    spec = -1; /* the second column of one field is ignored */
            view->spec_of[c] = spec;
            known += spec >= 0;
        }
        if (known >= 2) {
            view->header = r;
            break;
        }
    }
    view->column_of = malloc(sheets->map->count * sizeof *view->column_of);
    if (!view->column_of)
        return false;
    for (size_t s = 0; s < sheets->map->count; s++)
        view->column_of[s] = -1;
    for (size_t c = view->header < view->table->row_count ? view->columns : 0; c-- > 0;)
        if (view->spec_of[c] >= 0 && sheets_spec_on(&sheets->map->specs[view->spec_of[c]],
                                                    view->sheet_line))
            view->column_of[view->spec_of[c]] = (long)c; /* the first column, kept last */
    return true;
}

/* The Classe sheet has no header: column A names the field, B its value. */
static bool map_classe_rows(struct sheets *sheets)
{
    struct sheet_view *view = &sheets->views[SHEET_CLASSE];
    view->header = 0;
    view->columns = 0;
    view->spec_of = calloc(1, sizeof *view->spec_of);
    return view->spec_of != NULL;
}

/* ----------------------------------------------------------- opening */

static const char *table_name(const struct table *table)
{
    return table->name ? table->name : table->sheet ? table->sheet : "";
}

static long layout_sheet(const struct sheets *sheets, size_t line)
{
    for (size_t v = 0; v < sheets->count; v++)
        if (sheets->views[v].sheet_line == line)
            return (long)v;
    return -1;
}

static bool make_views(struct sheets *sheets)
{
    for (size_t i = 0; i < sheets->map->count; i++)
        sheets->count += sheets->map->specs[i].kind == KIND_SHEET;
    sheets->views = calloc(sheets->count ? sheets->count : 1, sizeof *sheets->views);
    if (!sheets->views)
        return false;
    size_t v = SHEET_FIRST_LIST;
    for (size_t i = 0; i < sheets->map->count; i++) {
        const struct column_spec *spec = &sheets->map->specs[i];
        if (spec->kind != KIND_SHEET)
            continue;
        size_t slot = !strcmp(spec->path, "/") ? SHEET_CLASSE
                      : !strcmp(spec->path, ".") ? SHEET_STAGIAIRES : v++;
        if (slot >= sheets->count)
            return false;
        sheets->views[slot].sheet_line = i;
    }
    return true;
}

static void place_table(struct sheets *sheets, size_t t)
{
    const struct table *table = &sheets->set->tables[t];
    long line = sheets->set->count == 1
                    ? (long)sheets->views[SHEET_STAGIAIRES].sheet_line
                    : columns_match_sheet(sheets->map, table_name(table));
    long slot = line >= 0 ? layout_sheet(sheets, (size_t)line) : -1;
    struct position where = {table->label, 0, 0};
    if (slot < 0) {
        if (table->hidden)
            return; /* a workbook's own lists (drop-down values…) */
        diag_add(sheets->diags, SEVERITY_WARNING, where, "classeur", NULL,
                 "renommez-la comme une feuille du modèle (Classe, Stagiaires, Activités, "
                 "Horaires, Évaluation, Stratégie), ou laissez-la : elle n'est pas lue.",
                 "feuille « %s » inconnue : ignorée.", table_name(table));
        diag_set_cell(sheets->diags, table->sheet, NULL, NULL);
        return;
    }
    struct sheet_view *view = &sheets->views[slot];
    if (view->table) {
        diag_add(sheets->diags, SEVERITY_ERROR, where, "classeur", NULL,
                 "gardez une seule feuille de ce nom, ou fusionnez leurs lignes.",
                 "deux feuilles « %s » et « %s » sont la même feuille « %s ».",
                 table_name(view->table), table_name(table),
                 sheets->map->specs[view->sheet_line].title);
        return;
    }
    view->table = table;
    view->table_index = (unsigned)t;
}

static bool name_sheets(const struct table_set *set, struct import_result *out)
{
    out->sheet_cells = calloc(set->count ? set->count : 1, sizeof *out->sheet_cells);
    out->sheet_labels = calloc(set->count ? set->count : 1, sizeof *out->sheet_labels);
    if (!out->sheet_cells || !out->sheet_labels)
        return false;
    out->sheet_count = set->count;
    for (size_t t = 0; t < set->count; t++) {
        struct strbuf cell = STRBUF_INIT;
        if (set->tables[t].sheet)
            strbuf_printf(&cell, "%s!", set->tables[t].sheet);
        out->sheet_cells[t] = strbuf_detach(&cell);
        out->sheet_labels[t] = strdup(set->tables[t].label);
        if (!out->sheet_cells[t] || !out->sheet_labels[t])
            return false;
    }
    return true;
}

/* The student a row names, for a message: « NOM Prénom » from Stagiaires,
 * the « Stagiaire » (or « Identifiant ») cell of a list sheet; "" if none. */
static const char *row_student(const struct sheets *sheets, size_t sheet, unsigned number,
                               struct strbuf *out)
{
    const struct table_row *row = table_find_row(sheets->views[sheet].table, number);
    strbuf_reset(out);
    if (!row)
        return NULL;
    const char *nom = sheets_row_text(sheets, sheet, row, "stagiaire/nom");
    const char *prenom = sheets_row_text(sheets, sheet, row, "stagiaire/prenom");
    const char *named = sheets_row_text(sheets, sheet, row, "=stagiaire");
    const char *id = sheets_row_text(sheets, sheet, row, "=identifiant");
    if (nom)
        frformat_upper(out, nom);
    if (prenom)
        strbuf_printf(out, "%s%s", out->len ? " " : "", prenom);
    if (!out->len && (named || id))
        strbuf_puts(out, named ? named : id);
    return out->len ? strbuf_str(out) : NULL;
}

/* What a person may not see in the sheet, said so that no surprise follows. */
static void report_oddities(struct sheets *sheets, size_t sheet)
{
    const struct sheet_view *view = &sheets->views[sheet];
    const struct table *table = view->table;
    struct strbuf who = STRBUF_INIT;
    if (table->far_row)
        sheets_report(sheets, sheet, table->far_row, (long)table->far_column, SEVERITY_WARNING,
               "classeur", row_student(sheets, sheet, table->far_row, &who),
               "déplacez la valeur dans une colonne du modèle.",
               "cellule au-delà de la colonne %u : ignorée.", TABLE_MAX_COLUMNS);
    for (size_t r = view->header + 1; r < table->row_count; r++) {
        const struct table_row *row = &table->rows[r];
        const char *student = row_student(sheets, sheet, row->number, &who);
        if (row->hidden && !sheets_row_is_empty(row))
            sheets_report(sheets, sheet, row->number, -1, SEVERITY_INFO, "classeur", student, NULL,
                   "ligne %u masquée : elle est lue comme les autres.", row->number);
        for (size_t c = 0; c < row->count; c++) {
            if (row->cells[c].kind != CELL_UNCOMPUTED)
                continue;
            char *formula = termtext_escape(row->cells[c].text, TERMTEXT_MAX_CHARACTERS);
            sheets_report(sheets, sheet, row->number, (long)c, SEVERITY_ERROR, "cellule", student,
                   "ouvrez le classeur dans LibreOffice ou Excel et enregistrez-le (la "
                   "valeur calculée est alors enregistrée), ou écrivez la valeur.",
                   "formule « %s » enregistrée sans sa valeur.", formula ? formula : "");
            free(formula);
        }
    }
    unsigned header_row = view->header < table->row_count ? table->rows[view->header].number : 0;
    for (size_t i = 0; i < table->merge_count; i++) {
        const struct table_merge *m = &table->merges[i];
        if (m->row > header_row && (m->last_row > m->row || m->last > m->first))
            sheets_report(sheets, sheet, m->row, (long)m->first, SEVERITY_WARNING, "classeur",
                   row_student(sheets, sheet, m->row, &who),
                   "défusionnez ces cellules et écrivez la valeur dans chacune.",
                   "cellules fusionnées : la valeur n'est lue que dans la première.");
    }
    strbuf_free(&who);
}

static void report_header(struct sheets *sheets, size_t sheet)
{
    struct sheet_view *view = &sheets->views[sheet];
    const struct column_spec *declared = &sheets->map->specs[view->sheet_line];
    if (view->header >= view->table->row_count) {
        sheets_report(sheets, sheet, 0, -1, SEVERITY_ERROR, "classeur", NULL,
               "mettez en première ligne les intitulés du modèle (stagedoc init --tableur).",
               "feuille « %s » : aucune ligne d'intitulés reconnus.", declared->title);
        return;
    }
    const struct table_row *header = &view->table->rows[view->header];
    if (view->header > 0 || header->number > 1)
        sheets_report(sheets, sheet, header->number, -1, SEVERITY_INFO, "classeur", NULL, NULL,
               "les intitulés sont en ligne %u : les lignes au-dessus sont ignorées.",
               header->number);
    for (size_t c = 0; c < view->columns; c++)
        if (view->spec_of[c] < 0 && own_header(view->table, header->number, c))
            sheets_report(sheets, sheet, header->number, (long)c, SEVERITY_WARNING, "classeur", NULL,
                   "renommez-la comme dans le modèle (stagedoc init --tableur), ou laissez-la.",
                   "intitulé inconnu : colonne ignorée.");
}

bool sheets_open(struct sheets *sheets, const struct table_set *set,
                 const struct column_map *map, struct diag_list *diags,
                 struct import_result *out)
{
    memset(sheets, 0, sizeof *sheets);
    sheets->set = set;
    sheets->map = map;
    sheets->diags = diags;
    cell_verdict_init(&sheets->verdict);
    sheets->told = calloc(map->count ? map->count : 1, sizeof *sheets->told);
    if (!sheets->told || !make_views(sheets) || !name_sheets(set, out))
        return false;
    for (size_t v = 0; v < sheets->count; v++)
        if (!index_fields(sheets, &sheets->views[v]))
            return false;
    for (size_t t = 0; t < set->count; t++)
        place_table(sheets, t);
    for (size_t v = 0; v < sheets->count; v++) {
        if (!sheets->views[v].table)
            continue;
        if (!(v == SHEET_CLASSE ? map_classe_rows(sheets) : find_header(sheets, v)))
            return false;
        if (v != SHEET_CLASSE)
            report_header(sheets, v);
        report_oddities(sheets, v);
    }
    if (!sheets->views[SHEET_STAGIAIRES].table) {
        /* A folder of CSV files is named as the folder, not as one of them. */
        char *folder = set->count && set->tables[0].name ? path_folder_of(set->tables[0].label)
                                                         : NULL;
        struct position where = {folder ? folder : set->count ? set->tables[0].label : NULL, 0,
                                 0};
        diag_add(diags, SEVERITY_ERROR, where, "classeur", NULL,
                 "ajoutez une feuille « Stagiaires » (une ligne par stagiaire), comme dans le "
                 "modèle de stagedoc init --tableur.", "la feuille « Stagiaires » manque.");
        free(folder);
    }
    return true;
}

bool sheets_usable(const struct sheets *sheets)
{
    const struct sheet_view *view = &sheets->views[SHEET_STAGIAIRES];
    return view->table && view->header < view->table->row_count;
}

void sheets_free(struct sheets *sheets)
{
    for (size_t v = 0; v < sheets->count; v++) {
        free(sheets->views[v].spec_of);
        free(sheets->views[v].column_of);
        free(sheets->views[v].fields);
        free(sheets->views[v].order);
        free(sheets->views[v].starts);
    }
    free(sheets->views);
    free(sheets->told);
    cell_verdict_free(&sheets->verdict);
    memset(sheets, 0, sizeof *sheets);
}

bool sheets_row_is_empty(const struct table_row *row)
{
    for (size_t c = 0; c < row->count; c++) {
        const char *t = row->cells[c].text;
        if (t && t[strspn(t, " \t\r\n")])
            return false;
    }
    return true;
}

bool sheets_cell_blank(const struct table_cell *cell)
{
    return !cell || !cell->text || !cell->text[strspn(cell->text, " \t\r\n")];
}

/* The column of layout line s in sheet, or -1: a lookup, since it is asked
 * for every field of every row. */
long sheets_column_of_spec(const struct sheets *sheets, size_t sheet, size_t s)
{
    const struct sheet_view *view = &sheets->views[sheet];
    return view->column_of && s < sheets->map->count ? view->column_of[s] : -1;
}

static long column_of(const struct sheets *sheets, size_t sheet, const char *path)
{
    long s = sheets_spec_at(sheets, sheet, path);
    return s >= 0 ? sheets_column_of_spec(sheets, sheet, (size_t)s) : -1;
}

const char *sheets_row_text(const struct sheets *sheets, size_t sheet,
                            const struct table_row *row, const char *path)
{
    long column = column_of(sheets, sheet, path);
    const struct table_cell *cell = column >= 0 ? table_cell(row, (size_t)column) : NULL;
    return sheets_cell_blank(cell) ? NULL : cell->text;
}

unsigned sheets_row_number(const struct sheets *sheets, size_t sheet, size_t row_index)
{
    return sheets->views[sheet].table->rows[row_index].number;
}

void sheets_report_row(struct sheets *sheets, size_t sheet, size_t row_index, const char *path,
                       enum severity severity, const char *rule, const char *student,
                       const char *hint, const char *fmt, ...)
{
    long column = path ? column_of(sheets, sheet, path) : -1;
    const struct table_row *row = &sheets->views[sheet].table->rows[row_index];
    if (column < 0)
        for (size_t c = 0; c < row->count && column < 0; c++)
            if (!sheets_cell_blank(&row->cells[c]))
                column = (long)c;
    va_list args;
    va_start(args, fmt);
    vreport(sheets, sheet, row->number, column, severity, rule, student, hint, fmt, args);
    va_end(args);
}

