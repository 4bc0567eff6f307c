/* workbook_xlsx.h — the parts of an XLSX workbook, between the files that
 * write them: workbook_xlsx.c assembles the package (content types,
 * relationships, workbook, styles, properties), workbook_xlsx_sheet.c
 * writes each worksheet and the hidden sheet of long lists,
 * workbook_xlsx_notes.c the notes on the headers (comments and the legacy
 * VML drawing that shows them). Private to those files. */
#ifndef STAGEDOC_IMPORT_WORKBOOK_XLSX_H
#define STAGEDOC_IMPORT_WORKBOOK_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "workbook.h"

/* The cell formats of xl/styles.xml (cellXfs), by index; the last two
 * wrap their lines, for text of several lines. */
enum xlsx_style {
    XLSX_STYLE_DEFAULT,
    XLSX_STYLE_HEADER,
    XLSX_STYLE_TEXT,
    XLSX_STYLE_DATE,
    XLSX_STYLE_DEFAULT_WRAPPED,
    XLSX_STYLE_TEXT_WRAPPED,
};
/* The custom number format of dates. */
#define XLSX_DATE_FORMAT_ID 164

/* Whether the column's drop-down list cannot be written in the validation's
 * formula (over 255 characters, or a choice holding a comma or a quote, or
 * empty) and goes on the hidden sheet WORKBOOK_LISTS_SHEET instead. */
bool xlsx_list_is_long(const struct workbook_column *column);
bool xlsx_has_long_lists(const struct workbook *book);

/* xl/worksheets/sheetN.xml for sheets[index]. *long_lists counts the long
 * lists met so far, over the sheets in order: the hidden sheet's column of
 * each. */
void xlsx_part_sheet(const struct workbook *book, size_t index, size_t *long_lists,
                     struct strbuf *out);
/* The hidden sheet: each long list down its own column, in that order. */
void xlsx_part_lists(const struct workbook *book, struct strbuf *out);

/* Whether any header of the sheet has a note. */
bool xlsx_sheet_has_notes(const struct workbook_sheet *sheet);
/* xl/commentsN.xml, xl/drawings/vmlDrawingN.vml (number: N, from 1) and
 * xl/worksheets/_rels/sheetN.xml.rels linking both to the sheet. */
void xlsx_part_comments(const struct workbook_sheet *sheet, struct strbuf *out);
void xlsx_part_vml(const struct workbook_sheet *sheet, size_t number, struct strbuf *out);
void xlsx_part_sheet_rels(size_t number, struct strbuf *out);
/* The relationship id of the drawing, for the sheet's <legacyDrawing>. */
#define XLSX_VML_RELATIONSHIP "rId1"

#endif
