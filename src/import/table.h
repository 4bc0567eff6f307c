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
};

/* The sheets of a workbook (one for a lone CSV file), in order. */
struct table_set {
    struct table *tables;
    size_t count;
};

void table_init(struct table *table, const char *label, const char *sheet);
void table_free(struct table *table);
/* A new sheet at the end, initialised; NULL when memory runs out. */
struct table *table_set_add(struct table_set *set, const char *label, const char *sheet);
void table_set_free(struct table_set *set);
/* A new row at the end (rows come in increasing number); NULL when memory
 * runs out or TABLE_MAX_ROWS is passed. */
struct table_row *table_add_row(struct table *table, unsigned number);
/* Sets a cell (text copied; NULL or "" leaves it empty). False when memory
 * runs out, the column is past TABLE_MAX_COLUMNS, or the sheet already has
 * TABLE_MAX_CELLS (table_full then says so). */
bool table_set(struct table *table, struct table_row *row, size_t column, enum cell_kind kind,
               const char *text);
/* The sheet reached TABLE_MAX_CELLS. */
bool table_full(const struct table *table);
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
