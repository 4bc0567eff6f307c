/* workbook.h — a class workbook to write, for a person to fill in.
 *
 * The model is plain data: sheets of columns and rows of cells. Each column
 * carries what the person filling it needs: a note on its header (what goes
 * there, its format, an example), a text format for codes (so that
 * LibreOffice and Excel keep the leading zeros of 01000 or 02755500001), a
 * date format (JJ/MM/AAAA) for dates, and a drop-down list of the values it
 * accepts. `stagedoc init --tableur` and `stagedoc export` fill a model and
 * write it as XLSX (workbook_xlsx.c), ODS (workbook_ods.c) or a folder of
 * CSV files, one per sheet (workbook_csv.c).
 *
 * The bytes are reproducible: the same model gives the same file (fixed ZIP
 * timestamps and entry order, no clock, no random). */
#ifndef STAGEDOC_IMPORT_WORKBOOK_H
#define STAGEDOC_IMPORT_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

/* How a column's cells are formatted, whatever their value. */
enum workbook_format {
    WORKBOOK_GENERAL, /* numbers as numbers, the rest as text */
    WORKBOOK_TEXT,    /* "@": what is typed stays text (codes, phone numbers) */
    WORKBOOK_DATE,    /* JJ/MM/AAAA */
};

/* One cell's value. Dates are given as ISO AAAA-MM-JJ text and written as
 * real date cells (a serial number with the date format; JJ/MM/AAAA text in
 * CSV). Numbers are given as text with a dot ("4.35") and written as
 * numbers (with a comma in CSV: "4,35"). */
enum workbook_value { WORKBOOK_VALUE_TEXT, WORKBOOK_VALUE_NUMBER, WORKBOOK_VALUE_DATE };

struct workbook_cell {
    enum workbook_value kind;
    char *text; /* UTF-8; NULL or "" for an empty cell */
};

struct workbook_column {
    char *title;           /* the header, row 1 */
    char *note;            /* a comment on the header cell; NULL for none */
    enum workbook_format format;
    char **choices;        /* a drop-down list of accepted values (data validation) */
    size_t choice_count;   /* 0: no list */
    unsigned width;        /* in characters; 0 for the default */
};

struct workbook_row {
    struct workbook_cell *cells; /* one per column; fewer is allowed */
    size_t count;
};

struct workbook_sheet {
    char *name;            /* « Stagiaires », « Activités »… (at most 31 characters) */
    struct workbook_column *columns;
    size_t column_count, column_cap;
    struct workbook_row *rows; /* below the header row */
    size_t row_count, row_cap;
};

struct workbook {
    struct workbook_sheet *sheets;
    size_t sheet_count, sheet_cap;
    long long date; /* seconds since 1970 for the files' timestamps (ZIP entries, metadata) */
};

/* Building a model. Every string is copied. False when memory runs out. */
void workbook_init(struct workbook *book, long long date);
struct workbook_sheet *workbook_add_sheet(struct workbook *book, const char *name);
bool workbook_add_column(struct workbook_sheet *sheet, const char *title, const char *note,
                         enum workbook_format format, const char *const *choices,
                         size_t choice_count, unsigned width);
/* A new empty row at the end; NULL when memory runs out. */
struct workbook_row *workbook_add_row(struct workbook_sheet *sheet);
/* Sets the cell of column (0-based, < column_count). */
bool workbook_set(struct workbook_row *row, size_t column, enum workbook_value kind,
                  const char *text);
void workbook_free(struct workbook *book);

/* Writers. The file (or each file of the folder) is written atomically
 * (util/atomic.h). False with the reason, in French, in error. */
bool workbook_write_xlsx(const struct workbook *book, const char *path, struct strbuf *error);
bool workbook_write_ods(const struct workbook *book, const char *path, struct strbuf *error);
/* dir/<sheet name>.csv for each sheet (dir made if needed), UTF-8 with BOM,
 * ';', CRLF (csv.h); the paths written are appended to written, one a line. */
bool workbook_write_csv_folder(const struct workbook *book, const char *dir,
                               struct strbuf *written, struct strbuf *error);
/* One sheet's CSV file, appended to out (a front end writes it). */
void workbook_sheet_csv(const struct workbook_sheet *sheet, struct strbuf *out);
/* The bytes of an XLSX or ODS workbook, in memory (heap in *bytes), for a
 * front end that streams them. */
bool workbook_xlsx_bytes(const struct workbook *book, void **bytes, size_t *size,
                         struct strbuf *error);
bool workbook_ods_bytes(const struct workbook *book, void **bytes, size_t *size,
                        struct strbuf *error);

#endif
