/* xlsx.h — reading the sheets of an Excel workbook (Office Open XML).
 *
 * xl/workbook.xml names the sheets, in order; each one's relationship
 * (xl/_rels/workbook.xml.rels) gives its part. A formula's cached value is
 * read; a formula saved without one is CELL_UNCOMPUTED. Cells are shared strings
 * (xl/sharedStrings.xml), inline strings, numbers, booleans or dates; a
 * number is a date when its style's number format (xl/styles.xml) is one —
 * it is then converted from its serial number (1900 or 1904 system, see
 * sheetdate.h). Merged cells (mergeCells) are kept as table merges.
 *
 * Every part is streamed from the ZIP (office_zip_walk), never parsed whole;
 * a cell of a shared string points at it (the strings are kept by the
 * table set) and is counted at its length against the workbook's budget of
 * characters (table.h). */
#ifndef STAGEDOC_IMPORT_XLSX_H
#define STAGEDOC_IMPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "table.h"

/* Bounds on what a workbook may claim. */
#define XLSX_MAX_SHEETS 64
#define XLSX_MAX_COLUMNS 16384u /* XFD, the last column of Excel */
/* Shared strings: no more than the cells of a sheet (table.h), and no more
 * text than TABLE_MAX_CHARACTERS; past either the workbook is refused. */
#define XLSX_MAX_SHARED_STRINGS TABLE_MAX_CELLS
/* Number formats and cell formats read from xl/styles.xml (Excel allows
 * 64,000 cell formats): the rest are read as plain numbers. */
#define XLSX_MAX_STYLES 65536u

/* Adds every sheet to set, in order, labelled label. False with the reason
 * in error. */
bool xlsx_read(const unsigned char *bytes, size_t size, const char *label,
               struct table_set *set, struct strbuf *error);

#endif
