/* schema.c — libxml2 XML Schema validation with positioned diagnostics. */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlschemas.h>

#include "../util/file.h"
#include "../util/frformat.h"
#include "schema_text.h"
#include "source.h"
#include "xmlnode.h"

#define SCHEMA_MAX_SIZE ((size_t)4 << 20)

struct schema {
    char *path;
    xmlSchemaPtr compiled;
};

struct validation_state {
    const struct schema *schema;
    struct diag_list *diags;
    xmlDocPtr doc;
    const char *stage_label;
    struct schema_budget *budget;
};

static void trim_message(const char *in, char *out, size_t len)
{
    snprintf(out, len, "%s", in ? in : "");
    size_t end = strlen(out);
    while (end && (out[end - 1] == '\n' || out[end - 1] == ' ' || out[end - 1] == '.'))
        out[--end] = '\0';
}

static void report_schema_load_error(void *context, xmlErrorPtr error)
{
    struct diag_list *diags = context;
    char message[512];
    trim_message(error->message, message, sizeof message);
    struct position where = {error->file, (unsigned)(error->line > 0 ? error->line : 0), 0};
    diag_add(diags, SEVERITY_ERROR, where, "schema", NULL,
             "réinstallez stagedoc ou corrigez le schéma indiqué par --templates.",
             "schéma de validation illisible : %s.", message);
}

struct schema *schema_load(const char *path, struct diag_list *diags)
{
    char *bytes;
    size_t size;
    struct position where = {path, 0, 0};
    enum file_status status = file_read_all(path, SCHEMA_MAX_SIZE, &bytes, &size);
    if (status != FILE_OK) {
        diag_add(diags, SEVERITY_ERROR, where, "schema", NULL,
                 "vérifiez l'installation de stagedoc ou l'option --templates.",
                 "schéma de validation : %s.", file_status_message(status));
        return NULL;
    }
    struct schema *schema = calloc(1, sizeof *schema);
    xmlSchemaParserCtxtPtr parser = xmlSchemaNewMemParserCtxt(bytes, (int)size);
    if (schema && parser) {
        xmlSchemaSetParserStructuredErrors(parser, report_schema_load_error, diags);
        schema->compiled = xmlSchemaParse(parser);
        schema->path = strdup(path);
    }
    xmlSchemaFreeParserCtxt(parser);
    free(bytes);
    if (!schema || !schema->compiled || !schema->path) {
        schema_free(schema);
        return NULL;
    }
    return schema;
}

/* The stage an element belongs to, for diagnostics inside a promotion. */
static const char *enclosing_stage_id(xmlNodePtr node)
{
    for (; node && node->type == XML_ELEMENT_NODE; node = node->parent)
        if (xml_is(node, "stage") && node->parent && xml_is(node->parent, "promotion"))
            return xml_attr(node, "id");
    return NULL;
}

static void report_violation(void *context, xmlErrorPtr error)
{
    struct validation_state *state = context;
    if (state->budget->said >= SCHEMA_MAX_ERRORS) {
        state->budget->hidden++;
        return;
    }
    state->budget->said++;
    char english[768];
    trim_message(error->message, english, sizeof english);
    struct schema_text text;
    schema_text_init(&text);
    schema_text_translate(english, &text);
    xmlNodePtr node = error->node;
    struct position where = source_node_position(node);
    if (!where.file) {
        struct source *source = state->doc->_private;
        where.file = source ? source->path : NULL;
        where.line = (unsigned)(error->line > 0 ? error->line : 0);
    }
    diag_add(state->diags, SEVERITY_ERROR, where, "schema",
             state->stage_label ? state->stage_label : enclosing_stage_id(node),
             "comparez avec templates/schema/stage.xsd (ou la sortie de « stagedoc init »).",
             "%s.", strbuf_str(&text.message));
    diag_set_plain(state->diags, strbuf_str(&text.plain), strbuf_str(&text.name));
    schema_text_free(&text);
}

bool schema_validate_within(const struct schema *schema, xmlDocPtr doc,
                            const char *stage_label, struct schema_budget *budget,
                            struct diag_list *diags)
{
    if (!schema)
        return true;
    struct validation_state state = {schema, diags, doc, stage_label, budget};
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema->compiled);
    if (!validator) {
        struct position where = {schema->path, 0, 0};
        diag_add(diags, SEVERITY_ERROR, where, "schema", NULL, NULL, "mémoire insuffisante.");
        return false;
    }
    xmlSchemaSetValidStructuredErrors(validator, report_violation, &state);
    /* libxml2 looks, for each error on a document that has a URL, through
     * every sibling before the element (for XInclude marks): quadratic on
     * thousands of errors among siblings. Positions come from the marks. */
    xmlChar *url = (xmlChar *)doc->URL;
    doc->URL = NULL;
    int result = xmlSchemaValidateDoc(validator, doc);
    doc->URL = url;
    xmlSchemaFreeValidCtxt(validator);
    return result == 0;
}

bool schema_validate(const struct schema *schema, xmlDocPtr doc, const char *stage_label,
                     struct diag_list *diags)
{
    struct schema_budget budget = {0, 0};
    bool valid = schema_validate_within(schema, doc, stage_label, &budget, diags);
    struct source *source = doc->_private;
    schema_report_hidden(&budget, source ? source->path : (const char *)doc->URL, diags);
    return valid;
}

void schema_report_hidden(struct schema_budget *budget, const char *path,
                          struct diag_list *diags)
{
    if (!budget->hidden)
        return;
    struct strbuf count = STRBUF_INIT;
    frformat_number(&count, (double)budget->hidden, 0);
    diag_add(diags, SEVERITY_ERROR, (struct position){path, 0, 0}, "schema", NULL,
             "corrigez d'abord les erreurs affichées, puis relancez.",
             "… et %s autres erreurs de schéma non affichées.", strbuf_str(&count));
    strbuf_free(&count);
    budget->hidden = 0;
}

void schema_free(struct schema *schema)
{
    if (!schema)
        return;
    if (schema->compiled)
        xmlSchemaFree(schema->compiled);
    free(schema->path);
    free(schema);
}
