/* source.c — positions packed into nodes, and byte to character columns. */
#include "source.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A mark packs line and column into the pointer-sized _private field. */
#define COLUMN_BITS 20
#define COLUMN_MASK ((1u << COLUMN_BITS) - 1)

_Static_assert(sizeof(uintptr_t) >= 8, "marks need 64-bit pointers");

struct source *source_new(const char *path, char *bytes, size_t size)
{
    struct source *source = calloc(1, sizeof *source);
    if (!source)
        return NULL;
    source->path = strdup(path);
    if (!source->path) {
        free(source);
        return NULL;
    }
    source->bytes = bytes;
    source->size = size;
    return source;
}

void source_free(struct source *source)
{
    if (!source)
        return;
    free(source->path);
    free(source->bytes);
    free(source->line_starts);
    free(source);
}

static bool build_line_index(struct source *source)
{
    size_t count = 1;
    for (size_t i = 0; i < source->size; i++)
        count += source->bytes[i] == '\n';
    source->line_starts = malloc(count * sizeof *source->line_starts);
    if (!source->line_starts)
        return false;
    source->line_starts[0] = 0;
    size_t line = 1;
    for (size_t i = 0; i < source->size; i++)
        if (source->bytes[i] == '\n')
            source->line_starts[line++] = i + 1;
    source->line_count = count;
    return true;
}

static unsigned characters_in(const char *bytes, size_t len)
{
    unsigned count = 0;
    for (size_t i = 0; i < len && bytes[i] && bytes[i] != '\n'; i++)
        count += ((unsigned char)bytes[i] & 0xC0) != 0x80;
    return count;
}

unsigned source_character_column(struct source *source, unsigned line, unsigned byte_column)
{
    if (line == 0 || byte_column == 0 || !source->bytes)
        return byte_column;
    if ((!source->line_starts && !build_line_index(source)) || line > source->line_count)
        return byte_column;
    size_t start = source->line_starts[line - 1];
    size_t len = byte_column - 1;
    if (start + len > source->size)
        len = source->size - start;
    return characters_in(source->bytes + start, len) + 1;
}

struct position source_node_position(xmlNodePtr node)
{
    struct position nowhere = {NULL, 0, 0};
    while (node && node->type != XML_ELEMENT_NODE)
        node = node->parent;
    if (!node || !node->doc)
        return nowhere;
    struct source *source = node->doc->_private;
    if (!source)
        return nowhere;
    uintptr_t mark = (uintptr_t)node->_private;
    struct position where = {source->path, (unsigned)(mark >> COLUMN_BITS),
                             (unsigned)(mark & COLUMN_MASK)};
    if (!mark)
        where.line = node->line;
    return where;
}

void source_attach_document(xmlDocPtr doc, struct source *source)
{
    doc->_private = source;
}

void source_mark_node(xmlNodePtr node, unsigned line, unsigned column)
{
    if (column > COLUMN_MASK)
        column = 0;
    node->_private = (void *)(((uintptr_t)line << COLUMN_BITS) | column);
}

void source_copy_marks(xmlNodePtr from, xmlNodePtr to)
{
    for (; from && to; from = from->next, to = to->next) {
        if (from->type != XML_ELEMENT_NODE)
            continue;
        to->_private = from->_private;
        source_copy_marks(from->children, to->children);
    }
}
