/* csv.h — reading a class list saved as CSV.
 *
 * Fields are separated by ';' (French Excel) or ',' (detected on the first
 * line that has either, outside quotes; tabs too). A field may be quoted
 * with '"', which allows the separator, line breaks and "" for a quote
 * inside it. Lines end with LF or CRLF. Each record becomes a row numbered
 * by the line it starts on; each field a CELL_TEXT cell. The text is
 * UTF-8 already (textenc.h converts it). */
#ifndef STAGEDOC_IMPORT_CSV_H
#define STAGEDOC_IMPORT_CSV_H

#include <stdbool.h>

#include "../util/strbuf.h"
#include "table.h"

/* ';', ',' or '\t': the most frequent on the first line (';' on a tie). */
char csv_detect_separator(const char *text);
/* Fills table with every record of text. False with a message (a quote
 * never closed, too many rows or columns, no memory). */
bool csv_read(const char *text, struct table *table, struct strbuf *error);

#endif
