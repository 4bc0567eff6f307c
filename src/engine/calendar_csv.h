/* calendar_csv.h — `stagedoc calendar --format=csv`: one row per stage, for
 * a spreadsheet. Written the way a French Excel or LibreOffice opens without
 * an import dialog: UTF-8 with a byte order mark, `;` between fields, CRLF
 * line ends, dates as JJ/MM/AAAA and decimals with a comma. */
#ifndef STAGEDOC_CLI_CALENDAR_CSV_H
#define STAGEDOC_CLI_CALENDAR_CSV_H

#include <stdio.h>

#include "../model/calendar.h"
#include "../model/stage.h"

/* The BOM and the row of column titles: once, before the first row. */
void calendar_csv_header(FILE *out);
void calendar_csv_row(FILE *out, const struct stage *stage, const struct calendar *calendar);

#endif
