/* ods.c — an ODS spreadsheet's sheets into tables. */
#include "ods.h"

#include <stdlib.h>
#include <string.h>

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

static bool read_row_cells(struct ods_reader *reader, const xmlNode *r, struct table_row *row)
{
    size_t column = 0;
    for (const xmlNode *c = r->children; c; c = c->next) {
        if (column >= TABLE_MAX_COLUMNS) { /* far to the right of any class list */
            if (row && (office_is(c, "table-cell") && (c->children || office_child(c, "p"))))
                table_note_far_cell(reader->table, row->number, column);
            if (row && reader->table->far_row)
                break;
            column += (size_t)attr_long(c, "number-columns-repeated", 1, ODS_MAX_COLUMNS);
            continue;
        }
        bool covered = office_is(c, "covered-table-cell");
        if (!office_is(c, "table-cell") && !covered)
            continue;
        /* The true count advances the column; only the first TABLE_MAX_COLUMNS
         * are kept. */
        long repeat = attr_long(c, "number-columns-repeated", 1, ODS_MAX_COLUMNS);
        struct strbuf text = STRBUF_INIT;
        double number = 0;
        enum cell_kind kind = covered ? CELL_EMPTY : cell_value(c, &text, &number);
        bool ok = true;
        if (text.len > 0 && row) {
            for (long i = 0; ok && i < repeat && column + (size_t)i < TABLE_MAX_COLUMNS; i++)
                ok = table_set(reader->table, row, column + (size_t)i, kind, strbuf_str(&text));
            if (column + (size_t)repeat > TABLE_MAX_COLUMNS)
                table_note_far_cell(reader->table, row->number, TABLE_MAX_COLUMNS);
            long span = attr_long(c, "number-columns-spanned", 1, TABLE_MAX_COLUMNS);
            long rows = attr_long(c, "number-rows-spanned", 1, TABLE_MAX_ROWS);
            if (ok && (span > 1 || rows > 1))
                ok = table_add_merge(reader->table, row->number,
                                     row->number + (unsigned)rows - 1, column,
                                     column + (size_t)span - 1);
        }
        strbuf_free(&text);
        if (!ok) {
            strbuf_puts(reader->error, "mémoire insuffisante");
            return false;
        }
        column += (size_t)repeat;
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

static bool read_row(struct ods_reader *reader, const xmlNode *r)
{
    long repeat = attr_long(r, "number-rows-repeated", 1, 1L << 24);
    if (!row_has_content(r)) {
        reader->next_row += (unsigned)repeat;
        return true;
    }
    for (long i = 0; i < repeat; i++) {
        struct table_row *row = table_add_row(reader->table, reader->next_row++);
        if (!row) {
            strbuf_printf(reader->error, "plus de %u lignes", TABLE_MAX_ROWS);
            return false;
        }
        row->hidden = row_is_hidden(r);
        if (!read_row_cells(reader, r, row))
            return false;
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
