/* spreadsheet.h — a class workbook given where a promotion XML is expected
 * (`stagedoc build classe.xlsx`), as a path or as bytes in memory.
 *
 * The workbook is imported as `stagedoc import` does (cell problems are
 * said, and then nothing is read) into a promotion kept in memory, once
 * for the whole run: the walk parses those bytes in its place, in every
 * pass of a command and in every worker of -j (forked after the import, so
 * they see the same bytes). Nothing of the class is written to disk.
 * Stages name the workbook as their file, and their relative paths start
 * in the input's folder; diagnostics on the promotion are pointed back at
 * the workbook's sheet, row and cell. */
#ifndef STAGEDOC_ENGINE_SPREADSHEET_H
#define STAGEDOC_ENGINE_SPREADSHEET_H

#include <stdbool.h>
#include <stdio.h>

#include "../import/import.h"
#include "../util/diag.h"
#include "context.h"

struct spreadsheet_input {
    char *label;              /* how messages name the workbook (« entrée » for "-") */
    char *path;               /* its file, or NULL when given as bytes */
    const unsigned char *bytes; /* its bytes (the caller's), when path is NULL */
    size_t size;
    char *folder;             /* where its stages' relative paths start */
    char *read_as;            /* the name the promotion in memory is parsed under */
    struct import_result result; /* result.xml: the promotion, kept for the walk */
    size_t counts[3];         /* what the import said, by severity */
    sd_status status;         /* how the import went */
};

/* A file named *.csv, *.xlsx or *.ods (any case), or a folder of CSV files. */
bool spreadsheet_is_named(const char *path);
/* An input that is a workbook: its path as spreadsheet_is_named says, or,
 * for bytes, its name's extension. */
bool spreadsheet_is_input(const struct sd_input *input);

/* The workbook's layout (templates/import/colonnes.tsv and valeurs.tsv);
 * false after saying why. Free it with columns_free. */
bool spreadsheet_load_columns(const struct run_context *context, struct column_map *map);

/* How messages name it: the path, or « entrée » for "-". */
const char *spreadsheet_label(const char *path);

/* Imports the workbook input (with the run's --commun and --encodage) into
 * *sheet, its cell problems said to the run: SD_OK with the promotion in
 * sheet->result; otherwise SD_INVALID (bad cells) or SD_IO. folder is where
 * its stages' relative paths start (copied). Always call
 * spreadsheet_input_close. */
sd_status spreadsheet_input_open(const struct run_context *context,
                                 const struct sd_input *input, const char *folder,
                                 struct spreadsheet_input *sheet);
/* The workbook input imported once for the whole run, so that every pass
 * of a command (and every worker of build -j) reads the same promotion:
 * spreadsheet_input_open on first use, then the same answer (an input is
 * the same when it has the same path, or the same bytes: same address and
 * size). *sheet is NULL
 * unless SD_OK; counts gets what the import said. Freed by sd_run_free. */
struct spreadsheet_list {
    struct spreadsheet_input **items;
    size_t count, capacity;
};
sd_status spreadsheet_for_run(const struct run_context *context, const struct sd_input *input,
                              const char *folder, struct spreadsheet_input **sheet,
                              size_t counts[3]);
void spreadsheet_list_free(struct spreadsheet_list *list);

/* A diagnostic on the promotion in memory names the workbook, its sheet,
 * row and cell instead, in the workbook's words. */
void spreadsheet_point_back(struct diag *diag, const struct spreadsheet_input *sheet);
void spreadsheet_input_close(struct spreadsheet_input *sheet);

#endif
