/* source.h — where XML nodes came from: file, line and column.
 *
 * libxml2 keeps only a line per node; diagnostics also want the column. The
 * loader records, in each element's _private field, the line and column of
 * its '<'; the document's _private points at its source (the file's path,
 * and its bytes when it was read whole). Any module can then turn a node into
 * "file:line:column" with source_node_position(). Inputs are streamed, so
 * nothing here needs the file's bytes. */
#ifndef STAGEDOC_INPUT_SOURCE_H
#define STAGEDOC_INPUT_SOURCE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "../util/diag.h"

struct source {
    char *path;
    char *bytes;         /* NULL for a streamed file */
    size_t size;
    size_t max_size;     /* the limit it was read under (0: its own size) */
    size_t *line_starts; /* built on first use */
    size_t line_count;
};

/* bytes may be NULL (streamed input); the source then owns nothing else. */
struct source *source_new(const char *path, char *bytes, size_t size);
void source_free(struct source *source);

/* libxml2 counts columns in bytes: the same place counted in characters,
 * through a line index built once, for a source read whole (a streamed
 * file's byte column is returned as is: the loader counts its columns as
 * it reads, textpos.h). */
unsigned source_character_column(struct source *source, unsigned line, unsigned byte_column);
/* The position of an element (or of the element owning an attribute or
 * text); the file alone when nothing is known. */
struct position source_node_position(xmlNodePtr node);

/* Used by the loader and by anything that copies nodes between documents. */
void source_attach_document(xmlDocPtr doc, struct source *source);
void source_mark_node(xmlNodePtr node, unsigned line, unsigned column);
void source_copy_marks(xmlNodePtr from, xmlNodePtr to);

#endif
