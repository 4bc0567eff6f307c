/* xlsx.h — reading the first sheet of an Excel workbook (Office Open XML).
 *
 * xl/workbook.xml names the sheets; the first one's relationship
 * (xl/_rels/workbook.xml.rels) gives its part. Cells are shared strings
 * (xl/sharedStrings.xml), inline strings, numbers, booleans or dates; a
 * number is a date when its style's number format (xl/styles.xml) is one —
 * it is then converted from its serial number (1900 or 1904 system, see
 * sheetdate.h). Merged cells (mergeCells) are kept as table merges. */
#ifndef STAGEDOC_IMPORT_XLSX_H
#define STAGEDOC_IMPORT_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "table.h"

/* table must be initialised with table_init(label, NULL); the sheet's name
 * is set. False with the reason in error. */
bool xlsx_read(const unsigned char *bytes, size_t size, struct table *table,
               struct strbuf *error);

#endif
