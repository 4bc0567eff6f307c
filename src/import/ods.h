/* ods.h — reading the sheets of an OpenDocument spreadsheet.
 *
 * content.xml holds the sheets as table:table, rows as table:table-row and
 * cells as table:table-cell (with table:covered-table-cell under merges).
 * Repeats (number-columns-repeated, number-rows-repeated) are expanded only
 * where they carry something and within the table's bounds, so the million
 * empty rows LibreOffice may write cost nothing; a repeated cell or row is
 * counted against the table's bounds before it is made, and a cell or row
 * with content repeated past the last column (XFD) or row (1,048,576) a
 * sheet may have is refused at once. A cell's value comes from
 * office:value-type: office:value (numbers), office:date-value (dates,
 * CELL_DATE), office:boolean-value, else its text:p paragraphs. Merged cells
 * (number-columns-spanned, number-rows-spanned) are kept as table merges.
 * A formula saved without its value (no office:value, no text) is
 * CELL_UNCOMPUTED; rows with table:visibility other than visible are
 * marked hidden. */
#ifndef STAGEDOC_IMPORT_ODS_H
#define STAGEDOC_IMPORT_ODS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "table.h"

#define ODS_MAX_SHEETS 64
#define ODS_MAX_COLUMNS 16384u  /* what a row may claim, as in Excel (XFD) */
#define ODS_MAX_ROWS 1048576u   /* what a sheet may claim, as in Excel and LibreOffice */

/* Adds every sheet to set, in order, labelled label. False with the reason
 * in error. */
bool ods_read(const unsigned char *bytes, size_t size, const char *label,
              struct table_set *set, struct strbuf *error);

#endif
