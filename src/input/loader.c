/* loader.c — libxml2 parsing with guarded SAX callbacks, whole or in chunks. */
#include "loader.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "../util/file.h"
#include "../util/frformat.h"
#include "../util/strbuf.h"
#include "attrscan.h"
#include "textpos.h"
#include "xml_error_text.h"

#define STREAM_CHUNK 65536

struct parse_state {
    struct source *source;
    struct diag_list *diags;
    bool refused;              /* an entity or a budget stopped the parser */
    bool over_budget;          /* a budget (elements, depth, attributes) did */
    loader_child_done on_child;
    void *child_data;
    struct textpos positions;  /* line and column of each element */
    struct attrscan scan;
    size_t elements, max_elements;
    size_t xml_errors_hidden;  /* libxml2 errors past LOADER_MAX_XML_ERRORS */
    size_t xml_errors;
};

struct loader_stream {
    struct parse_state state;
    xmlParserCtxtPtr ctxt;
    FILE *fp;                  /* a file's, or NULL for bytes in memory */
    bool own_fp;
    const char *memory;        /* the bytes in memory (the caller's), or NULL */
    size_t memory_size;
    size_t max_size, read;
    bool finished;
    enum load_status status;
};

/* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
static const int parse_options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;

size_t loader_element_budget(size_t max_size)
{
    size_t bytes = max_size > LOADER_MIN_BUDGET_BYTES ? max_size : LOADER_MIN_BUDGET_BYTES;
    size_t budget = bytes / LOADER_BYTES_PER_ELEMENT;
    return budget < LOADER_MAX_ELEMENTS ? budget : LOADER_MAX_ELEMENTS;
}

static void init_state(struct parse_state *state, struct source *source,
                       struct diag_list *diags, size_t max_size)
{
    memset(state, 0, sizeof *state);
    state->source = source;
    state->diags = diags;
    state->max_elements = loader_element_budget(max_size);
    attrscan_init(&state->scan);
    if (source && source->bytes)
        textpos_view(&state->positions, source->bytes, source->size);
    else
        textpos_stream(&state->positions);
}

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
        return LOAD_LIMIT;
    }
    if (status != FILE_OK) {
        report_unreadable(diags, path, status);
        return status == FILE_NOT_REGULAR ? LOAD_INVALID : LOAD_IO_ERROR;
    }
    *out = source_new(path, bytes, size);
    if (!*out) {
        free(bytes);
        return LOAD_IO_ERROR;
    }
    (*out)->max_size = max_size; /* the element budget follows the limit */
    return LOAD_OK;
}

enum load_status loader_memory_source(const char *name, const char *bytes, size_t size,
                                      size_t max_size, struct diag_list *diags,
                                      struct source **out)
{
    *out = NULL;
    if (size > max_size) {
        report_too_large(diags, name, size, max_size);
        return LOAD_LIMIT;
    }
    char *copy = malloc(size + 1);
    if (!copy)
        return LOAD_IO_ERROR;
    if (size)
        memcpy(copy, bytes, size);
    copy[size] = '\0';
    *out = source_new(name, copy, size);
    if (!*out) {
        free(copy);
        return LOAD_IO_ERROR;
    }
    (*out)->max_size = max_size;
    return LOAD_OK;
}

/* The absolute offset of a byte of the parser's buffer. */
static size_t offset_of(xmlParserInputPtr in, const xmlChar *at)
{
    return (size_t)in->consumed + (size_t)(at - in->base);
}

/* Where the construct starting with opener, which the parser has just read
 * up to its current byte, begins: the walk back covers the construct only
 * (a tag holds no '<'), and the line and column come from the running
 * count (textpos.h), so a file on one line costs no more than one on many.
 * With advance, later positions are known to come after this one. */
static struct position construct_start(xmlParserCtxtPtr ctxt, const char *opener, bool advance)
{
    struct parse_state *state = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    size_t len = strlen(opener);
    const xmlChar *start = in->cur;
    while (start > in->base && (start + len > in->end || memcmp(start, opener, len) != 0))
        start--;
    struct position where = {state->source->path, 0, 0};
    textpos_locate(&state->positions, offset_of(in, start), advance, &where.line,
                   &where.column);
    return where;
}

/* Stops the parser on a refusal (a budget, an entity): what it has built
 * is thrown away, nothing else is said about the file. */
static void refuse(xmlParserCtxtPtr ctxt, struct position where, const char *rule,
                   const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void refuse(xmlParserCtxtPtr ctxt, struct position where, const char *rule,
                   const char *hint, const char *fmt, ...)
{
    struct parse_state *state = ctxt->_private;
    state->refused = true;
    state->over_budget |= strcmp(rule, "entite") != 0;
    va_list args;
    va_start(args, fmt);
    diag_vadd(state->diags, SEVERITY_ERROR, where, rule, NULL, hint, fmt, args);
    va_end(args);
    xmlStopParser(ctxt);
}

/* The element budgets: how many, how deep, how many attributes. True when
 * the element may be built. */
static bool within_budgets(xmlParserCtxtPtr ctxt, const xmlChar *name, int nb_attributes,
                           struct position where)
{
    struct parse_state *state = ctxt->_private;
    if (++state->elements > state->max_elements) {
        struct strbuf budget = STRBUF_INIT, ceiling = STRBUF_INIT;
        frformat_number(&budget, (double)state->max_elements, 0);
        frformat_number(&ceiling, LOADER_MAX_ELEMENTS, 0);
        refuse(ctxt, where, "elements",
               "découpez le fichier ; si ses éléments sont légitimes, relevez la limite de "
               "taille avec --max-size (le nombre d'éléments permis la suit).",
               "le fichier a plus de %s éléments XML (un pour %d octets de la limite de "
               "taille, au plus %s) ; il n'a pas été lu plus loin.",
               strbuf_str(&budget), LOADER_BYTES_PER_ELEMENT, strbuf_str(&ceiling));
        strbuf_free(&budget);
        strbuf_free(&ceiling);
        return false;
    }
    if (ctxt->nodeNr >= LOADER_MAX_DEPTH) {
        refuse(ctxt, where, "profondeur",
               "fermez les balises restées ouvertes : un fichier de stage n'imbrique ses "
               "éléments que sur quelques niveaux.",
               "<%s> est imbriqué sur plus de %d niveaux ; le fichier n'a pas été lu plus loin.",
               (const char *)name, LOADER_MAX_DEPTH);
        return false;
    }
    if (nb_attributes > LOADER_MAX_ATTRIBUTES) {
        refuse(ctxt, where, "attributs", "retirez les attributs en trop.",
               "<%s> a %d attributs, au-delà de la limite de %d ; le fichier n'a pas été lu "
               "plus loin.", (const char *)name, nb_attributes, LOADER_MAX_ATTRIBUTES);
        return false;
    }
    return true;
}

static void record_element_start(void *context, const xmlChar *localname,
                                 const xmlChar *prefix, const xmlChar *uri,
                                 int nb_namespaces, const xmlChar **namespaces,
                                 int nb_attributes, int nb_defaulted,
                                 const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    struct position where = construct_start(ctxt, "<", true);
    if (!within_budgets(ctxt, localname, nb_attributes, where))
        return;
    xmlSAX2StartElementNs(context, localname, prefix, uri, nb_namespaces, namespaces,
                          nb_attributes, nb_defaulted, attributes);
    if (!ctxt->node)
        return;
    if (ctxt->myDoc && !ctxt->myDoc->_private)
        source_attach_document(ctxt->myDoc, state->source);
    source_mark_node(ctxt->node, where.line, where.column);
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
        ended->parent->parent->type == XML_DOCUMENT_NODE && !state->refused) {
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
    if (state->refused)
        return;
    refuse(ctxt, construct_start(ctxt, "<!ENTITY", true), "entite",
           "retirez le DOCTYPE et écrivez le texte directement (UTF-8 accepte tous les "
           "caractères).",
           "le fichier déclare l'entité « %s » : stagedoc refuse toute déclaration "
           "d'entité (risque d'entités externes ou de bombe d'expansion), le fichier "
           "n'a pas été traité.",
           (const char *)name);
}

/* Where libxml2 is when it reports: its own line, and the column counted
 * in characters when the running count agrees on the line. */
static struct position error_position(xmlParserCtxtPtr ctxt, xmlErrorPtr error)
{
    struct parse_state *state = ctxt->_private;
    struct position where = {state->source->path, (unsigned)(error->line > 0 ? error->line : 0),
                             0};
    if (!ctxt->input || !ctxt->input->cur)
        return where;
    unsigned line, column;
    textpos_locate(&state->positions, offset_of(ctxt->input, ctxt->input->cur), false, &line,
                   &column);
    if (line == where.line)
        where.column = column;
    return where;
}

static void report_libxml_error(void *context, xmlErrorPtr error)
{
    xmlParserCtxtPtr ctxt = context;
    struct parse_state *state = ctxt->_private;
    if (state->refused || !error || error->level == XML_ERR_NONE)
        return;
    if (state->xml_errors == LOADER_MAX_XML_ERRORS) {
        state->xml_errors_hidden++;
        return;
    }
    state->xml_errors++;
    struct strbuf message = STRBUF_INIT;
    xml_error_text(error, &message);
    enum severity severity = error->level == XML_ERR_WARNING ? SEVERITY_WARNING
                                                              : SEVERITY_ERROR;
    diag_add(state->diags, severity, error_position(ctxt, error), "xml", NULL,
             "corrigez la syntaxe XML à cet endroit (balise mal fermée, caractère "
             "interdit, encodage autre qu'UTF-8…).",
             "le fichier n'est pas un XML bien formé : %s.", strbuf_str(&message));
    strbuf_free(&message);
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

/* Bytes about to reach libxml2: kept for positions, and scanned for a tag
 * whose attributes libxml2 would take quadratic time to check. False (and
 * a diagnostic) when they must not reach it. */
static bool admit_bytes(struct parse_state *state, const char *bytes, size_t len, bool fed)
{
    if (fed && !textpos_feed(&state->positions, bytes, len)) {
        diag_add(state->diags, SEVERITY_ERROR, (struct position){state->source->path, 0, 0},
                 "memoire", NULL, NULL, "mémoire insuffisante pour lire le fichier.");
        state->refused = true;
        return false;
    }
    size_t tag_start;
    if (!attrscan_feed(&state->scan, bytes, len, LOADER_MAX_ATTRIBUTES, &tag_start))
        return true;
    struct position where = {state->source->path, 0, 0};
    textpos_locate(&state->positions, tag_start, false, &where.line, &where.column);
    diag_add(state->diags, SEVERITY_ERROR, where, "attributs", NULL,
             "retirez les attributs en trop (un élément du format d'entrée en a au plus 7).",
             "cette balise a plus de %d attributs ; le fichier n'a pas été lu plus loin.",
             LOADER_MAX_ATTRIBUTES);
    state->refused = true;
    state->over_budget = true;
    return false;
}

/* The libxml2 errors past the first few, counted rather than said. */
static void report_hidden_errors(struct parse_state *state)
{
    if (!state->xml_errors_hidden)
        return;
    struct strbuf count = STRBUF_INIT;
    frformat_number(&count, (double)state->xml_errors_hidden, 0);
    diag_add(state->diags, SEVERITY_ERROR, (struct position){state->source->path, 0, 0}, "xml",
             NULL, "corrigez d'abord les erreurs affichées, puis relancez.",
             "… et %s autres erreurs XML non affichées.", strbuf_str(&count));
    strbuf_free(&count);
    state->xml_errors_hidden = 0;
}

/* What ends every parse: a document, or why there is none. */
static enum load_status conclude(xmlParserCtxtPtr ctxt, struct parse_state *state,
                                 size_t errors_before, xmlDocPtr doc)
{
    report_hidden_errors(state);
    if (doc && ctxt->wellFormed && !state->refused) {
        source_attach_document(doc, state->source);
        return LOAD_OK;
    }
    if (state->over_budget)
        return LOAD_LIMIT;
    if (state->diags->counts[SEVERITY_ERROR] == errors_before)
        diag_add(state->diags, SEVERITY_ERROR, (struct position){state->source->path, 0, 0},
                 "xml", NULL, NULL, "le fichier n'est pas un XML bien formé.");
    return LOAD_INVALID;
}

enum load_status loader_parse(struct source *source, struct diag_list *diags,
                              xmlDocPtr *out)
{
    struct parse_state state;
    init_state(&state, source, diags, source->max_size ? source->max_size : source->size);
    *out = NULL;
    if (source->size > (size_t)INT32_MAX) {
        report_too_large(diags, source->path, source->size, INT32_MAX);
        return LOAD_LIMIT;
    }
    if (!admit_bytes(&state, source->bytes, source->size, false))
        return LOAD_INVALID;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return LOAD_IO_ERROR;
    guard_parser(ctxt, &state);
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, source->bytes, (int)source->size, source->path,
                                      NULL, parse_options);
    enum load_status status = conclude(ctxt, &state, errors_before, doc);
    xmlFreeParserCtxt(ctxt);
    textpos_free(&state.positions);
    if (status != LOAD_OK && doc)
        xmlFreeDoc(doc);
    *out = status == LOAD_OK ? doc : NULL;
    return status;
}

/* ---- Streams ------------------------------------------------------------ */

/* Only a regular file (or standard input, "-"): a FIFO or a device named
 * as the stage file would block the open or the read forever. */
static enum load_status open_file(struct loader_stream *stream, const char *path,
                                  struct diag_list *diags)
{
    if (strcmp(path, "-") == 0) {
        stream->fp = stdin;
        return LOAD_OK;
    }
    enum file_status status;
    stream->fp = file_open_regular(path, &status);
    if (!stream->fp) {
        report_unreadable(diags, path, status);
        return status == FILE_NOT_REGULAR ? LOAD_INVALID : LOAD_IO_ERROR;
    }
    stream->own_fp = true;
    struct stat st;
    if (fstat(fileno(stream->fp), &st) == 0 && (size_t)st.st_size > stream->max_size) {
        report_too_large(diags, path, (size_t)st.st_size, stream->max_size);
        return LOAD_LIMIT;
    }
    return LOAD_OK;
}

/* Bytes in memory are read as a file would be, past the same bound. */
static enum load_status open_memory(struct loader_stream *stream, const char *name,
                                    const char *bytes, size_t size, struct diag_list *diags)
{
    stream->memory = bytes ? bytes : "";
    stream->memory_size = bytes ? size : 0;
    if (stream->memory_size > stream->max_size) {
        report_too_large(diags, name, stream->memory_size, stream->max_size);
        return LOAD_LIMIT;
    }
    return LOAD_OK;
}

/* path is a file's ("-": standard input) when in_memory is false; else
 * bytes and size are read, and path only names them. */
static enum load_status stream_open(const char *path, bool in_memory, const char *bytes,
                                    size_t size, size_t max_size, struct diag_list *diags,
                                    loader_child_done on_child, void *data,
                                    struct loader_stream **out)
{
    *out = NULL;
    struct loader_stream *stream = calloc(1, sizeof *stream);
    if (!stream)
        return LOAD_IO_ERROR;
    stream->max_size = max_size;
    init_state(&stream->state, source_new(path, NULL, 0), diags, max_size);
    enum load_status status = !stream->state.source ? LOAD_IO_ERROR
                              : in_memory ? open_memory(stream, path, bytes, size, diags)
                                          : open_file(stream, path, diags);
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

enum load_status loader_stream_open(const char *path, size_t max_size, struct diag_list *diags,
                                    loader_child_done on_child, void *data,
                                    struct loader_stream **out)
{
    return stream_open(path, false, NULL, 0, max_size, diags, on_child, data, out);
}

enum load_status loader_stream_open_memory(const char *name, const char *bytes, size_t size,
                                           size_t max_size, struct diag_list *diags,
                                           loader_child_done on_child, void *data,
                                           struct loader_stream **out)
{
    return stream_open(name, true, bytes, size, max_size, diags, on_child, data, out);
}

static void finish(struct loader_stream *stream, size_t errors_before)
{
    stream->finished = true;
    stream->status = conclude(stream->ctxt, &stream->state, errors_before,
                              stream->ctxt->myDoc);
}

/* The next chunk: the file's, copied into chunk, or the memory's own
 * bytes. Sets *last on the final one; false on a read error. */
static bool next_chunk(struct loader_stream *stream, char *chunk, const char **bytes,
                       size_t *got, bool *last)
{
    if (stream->memory) {
        size_t left = stream->memory_size - stream->read;
        *got = left < STREAM_CHUNK ? left : STREAM_CHUNK;
        *bytes = stream->memory + stream->read;
        *last = *got == left;
        return true;
    }
    *got = fread(chunk, 1, STREAM_CHUNK, stream->fp);
    *bytes = chunk;
    *last = *got < STREAM_CHUNK && feof(stream->fp);
    return !(*got == 0 && ferror(stream->fp));
}

bool loader_stream_feed(struct loader_stream *stream, struct diag_list *diags)
{
    if (stream->finished)
        return false;
    stream->state.diags = diags;
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    char chunk[STREAM_CHUNK];
    const char *bytes;
    size_t got;
    bool last;
    bool read = next_chunk(stream, chunk, &bytes, &got, &last);
    stream->read += got;
    if (stream->read > stream->max_size) {
        report_too_large(diags, stream->state.source->path, stream->read, stream->max_size);
        stream->finished = true;
        stream->status = LOAD_LIMIT;
        return false;
    }
    if (!read) {
        report_unreadable(diags, stream->state.source->path, FILE_UNREADABLE);
        stream->finished = true;
        stream->status = LOAD_IO_ERROR;
        return false;
    }
    if (!admit_bytes(&stream->state, bytes, got, true)) {
        finish(stream, errors_before);
        return false;
    }
    int error = xmlParseChunk(stream->ctxt, bytes, (int)got, last);
    if (error || stream->state.refused || stream->ctxt->disableSAX || last) {
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
    textpos_free(&stream->state.positions);
    source_free(stream->state.source);
    free(stream);
}
