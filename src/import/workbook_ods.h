/* workbook_ods.h — the parts of an ODS workbook, between the files that
 * write them: workbook_ods.c assembles the package (mimetype, manifest,
 * meta, styles, settings), workbook_ods_content.c writes content.xml (its
 * styles, drop-down lists and tables) and workbook_ods_cells.c each cell.
 * Private to those files. */
#ifndef STAGEDOC_IMPORT_WORKBOOK_ODS_H
#define STAGEDOC_IMPORT_WORKBOOK_ODS_H

#include <stddef.h>

#include "../util/strbuf.h"
#include "workbook.h"

/* The automatic cell styles of content.xml. */
#define ODS_STYLE_HEADER "ceEntete"
#define ODS_STYLE_TEXT "ceTexte"
#define ODS_STYLE_DATE "ceDate"

/* content.xml. */
void ods_part_content(const struct workbook *book, struct strbuf *out);

/* The titles, bold, each with its note as an annotation dated date. */
void ods_header_cells(const struct workbook_sheet *sheet, long long date, struct strbuf *out);
/* One row's cells (row NULL: an empty row). validation: the number of the
 * sheet's first drop-down list (content validation "val<N>", numbered over
 * the sheets in order), given to each cell of a column with choices. */
void ods_row_cells(const struct workbook_sheet *sheet, const struct workbook_row *row,
                   size_t validation, struct strbuf *out);

#endif
