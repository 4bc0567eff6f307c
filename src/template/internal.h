/* internal.h — what the files of src/template/ share: the parser's state
 * and the template set's services. Not for use outside this folder. */
#ifndef STAGEDOC_TEMPLATE_INTERNAL_H
#define STAGEDOC_TEMPLATE_INTERNAL_H

#include <stdbool.h>
#include <libxml/xpath.h>

#include "../util/diag.h"
#include "../util/arena.h"
#include "compiled.h"
#include "template.h"

struct parser {
    struct template_set *set;
    struct arena *arena;           /* the set's: compiled templates live as long */
    struct diag_list *diags;
    xmlXPathContextPtr compile_context;
    const char *file;              /* the file being read */
    xmlNodePtr where;              /* the element being read, for XPath errors */
    int include_depth;
    bool failed;
};

/* parse.c */
void parse_template_file(struct parser *parser, const char *path, bool is_fragment,
                         struct tnode ***tail);
struct segment *parse_interpolation(struct parser *parser, xmlNodePtr where, const char *text);

/* set.c */
void include_fragment(struct parser *parser, xmlNodePtr where, const char *name,
                      struct tnode ***tail);
void template_set_keep_expression(struct template_set *set, xmlXPathCompExprPtr expr);
bool template_set_validate(struct template_set *set, xmlDocPtr doc, struct diag_list *diags);
const struct compiled_template *template_set_find(const struct template_set *set,
                                                  const char *name);
xmlDocPtr template_set_referentiel(const struct template_set *set);

/* functions.c: the fr: functions and the computed variables */
#define TEMPLATE_FR_NAMESPACE "urn:stagedoc:fr"
void template_register_functions(xmlXPathContextPtr context);
/* Returns the document built for this render ($evaluation), which the
 * caller frees with xmlFreeDoc after the XPath context; NULL if none. */
xmlDocPtr template_register_variables(xmlXPathContextPtr context,
                                      const struct template_context *values,
                                      xmlDocPtr referentiel);

#endif
