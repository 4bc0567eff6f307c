/* blank.h — the ready-to-fill class spreadsheet `stagedoc init --tableur`
 * writes: every header of templates/import/colonnes.tsv and one example
 * row, as classe.csv (UTF-8 with BOM, ';', as Excel opens it) and as
 * classe.xlsx (a minimal Office Open XML workbook written with libzip:
 * inline strings, no styles). Both are written atomically. */
#ifndef STAGEDOC_IMPORT_BLANK_H
#define STAGEDOC_IMPORT_BLANK_H

#include <stdbool.h>

#include "../util/strbuf.h"
#include "columns.h"

/* Writes dir/classe.csv and dir/classe.xlsx (dir is made if needed); their
 * paths are appended to written, one a line. False with the reason. */
bool blank_write(const struct column_map *map, const char *dir, struct strbuf *written,
                 struct strbuf *error);

#endif
