/* xmlnode.c — child lookups, attributes and trimmed text. */
#include "xmlnode.h"

#include <stdlib.h>
#include <string.h>

bool xml_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

xmlNodePtr xml_next_sibling(xmlNodePtr node, const char *name)
{
    for (node = node ? node->next : NULL; node; node = node->next)
        if (xml_is(node, name))
            return node;
    return NULL;
}

xmlNodePtr xml_child(xmlNodePtr parent, const char *name)
{
    if (!parent)
        return NULL;
    for (xmlNodePtr node = parent->children; node; node = node->next)
        if (xml_is(node, name))
            return node;
    return NULL;
}

size_t xml_count_children(xmlNodePtr parent, const char *name)
{
    size_t count = 0;
    XML_FOR_EACH_CHILD(child, parent, name)
        count++;
    return count;
}

xmlNodePtr xml_path(xmlNodePtr from, const char *path)
{
    char name[64];
    while (from && *path) {
        size_t len = strcspn(path, "/");
        if (len >= sizeof name)
            return NULL;
        memcpy(name, path, len);
        name[len] = '\0';
        from = xml_child(from, name);
        path += len + (path[len] == '/');
    }
    return from;
}

const char *xml_attr(xmlNodePtr node, const char *name)
{
    if (!node)
        return NULL;
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next)
        if (strcmp((const char *)attr->name, name) == 0 && attr->children &&
            attr->children->content)
            return (const char *)attr->children->content;
    return NULL;
}

static char *trimmed_copy(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t len = strlen(text);
    while (len && strchr(" \t\n\r", text[len - 1]))
        len--;
    return strndup(text, len);
}

char *xml_child_text(xmlNodePtr parent, const char *name)
{
    xmlNodePtr child = xml_child(parent, name);
    if (!child)
        return NULL;
    xmlChar *content = xmlNodeGetContent(child);
    if (!content)
        return NULL;
    char *text = trimmed_copy((const char *)content);
    xmlFree(content);
    return text;
}
