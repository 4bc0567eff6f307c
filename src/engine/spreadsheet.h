/* spreadsheet.h — a class spreadsheet given where a promotion XML is expected
 * (`stagedoc build classe.xlsx`).
 *
 * The spreadsheet is imported as `stagedoc import` does (cell problems are
 * printed, and then nothing is read), into a temporary promotion that the
 * walk reads in its place. Stages name the spreadsheet as their file, so
 * their relative paths start beside it; diagnostics on the temporary XML
 * are pointed back at the spreadsheet's row. */
#ifndef STAGEDOC_CLI_SPREADSHEET_H
#define STAGEDOC_CLI_SPREADSHEET_H

#include <stdbool.h>
#include <stdio.h>

#include "../import/import.h"
#include "../util/diag.h"
#include "context.h"

struct spreadsheet_input {
    const char *path;         /* the spreadsheet, as named */
    char *xml_path;           /* the temporary promotion, read in its place */
    FILE *xml_file;           /* its unlinked file (xml_path is /proc/self/fd/N), or NULL */
    int tracked;              /* a named xml_path's slot in interrupt.h, or -1 */
    const char *read_as;      /* the promotion's path in diagnostics (default: xml_path) */
    struct import_result result;
    size_t counts[3];         /* what import printed, by severity */
};

/* A file named *.csv, *.xlsx or *.ods (any case). */
bool spreadsheet_is_named(const char *path);

/* The workbook's layout (templates/import/colonnes.tsv and valeurs.tsv);
 * false after saying why. Free it with columns_free. */
bool spreadsheet_load_columns(const struct run_context *context, struct column_map *map);

/* How messages name it: the path, or « entrée » for "-". */
const char *spreadsheet_label(const char *path);

/* The spreadsheet to a promotion, with the run's --commun and --encodage;
 * cell problems go to stderr. SD_OK fills *result (free it);
 * otherwise SD_INVALID (bad cells) or SD_IO. counts gets what import
 * printed, by severity. */
sd_status spreadsheet_import(const struct run_context *context, const char *path,
                                  struct import_result *result, size_t counts[3]);

/* Writes input->result's XML (then freed) to a temporary file in $TMPDIR,
 * unlinked at once and read as input->xml_path = /proc/self/fd/N (a named
 * file, removed on a signal too, where /proc is missing); SD_IO after
 * saying why. */
sd_status spreadsheet_input_write(const struct run_context *context,
                                  struct spreadsheet_input *input);
/* Imports and writes the temporary promotion. Always call
 * spreadsheet_input_close, whatever this returns. */
sd_status spreadsheet_input_open(const struct run_context *context, const char *path,
                                      struct spreadsheet_input *input);
/* The spreadsheet at path imported once for the whole run, so that every
 * pass of a command (and every worker of build -j) reads the same temporary
 * promotion: spreadsheet_input_open on first use, then the same answer.
 * *input is NULL unless SD_OK. Freed by run_context_close. */
struct spreadsheet_list {
    struct spreadsheet_input *items;
    sd_status *codes;
    size_t count;
};
sd_status spreadsheet_for_run(const struct run_context *context, const char *path,
                                   struct spreadsheet_input **input, size_t counts[3]);
void spreadsheet_list_free(struct spreadsheet_list *list);

/* A walk_totals rewrite: a diagnostic on the temporary XML names the
 * spreadsheet and its row instead. */
void spreadsheet_point_back(struct diag *diag, void *input);
/* Removes the temporary promotion. */
void spreadsheet_input_close(struct spreadsheet_input *input);

#endif
