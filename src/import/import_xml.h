/* import_xml.h — building the promotion's elements from workbook values,
 * in the contract's order, and writing them with where each came from.
 *
 * Values are put at paths ("stagiaire/adresse/ligne[2]", "periode/@fin",
 * "." for the element's own text); an element's children are then sorted
 * by the order of the layout's lines, which is the schema's. Each value
 * carries its origin (the cell), kept in the node's _private field until
 * the element is written: one element a line, so that a diagnostic's line
 * names the values on it. */
#ifndef STAGEDOC_IMPORT_IMPORT_XML_H
#define STAGEDOC_IMPORT_IMPORT_XML_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../util/strbuf.h"
#include "columns.h"
#include "import.h"

/* The rank of each element path in the layout ("stagiaire", "stagiaire/adresse"…). */
struct xml_order {
    char **paths; /* without [N], from <stage>; "/x" from <promotion> */
    size_t count, capacity;
    struct order_entry {
        char *path;
        size_t rank;
    } *sorted;    /* the paths sorted, for lookups */
};
bool xml_order_build(const struct column_map *map, struct xml_order *order);
void xml_order_free(struct xml_order *order);
/* Sorts node's descendants (node is <stage>, or <promotion> with base "/"). */
void xml_order_apply(const struct xml_order *order, xmlNodePtr node, const char *base);

/* Puts value at path under base, remembering origin (may be NULL; it must
 * outlive the node's writing). Elements on the way are found or made
 * ("x[N]": the Nth); the last step is a new element (or the Nth), an
 * attribute ("@x") or the element's text ("."). Returns the element that
 * holds the value. */
xmlNodePtr xml_put(xmlNodePtr base, const char *path, const char *value,
                   const struct import_origin *origin);
/* The element at path (found or made, "x[N]" as above). */
xmlNodePtr xml_element(xmlNodePtr base, const char *path);
/* A new element at path: its parents found or made, the last step new. */
xmlNodePtr xml_new_element(xmlNodePtr base, const char *path);
/* The element at path, without making it ("x[N]": the Nth), or NULL. */
xmlNodePtr xml_find(xmlNodePtr base, const char *path);
/* The element or attribute value at path ("x[N]": the Nth, "x": the last),
 * or NULL. Not a copy: valid while the tree is. */
const xmlChar *xml_value(xmlNodePtr base, const char *path);

/* Does any element named like path's last step, beside the one path names,
 * hold value? (An address has several <ligne>: a row that gives one of them
 * agrees with the class.) */
bool xml_has_sibling_value(xmlNodePtr base, const char *path, const char *value);

/* Writes node at depth (two spaces a level), one element a line, and
 * appends the origins of its values to result with their lines, counted
 * from *line (the line node starts on; advanced past it). */
bool xml_write(xmlNodePtr node, int depth, struct strbuf *out, unsigned *line,
               struct import_result *result);

#endif
