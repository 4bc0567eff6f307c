/* source.h — an input file's bytes, and positions of XML nodes within them.
 *
 * libxml2 keeps only a line per node; diagnostics also want the column. The
 * loader records, in each element's _private field, the byte offset of its
 * '<'; the document's _private points at its source. Any module can then turn
 * a node into "file:line:column" with source_node_position(). */
#ifndef STAGEDOC_INPUT_SOURCE_H
#define STAGEDOC_INPUT_SOURCE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "diag.h"

struct source {
    char *path;
    char *bytes;
    size_t size;
    size_t *line_starts; /* built on first use */
    size_t line_count;
};

struct source *source_new(const char *path, char *bytes, size_t size);
void source_free(struct source *source);

struct position source_position_at(struct source *source, size_t offset);
/* libxml2 counts columns in bytes: the same place counted in characters. */
unsigned source_character_column(struct source *source, unsigned line, unsigned byte_column);
/* The position of an element (or of the element owning an attribute or
 * text); the file alone when nothing is known. */
struct position source_node_position(xmlNodePtr node);

/* Used by the loader and by anything that copies nodes between documents. */
void source_attach_document(xmlDocPtr doc, struct source *source);
void source_mark_node(xmlNodePtr node, size_t offset);
void source_copy_marks(xmlNodePtr from, xmlNodePtr to);

#endif
