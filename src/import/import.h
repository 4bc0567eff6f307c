/* import.h — a class workbook to a promotion XML (the input contract).
 *
 * The workbook's layout is columns.h's: a « Classe » sheet (the class's
 * values and every student's defaults), a « Stagiaires » sheet (a row a
 * student) and list sheets (« Activités », « Horaires », « Évaluation »,
 * « Stratégie »: a row an item, tied to a student). A lone CSV file, or a
 * workbook of one sheet, is the « Stagiaires » sheet; a folder of CSV files
 * is a workbook, a file a sheet. Each cell is read for its kind
 * (convert.h); every problem of every sheet is a diagnostic at its cell,
 * with its column's header and the student's name:
 *   classe.xlsx:Stagiaires!D12: erreur: [cellule] DUPONT Marie, colonne
 *   « Date de début » : « 31/02/2027 » n'est pas une date. À faire : …
 * The promotion records where each value came from (import_origin), so
 * that a diagnostic on the promotion can be pointed back at the cell that
 * decides it. A promotion-shaped --commun file may still give the shared
 * blocks and, in its first <stage>, every student's defaults. */
#ifndef STAGEDOC_IMPORT_IMPORT_H
#define STAGEDOC_IMPORT_IMPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "../util/diag.h"
#include "columns.h"
#include "table.h"
#include "textenc.h"

/* Reads path into set: a CSV, XLSX or ODS file (told by its bytes) or a
 * folder of CSV files. label names it in messages. A problem is a
 * diagnostic in diags. */
enum import_read { IMPORT_READ_OK, IMPORT_READ_INVALID, IMPORT_READ_IO };
enum import_read import_read_workbook(const char *path, const char *label, size_t max_size,
                                      enum text_encoding encoding, struct table_set *set,
                                      struct diag_list *diags);
/* The same for a workbook's bytes in memory (a CSV, XLSX or ODS file),
 * under the same bound as a file. */
enum import_read import_read_workbook_bytes(const char *data, size_t size, const char *label,
                                            size_t max_size, enum text_encoding encoding,
                                            struct table_set *set, struct diag_list *diags);

/* Where a value of the promotion came from: the XML line that holds it and
 * the cell (sheet: index in the table set; spec: columns.h's line). */
struct import_origin {
    unsigned line;
    unsigned sheet, row;
    unsigned column, spec;
};

/* The layout's words, kept for messages: each line's path, header, sheet,
 * whether it declares a list sheet or is a default of the Classe sheet; and
 * templates/import/messages.tsv (import_messages_load). */
struct import_layout {
    char **paths, **titles, **sheets;
    bool *is_list, *is_default;
    size_t count;
    struct import_message {
        char *kind, *key, *text; /* "cellule", "duree", "@fin" */
    } *messages;
    size_t message_count, message_capacity;
};

struct import_result {
    char *xml;          /* the promotion, UTF-8 */
    size_t xml_size;
    unsigned *rows;     /* the « Stagiaires » row of each stage, in order */
    unsigned *lines;    /* the XML line where each stage starts */
    char **students;    /* « NOM Prénom » of each stage */
    size_t stage_count;
    struct import_origin *origins; /* by line, ascending */
    size_t origin_count, origin_cap;
    char **sheet_cells; /* how a cell of each sheet of the set is named: "Stagiaires!" or "" */
    char **sheet_labels;/* the file of each sheet ("classe.xlsx", "classe/Activités.csv") */
    size_t sheet_count;
    struct import_layout layout;
    /* Where a diagnostic about a whole stage points: its « Nom » cell. */
    unsigned students_sheet, name_column;
    size_t errors;      /* cell problems reported */
    bool commun_unreadable; /* the --commun file could not be read at all */
};

/* A student's row of « Stagiaires » as written, told when it is read:
 * before any of its values is converted or checked, so that a row with a
 * refused cell is told too. */
struct sheets;
struct import_row {
    const char *file;   /* the workbook, or the sheet's CSV file */
    const char *sheet;  /* the sheet's name; NULL for a CSV file */
    unsigned number;    /* the row, as the spreadsheet numbers it */
    const struct sheets *sheets;      /* for import_row_cell */
    const struct table_row *row;
};
/* The text of row's cell for the field at path ("stagiaire/nom"), as
 * written; NULL when empty or when the sheet has no such column. cell gets
 * its reference ("D12") when the column exists, empty or not; else "". */
const char *import_row_cell(const struct import_row *row, const char *path, char cell[24]);

/* For a progress line: told after each row of « Stagiaires », with the
 * number of its rows; and, when row_read is set, each student's row as
 * read (import_row, valid during the call). */
struct import_progress {
    void (*row_done)(void *data, size_t rows);
    void *data;
    void (*row_read)(void *data, const struct import_row *row);
};

/* The --commun promotion: a file (path), or bytes in memory when bytes is
 * set; name is how diagnostics call it (NULL: path). */
struct import_commun {
    const char *name;
    const char *path;
    const char *bytes;
    size_t size;
};

/* Converts the workbook with map; commun and progress may be NULL. The
 * --commun promotion is read by the XML loader under commun_max_size
 * (--max-size; 0 for the loader's default). Every problem of every sheet
 * goes to diags. False (errors > 0, or an unreadable --commun) means no XML. */
bool import_convert(const struct table_set *set, const struct column_map *map,
                    const struct import_commun *commun, size_t commun_max_size,
                    struct diag_list *diags, const struct import_progress *progress,
                    struct import_result *out);
/* The stage that holds that XML line (its index), or -1. */
long import_stage_of_line(const struct import_result *result, unsigned line);
/* The origins on that line: *count of them from the returned one. */
const struct import_origin *import_origins_at(const struct import_result *result,
                                              unsigned line, size_t *count);
void import_result_free(struct import_result *result);

/* Reads templates/import/messages.tsv into layout; false with
 * "PATH:LINE: message" in error. */
bool import_messages_load(const char *path, struct import_layout *layout, struct strbuf *error);
/* The entry of that kind for key (a rule, or a text), or NULL. */
const char *import_message(const struct import_layout *layout, const char *kind,
                           const char *key);

/* text with its XML words (<periode>, montant-horaire) replaced by the
 * workbook's places (« Date de début » et « Date de fin », « Gratification
 * horaire »), appended to out. */
void import_words(const struct import_layout *layout, const char *text, struct strbuf *out);

#endif
