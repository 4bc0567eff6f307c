/* loader.c — libxml2 parsing with guarded SAX callbacks, whole or in chunks. */
#include "loader.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "../util/file.h"

#define STREAM_CHUNK 65536

struct parse_state {
    struct source *source;
    struct diag_list *diags;
    bool refused_entity;
    loader_child_done on_child;
    void *child_data;
};

struct loader_stream {
    struct parse_state state;
    xmlParserCtxtPtr ctxt;
    FILE *fp;
    bool own_fp;
    size_t max_size, read;
    bool finished;
    enum load_status status;
};

/* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
static const int parse_options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;

static void format_size(size_t bytes, char *out, size_t len)
{
    if (bytes >= ((size_t)1 << 20))
        snprintf(out, len, "%.1f Mio", (double)bytes / (1 << 20));
    else
        snprintf(out, len, "%zu octets", bytes);
}

static void report_too_large(struct diag_list *diags, const char *path, size_t size,
                             size_t max_size)
{
    char actual[32], limit[32];
    format_size(size, actual, sizeof actual);
    format_size(max_size, limit, sizeof limit);
    diag_add(diags, SEVERITY_ERROR, (struct position){path, 0, 0}, "taille", NULL,
             "découpez la promotion en plusieurs fichiers, ou relevez la limite "
             "avec --max-size si ce fichier est sûr.",
             "le fichier fait %s%s, au-delà de la limite de %s ; il n'a pas été lu.",
             size > max_size ? "" : "plus de ", actual, limit);
}

static void report_unreadable(struct diag_list *diags, const char *path, enum file_status status)
{
    diag_add(diags, SEVERITY_ERROR, (struct position){path, 0, 0}, "fichier", NULL,
             "vérifiez le chemin et les droits de lecture.", "%s.", file_status_message(status));
}

enum load_status loader_read_source(const char *path, size_t max_size,
                                    struct diag_list *diags, struct source **out)
{
    char *bytes;
    size_t size;
    *out = NULL;
    enum file_status status = file_read_all(path, max_size, &bytes, &size);
    if (status == FILE_TOO_LARGE) {
        report_too_large(diags, path, size, max_size);
        return LOAD_INVALID;
    }
    if (status != FILE_OK) {
        report_unreadable(diags, path, status);
        return LOAD_IO_ERROR;
    }
    *out = source_new(path, bytes, size);
    if (!*out) {
        free(bytes);
        return LOAD_IO_ERROR;
    }
    return LOAD_OK;
}

static unsigned characters_between(const xmlChar *from, const xmlChar *to)
{
    unsigned count = 0;
    for (; from < to; from++)
        count += (*from & 0xC0) != 0x80;
    return count;
}

/* Where the construct starting with opener, which the parser has just read
 * up to its current byte, begins. The parser keeps the current line's bytes
 * (and at least 80 before its position); when the line's start is gone, the
 * column is worked out back from the parser's own. */
static void construct_start(xmlParserCtxtPtr ctxt, const char *opener, unsigned *line,
                            unsigned *column)
{
    xmlParserInputPtr in = ctxt->input;
    size_t len = strlen(opener);
    const xmlChar *start = in->cur;
    while (start > in->base && (start + len > in->end || memcmp(start, opener, len) != 0))
        start--;
    *line = (unsigned)(in->line > 0 ? in->line : 0);
    *column = 0;
    if (memcmp(start, opener, len) != 0)
        return;
    for (const xmlChar *at = start; at < in->cur; at++)
        *line -= *at == '\n';
    const xmlChar *line_start = start;
    while (line_start > in->base && line_start[-1] != '\n')
        line_start--;
    bool at_file_start = line_start == in->base && in->consumed == 0;
    if (at_file_start && in->end - line_start >= 3 && memcmp(line_start, "\xEF\xBB\xBF", 3) == 0)
        line_start += 3; /* a byte order mark is not a column */
    if (line_start > in->base || at_file_start)
        *column = characters_between(line_start, start) + 1;
    else if (*line == (unsigned)in->line && in->col > 0)
        *column = (unsigned)in->col - characters_between(start, in->cur);
}

static void record_element_start(void *context, const xmlChar *localname,
                                 const xmlChar *prefix, const xmlChar *uri,
                                 int nb_namespaces, const xmlChar **namespaces,
                                 int nb_attributes, int nb_defaulted,
                                 const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = context;
    xmlSAX2StartElementNs(context, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    if (!ctxt->node)
        return;
    struct parse_state *state = ctxt->_private;
    if (ctxt->myDoc && !ctxt->myDoc->_private)
        source_attach_document(ctxt->myDoc, state->source);
    unsigned line, column;
    construct_start(ctxt, "<", &line, &column);
    source_mark_node(ctxt->node, line, column);
}

/* A child of the root is complete: hand it over (streams only). */
static void record_element_end(void *context, const xmlChar *localname, const xmlChar *prefix,
                               const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    xmlNodePtr ended = ctxt->node;
    xmlSAX2EndElementNs(context, localname, prefix, uri);
    if (state->on_child && ended && ended->parent && ended->parent->parent &&
        ended->parent->parent->type == XML_DOCUMENT_NODE && !state->refused_entity) {
        state->on_child(ended, (unsigned)ctxt->input->line, state->child_data);
        /* The callback may have freed the element: the root's last child is
         * then the text before it, which libxml2 would extend in place as if
         * it had just made it (a realloc of a string it may not own). With
         * nodemem at 0 it appends through xmlTextConcat, which is safe. */
        ctxt->nodemem = 0;
        ctxt->nodelen = 0;
    }
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
    struct position where = {state->source->path, 0, 0};
    construct_start(ctxt, "<!ENTITY", &where.line, &where.column);
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
    while (len && (message[len - 1] == '\n' || message[len - 1] == ' ' ||
                   message[len - 1] == '.'))
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

static void guard_parser(xmlParserCtxtPtr ctxt, struct parse_state *state)
{
    ctxt->_private = state;
    ctxt->sax->startElementNs = record_element_start;
    ctxt->sax->endElementNs = record_element_end;
    ctxt->sax->entityDecl = refuse_entity_declaration;
    ctxt->sax->serror = report_libxml_error;
    ctxt->sax->warning = NULL;
    ctxt->sax->error = NULL;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
}

/* What ends every parse: a document, or why there is none. */
static enum load_status conclude(xmlParserCtxtPtr ctxt, struct parse_state *state,
                                 size_t errors_before, xmlDocPtr doc)
{
    if (doc && ctxt->wellFormed && !state->refused_entity) {
        source_attach_document(doc, state->source);
        return LOAD_OK;
    }
    if (state->diags->counts[SEVERITY_ERROR] == errors_before)
        diag_add(state->diags, SEVERITY_ERROR, (struct position){state->source->path, 0, 0},
                 "xml", NULL, NULL, "le fichier n'est pas un XML bien formé.");
    return LOAD_INVALID;
}

enum load_status loader_parse(struct source *source, struct diag_list *diags,
                              xmlDocPtr *out)
{
    struct parse_state state = {source, diags, false, NULL, NULL};
    *out = NULL;
    if (source->size > (size_t)INT32_MAX) {
        report_too_large(diags, source->path, source->size, INT32_MAX);
        return LOAD_INVALID;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return LOAD_IO_ERROR;
    guard_parser(ctxt, &state);
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, source->bytes, (int)source->size, source->path,
                                      NULL, parse_options);
    enum load_status status = conclude(ctxt, &state, errors_before, doc);
    xmlFreeParserCtxt(ctxt);
    if (status != LOAD_OK && doc)
        xmlFreeDoc(doc);
    *out = status == LOAD_OK ? doc : NULL;
    return status;
}

/* ---- Streams ------------------------------------------------------------ */

static enum load_status open_file(struct loader_stream *stream, const char *path,
                                  struct diag_list *diags)
{
    if (strcmp(path, "-") == 0) {
        stream->fp = stdin;
        return LOAD_OK;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        bool missing = errno == ENOENT || errno == ENOTDIR;
        report_unreadable(diags, path, missing ? FILE_NOT_FOUND : FILE_UNREADABLE);
        return LOAD_IO_ERROR;
    }
    if (S_ISDIR(st.st_mode)) {
        report_unreadable(diags, path, FILE_UNREADABLE);
        return LOAD_IO_ERROR;
    }
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > stream->max_size) {
        report_too_large(diags, path, (size_t)st.st_size, stream->max_size);
        return LOAD_INVALID;
    }
    stream->fp = fopen(path, "rb");
    stream->own_fp = stream->fp != NULL;
    if (!stream->fp) {
        report_unreadable(diags, path, FILE_UNREADABLE);
        return LOAD_IO_ERROR;
    }
    return LOAD_OK;
}

enum load_status loader_stream_open(const char *path, size_t max_size, struct diag_list *diags,
                                    loader_child_done on_child, void *data,
                                    struct loader_stream **out)
{
    *out = NULL;
    struct loader_stream *stream = calloc(1, sizeof *stream);
    if (!stream)
        return LOAD_IO_ERROR;
    stream->max_size = max_size;
    stream->state.source = source_new(path, NULL, 0);
    enum load_status status = stream->state.source ? open_file(stream, path, diags)
                                                   : LOAD_IO_ERROR;
    if (status == LOAD_OK) {
        stream->ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, path);
        if (stream->ctxt) {
            xmlCtxtUseOptions(stream->ctxt, parse_options);
            guard_parser(stream->ctxt, &stream->state);
            stream->state.on_child = on_child;
            stream->state.child_data = data;
        } else {
            status = LOAD_IO_ERROR;
        }
    }
    if (status != LOAD_OK) {
        loader_stream_close(stream);
        return status;
    }
    *out = stream;
    return LOAD_OK;
}

static void finish(struct loader_stream *stream, size_t errors_before)
{
    stream->finished = true;
    stream->status = conclude(stream->ctxt, &stream->state, errors_before,
                              stream->ctxt->myDoc);
}

bool loader_stream_feed(struct loader_stream *stream, struct diag_list *diags)
{
    if (stream->finished)
        return false;
    stream->state.diags = diags;
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    char chunk[STREAM_CHUNK];
    size_t got = fread(chunk, 1, sizeof chunk, stream->fp);
    stream->read += got;
    if (stream->read > stream->max_size) {
        report_too_large(diags, stream->state.source->path, stream->read, stream->max_size);
        stream->finished = true;
        stream->status = LOAD_INVALID;
        return false;
    }
    if (got == 0 && ferror(stream->fp)) {
        report_unreadable(diags, stream->state.source->path, FILE_UNREADABLE);
        stream->finished = true;
        stream->status = LOAD_IO_ERROR;
        return false;
    }
    bool last = got < sizeof chunk && feof(stream->fp);
    int error = xmlParseChunk(stream->ctxt, chunk, (int)got, last);
    if (error || stream->state.refused_entity || stream->ctxt->disableSAX || last) {
        finish(stream, errors_before);
        return false;
    }
    return true;
}

xmlDocPtr loader_stream_document(const struct loader_stream *stream)
{
    return stream->ctxt ? stream->ctxt->myDoc : NULL;
}

struct source *loader_stream_source(const struct loader_stream *stream)
{
    return stream->state.source;
}

enum load_status loader_stream_status(const struct loader_stream *stream)
{
    return stream->finished ? stream->status : LOAD_OK;
}

void loader_stream_close(struct loader_stream *stream)
{
    if (!stream)
        return;
    if (stream->ctxt) {
        if (stream->ctxt->myDoc)
            xmlFreeDoc(stream->ctxt->myDoc);
        xmlFreeParserCtxt(stream->ctxt);
    }
    if (stream->own_fp)
        fclose(stream->fp);
    source_free(stream->state.source);
    free(stream);
}
