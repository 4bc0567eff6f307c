/* workbook_files.h — a class workbook written where the user asked: a file
 * named *.xlsx or *.ods, or else a folder of CSV files (one per sheet),
 * never over existing files unless forced. Shared by `export` and
 * `init --tableur`. */
#ifndef STAGEDOC_CLI_WORKBOOK_FILES_H
#define STAGEDOC_CLI_WORKBOOK_FILES_H

#include <stdbool.h>

#include "../import/workbook.h"
#include "../util/strbuf.h"
#include "../engine/stagedoc.h"

/* The date the files carry: SOURCE_DATE_EPOCH, or a fixed day, so that the
 * same input gives the same bytes. */
long long workbook_files_date(void);

/* The folder the workbook at target will sit in, absolute (heap); for a
 * folder of CSV files, the folder that holds it. */
char *workbook_files_folder(const char *target);

/* The file of target that already exists (the workbook, or the first CSV
 * file of the folder), heap; NULL when none does. */
char *workbook_files_existing(const struct workbook *book, const char *target);

/* Writes book at target; its paths go to written, one a line. An existing
 * file is refused (SD_USAGE, said on stderr by command) unless force. */
sd_status workbook_files_write(const char *command, const struct workbook *book,
                                    const char *target, bool force, struct strbuf *written);

#endif
