/* workbook_shared.c — cell kinds, name checks, widths and the file write
 * the writers share. */
#include "workbook_shared.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/atomic.h"

const char *workbook_cell_text(const struct workbook_row *row, size_t index)
{
    if (index >= row->count)
        return NULL;
    const char *text = row->cells[index].text;
    return text && *text ? text : NULL;
}

/* -?digits(.digits)?(e-?digits)?, as a spreadsheet stores a number. */
static bool is_number(const char *p)
{
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.' && isdigit((unsigned char)p[1])) {
        p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p += p[1] == '-' || p[1] == '+' ? 2 : 1;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

bool workbook_cell_kind(const struct workbook_column *column, const struct workbook_row *row,
                        size_t index, enum workbook_value *kind, date_t *date)
{
    const char *text = workbook_cell_text(row, index);
    if (!text)
        return false;
    *kind = column->format == WORKBOOK_TEXT ? WORKBOOK_VALUE_TEXT : row->cells[index].kind;
    if (*kind == WORKBOOK_VALUE_NUMBER && !is_number(text))
        *kind = WORKBOOK_VALUE_TEXT;
    if (*kind == WORKBOOK_VALUE_DATE && !date_parse_iso(text, date))
        *kind = WORKBOOK_VALUE_TEXT;
    return true;
}

void workbook_quoted(struct strbuf *out, const char *text, char quote)
{
    strbuf_add(out, &quote, 1);
    for (const char *p = text; *p; p++) {
        if (*p == quote)
            strbuf_add(out, &quote, 1);
        strbuf_add(out, p, 1);
    }
    strbuf_add(out, &quote, 1);
}

size_t workbook_utf8_length(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* Spreadsheets take "ACTIVITéS" for "Activités" (ASCII letters are
 * folded here, the others compared as they are). */
static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* Why name cannot be a sheet's, or NULL when it can. */
static const char *sheet_name_problem(const char *name)
{
    size_t length = workbook_utf8_length(name);
    if (length == 0)
        return "un nom de feuille est vide";
    if (length > 31)
        return "un nom de feuille a plus de 31 caractères";
    if (strpbrk(name, "[]:*?/\\"))
        return "un nom de feuille contient l'un des caractères [ ] : * ? / \\";
    if (name[0] == '\'' || name[strlen(name) - 1] == '\'')
        return "un nom de feuille commence ou finit par une apostrophe";
    if (same_name(name, WORKBOOK_LISTS_SHEET))
        return "le nom de feuille « " WORKBOOK_LISTS_SHEET " » est réservé aux listes déroulantes";
    return NULL;
}

bool workbook_check_sheet_names(const struct workbook *book, struct strbuf *error)
{
    if (book->sheet_count == 0) {
        strbuf_puts(error, "le classeur n'a aucune feuille");
        return false;
    }
    for (size_t i = 0; i < book->sheet_count; i++) {
        const char *name = book->sheets[i].name;
        const char *problem = sheet_name_problem(name);
        for (size_t j = 0; !problem && j < i; j++)
            if (same_name(name, book->sheets[j].name))
                problem = "deux feuilles portent le même nom";
        if (problem) {
            strbuf_printf(error, "feuille « %s » : %s", name, problem);
            return false;
        }
    }
    return true;
}

/* Characters of text's longest line. */
static size_t longest_line(const char *text)
{
    size_t longest = 0, length = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        length = *p == '\n' ? 0 : length + ((*p & 0xC0) != 0x80);
        if (length > longest)
            longest = length;
    }
    return longest;
}

unsigned workbook_column_width(const struct workbook_sheet *sheet, size_t index)
{
    const struct workbook_column *column = &sheet->columns[index];
    if (column->width)
        return column->width;
    size_t width = longest_line(column->title) + 3; /* bold takes room */
    for (size_t r = 0; r < sheet->row_count; r++) {
        const char *text = workbook_cell_text(&sheet->rows[r], index);
        size_t shown = text ? longest_line(text) + 2 : 0;
        if (shown > width)
            width = shown;
    }
    return width < 10 ? 10 : width > 50 ? 50 : (unsigned)width;
}

size_t workbook_list_last_row(const struct workbook_sheet *sheet)
{
    size_t last_data_row = sheet->row_count + 1;
    return last_data_row > WORKBOOK_LIST_LAST_ROW ? last_data_row : WORKBOOK_LIST_LAST_ROW;
}

void workbook_timestamp(long long date, char out[WORKBOOK_TIMESTAMP_SIZE])
{
    time_t t = (time_t)date;
    struct tm utc;
    if (!gmtime_r(&t, &utc) || !strftime(out, WORKBOOK_TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%S", &utc))
        strcpy(out, "1980-01-01T00:00:00");
}

bool workbook_write_bytes(workbook_bytes_fn make, const struct workbook *book,
                          const char *path, struct strbuf *error)
{
    void *bytes;
    size_t size;
    if (!make(book, &bytes, &size, error))
        return false;
    bool ok = atomic_write(path, bytes, size, error);
    free(bytes);
    return ok;
}
