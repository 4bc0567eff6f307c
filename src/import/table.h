/* table.h — a spreadsheet read into memory: what every reader (CSV, XLSX,
 * ODS) fills and what the importer reads.
 *
 * Rows keep the number they have in the file (the sheet's row, or the CSV
 * line where the record starts) and cells their column (0-based), so that
 * every message can point at the cell a teacher sees. Dates read from a
 * sheet are CELL_DATE with their ISO text; plain numbers are CELL_NUMBER
 * with their shortest text (which reads back as the very number). Cell
 * texts live in a pool of the table: a class's cells are many and small. Merged header cells are kept as
 * ranges so that a title over several columns applies to each of them. */
#ifndef STAGEDOC_IMPORT_TABLE_H
#define STAGEDOC_IMPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

/* Bounds every reader enforces, whatever the file claims. */
#define TABLE_MAX_ROWS 100000u
#define TABLE_MAX_COLUMNS 256u
/* Filled cells a sheet may hold: a class of 3,500 fills some 250,000; a
 * repeated cell (ODS number-columns-repeated) counts once per copy. */
#define TABLE_MAX_CELLS 1000000u /* « un million » in import_read.c's message */
/* Characters the cells of a whole workbook may hold, a cell that repeats
 * another (a shared string, an ODS repeat) counted at each copy: a class of
 * 3,500 students with every sheet filled holds 5.7 MB. Bounds what a small
 * file can make the importer write and check (a 4,000-character shared
 * string referenced by a million cells would be 4 GB). */
#define TABLE_MAX_CHARACTERS ((size_t)16 << 20) /* « 16 Mio » in import_read.c */

/* Why a sheet refused a cell (table_set false with enough memory). */
enum table_refusal { TABLE_ACCEPTING, TABLE_TOO_MANY_CELLS, TABLE_TOO_MUCH_TEXT };

/* CELL_UNCOMPUTED: a formula saved without its value (its text, the
 * formula, is there only to be named in a message). */
enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_NUMBER, CELL_DATE, CELL_UNCOMPUTED };

struct table_cell {
    char *text;    /* UTF-8, in the table's pool; NULL for CELL_EMPTY */
    enum cell_kind kind;
};

struct table_row {
    unsigned number; /* 1-based, as the file shows it */
    bool hidden;     /* masked in the spreadsheet (read all the same) */
    size_t count;
    struct table_cell *cells;
};

struct table_merge {
    unsigned row, last_row; /* row numbers covered, inclusive */
    size_t first, last;     /* columns covered, inclusive */
};

struct table {
    char *label; /* the file as the user named it */
    char *sheet; /* NULL for a lone CSV file */
    char *name;  /* the sheet's name for the layout: sheet, or a CSV file's
                    name without .csv in a folder of CSV files (heap or NULL) */
    bool hidden; /* a sheet the workbook hides */
    unsigned far_row;    /* the first cell past TABLE_MAX_COLUMNS, ignored (0: none) */
    size_t far_column;
    struct table_row *rows;
    size_t row_count, row_cap;
    struct table_merge *merges;
    size_t merge_count, merge_cap;
    struct table_chunk *pool; /* the cells' texts */
    size_t filled;            /* cells set, up to TABLE_MAX_CELLS */
    size_t characters;        /* bytes of the workbook's cells so far, this sheet's
                                 included (a sheet added to a set starts from the
                                 count of the one before), up to TABLE_MAX_CHARACTERS */
    enum table_refusal refused;
};

/* The sheets of a workbook (one for a lone CSV file), in order, and texts
 * their cells may share (an XLSX file's shared strings), freed with them. */
struct table_set {
    struct table *tables;
    size_t count, capacity;
    char **kept;
    size_t kept_count, kept_capacity;
};

void table_init(struct table *table, const char *label, const char *sheet);
void table_free(struct table *table);
/* A new sheet at the end, initialised; NULL when memory runs out. */
struct table *table_set_add(struct table_set *set, const char *label, const char *sheet);
void table_set_free(struct table_set *set);
/* A new row at the end (rows come in increasing number); NULL when memory
 * runs out or TABLE_MAX_ROWS is passed. */
struct table_row *table_add_row(struct table *table, unsigned number);
/* The characters that make a spreadsheet read a cell as a formula: a text
 * stagedoc writes to CSV that starts with one gets an apostrophe in front
 * (csv.h), which table_set drops from a CELL_TEXT cell that starts with an
 * apostrophe and one of them, whatever the format it came through. */
#define TABLE_FORMULA_STARTS "=+-@\t\r"

/* Sets a cell (text copied; NULL or "" leaves it empty; see
 * TABLE_FORMULA_STARTS for a leading apostrophe). False when memory
 * runs out, the column is past TABLE_MAX_COLUMNS, or the sheet would pass
 * TABLE_MAX_CELLS or the workbook TABLE_MAX_CHARACTERS (table->refused then
 * says which). */
bool table_set(struct table *table, struct table_row *row, size_t column, enum cell_kind kind,
               const char *text);
/* The same without a copy: text lives as long as the table (a text kept by
 * its set, or another cell's); it is counted all the same. */
bool table_set_kept(struct table *table, struct table_row *row, size_t column,
                    enum cell_kind kind, const char *text);
/* Whether count more cells of chars bytes in all would pass a bound: then
 * table->refused says which, and nothing is set. For a repeat that the
 * file claims, counted before it is made. */
bool table_would_refuse(struct table *table, size_t count, size_t chars);
/* Whether copies more copies of row would pass a bound (then refused). */
bool table_would_refuse_copies(struct table *table, const struct table_row *row,
                               size_t copies);
/* A copy of row, a row of table (its cells' texts shared, not copied), as a new row
 * numbered number; NULL when memory runs out, the rows or the bounds of
 * table_would_refuse are passed. */
struct table_row *table_repeat_row(struct table *table, const struct table_row *row,
                                   unsigned number);
/* The sheet refused a cell for one of its bounds. */
bool table_full(const struct table *table);
/* Hands buffer (heap) to set, which frees it with its tables; false (and
 * buffer freed) when memory runs out. */
bool table_set_keep(struct table_set *set, char *buffer);
/* A CELL_NUMBER's number. */
double table_cell_number(const struct table_cell *cell);
/* A cell with a value past TABLE_MAX_COLUMNS, ignored: the first is kept
 * for a message. */
void table_note_far_cell(struct table *table, unsigned row, size_t column);
bool table_add_merge(struct table *table, unsigned row, unsigned last_row, size_t first,
                     size_t last);
/* The row numbered number, or NULL. */
const struct table_row *table_find_row(const struct table *table, unsigned number);
const struct table_cell *table_cell(const struct table_row *row, size_t column);
/* "A" for 0, "AB" for 27. out needs 8 bytes. */
void table_column_name(size_t column, char out[8]);
/* "classe.csv:D12" or "classe.xlsx:Feuille1!D12". */
void table_location(const struct table *table, const struct table_row *row, size_t column,
                    struct strbuf *out);
/* The shortest text of a number read from a sheet: "33000", "4.5". */
void table_number_text(double number, char out[32]);

#endif
