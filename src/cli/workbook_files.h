/* workbook_files.h — a class workbook written where the user asked: a file
 * named *.xlsx or *.ods, or else a folder of CSV files (one per sheet),
 * never over existing files unless forced. The engine made its files into
 * a memory sink (sd_export); shared by `export` and `init --tableur`. */
#ifndef STAGEDOC_CLI_WORKBOOK_FILES_H
#define STAGEDOC_CLI_WORKBOOK_FILES_H

#include <stdbool.h>

#include "../engine/stagedoc.h"
#include "../util/strbuf.h"

/* What target names: an XLSX or ODS file, or else a folder of CSV files. */
enum sd_workbook_format workbook_files_format(const char *target);

/* The folder the workbook at target will sit in (heap); for a folder of
 * CSV files, the folder that holds it. */
char *workbook_files_folder(const char *target);

/* The file of target that already exists (the workbook, or the first of
 * the folder's CSV files), heap; NULL when none does. */
char *workbook_files_existing(const struct sd_sink *files, const char *target);

/* Writes the files (a memory sink) at target, each atomically; their paths
 * go to written, one a line. An existing file is refused (SD_USAGE, said
 * on stderr by command) unless force. */
sd_status workbook_files_write(const char *command, const struct sd_sink *files,
                               const char *target, bool force, struct strbuf *written);

#endif
