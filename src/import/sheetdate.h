/* sheetdate.h — dates as spreadsheets store them and as teachers type them.
 *
 * Spreadsheets store a date as a serial number of days. In the 1900 system
 * (Excel's default, and what XLSX files written by LibreOffice use) serial 1
 * is 1900-01-01 and serial 60 is the 29 February 1900 that never was (a bug
 * kept from Lotus 1-2-3): from serial 61 on, day 0 is 1899-12-30. In the 1904
 * system (old Mac workbooks) serial 0 is 1904-01-01. Typed dates are
 * JJ/MM/AAAA (also J/M/AAAA, with '.' or '-') or ISO AAAA-MM-JJ. */
#ifndef STAGEDOC_IMPORT_SHEETDATE_H
#define STAGEDOC_IMPORT_SHEETDATE_H

#include <stdbool.h>

#include "../util/date.h"

/* False for serials before the first day, for 1900-02-29 and past 9999. The
 * fraction (a time of day) is dropped. */
bool sheetdate_from_serial(double serial, bool system_1904, date_t *out);
/* JJ/MM/AAAA or AAAA-MM-JJ, surrounding spaces allowed; false on anything
 * else or a day that does not exist (31/02/2027). */
bool sheetdate_parse_text(const char *text, date_t *out);

#endif
