/* targets.h — files written where the user asked (-o, --tableur), never
 * over existing files unless forced: a promotion XML (import), or a class
 * workbook (export, init --tableur): a file named *.xlsx or *.ods, or else
 * a folder of CSV files (one per sheet), which the engine made into a
 * memory sink (sd_export). */
#ifndef STAGEDOC_CLI_TARGETS_H
#define STAGEDOC_CLI_TARGETS_H

#include <stdbool.h>

#include "../engine/stagedoc.h"
#include "../util/strbuf.h"

/* "stagedoc COMMAND: PATH existe déjà ; rien n'est écrit. À faire :
 * choisissez un autre OTHER, ou ajoutez --force pour le remplacer.": SD_USAGE. */
sd_status target_exists(const char *command, const char *path, const char *other);

/* What target names: an XLSX or ODS file, or else a folder of CSV files. */
enum sd_workbook_format target_workbook_format(const char *target);

/* The folder the workbook at target will sit in (heap); for a folder of
 * CSV files, the folder that holds it. */
char *target_workbook_folder(const char *target);

/* The file of target that already exists (the workbook, or the first of
 * the folder's CSV files), heap; NULL when none does. */
char *target_existing(const struct sd_sink *files, const char *target);

/* Writes the files (a memory sink) at target, each atomically; their paths
 * go to written, one a line. An existing file is refused (SD_USAGE, said
 * on stderr by command) unless force. */
sd_status target_write_workbook(const char *command, const struct sd_sink *files,
                                const char *target, bool force, struct strbuf *written);

#endif
