/* ods.c — an ODS spreadsheet's sheets into tables. */
#include "ods.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../util/termtext.h"
#include "zipxml.h"

/* content.xml is read row by row (office_zip_walk): a class list of
 * thousands of rows parsed whole would take some 200 MB. */
struct ods_reader {
    struct table_set *set;
    const char *label;
    struct table *table; /* the sheet being read */
    unsigned next_row;   /* the number of the next row */
    struct strbuf *error;
    bool refused;        /* a sheet past ODS_MAX_SHEETS, or no memory for one */
};

static long attr_long(const xmlNode *node, const char *name, long fallback, long max)
{
    const char *text = office_attr_text(node, name);
    long value = text ? strtol(text, NULL, 10) : fallback;
    if (value < 1)
        value = fallback;
    return value > max ? max : value;
}

/* The text of a paragraph: text:s is spaces, text:tab a tab, text:line-break a
 * line break; spans and links are read through. */
static void paragraph_text(const xmlNode *node, struct strbuf *out)
{
    for (const xmlNode *child = node->children; child; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            strbuf_puts(out, (const char *)child->content);
        } else if (office_is(child, "s")) {
            for (long i = attr_long(child, "c", 1, 1000); i > 0; i--)
                strbuf_add(out, " ", 1);
        } else if (office_is(child, "tab")) {
            strbuf_add(out, "\t", 1);
        } else if (office_is(child, "line-break")) {
            strbuf_add(out, "\n", 1);
        } else if (child->type == XML_ELEMENT_NODE && !office_is(child, "annotation")) {
            paragraph_text(child, out);
        }
    }
}

static void cell_text(const xmlNode *cell, struct strbuf *out)
{
    bool first = true;
    for (const xmlNode *p = cell->children; p; p = p->next) {
        if (!office_is(p, "p"))
            continue;
        if (!first)
            strbuf_add(out, "\n", 1);
        paragraph_text(p, out);
        first = false;
    }
}

/* "of:=[.A1]+1" as a person writes it: "=A1+1". */
static void formula_text(const char *formula, struct strbuf *out)
{
    const char *p = strncmp(formula, "of:", 3) ? formula : formula + 3;
    for (; *p; p++)
        if (!(*p == '[' && p[1] == '.') && *p != ']' && !(*p == '.' && p > formula && p[-1] == '['))
            strbuf_add(out, p, 1);
}

/* The cell's kind and text (heap in text, or NULL for an empty cell). */
static enum cell_kind cell_value(const xmlNode *cell, struct strbuf *text, double *number)
{
    /* Read in place, without copies: a class's sheet has many cells. */
    const char *type = office_attr_text(cell, "value-type");
    enum cell_kind kind = CELL_TEXT;
    const char *value = NULL;
    if (type && !strcmp(type, "date") && (value = office_attr_text(cell, "date-value"))) {
        kind = CELL_DATE;
        strbuf_add(text, value, strlen(value) < 10 ? strlen(value) : 10);
    } else if (type && (!strcmp(type, "float") || !strcmp(type, "percentage") ||
                        !strcmp(type, "currency")) && (value = office_attr_text(cell, "value"))) {
        char shortest[32];
        *number = strtod(value, NULL);
        table_number_text(*number, shortest);
        kind = CELL_NUMBER;
        strbuf_puts(text, shortest);
    } else if (type && !strcmp(type, "boolean") &&
               (value = office_attr_text(cell, "boolean-value"))) {
        strbuf_puts(text, strcmp(value, "true") ? "non" : "oui");
    } else if (!type && !office_child(cell, "p") && (value = office_attr_text(cell, "formula"))) {
        kind = CELL_UNCOMPUTED; /* a formula saved without its value */
        formula_text(value, text);
    } else {
        cell_text(cell, text);
    }
    return kind;
}

/* A repeat the file claims, as written (1 when absent or below 1; a
 * number too long to read is LONG_MAX). */
static long repeat_of(const xmlNode *node, const char *name)
{
    return attr_long(node, name, 1, LONG_MAX);
}

/* A cell the file repeats past the last column a sheet may have: refused
 * before anything is made (a 1-KB file may claim a billion copies). */
static bool refuse_far_repeat(struct ods_reader *reader, unsigned row, size_t column,
                              long repeat)
{
    char name[8];
    table_column_name(column, name);
    char *sheet = termtext_escape(reader->table->sheet, TERMTEXT_MAX_CHARACTERS);
    strbuf_printf(reader->error, "feuille « %s », cellule %s%u : répétée %ld fois, au-delà de "
                  "la dernière colonne d'une feuille (%u)", sheet ? sheet : "", name, row,
                  repeat, ODS_MAX_COLUMNS);
    free(sheet);
    return false;
}

/* Sets the cell and its repeats within TABLE_MAX_COLUMNS: the text copied
 * once, its copies pointing at it, all counted before any is made. */
static bool set_repeated(struct table *table, struct table_row *row, size_t column,
                         long repeat, enum cell_kind kind, const char *text, size_t len)
{
    size_t kept = TABLE_MAX_COLUMNS - column < (size_t)repeat ? TABLE_MAX_COLUMNS - column
                                                              : (size_t)repeat;
    if (table_would_refuse(table, kept, kept * len) ||
        !table_set(table, row, column, kind, text))
        return false;
    const char *copy = row->cells[column].text;
    for (size_t i = 1; i < kept; i++)
        if (!table_set_kept(table, row, column + i, kind, copy))
            return false;
    if (column + (size_t)repeat > TABLE_MAX_COLUMNS)
        table_note_far_cell(table, row->number, TABLE_MAX_COLUMNS);
    return true;
}

static bool read_row_cells(struct ods_reader *reader, const xmlNode *r, struct table_row *row)
{
    size_t column = 0;
    for (const xmlNode *c = r->children; c; c = c->next) {
        bool covered = office_is(c, "covered-table-cell");
        if (!office_is(c, "table-cell") && !covered)
            continue;
        long repeat = repeat_of(c, "number-columns-repeated");
        bool content = !covered && (c->children || office_attr_text(c, "formula"));
        if (content && (column >= ODS_MAX_COLUMNS || (size_t)repeat > ODS_MAX_COLUMNS - column))
            return refuse_far_repeat(reader, row->number, column, repeat);
        if (column >= TABLE_MAX_COLUMNS) { /* far to the right of any class list */
            if (content)
                table_note_far_cell(reader->table, row->number, column);
            if (reader->table->far_row)
                break;
            column += (size_t)repeat < ODS_MAX_COLUMNS ? (size_t)repeat : ODS_MAX_COLUMNS;
            continue;
        }
        struct strbuf text = STRBUF_INIT;
        double number = 0;
        enum cell_kind kind = covered ? CELL_EMPTY : cell_value(c, &text, &number);
        bool ok = true;
        if (text.len > 0) {
            ok = set_repeated(reader->table, row, column, repeat, kind, strbuf_str(&text),
                              text.len);
            long span = attr_long(c, "number-columns-spanned", 1, TABLE_MAX_COLUMNS);
            long rows = attr_long(c, "number-rows-spanned", 1, TABLE_MAX_ROWS);
            if (ok && (span > 1 || rows > 1))
                ok = table_add_merge(reader->table, row->number,
                                     row->number + (unsigned)rows - 1, column,
                                     column + (size_t)span - 1);
        }
        strbuf_free(&text);
        if (!ok) {
            if (!table_full(reader->table))
                strbuf_puts(reader->error, "mémoire insuffisante");
            return false;
        }
        /* Empty cells past the last filled one cost nothing, however many. */
        column += (size_t)repeat < ODS_MAX_COLUMNS ? (size_t)repeat : ODS_MAX_COLUMNS;
    }
    return true;
}

static bool row_has_content(const xmlNode *r)
{
    for (const xmlNode *c = r->children; c; c = c->next) {
        bool content = office_is(c, "table-cell") &&
                       (c->children || office_attr_text(c, "formula"));
        if (content)
            return true;
    }
    return false;
}

static bool row_is_hidden(const xmlNode *r)
{
    const char *visibility = office_attr_text(r, "visibility");
    return visibility && strcmp(visibility, "visible") != 0;
}

/* A row the file repeats: read once, then copied (its texts shared) once
 * the copies are counted against the bounds; empty rows, however many,
 * only move the row number. */
static bool read_row(struct ods_reader *reader, const xmlNode *r)
{
    long repeat = repeat_of(r, "number-rows-repeated");
    unsigned first = reader->next_row;
    if (!row_has_content(r)) {
        /* Kept below ODS_MAX_ROWS + 1: trailing empty rows cost nothing. */
        reader->next_row = (size_t)repeat > ODS_MAX_ROWS + 1u - first ? ODS_MAX_ROWS + 1u
                                                                      : first + (unsigned)repeat;
        return true;
    }
    if (first > ODS_MAX_ROWS || (size_t)repeat > ODS_MAX_ROWS + 1u - first) {
        char *sheet = termtext_escape(reader->table->sheet, TERMTEXT_MAX_CHARACTERS);
        strbuf_printf(reader->error, "feuille « %s », ligne %u : répétée %ld fois, au-delà de la "
                      "dernière ligne d'une feuille (%u)", sheet ? sheet : "", first, repeat,
                      ODS_MAX_ROWS);
        free(sheet);
        return false;
    }
    if (reader->table->row_count + (size_t)repeat > TABLE_MAX_ROWS) {
        strbuf_printf(reader->error, "plus de %u lignes", TABLE_MAX_ROWS);
        return false;
    }
    struct table_row *row = table_add_row(reader->table, reader->next_row++);
    if (!row) {
        strbuf_puts(reader->error, "mémoire insuffisante");
        return false;
    }
    row->hidden = row_is_hidden(r);
    if (!read_row_cells(reader, r, row))
        return false;
    size_t index = reader->table->row_count - 1;
    if (repeat > 1 && table_would_refuse_copies(reader->table, row, (size_t)repeat - 1))
        return false; /* counted before any copy is made */
    for (long i = 1; i < repeat; i++) {
        if (!table_repeat_row(reader->table, &reader->table->rows[index], reader->next_row++)) {
            if (!table_full(reader->table))
                strbuf_puts(reader->error, "mémoire insuffisante");
            return false;
        }
    }
    return true;
}

/* Each sheet's rows, which may sit in header-rows, row-groups or rows
 * containers. */
static enum office_step meet_content_element(const xmlNode *element, int depth, void *data)
{
    struct ods_reader *reader = data;
    static const char *const way_down[] = {"document-content", "body", "spreadsheet"};
    if (depth < 3)
        return office_is(element, way_down[depth]) ? OFFICE_ENTER : OFFICE_PASS;
    if (depth == 3) {
        if (!office_is(element, "table"))
            return OFFICE_PASS;
        char *name = office_attr(element, "name");
        reader->table = reader->refused || reader->set->count >= ODS_MAX_SHEETS
                            ? NULL : table_set_add(reader->set, reader->label,
                                                   name ? name : "Feuille1");
        reader->next_row = 1;
        free(name);
        reader->refused = !reader->table;
        return reader->table ? OFFICE_ENTER : OFFICE_PASS;
    }
    if (office_is(element, "table-row"))
        return OFFICE_TAKE;
    if (office_is(element, "table-header-rows") || office_is(element, "table-row-group") ||
        office_is(element, "table-rows"))
        return OFFICE_ENTER;
    return OFFICE_PASS;
}

static bool take_row(xmlNode *row, void *data)
{
    return read_row(data, row);
}

bool ods_read(const unsigned char *bytes, size_t size, const char *label,
              struct table_set *set, struct strbuf *error)
{
    struct office_zip *zip = office_zip_open(bytes, size, error);
    if (!zip)
        return false;
    size_t before = set->count;
    struct ods_reader reader = {set, label, NULL, 1, error, false};
    struct office_walk walk = {meet_content_element, take_row, &reader};
    bool ok = office_zip_walk(zip, "content.xml", &walk, error);
    office_zip_close(zip);
    if (ok && reader.refused) {
        if (set->count >= ODS_MAX_SHEETS)
            strbuf_printf(error, "plus de %d feuilles", ODS_MAX_SHEETS);
        else
            strbuf_puts(error, "mémoire insuffisante");
        ok = false;
    } else if (ok && set->count == before) {
        strbuf_puts(error, "le classeur n'a pas de feuille");
        ok = false;
    }
    return ok;
}
