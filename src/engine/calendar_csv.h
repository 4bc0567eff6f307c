/* calendar_csv.h — `stagedoc calendar --format=csv`: one row per stage, for
 * a spreadsheet. Written the way a French Excel or LibreOffice opens without
 * an import dialog: UTF-8 with a byte order mark, `;` between fields, CRLF
 * line ends, dates as JJ/MM/AAAA and decimals with a comma. */
#ifndef STAGEDOC_ENGINE_CALENDAR_CSV_H
#define STAGEDOC_ENGINE_CALENDAR_CSV_H

#include "../model/calendar.h"
#include "../model/stage.h"
#include "../util/strbuf.h"

/* The BOM and the row of column titles, appended to out: once, before the
 * first row. */
void calendar_csv_header(struct strbuf *out);
/* The stage's row, appended to out. */
void calendar_csv_row(struct strbuf *out, const struct stage *stage,
                      const struct calendar *calendar);

#endif
