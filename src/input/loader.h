/* loader.h — reading an XML input safely.
 *
 * Safe by construction: no network, no external DTD or entity is loaded, no
 * entity is substituted, libxml2's default size limits stay on, and a file
 * that declares entities is refused before any of them is expanded (this
 * stops entity bombs and external-entity tricks at the declaration). Files
 * over a size bound are refused before they are read. */
#ifndef STAGEDOC_INPUT_LOADER_H
#define STAGEDOC_INPUT_LOADER_H

#include <stddef.h>
#include <libxml/tree.h>

#include "diag.h"
#include "source.h"

#define LOADER_DEFAULT_MAX_SIZE ((size_t)16 << 20)

enum load_status {
    LOAD_OK = 0,
    LOAD_INVALID, /* the file was read but is not acceptable XML */
    LOAD_IO_ERROR /* the file could not be read */
};

/* Reads path into a new source (or reports why not). */
enum load_status loader_read_source(const char *path, size_t max_size,
                                    struct diag_list *diags, struct source **out);

/* Parses a source into a document whose elements carry their positions.
 * On failure, diagnostics say why and *out is NULL. */
enum load_status loader_parse(struct source *source, struct diag_list *diags,
                              xmlDocPtr *out);

#endif
