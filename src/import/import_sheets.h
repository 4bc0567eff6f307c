/* import_sheets.h — the sheets of a class workbook as the layout sees them:
 * which table is which sheet, where its header row is, which column holds
 * which field, and each row's values converted and put into the promotion,
 * every problem told at its cell.
 *
 * Views are indexed like the layout's sheets, in the order columns.h
 * declares them: « Classe », « Stagiaires », then the list sheets. */
#ifndef STAGEDOC_IMPORT_IMPORT_SHEETS_H
#define STAGEDOC_IMPORT_IMPORT_SHEETS_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../util/diag.h"
#include "columns.h"
#include "convert.h"
#include "import.h"
#include "table.h"

enum { SHEET_CLASSE, SHEET_STAGIAIRES, SHEET_FIRST_LIST };

struct importer; /* import.c's, handed back to sheets_owner_fn */

struct sheet_view {
    const struct table *table; /* NULL: the workbook has no such sheet */
    unsigned table_index;      /* in the set */
    size_t sheet_line;         /* the layout's line that declares the sheet */
    size_t header;             /* index of the header row in table->rows */
    long *spec_of;             /* by column: the layout's line, or -1 */
    size_t columns;
    long *column_of;           /* by the layout's line: its column here, or -1 */
    struct sheet_field {
        const char *path;
        size_t spec;
    } *fields;                 /* the sheet's fields sorted by path, for lookups */
    size_t field_count;
    /* List sheets: data rows grouped by student (sheets_index_rows). */
    size_t *order;             /* row indices, by owner */
    size_t *starts;            /* student s owns order[starts[s] .. starts[s + 1]);
                                  the whole class order[starts[count] .. end] */
    size_t owners, ordered;
};

struct sheets {
    struct sheet_view *views;
    size_t count;
    const struct table_set *set;
    const struct column_map *map;
    struct diag_list *diags;
    bool *told;        /* by the layout's line: its missing column was said */
    struct cell_verdict verdict; /* one cell's conversion, reused */
    size_t reported;   /* messages about cells and rows given, up to SHEETS_MAX_REPORTS */
    size_t unreported[3]; /* the others, by severity: counted, not kept */
};

/* Messages about cells and rows a workbook gets in full: a million refused
 * cells would otherwise keep some 500 bytes each. The rest are counted
 * (in the summary's figures too) and said in one line (sheets_tell_rest). */
#define SHEETS_MAX_REPORTS 1000

/* Origins that never move, so that nodes can point at them: blocks. */
struct origin_pool {
    struct import_origin **items; /* the blocks */
    size_t count, capacity;       /* blocks */
    size_t used;                  /* origins in the last block */
};
void origin_pool_free(struct origin_pool *pool);

/* The Classe sheet's values for every student, by the layout's line. */
struct defaults {
    struct default_value {
        char **values;         /* converted; several for a « multiple » field */
        size_t count, capacity;
        struct import_origin origin;
    } *by_spec;
    size_t count;
};
void defaults_free(struct defaults *defaults);

/* Tells the tables apart, finds their headers, and says what is unknown,
 * missing or suspicious (hidden rows, merged cells, cells far right). Fills
 * out's sheet names. False only when memory runs out. */
bool sheets_open(struct sheets *sheets, const struct table_set *set,
                 const struct column_map *map, struct diag_list *diags,
                 struct import_result *out);
/* A « Stagiaires » sheet with a header row is there. */
bool sheets_usable(const struct sheets *sheets);
void sheets_free(struct sheets *sheets);

/* The Classe sheet: class values into promotion, defaults into defaults. */
void sheets_read_classe(struct sheets *sheets, xmlNodePtr promotion, struct origin_pool *pool,
                        struct defaults *defaults);
/* Required columns the workbook lacks (each said once). */
void sheets_check_columns(struct sheets *sheets, const struct defaults *defaults,
                          xmlNodePtr commun_stage);

/* The text of the row's cell for the field at path (the first column that
 * holds it), or NULL when empty. */
const char *sheets_row_text(const struct sheets *sheets, size_t sheet,
                            const struct table_row *row, const char *path);
unsigned sheets_row_number(const struct sheets *sheets, size_t sheet, size_t row_index);
/* A diagnostic at the row's cell for path (its first cell when NULL or
 * absent). */
void sheets_report_row(struct sheets *sheets, size_t sheet, size_t row_index, const char *path,
                       enum severity severity, const char *rule, const char *student,
                       const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* The row's values put under element (fields of that sheet; the Classe
 * sheet's defaults for those the row leaves empty, when given). */
void sheets_put_row(struct sheets *sheets, size_t sheet, size_t row_index, xmlNodePtr element,
                    struct origin_pool *pool, const struct defaults *defaults,
                    const char *student);
/* A « Stagiaires » row's class values (« Établissement » repeated on
 * every row): the first is the class's; another is an error at its cell. */
void sheets_put_shared(struct sheets *sheets, const struct table_row *row,
                       xmlNodePtr promotion, struct origin_pool *pool, const char *student);

/* The fields a block needs once it is there (requis « bloc »: a tutor's
 * civilité once the tutor has a name), checked in stage, made from the
 * « Stagiaires » row at row_index. */
void sheets_check_blocks(struct sheets *sheets, size_t row_index, xmlNodePtr stage,
                         const char *student);

/* Shared by import_sheets.c and import_values.c. */
/* Is spec a field of the sheet declared at sheet_line? */
bool sheets_spec_on(const struct column_spec *spec, size_t sheet_line);
/* The layout's line of sheet's field at path, or -1. */
long sheets_spec_at(const struct sheets *sheets, size_t sheet, const char *path);
/* The column of layout line s in sheet, or -1. */
long sheets_column_of_spec(const struct sheets *sheets, size_t sheet, size_t s);
/* A cell with nothing but spaces. */
bool sheets_cell_blank(const struct table_cell *cell);
/* The header of a column (in Classe, of the field named in column A). */
const char *sheets_header_text(const struct sheets *sheets, size_t sheet, size_t column);
/* A diagnostic at a cell (column -1: the row, row 0: the sheet). */
/* One line for the messages past SHEETS_MAX_REPORTS, if any. */
void sheets_tell_rest(struct sheets *sheets);
void sheets_report(struct sheets *sheets, size_t sheet, unsigned row, long column,
                   enum severity severity, const char *rule, const char *student,
                   const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* Groups a list sheet's data rows by student: owner() says whose a row is
 * (NO_STUDENT, (size_t)-1, for the whole class) or false after an error. */
typedef bool (*sheets_owner_fn)(struct importer *im, size_t sheet, size_t row_index,
                                size_t *owner);
bool sheets_index_rows(struct sheets *sheets, size_t sheet, size_t students,
                       struct importer *im, sheets_owner_fn owner);
/* Student s's rows (s == (size_t)-1: the whole class's) as a range of
 * view->order; false when there are none. */
bool sheets_rows_of(const struct sheet_view *view, size_t s, size_t *from, size_t *to);
bool sheets_row_is_empty(const struct table_row *row);

#endif
