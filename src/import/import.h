/* import.h — a class spreadsheet to a promotion XML (the input contract).
 *
 * The first row with at least two known headers (columns.h) is the header;
 * every later non-empty row is one stage. Each cell is checked for its
 * kind; a problem is a line naming the cell and its header:
 *   classe.xlsx:Feuille1!D12 (Date de début) : « 31/02/2027 » n'est pas une
 *   date. À faire : écrivez la date au format JJ/MM/AAAA.
 * Shared blocks (session, classe, etablissement) and a stage's defaults
 * (the first <stage> of the --commun file: horaires, activites, unite…)
 * come from a promotion-shaped file. */
#ifndef STAGEDOC_IMPORT_IMPORT_H
#define STAGEDOC_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "columns.h"
#include "table.h"
#include "textenc.h"

/* Reads path (CSV, XLSX or ODS, told by its bytes) into table (always
 * initialised: free it). label names it in messages. False after printing
 * why on stderr. */
enum import_read { IMPORT_READ_OK, IMPORT_READ_INVALID, IMPORT_READ_IO };
enum import_read import_read_table(const char *path, const char *label, size_t max_size,
                                   enum text_encoding encoding, struct table *table);

struct import_result {
    char *xml;          /* the promotion, UTF-8 */
    size_t xml_size;
    unsigned *rows;     /* the spreadsheet row of each stage, in order */
    unsigned *lines;    /* the XML line where each stage starts */
    size_t stage_count;
    size_t errors;      /* cell problems reported */
};

/* For a progress line: told after each row below the header, with the
 * number of those rows (blank ones among them), and
 * before a problem is printed, so that the line can be cleared first. */
struct import_progress {
    void (*row_done)(void *data, size_t rows);
    void (*before_message)(void *data);
    void *data;
};

/* Converts table with map; commun_path and progress may be NULL. Every
 * problem of every row goes to errors_out, one per line (a missing column
 * once, without reading the rows). False (errors > 0, or an unreadable
 * --commun) means no XML. */
bool import_convert(const struct table *table, const struct column_map *map,
                    const char *commun_path, FILE *errors_out,
                    const struct import_progress *progress, struct import_result *out);
/* The spreadsheet row of the stage that holds that XML line (0: none). */
unsigned import_row_of_line(const struct import_result *result, unsigned line);
void import_result_free(struct import_result *result);

#endif
