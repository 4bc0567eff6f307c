/* render_eval.c — evaluating a template's expressions during a render:
 * interpolated text, attributes, tests, loops and branches, lengths. */
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "../util/strbuf.h"
#include "render_internal.h"

void render_report(struct render *r, const struct tnode *node, const char *fmt, const char *what)
{
    struct position where = {node->file, (unsigned)node->line, 0};
    diag_add(r->diags, SEVERITY_ERROR, where, "modele", r->values->label,
             "corrigez le modèle à cette ligne.", fmt, what);
    r->failed = true;
}

xmlXPathObjectPtr render_evaluate(struct render *r, const struct tnode *node,
                                  xmlXPathCompExprPtr expr)
{
    xmlXPathObjectPtr result = expr ? xmlXPathCompiledEval(expr, r->xpath) : NULL;
    if (!result)
        render_report(r, node, "évaluation XPath impossible (%s).", tag_name(node->tag));
    return result;
}

/* The text of an interpolated string, in the arena. */
const char *render_interpolate(struct render *r, const struct tnode *node,
                               const struct segment *segment)
{
    struct strbuf text = STRBUF_INIT;
    for (; segment; segment = segment->next) {
        if (segment->literal) {
            strbuf_puts(&text, segment->literal);
            continue;
        }
        xmlXPathObjectPtr value = render_evaluate(r, node, segment->expr);
        xmlChar *string = value ? xmlXPathCastToString(value) : NULL;
        if (string)
            strbuf_puts(&text, (const char *)string);
        xmlFree(string);
        xmlXPathFreeObject(value);
    }
    const char *copy = arena_strdup(r->arena, strbuf_str(&text));
    strbuf_free(&text);
    return copy;
}

const char *render_attr_text(struct render *r, const struct tnode *node, const char *name)
{
    const struct tattr *attr = tnode_attr(node, name);
    return attr && attr->value ? render_interpolate(r, node, attr->value) : NULL;
}

bool render_attr_true(struct render *r, const struct tnode *node, const char *name)
{
    const char *text = render_attr_text(r, node, name);
    return text && (strcmp(text, "oui") == 0 || strcmp(text, "1") == 0);
}

bool render_test_true(struct render *r, const struct tnode *node, const char *name)
{
    const struct tattr *attr = tnode_attr(node, name);
    xmlXPathObjectPtr value = attr ? render_evaluate(r, node, attr->expr) : NULL;
    bool result = value && xmlXPathCastToBoolean(value);
    xmlXPathFreeObject(value);
    return result;
}

/* "20mm", "1.5cm", "12pt", "12": points. */
float render_length(const char *text, float fallback)
{
    if (!text || !*text)
        return fallback;
    char *end;
    float value = strtof(text, &end);
    if (strcmp(end, "mm") == 0)
        return value * 72.0f / 25.4f;
    if (strcmp(end, "cm") == 0)
        return value * 72.0f / 2.54f;
    return value;
}

/* ---- Loops -------------------------------------------------------------- */

/* Renders children once per node of the select expression, with that node
 * as the context (and position() and last() right). */
void render_for_each(struct render *r, const struct tnode *node, body_renderer render_body,
                     void *state)
{
    const struct tattr *select = tnode_attr(node, "select");
    xmlXPathObjectPtr nodes = select ? render_evaluate(r, node, select->expr) : NULL;
    if (nodes && nodes->type != XPATH_NODESET) {
        render_report(r, node, "select de <%s> n'est pas un ensemble de nœuds.", tag_name(node->tag));
    } else if (nodes && nodes->nodesetval) {
        xmlNodePtr saved = r->xpath->node;
        int saved_size = r->xpath->contextSize, saved_position = r->xpath->proximityPosition;
        xmlNodeSetPtr set = nodes->nodesetval;
        for (int i = 0; i < set->nodeNr && !r->failed; i++) {
            r->xpath->node = set->nodeTab[i];
            r->xpath->contextSize = set->nodeNr;
            r->xpath->proximityPosition = i + 1;
            render_body(r, node->children, state);
        }
        r->xpath->node = saved;
        r->xpath->contextSize = saved_size;
        r->xpath->proximityPosition = saved_position;
    }
    xmlXPathFreeObject(nodes);
}

bool render_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Text made only of template indentation. */
bool render_is_blank_text(const struct tnode *node)
{
    if (node->tag != TAG_TEXT)
        return false;
    for (const struct segment *segment = node->text; segment; segment = segment->next) {
        if (segment->expr)
            return false;
        for (const char *at = segment->literal; *at; at++)
            if (!render_is_space(*at))
                return false;
    }
    return true;
}

/* <si test> … </si> <sinon> … </sinon>: returns the children to render. */
const struct tnode *render_chosen_branch(struct render *r, const struct tnode *node)
{
    if (render_test_true(r, node, "test"))
        return node->children;
    const struct tnode *next = node->next;
    while (next && render_is_blank_text(next))
        next = next->next;
    return next && next->tag == TAG_SINON ? next->children : NULL;
}
