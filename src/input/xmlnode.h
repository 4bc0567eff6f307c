/* xmlnode.h — small accessors over libxml2 trees, for code that reads stages.
 *
 * Element and attribute names of the input are plain ASCII without a
 * namespace (see the input contract), so lookups compare local names. */
#ifndef STAGEDOC_INPUT_XMLNODE_H
#define STAGEDOC_INPUT_XMLNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

xmlNodePtr xml_child(xmlNodePtr parent, const char *name);
xmlNodePtr xml_next_sibling(xmlNodePtr node, const char *name);
size_t xml_count_children(xmlNodePtr parent, const char *name);
/* Follows a path of child names separated by '/': "apprentissage/contrat". */
xmlNodePtr xml_path(xmlNodePtr from, const char *path);
/* Attribute value as stored (no copy), or NULL. */
const char *xml_attr(xmlNodePtr node, const char *name);
/* Text content of the first child element of that name, whitespace-trimmed
 * into a heap string the caller frees; NULL when absent. */
char *xml_child_text(xmlNodePtr parent, const char *name);
bool xml_is(xmlNodePtr node, const char *name);

#define XML_FOR_EACH_CHILD(child, parent, name)                                  \
    for (xmlNodePtr child = xml_child((parent), (name)); child;                  \
         child = xml_next_sibling(child, (name)))

#endif
