/* convert.h — one workbook cell to the value the contract wants, and back.
 *
 * Cells are read the way people type them: dates as text or date cells,
 * amounts « 4,35 € », SIRET with spaces, NAF « 4321A », voie « Apprentie »,
 * civilité « Madame »… (the kinds of columns.h). A code that lost its
 * leading zeros in a spreadsheet (a postal code of 4 digits, a candidate
 * number or a UAI one digit short) is restored when that is unambiguous,
 * with a warning; otherwise the cell is refused, with why and what to do.
 *
 * The other way, export writes each contract value so that reading it back
 * gives the very same value (dates as date cells, choices as their label). */
#ifndef STAGEDOC_IMPORT_CONVERT_H
#define STAGEDOC_IMPORT_CONVERT_H

#include <stdbool.h>

#include "../util/strbuf.h"
#include "columns.h"
#include "table.h"
#include "workbook.h"

struct cell_verdict {
    struct strbuf value;   /* the contract's value, when accepted */
    struct strbuf warning; /* accepted, but changed: why (« 1000 » read as « 01000 ») */
    struct strbuf message; /* refused: why, naming the cell's text */
    struct strbuf hint;    /* refused: what to write instead */
};

/* What else the cell's meaning depends on. */
struct cell_context {
    const char *country; /* of the address a postal code belongs to; NULL: France */
};

void cell_verdict_init(struct cell_verdict *verdict);
void cell_verdict_reset(struct cell_verdict *verdict);
void cell_verdict_free(struct cell_verdict *verdict);

/* One value of kind spec->kind (spec->choices for KIND_CHOICE); a cell of
 * a « multiple » column is split by the caller. False: refused. */
bool convert_cell(const struct table_cell *cell, const struct column_spec *spec,
                  const struct cell_context *context, struct cell_verdict *out);

/* The first character of text that XML 1.0 cannot hold (a C0 control other
 * than tab, line feed and carriage return; U+FFFE, U+FFFF), or 0. Such a
 * character, pasted from another program, would make the promotion
 * ill-formed: the cell is refused at its place instead. */
unsigned convert_forbidden_character(const char *text);

/* How export writes value (the contract's) in a column of spec: its kind
 * and text for workbook_set. */
void convert_for_workbook(const struct column_spec *spec, const char *value,
                          enum workbook_value *kind, struct strbuf *text);

#endif
