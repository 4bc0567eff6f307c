/* csv.c — CSV records to table rows: separators, quotes, line breaks. */
#include "csv.h"

#include <string.h>


char csv_detect_separator(const char *text)
{
    size_t counts[3] = {0, 0, 0}; /* ';' ',' '\t' */
    bool quoted = false;
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '\n') {
            if (counts[0] + counts[1] + counts[2] > 0)
                break;
        } else if (!quoted)
            counts[0] += *p == ';', counts[1] += *p == ',', counts[2] += *p == '\t';
    }
    if (counts[2] > counts[0] && counts[2] > counts[1])
        return '\t';
    return counts[1] > counts[0] ? ',' : ';';
}

struct csv_cursor {
    const char *p;
    unsigned line;
    char separator;
};

/* Reads one field into value; returns false on a quote never closed. Sets
 * *end_of_record when the field ended the record (or the text). */
static bool read_field(struct csv_cursor *cursor, struct strbuf *value, bool *end_of_record)
{
    const char *p = cursor->p;
    bool quoted = *p == '"';
    if (quoted)
        p++;
    for (;;) {
        if (*p == '\0') {
            if (quoted)
                return false;
            break;
        }
        if (quoted && *p == '"') {
            if (p[1] == '"') {
                strbuf_add(value, "\"", 1);
                p += 2;
                continue;
            }
            quoted = false;
            p++;
            continue;
        }
        if (!quoted && (*p == cursor->separator || *p == '\n' || (*p == '\r' && p[1] == '\n')))
            break;
        if (*p == '\n')
            cursor->line++;
        if (!(*p == '\r' && p[1] == '\n' && quoted))
            strbuf_add(value, p, 1);
        p++;
    }
    *end_of_record = *p != cursor->separator;
    if (*p == cursor->separator)
        p++;
    else if (*p == '\r')
        p += 2;
    else if (*p == '\n')
        p++;
    if (*end_of_record)
        cursor->line++;
    cursor->p = p;
    return true;
}

bool csv_read(const char *text, struct table *table, struct strbuf *error)
{
    struct csv_cursor cursor = {text, 1, csv_detect_separator(text)};
    struct strbuf value = STRBUF_INIT;
    bool ok = true;
    while (ok && *cursor.p) {
        unsigned start = cursor.line;
        struct table_row *row = table_add_row(table, start);
        if (!row) {
            strbuf_printf(error, "plus de %u lignes", TABLE_MAX_ROWS);
            ok = false;
            break;
        }
        bool end = false;
        for (size_t column = 0; !end; column++) {
            strbuf_reset(&value);
            if (!read_field(&cursor, &value, &end)) {
                strbuf_printf(error, "ligne %u : guillemet ouvert jamais fermé", start);
                ok = false;
                break;
            }
            if (column >= TABLE_MAX_COLUMNS) { /* far to the right of any class list */
                if (value.len)
                    table_note_far_cell(table, start, column);
                continue;
            }
            if (!table_set(table, row, column, CELL_TEXT, strbuf_str(&value))) {
                strbuf_puts(error, table_full(table) ? "trop de cellules remplies"
                                                     : "mémoire insuffisante");
                ok = false;
                break;
            }
        }
    }
    if (ok && strbuf_failed(&value)) {
        strbuf_puts(error, "mémoire insuffisante");
        ok = false;
    }
    strbuf_free(&value);
    return ok;
}

void csv_write_field(struct strbuf *out, const char *text)
{
    if (!text)
        return;
    bool neutralised = *text && strchr(TABLE_FORMULA_STARTS, *text);
    if (!strpbrk(text, CSV_SEPARATOR "\"\r\n")) {
        if (neutralised)
            strbuf_add(out, "'", 1);
        strbuf_puts(out, text);
        return;
    }
    strbuf_add(out, "\"", 1);
    if (neutralised)
        strbuf_add(out, "'", 1);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            strbuf_add(out, "\"", 1);
        strbuf_add(out, c, 1);
    }
    strbuf_add(out, "\"", 1);
}
