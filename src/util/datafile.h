/* datafile.h — the line format of the regulation data under templates/.
 *
 * One record a line, fields separated by tabs; blank lines and lines that
 * start with '#' are comments. Établissements edit these files by hand, so
 * errors name the file and line. */
#ifndef STAGEDOC_UTIL_DATAFILE_H
#define STAGEDOC_UTIL_DATAFILE_H

#include <stdbool.h>

#include "strbuf.h"

#define DATAFILE_MAX_FIELDS 8

struct datafile_record {
    const char *path;
    int line;
    int count;
    char *fields[DATAFILE_MAX_FIELDS];
};

/* Returns false and writes "message" to error to stop reading. */
typedef bool (*datafile_visitor)(const struct datafile_record *record, void *context,
                                 struct strbuf *error);

/* Calls visit for each record. On failure, error holds
 * "PATH:LINE: message" (or "PATH: message") and false is returned. */
bool datafile_read(const char *path, datafile_visitor visit, void *context,
                   struct strbuf *error);

#endif
