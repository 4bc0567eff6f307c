/* set.c — the templates of one run: the référentiel, the template schema,
 * the compiled templates (parsed on first use, kept for the run) and the
 * XPath expressions they own. */
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "../input/loader.h"
#include "../input/schema.h"
#include "../input/source.h"
#include "../input/xmlnode.h"
#include "../util/array.h"
#include "../util/file.h"
#include "internal.h"

#define MAX_INCLUDE_DEPTH 8

struct template_set {
    char *dir;
    struct arena arena;
    struct schema *schema;
    struct source *referentiel_source;
    xmlDocPtr referentiel;
    struct compiled_template *templates;
    xmlXPathCompExprPtr *expressions;
    size_t expression_count, expression_capacity;
};

void template_set_keep_expression(struct template_set *set, xmlXPathCompExprPtr expr)
{
    if (!ARRAY_GROW(set->expressions, set->expression_capacity, set->expression_count + 1)) {
        xmlXPathFreeCompExpr(expr); /* never used: its template fails */
        return;
    }
    set->expressions[set->expression_count++] = expr;
}

bool template_set_validate(struct template_set *set, xmlDocPtr doc, struct diag_list *diags)
{
    return schema_validate(set->schema, doc, NULL, diags);
}

bool template_set_knows_unit(const struct template_set *set, const char *code)
{
    XML_FOR_EACH_CHILD(unit, xmlDocGetRootElement(set->referentiel), "unite")
        if (xml_attr(unit, "code") && strcmp(xml_attr(unit, "code"), code) == 0)
            return true;
    return false;
}

xmlDocPtr template_set_referentiel(const struct template_set *set)
{
    return set->referentiel;
}

static char *template_path(const struct template_set *set, const char *folder, const char *name)
{
    char *dir = path_join(set->dir, folder);
    char *path = dir ? path_join(dir, name) : NULL;
    free(dir);
    return path;
}

struct template_set *template_set_load(const char *templates_dir, struct diag_list *diags)
{
    struct template_set *set = calloc(1, sizeof *set);
    if (!set)
        return NULL;
    set->dir = strdup(templates_dir);
    char *schema_path = template_path(set, "schema", "template.xsd");
    char *referentiel_path = template_path(set, "referentiel", "referentiel.xml");
    bool ok = set->dir && schema_path && referentiel_path &&
              (set->schema = schema_load(schema_path, diags)) != NULL &&
              loader_read_source(referentiel_path, (size_t)4 << 20, diags,
                                 &set->referentiel_source) == LOAD_OK &&
              loader_parse(set->referentiel_source, diags, &set->referentiel) == LOAD_OK;
    free(schema_path);
    free(referentiel_path);
    if (!ok) {
        template_set_free(set);
        return NULL;
    }
    return set;
}

void template_set_free(struct template_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->expression_count; i++)
        xmlXPathFreeCompExpr(set->expressions[i]);
    free(set->expressions);
    for (struct compiled_template *t = set->templates; t;) {
        struct compiled_template *next = t->next;
        free(t->name);
        free(t);
        t = next;
    }
    if (set->referentiel)
        xmlFreeDoc(set->referentiel);
    source_free(set->referentiel_source);
    schema_free(set->schema);
    arena_free(&set->arena);
    free(set->dir);
    free(set);
}

const struct compiled_template *template_set_find(const struct template_set *set,
                                                  const char *name)
{
    for (const struct compiled_template *t = set->templates; t; t = t->next)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* XPath compile errors are reported by parse.c with the template's line;
 * libxml2's own printing is silenced. */
static void ignore_xpath_error(void *data, xmlErrorPtr error)
{
    (void)data;
    (void)error;
}

void include_fragment(struct parser *parser, xmlNodePtr where, const char *name,
                      struct tnode ***tail)
{
    if (!name || strchr(name, '/') || parser->include_depth >= MAX_INCLUDE_DEPTH) {
        diag_add(parser->diags, SEVERITY_ERROR, source_node_position(where), "modele", NULL,
                 "nommez un fichier de templates/fragments/, sans inclusion circulaire.",
                 "inclusion refusée : « %s ».", name ? name : "");
        parser->failed = true;
        return;
    }
    char *path = template_path(parser->set, "fragments", name);
    parser->include_depth++;
    if (path)
        parse_template_file(parser, path, true, tail);
    parser->include_depth--;
    free(path);
}

bool template_prepare(struct template_set *set, const char *name, struct diag_list *diags)
{
    if (template_set_find(set, name))
        return true;
    struct compiled_template *compiled = calloc(1, sizeof *compiled);
    struct strbuf file = STRBUF_INIT;
    strbuf_printf(&file, "%s.xml", name);
    char *path = template_path(set, "documents", strbuf_str(&file));
    strbuf_free(&file);
    struct parser parser = {set, &set->arena, diags, xmlXPathNewContext(NULL), NULL, NULL, 0,
                            false};
    if (!compiled || !path || !parser.compile_context) {
        free(compiled);
        free(path);
        xmlXPathFreeContext(parser.compile_context);
        return false;
    }
    parser.compile_context->error = ignore_xpath_error;
    template_register_functions(parser.compile_context);
    struct tnode **tail = &compiled->root;
    parse_template_file(&parser, path, false, &tail);
    xmlXPathFreeContext(parser.compile_context);
    free(path);
    if (parser.failed || !compiled->root || compiled->root->tag != TAG_DOCUMENT) {
        free(compiled);
        return false;
    }
    compiled->name = strdup(name);
    compiled->next = set->templates;
    set->templates = compiled;
    return compiled->name != NULL;
}
