/* csv.h — a class list saved as CSV, read; and CSV fields written.
 *
 * Fields are separated by ';' (French Excel) or ',' (detected on the first
 * line that has either, outside quotes; tabs too). A field may be quoted
 * with '"', which allows the separator, line breaks and "" for a quote
 * inside it. Lines end with LF or CRLF. Each record becomes a row numbered
 * by the line it starts on; each field a CELL_TEXT cell. The text is
 * UTF-8 already (textenc.h converts it).
 *
 * Formula injection (OWASP): a text stagedoc writes that starts with '=',
 * '+', '-', '@', a tab or a carriage return (a name such as
 * =HYPERLINK("http://…"), a phone number +33 6…) is written after an
 * apostrophe, so that a spreadsheet opening the file shows it as text and
 * never runs it. Read back (table_set, whatever the format: LibreOffice
 * keeps the apostrophe when it opens such a file and saves it as XLSX or
 * ODS), a text cell that starts with an apostrophe followed by one of these
 * characters loses the apostrophe, so that what export wrote reads back as
 * the very text it was given. Numbers and dates are
 * written as they are (they never start with these characters, but for
 * the minus sign of a number, which stays a number). */
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

/* How stagedoc writes CSV for a French spreadsheet to open without an
 * import dialog: UTF-8 with a byte order mark, ';' between fields, CRLF. */
#define CSV_BOM "\xEF\xBB\xBF"
#define CSV_SEPARATOR ";"
#define CSV_LINE_END "\r\n"
/* text as one field (RFC 4180): quoted, its quotes doubled, when it holds
 * the separator, a quote or a line break; after an apostrophe when it
 * starts like a formula (above). NULL is an empty field. */
void csv_write_field(struct strbuf *out, const char *text);

#endif
