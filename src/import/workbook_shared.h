/* workbook_shared.h — what the workbook writers (XLSX, ODS, CSV) share:
 * how each cell is written, the checks on sheet names, column widths and
 * how far a column's drop-down list reaches. */
#ifndef STAGEDOC_IMPORT_WORKBOOK_SHARED_H
#define STAGEDOC_IMPORT_WORKBOOK_SHARED_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/date.h"
#include "../util/strbuf.h"
#include "workbook.h"

/* The hidden sheet of an XLSX workbook that holds the drop-down lists too
 * long for a data validation's formula; readers skip it. The name is
 * reserved: no sheet of a model may take it. */
#define WORKBOOK_LISTS_SHEET "Listes"
/* Drop-down lists reach at least this row (the header is row 1), so that
 * rows a person adds get them too. */
#define WORKBOOK_LIST_LAST_ROW 1000u

/* How a cell is written: WORKBOOK_VALUE_NUMBER only when its text is a
 * number ("-4.35", "1e3"), WORKBOOK_VALUE_DATE only when it is an ISO day
 * (then *date is set), text otherwise; in a WORKBOOK_TEXT column every value
 * is text, as given. False for an empty or missing cell. */
bool workbook_cell_kind(const struct workbook_column *column, const struct workbook_row *row,
                        size_t index, enum workbook_value *kind, date_t *date);
/* The cell's text (NULL when empty or missing). */
const char *workbook_cell_text(const struct workbook_row *row, size_t index);
/* A workbook has a sheet at least, and every sheet name can be a
 * spreadsheet's: not empty, at most 31
 * characters, none of [ ] : * ? / \, none starting or ending with ',
 * none equal to another (ASCII case ignored) or to WORKBOOK_LISTS_SHEET.
 * False with the reason, in French. */
bool workbook_check_sheet_names(const struct workbook *book, struct strbuf *error);
/* The width of sheet's column index, in characters: its own, else one
 * that fits its title and its longest line of text (10 to 50). */
unsigned workbook_column_width(const struct workbook_sheet *sheet, size_t index);
/* The last row a column's drop-down list covers. */
size_t workbook_list_last_row(const struct workbook_sheet *sheet);
/* date (seconds since 1970) as UTC "2027-05-18T08:00:00" (20 bytes). */
#define WORKBOOK_TIMESTAMP_SIZE 20
void workbook_timestamp(long long date, char out[WORKBOOK_TIMESTAMP_SIZE]);
/* text between quote marks, each quote mark in it doubled: 'Activités'
 * in a cell reference, "a ""b""" in a formula. */
void workbook_quoted(struct strbuf *out, const char *text, char quote);
/* Characters (not bytes) of UTF-8 text. */
size_t workbook_utf8_length(const char *text);

/* The bytes make() gives, written atomically at path. */
typedef bool (*workbook_bytes_fn)(const struct workbook *book, void **bytes, size_t *size,
                                  struct strbuf *error);
bool workbook_write_bytes(workbook_bytes_fn make, const struct workbook *book,
                          const char *path, struct strbuf *error);

#endif
