/* loader.c — bounded reads and a libxml2 parse with guarded SAX callbacks. */
#include "loader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "../util/file.h"

struct parse_state {
    struct source *source;
    struct diag_list *diags;
    bool refused_entity;
};

static void format_size(size_t bytes, char *out, size_t len)
{
    if (bytes >= ((size_t)1 << 20))
        snprintf(out, len, "%.1f Mio", (double)bytes / (1 << 20));
    else
        snprintf(out, len, "%zu octets", bytes);
}

enum load_status loader_read_source(const char *path, size_t max_size,
                                    struct diag_list *diags, struct source **out)
{
    char *bytes;
    size_t size;
    struct position where = {path, 0, 0};
    *out = NULL;
    enum file_status status = file_read_all(path, max_size, &bytes, &size);
    if (status == FILE_TOO_LARGE) {
        char actual[32], limit[32];
        format_size(size, actual, sizeof actual);
        format_size(max_size, limit, sizeof limit);
        diag_add(diags, SEVERITY_ERROR, where, "taille", NULL,
                 "découpez la promotion en plusieurs fichiers, ou relevez la limite "
                 "avec --max-size si ce fichier est sûr.",
                 "le fichier fait %s, au-delà de la limite de %s ; il n'a pas été lu.",
                 actual, limit);
        return LOAD_INVALID;
    }
    if (status != FILE_OK) {
        diag_add(diags, SEVERITY_ERROR, where, "fichier", NULL,
                 "vérifiez le chemin et les droits de lecture.", "%s.",
                 file_status_message(status));
        return LOAD_IO_ERROR;
    }
    *out = source_new(path, bytes, size);
    if (!*out) {
        free(bytes);
        diag_add(diags, SEVERITY_ERROR, where, "fichier", NULL, NULL, "mémoire insuffisante.");
        return LOAD_IO_ERROR;
    }
    return LOAD_OK;
}

/* The parser has just read an element's start tag: its '<' is the last one
 * before the parser's current byte. */
static void record_element_start(void *context, const xmlChar *localname,
                                 const xmlChar *prefix, const xmlChar *uri,
                                 int nb_namespaces, const xmlChar **namespaces,
                                 int nb_attributes, int nb_defaulted,
                                 const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    xmlSAX2StartElementNs(context, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    long consumed = xmlByteConsumed(ctxt);
    if (!ctxt->node || consumed < 0)
        return;
    size_t offset = (size_t)consumed;
    if (offset >= state->source->size)
        offset = state->source->size ? state->source->size - 1 : 0;
    while (offset > 0 && state->source->bytes[offset] != '<')
        offset--;
    source_mark_node(ctxt->node, offset);
}

static void refuse_entity_declaration(void *context, const xmlChar *name, int type,
                                      const xmlChar *public_id, const xmlChar *system_id,
                                      xmlChar *content)
{
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    if (state->refused_entity)
        return;
    state->refused_entity = true;
    long consumed = xmlByteConsumed(ctxt);
    size_t offset = consumed > 0 ? (size_t)consumed : 0;
    const char *start = NULL;
    if (offset <= state->source->size) {
        /* Point at the "<!ENTITY" that declared it. */
        for (size_t i = offset; i > 0 && !start; i--)
            if (strncmp(state->source->bytes + i - 1, "<!ENTITY", 8) == 0)
                start = state->source->bytes + i - 1;
    }
    struct position where = start ? source_position_at(state->source,
                                                        (size_t)(start - state->source->bytes))
                                  : source_position_at(state->source, offset);
    diag_add(state->diags, SEVERITY_ERROR, where, "entite", NULL,
             "retirez le DOCTYPE et écrivez le texte directement (UTF-8 accepte tous les "
             "caractères).",
             "le fichier déclare l'entité « %s » : stagedoc refuse toute déclaration "
             "d'entité (risque d'entités externes ou de bombe d'expansion), le fichier "
             "n'a pas été traité.",
             (const char *)name);
    xmlStopParser(ctxt);
}

static void report_libxml_error(void *context, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    if (state->refused_entity || !error || error->level == XML_ERR_NONE)
        return;
    char message[512];
    snprintf(message, sizeof message, "%s", error->message ? error->message : "");
    size_t len = strlen(message);
    while (len && (message[len - 1] == '\n' || message[len - 1] == ' ' || message[len - 1] == '.'))
        message[--len] = '\0';
    unsigned line = (unsigned)(error->line > 0 ? error->line : 0);
    unsigned column = source_character_column(state->source, line,
                                              (unsigned)(error->int2 > 0 ? error->int2 : 0));
    struct position where = {state->source->path, line, column};
    enum severity severity = error->level == XML_ERR_WARNING ? SEVERITY_WARNING
                                                              : SEVERITY_ERROR;
    diag_add(state->diags, severity, where, "xml", NULL,
             "corrigez la syntaxe XML à cet endroit (balise mal fermée, caractère "
             "interdit, encodage autre qu'UTF-8…).",
             "le fichier n'est pas un XML bien formé : %s.", message);
}

static xmlParserCtxtPtr new_guarded_parser(struct parse_state *state)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->_private = state;
    ctxt->sax->startElementNs = record_element_start;
    ctxt->sax->entityDecl = refuse_entity_declaration;
    ctxt->sax->serror = report_libxml_error;
    ctxt->sax->warning = NULL;
    ctxt->sax->error = NULL;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    return ctxt;
}

enum load_status loader_parse(struct source *source, struct diag_list *diags,
                              xmlDocPtr *out)
{
    struct parse_state state = {source, diags, false};
    *out = NULL;
    if (source->size > (size_t)INT32_MAX) {
        struct position where = {source->path, 0, 0};
        diag_add(diags, SEVERITY_ERROR, where, "taille", NULL, NULL,
                 "fichier trop volumineux pour l'analyseur XML.");
        return LOAD_INVALID;
    }
    xmlParserCtxtPtr ctxt = new_guarded_parser(&state);
    if (!ctxt)
        return LOAD_IO_ERROR;
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    /* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, source->bytes, (int)source->size, source->path,
                                      NULL, options);
    bool well_formed = doc && ctxt->wellFormed && !state.refused_entity;
    xmlFreeParserCtxt(ctxt);
    if (!well_formed) {
        if (doc)
            xmlFreeDoc(doc);
        if (diags->counts[SEVERITY_ERROR] == errors_before) {
            struct position where = {source->path, 0, 0};
            diag_add(diags, SEVERITY_ERROR, where, "xml", NULL, NULL,
                     "le fichier n'est pas un XML bien formé.");
        }
        return LOAD_INVALID;
    }
    source_attach_document(doc, source);
    *out = doc;
    return LOAD_OK;
}
