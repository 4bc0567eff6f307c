/* export.h — stages and promotions (XML) to a class workbook, the reverse
 * of import: the layout of columns.h decides where each value goes, and
 * reading the workbook back gives the same promotion.
 *
 * The class's values (session, school) go to the « Classe » sheet, each
 * stage to a row of « Stagiaires », each repeated element to a row of its
 * list sheet (a list every stage shares, such as the class's timetable, is
 * written once for the whole class). Paths to files are rewritten to stay
 * right from the workbook's folder. A value the layout has no place for
 * is an error, so that nothing is ever lost silently. */
#ifndef STAGEDOC_IMPORT_EXPORT_H
#define STAGEDOC_IMPORT_EXPORT_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../util/diag.h"
#include "columns.h"
#include "workbook.h"

struct export_input {
    const char *label;   /* the file, as named in messages */
    xmlDocPtr doc;       /* a <stage> or a <promotion> */
    const char *folder;  /* where its relative paths start (absolute) */
};

/* Fills book (initialised by the caller) from inputs; out_folder (absolute)
 * is where the workbook will be, for file paths. Problems go to diags;
 * false when any is an error. */
bool export_workbook(const struct column_map *map, const struct export_input *inputs,
                     size_t count, const char *out_folder, struct workbook *book,
                     struct diag_list *diags);

#endif
