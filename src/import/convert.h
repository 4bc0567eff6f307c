/* convert.h — one spreadsheet cell to the value the contract wants.
 *
 * Dates become ISO (from a date cell, a serial number in a date column,
 * JJ/MM/AAAA or AAAA-MM-JJ), numbers use a dot, oui-non and civilite are
 * normalised. On a bad cell, *message and *hint say why and what to do. */
#ifndef STAGEDOC_IMPORT_CONVERT_H
#define STAGEDOC_IMPORT_CONVERT_H

#include <stdbool.h>

#include "../util/strbuf.h"
#include "columns.h"
#include "table.h"

bool convert_cell(const struct table_cell *cell, enum column_kind kind, struct strbuf *value,
                  struct strbuf *message, const char **hint);

#endif
