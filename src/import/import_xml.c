/* import_xml.c — workbook values to ordered elements, written with their
 * origins. */
#include "import_xml.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"

/* ----------------------------------------------------------- order */

/* "documents-anglais/document[2]/@titre" → "documents-anglais/document" (the
 * element that holds the value), brackets removed. */
static char *element_path(const char *base, const char *path)
{
    struct strbuf out = STRBUF_INIT;
    strbuf_puts(&out, base);
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, "/");
        if (p[0] == '@' || (len == 1 && p[0] == '.'))
            break;
        size_t name = strcspn(p, "[/");
        if (out.len && out.data[out.len - 1] != '/')
            strbuf_puts(&out, "/");
        strbuf_add(&out, p, name < len ? name : len);
        p += len + (p[len] == '/');
    }
    return strbuf_detach(&out);
}

static bool order_add(struct xml_order *order, char *path)
{
    for (size_t i = 0; i < order->count; i++)
        if (!strcmp(order->paths[i], path)) {
            free(path);
            return true;
        }
    if (!ARRAY_GROW(order->paths, order->capacity, order->count + 1)) {
        free(path);
        return false;
    }
    order->paths[order->count++] = path;
    return true;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(((const struct order_entry *)a)->path, ((const struct order_entry *)b)->path);
}

/* Every element path and its parents, in the order the layout names them. */
bool xml_order_build(const struct column_map *map, struct xml_order *order)
{
    memset(order, 0, sizeof *order);
    bool ok = true;
    for (size_t i = 0; ok && i < map->count; i++) {
        const struct column_spec *spec = &map->specs[i];
        const struct column_spec *sheet = &map->specs[spec->sheet_line];
        bool classe = sheet->path[0] == '/';
        if (spec->path[0] == '=' || (classe && spec->path[0] != '/'))
            continue; /* keys, and the Classe sheet's defaults (ranked by their own sheet) */
        const char *base = spec->kind == KIND_SHEET || sheet->path[0] == '.' || classe
                               ? "" : sheet->path;
        char *full = element_path(base, spec->path);
        if (!full)
            return false;
        size_t len = strlen(full);
        for (size_t k = 1; ok && k <= len; k++)
            if (k == len || full[k] == '/')
                ok = order_add(order, strndup(full, k));
        free(full);
    }
    order->sorted = ok ? malloc((order->count ? order->count : 1) * sizeof *order->sorted) : NULL;
    for (size_t i = 0; order->sorted && i < order->count; i++)
        order->sorted[i] = (struct order_entry){order->paths[i], i};
    if (order->sorted)
        qsort(order->sorted, order->count, sizeof *order->sorted, compare_paths);
    return ok && order->sorted;
}

void xml_order_free(struct xml_order *order)
{
    for (size_t i = 0; i < order->count; i++)
        free(order->paths[i]);
    free(order->paths);
    free(order->sorted);
    memset(order, 0, sizeof *order);
}

/* The rank of path (its line in the layout), by binary search: it is asked
 * for every element of every stage. */
static size_t rank_of(const struct xml_order *order, const char *path)
{
    struct order_entry key = {(char *)path, 0};
    const struct order_entry *found =
        bsearch(&key, order->sorted, order->count, sizeof *order->sorted, compare_paths);
    return found ? found->rank : order->count;
}

struct ranked {
    xmlNodePtr node;
    size_t rank, position;
};

static int compare_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->position < y->position ? -1 : x->position > y->position;
}

void xml_order_apply(const struct xml_order *order, xmlNodePtr node, const char *base)
{
    size_t count = 0;
    for (xmlNodePtr child = node->children; child; child = child->next)
        count += child->type == XML_ELEMENT_NODE;
    struct ranked *children = count ? calloc(count, sizeof *children) : NULL;
    if (!children)
        return;
    size_t n = 0;
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        struct strbuf path = STRBUF_INIT;
        strbuf_puts(&path, base);
        if (*base && base[strlen(base) - 1] != '/')
            strbuf_puts(&path, "/");
        strbuf_puts(&path, (const char *)child->name);
        children[n] = (struct ranked){child, rank_of(order, strbuf_str(&path)), n};
        n++;
        xml_order_apply(order, child, strbuf_str(&path));
        strbuf_free(&path);
    }
    qsort(children, count, sizeof *children, compare_ranked);
    for (size_t i = 0; i < count; i++) {
        xmlUnlinkNode(children[i].node);
        xmlAddChild(node, children[i].node);
    }
    free(children);
}

/* ----------------------------------------------------------- building */

static xmlNodePtr last_child_named(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr child = parent->last; child; child = child->prev)
        if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, name))
            return child;
    return NULL;
}

/* The rank-th child named name (1-based), made with those before it when
 * missing: "document[2]" is the second <document>, whatever column comes first. */
static xmlNodePtr nth_child_named(xmlNodePtr parent, const char *name, unsigned long rank)
{
    xmlNodePtr found = NULL;
    unsigned long seen = 0;
    for (xmlNodePtr child = parent->children; child && seen < rank; child = child->next)
        if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, name)) {
            found = child;
            seen++;
        }
    for (; seen < rank; seen++)
        found = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    return found;
}

/* One step: "name" (the last so named, or a new one) or "name[N]" (the Nth,
 * N from 1 to 99). */
static xmlNodePtr step_element(xmlNodePtr node, char *step)
{
    char *bracket = strchr(step, '[');
    if (bracket) {
        unsigned long rank = strtoul(bracket + 1, NULL, 10);
        *bracket = '\0';
        return nth_child_named(node, step, rank >= 1 && rank <= 99 ? rank : 1);
    }
    xmlNodePtr child = last_child_named(node, step);
    return child ? child : xmlNewChild(node, NULL, BAD_CAST step, NULL);
}

/* Walks path under base to the element that holds its last step; sets
 * *last to that step's text ("@x", "." or a name) inside copy. */
static xmlNodePtr walk(xmlNodePtr base, char *copy, const char **last)
{
    xmlNodePtr node = base;
    char *save = NULL;
    char *step = strtok_r(copy, "/", &save);
    while (step && node) {
        char *next = strtok_r(NULL, "/", &save);
        if (!next || step[0] == '@' || !strcmp(step, ".")) {
            *last = step;
            return node;
        }
        node = step_element(node, step);
        step = next;
    }
    *last = NULL;
    return node;
}

xmlNodePtr xml_put(xmlNodePtr base, const char *path, const char *value,
                   const struct import_origin *origin)
{
    char *copy = strdup(path);
    const char *last = NULL;
    xmlNodePtr node = copy ? walk(base, copy, &last) : NULL;
    if (node && last && last[0] == '@') {
        xmlAttrPtr attr = xmlSetProp(node, BAD_CAST(last + 1), BAD_CAST value);
        if (attr)
            attr->_private = (void *)origin;
    } else if (node && last && !strcmp(last, ".")) {
        xmlNodeAddContent(node, BAD_CAST value);
        node->_private = (void *)origin;
    } else if (node && last) {
        char step[128];
        snprintf(step, sizeof step, "%s", last);
        node = strchr(step, '[') ? step_element(node, step)
                                 : xmlNewChild(node, NULL, BAD_CAST step, NULL);
        if (node) {
            xmlNodeSetContent(node, NULL);
            xmlNodeAddContent(node, BAD_CAST value);
            node->_private = (void *)origin;
        }
    }
    free(copy);
    return node;
}

xmlNodePtr xml_element(xmlNodePtr base, const char *path)
{
    char *copy = strdup(path);
    xmlNodePtr node = base;
    char *save = NULL;
    for (char *step = copy ? strtok_r(copy, "/", &save) : NULL; step && node;
         step = strtok_r(NULL, "/", &save))
        node = step_element(node, step);
    free(copy);
    return copy ? node : NULL;
}

xmlNodePtr xml_new_element(xmlNodePtr base, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xmlNewChild(base, NULL, BAD_CAST path, NULL);
    char *parent_path = strndup(path, (size_t)(slash - path));
    xmlNodePtr parent = parent_path ? xml_element(base, parent_path) : NULL;
    free(parent_path);
    return parent ? xmlNewChild(parent, NULL, BAD_CAST(slash + 1), NULL) : NULL;
}

xmlNodePtr xml_find(xmlNodePtr base, const char *path)
{
    char *copy = strdup(path);
    xmlNodePtr node = base;
    char *save = NULL;
    for (char *step = copy ? strtok_r(copy, "/", &save) : NULL; step && node;
         step = strtok_r(NULL, "/", &save)) {
        char *bracket = strchr(step, '[');
        unsigned long rank = bracket ? strtoul(bracket + 1, NULL, 10) : 0;
        if (bracket)
            *bracket = '\0';
        xmlNodePtr found = NULL;
        unsigned long seen = 0;
        for (xmlNodePtr child = node->children; child; child = child->next)
            if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, step)) {
                found = child;
                if (++seen == rank)
                    break;
            }
        node = rank && seen != rank ? NULL : found;
    }
    free(copy);
    return copy ? node : NULL;
}

const xmlChar *xml_value(xmlNodePtr base, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *last = slash ? slash + 1 : path;
    xmlNodePtr element = base;
    if (last[0] == '@' || !strcmp(last, ".")) {
        char *parent = slash ? strndup(path, (size_t)(slash - path)) : NULL;
        element = parent ? xml_find(base, parent) : (slash ? NULL : base);
        free(parent);
        if (element && last[0] == '@') {
            xmlAttrPtr attr = xmlHasProp(element, BAD_CAST(last + 1));
            return attr && attr->children ? attr->children->content : NULL;
        }
    } else {
        element = xml_find(base, path);
    }
    return element && element->children && element->children->type == XML_TEXT_NODE
               ? element->children->content : NULL;
}

bool xml_has_sibling_value(xmlNodePtr base, const char *path, const char *value)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash[1] == '@' || slash[1] == '.')
        return false;
    char *parent_path = strndup(path, (size_t)(slash - path));
    xmlNodePtr parent = parent_path ? xml_find(base, parent_path) : NULL;
    size_t name_len = strcspn(slash + 1, "[");
    bool found = false;
    for (xmlNodePtr child = parent ? parent->children : NULL; child && !found; child = child->next)
        found = child->type == XML_ELEMENT_NODE &&
                strlen((const char *)child->name) == name_len &&
                !strncmp((const char *)child->name, slash + 1, name_len) && child->children &&
                child->children->content && !strcmp((const char *)child->children->content, value);
    free(parent_path);
    return found;
}

/* ----------------------------------------------------------- writing */

/* text escaped for XML, copied a run of plain characters at a time. */
static void escaped(struct strbuf *out, const xmlChar *text, bool attribute)
{
    const char *p = (const char *)text;
    while (p && *p) {
        size_t plain = strcspn(p, attribute ? "&<>\"\r\n\t" : "&<>\r");
        strbuf_add(out, p, plain);
        p += plain;
        switch (*p) {
        case '\0': return;
        case '&': strbuf_puts(out, "&amp;"); break;
        case '<': strbuf_puts(out, "&lt;"); break;
        case '>': strbuf_puts(out, "&gt;"); break;
        case '"': strbuf_puts(out, "&quot;"); break;
        case '\r': strbuf_puts(out, "&#13;"); break;
        case '\n': strbuf_puts(out, "&#10;"); break;
        case '\t': strbuf_puts(out, "&#9;"); break;
        }
        p++;
    }
}

static bool add_origin(struct import_result *result, const struct import_origin *origin,
                       unsigned line)
{
    if (!origin)
        return true;
    if (!ARRAY_GROW(result->origins, result->origin_cap, result->origin_count + 1))
        return false;
    struct import_origin *at = &result->origins[result->origin_count++];
    *at = *origin;
    at->line = line;
    return true;
}

static unsigned newlines(const xmlChar *text)
{
    unsigned count = 0;
    for (const xmlChar *p = text; p && *p; p++)
        count += *p == '\n';
    return count;
}

static void end_tag(struct strbuf *out, xmlNodePtr node)
{
    strbuf_puts(out, "</");
    strbuf_puts(out, (const char *)node->name);
    strbuf_puts(out, ">\n");
}

bool xml_write(xmlNodePtr node, int depth, struct strbuf *out, unsigned *line,
               struct import_result *result)
{
    bool ok = true;
    for (int i = 0; i < depth; i++)
        strbuf_puts(out, "  ");
    strbuf_puts(out, "<");
    strbuf_puts(out, (const char *)node->name);
    for (xmlAttrPtr a = node->properties; a; a = a->next) {
        strbuf_puts(out, " ");
        strbuf_puts(out, (const char *)a->name);
        strbuf_puts(out, "=\"");
        escaped(out, a->children ? a->children->content : NULL, true);
        strbuf_puts(out, "\"");
        ok = ok && add_origin(result, a->_private, *line);
    }
    bool has_elements = false;
    const xmlChar *text = NULL;
    for (xmlNodePtr child = node->children; child; child = child->next) {
        has_elements |= child->type == XML_ELEMENT_NODE;
        if (child->type == XML_TEXT_NODE && !text)
            text = child->content;
    }
    if (!has_elements && !text) {
        strbuf_puts(out, "/>\n");
        (*line)++;
    } else if (!has_elements) {
        strbuf_puts(out, ">");
        ok = ok && add_origin(result, node->_private, *line);
        escaped(out, text, false);
        end_tag(out, node);
        *line += 1 + newlines(text);
    } else {
        strbuf_puts(out, ">\n");
        (*line)++;
        for (xmlNodePtr child = node->children; ok && child; child = child->next)
            if (child->type == XML_ELEMENT_NODE)
                ok = xml_write(child, depth + 1, out, line, result);
        for (int i = 0; i < depth; i++)
            strbuf_puts(out, "  ");
        end_tag(out, node);
        (*line)++;
    }
    node->_private = NULL;
    for (xmlAttrPtr a = node->properties; a; a = a->next)
        a->_private = NULL;
    return ok && !strbuf_failed(out);
}
