/* rules_modele.c — the placeholder texts of `stagedoc init` left in a stage
 * (« NOM », « DÉCRIVEZ UNE ACTIVITÉ… »): each is a warning at its element,
 * which the workbook layer maps to its cell. The list is data
 * (templates/regles/textes-a-remplacer.tsv), not C. */
#include <libxml/tree.h>

#include "rules.h"

/* The element's own text (its text children, not its descendants'). */
static xmlChar *own_text(xmlNodePtr element)
{
    xmlChar *text = NULL;
    for (xmlNodePtr child = element->children; child; child = child->next)
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
            text = xmlStrcat(text, child->content);
    return text;
}

static void check_element(const struct rule_context *context, xmlNodePtr element, size_t *budget)
{
    for (xmlNodePtr node = element; node && *budget > 0; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        (*budget)--;
        xmlChar *text = own_text(node);
        const char *found = regulation_placeholder(context->regulation, (const char *)text);
        if (found)
            rule_report(context, SEVERITY_WARNING, node, "texte-modele",
                        "remplacez-le par le texte réel (ou videz ce qui est facultatif).",
                        "« %s » est un texte d'exemple de stagedoc init : il serait imprimé tel "
                        "quel sur les documents.",
                        (const char *)text);
        xmlFree(text);
        for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
            xmlChar *value = xmlNodeGetContent((xmlNodePtr)attr);
            found = regulation_placeholder(context->regulation, (const char *)value);
            if (found)
                rule_report(context, SEVERITY_WARNING, node, "texte-modele",
                            "remplacez-le par le texte réel (ou videz ce qui est facultatif).",
                            "« %s » (attribut %s) est un texte d'exemple de stagedoc init : il "
                            "serait imprimé tel quel sur les documents.",
                            (const char *)value, (const char *)attr->name);
            xmlFree(value);
        }
        check_element(context, node->children, budget);
    }
}

void rule_texte_modele(const struct rule_context *context)
{
    /* Bounded: a stage's elements are a few hundred; the budget stops a
     * hostile file's millions at a fixed cost. */
    size_t budget = 100000;
    if (context->stage->root)
        check_element(context, context->stage->root->children, &budget);
}
