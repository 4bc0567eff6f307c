/* source.c — offsets to lines and columns, and marks on nodes. */
#include "source.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

static size_t line_containing(const struct source *source, size_t offset)
{
    size_t low = 0, high = source->line_count;
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (source->line_starts[middle] <= offset)
            low = middle;
        else
            high = middle;
    }
    return low;
}

struct position source_position_at(struct source *source, size_t offset)
{
    struct position where = {source->path, 0, 0};
    if (offset > source->size || (!source->line_starts && !build_line_index(source)))
        return where;
    size_t line = line_containing(source, offset);
    unsigned column = 1;
    /* Columns count characters, not bytes: skip UTF-8 continuation bytes. */
    for (size_t i = source->line_starts[line]; i < offset; i++)
        column += ((unsigned char)source->bytes[i] & 0xC0) != 0x80;
    where.line = (unsigned)line + 1;
    where.column = column;
    return where;
}

unsigned source_character_column(struct source *source, unsigned line, unsigned byte_column)
{
    if (line == 0 || byte_column == 0 || (!source->line_starts && !build_line_index(source)) ||
        line > source->line_count)
        return byte_column;
    size_t start = source->line_starts[line - 1];
    unsigned column = 1;
    for (size_t i = start; i < source->size && i < start + byte_column - 1; i++)
        column += ((unsigned char)source->bytes[i] & 0xC0) != 0x80;
    return column;
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
    if (!mark) {
        struct position where = {source->path, node->line, 0};
        return where;
    }
    return source_position_at(source, (size_t)(mark - 1));
}

void source_attach_document(xmlDocPtr doc, struct source *source)
{
    doc->_private = source;
}

void source_mark_node(xmlNodePtr node, size_t offset)
{
    node->_private = (void *)(uintptr_t)(offset + 1);
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
