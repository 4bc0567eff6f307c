/* workbook.c — the class workbook model: sheets, columns, rows, cells.
 *
 * Plain growable arrays; every string is copied, so the caller's buffers
 * may go away. A failed call leaves the model as it was (and freeable). */
#include "workbook.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"

/* A heap copy of text, NULL for NULL; *ok turns false when memory runs out. */
static char *copy_or_null(const char *text, bool *ok)
{
    if (!text)
        return NULL;
    char *copy = strdup(text);
    if (!copy)
        *ok = false;
    return copy;
}

void workbook_init(struct workbook *book, long long date)
{
    memset(book, 0, sizeof *book);
    book->date = date;
}

struct workbook_sheet *workbook_add_sheet(struct workbook *book, const char *name)
{
    char *copy = strdup(name);
    if (!copy || !ARRAY_GROW(book->sheets, book->sheet_cap, book->sheet_count + 1)) {
        free(copy);
        return NULL;
    }
    struct workbook_sheet *sheet = &book->sheets[book->sheet_count++];
    memset(sheet, 0, sizeof *sheet);
    sheet->name = copy;
    return sheet;
}

static void free_choices(char **choices, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(choices[i]);
    free(choices);
}

/* Copies of choices[0..count), or NULL (also for none: *ok tells). */
static char **copy_choices(const char *const *choices, size_t count, bool *ok)
{
    if (count == 0)
        return NULL;
    char **copies = calloc(count, sizeof *copies);
    if (!copies) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < count && *ok; i++)
        copies[i] = copy_or_null(choices[i] ? choices[i] : "", ok);
    if (!*ok) {
        free_choices(copies, count);
        return NULL;
    }
    return copies;
}

static void free_column(struct workbook_column *column)
{
    free(column->title);
    free(column->note);
    free_choices(column->choices, column->choice_count);
}

bool workbook_add_column(struct workbook_sheet *sheet, const char *title, const char *note,
                         enum workbook_format format, const char *const *choices,
                         size_t choice_count, unsigned width)
{
    bool ok = true;
    struct workbook_column column = {
        .title = copy_or_null(title ? title : "", &ok),
        .note = copy_or_null(note, &ok),
        .format = format,
        .choices = copy_choices(choices, choice_count, &ok),
        .choice_count = choice_count,
        .width = width,
    };
    if (!ok || !ARRAY_GROW(sheet->columns, sheet->column_cap, sheet->column_count + 1)) {
        column.choice_count = column.choices ? choice_count : 0;
        free_column(&column);
        return false;
    }
    sheet->columns[sheet->column_count++] = column;
    return true;
}

struct workbook_row *workbook_add_row(struct workbook_sheet *sheet)
{
    if (!ARRAY_GROW(sheet->rows, sheet->row_cap, sheet->row_count + 1))
        return NULL;
    struct workbook_row *row = &sheet->rows[sheet->row_count++];
    memset(row, 0, sizeof *row);
    return row;
}

bool workbook_set(struct workbook_row *row, size_t column, enum workbook_value kind,
                  const char *text)
{
    if (column >= row->count) {
        struct workbook_cell *cells = realloc(row->cells, (column + 1) * sizeof *cells);
        if (!cells)
            return false;
        memset(cells + row->count, 0, (column + 1 - row->count) * sizeof *cells);
        row->cells = cells;
        row->count = column + 1;
    }
    bool ok = true;
    char *copy = copy_or_null(text && *text ? text : NULL, &ok);
    if (!ok)
        return false;
    free(row->cells[column].text);
    row->cells[column] = (struct workbook_cell){kind, copy};
    return true;
}

static void free_sheet(struct workbook_sheet *sheet)
{
    free(sheet->name);
    for (size_t i = 0; i < sheet->column_count; i++)
        free_column(&sheet->columns[i]);
    free(sheet->columns);
    for (size_t r = 0; r < sheet->row_count; r++) {
        for (size_t c = 0; c < sheet->rows[r].count; c++)
            free(sheet->rows[r].cells[c].text);
        free(sheet->rows[r].cells);
    }
    free(sheet->rows);
}

void workbook_free(struct workbook *book)
{
    for (size_t i = 0; i < book->sheet_count; i++)
        free_sheet(&book->sheets[i]);
    free(book->sheets);
    memset(book, 0, sizeof *book);
}
