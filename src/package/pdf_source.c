/* pdf_source.c — reading back the stage XML a stagedoc PDF embeds. */
#include "pdf_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <zlib.h>

#include "../input/xmlnode.h"
#include "../util/xmlquiet.h"
#include "../util/fold.h"
#include "pdf_open.h"

#define MAX_TREE_DEPTH 8    /* a name tree of ours is one level deep */
#define MAX_TREE_NODES 256  /* bounds a hostile tree's walk */

struct search {
    qpdf_data qpdf;
    int nodes;
    qpdf_oh stream; /* the first <…>.xml attachment's stream, or 0 */
};

static bool ends_with_xml(const char *name)
{
    size_t length = strlen(name);
    return length > 4 && strcasecmp(name + length - 4, ".xml") == 0;
}

/* The embedded file stream of a file specification: /EF /UF, else /EF /F. */
static qpdf_oh embedded_stream(qpdf_data qpdf, qpdf_oh spec)
{
    qpdf_oh ef = qpdf_oh_get_key(qpdf, spec, "/EF");
    if (!qpdf_oh_is_dictionary(qpdf, ef))
        return 0;
    qpdf_oh stream = qpdf_oh_get_key(qpdf, ef, "/UF");
    if (!qpdf_oh_is_stream(qpdf, stream))
        stream = qpdf_oh_get_key(qpdf, ef, "/F");
    return qpdf_oh_is_stream(qpdf, stream) ? stream : 0;
}

static void search_tree(struct search *search, qpdf_oh node, int depth)
{
    qpdf_data qpdf = search->qpdf;
    if (search->stream || depth > MAX_TREE_DEPTH || ++search->nodes > MAX_TREE_NODES ||
        !qpdf_oh_is_dictionary(qpdf, node))
        return;
    qpdf_oh pairs = qpdf_oh_get_key(qpdf, node, "/Names");
    int count = qpdf_oh_is_array(qpdf, pairs) ? qpdf_oh_get_array_n_items(qpdf, pairs) : 0;
    for (int i = 0; i + 1 < count && !search->stream && i < 2 * MAX_TREE_NODES; i += 2) {
        qpdf_oh name = qpdf_oh_get_array_item(qpdf, pairs, i);
        const char *text = qpdf_oh_is_string(qpdf, name) ? qpdf_oh_get_utf8_value(qpdf, name)
                                                          : NULL;
        if (text && ends_with_xml(text))
            search->stream = embedded_stream(qpdf, qpdf_oh_get_array_item(qpdf, pairs, i + 1));
    }
    qpdf_oh kids = qpdf_oh_get_key(qpdf, node, "/Kids");
    count = qpdf_oh_is_array(qpdf, kids) ? qpdf_oh_get_array_n_items(qpdf, kids) : 0;
    for (int i = 0; i < count && !search->stream && search->nodes <= MAX_TREE_NODES; i++)
        search_tree(search, qpdf_oh_get_array_item(qpdf, kids, i), depth + 1);
}

/* Flate (zlib) data inflated to at most PDF_SOURCE_MAX_SIZE bytes. */
static unsigned char *inflate_bounded(const unsigned char *data, size_t size, size_t *out_size,
                                      struct strbuf *why)
{
    unsigned char *out = malloc(PDF_SOURCE_MAX_SIZE + 1);
    z_stream z = {0};
    if (!out || inflateInit(&z) != Z_OK) {
        free(out);
        strbuf_puts(why, "mémoire insuffisante");
        return NULL;
    }
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)size;
    z.next_out = out;
    z.avail_out = (uInt)(PDF_SOURCE_MAX_SIZE + 1);
    int status = inflate(&z, Z_FINISH);
    size_t length = z.total_out;
    inflateEnd(&z);
    if (length > PDF_SOURCE_MAX_SIZE) {
        strbuf_puts(why, "le fichier joint dépasse 1 Mio une fois décompressé");
    } else if (status != Z_STREAM_END) {
        strbuf_puts(why, "le fichier joint est endommagé (compression)");
    } else {
        *out_size = length;
        return out;
    }
    free(out);
    return NULL;
}

/* Only no filter or /FlateDecode without parameters: what stagedoc writes. */
static bool plain_or_flate(qpdf_data qpdf, qpdf_oh dict, bool *flate)
{
    qpdf_oh filter = qpdf_oh_get_key(qpdf, dict, "/Filter");
    if (qpdf_oh_is_array(qpdf, filter) && qpdf_oh_get_array_n_items(qpdf, filter) == 1)
        filter = qpdf_oh_get_array_item(qpdf, filter, 0);
    *flate = qpdf_oh_is_name_and_equals(qpdf, filter, "/FlateDecode");
    return (*flate || qpdf_oh_is_null(qpdf, filter)) &&
           qpdf_oh_is_null(qpdf, qpdf_oh_get_key(qpdf, dict, "/DecodeParms"));
}

/* The attachment's bytes, bounded: NULL with the reason. */
static unsigned char *read_stream(qpdf_data qpdf, qpdf_oh stream, size_t *size,
                                  struct strbuf *why)
{
    qpdf_oh dict = qpdf_oh_get_dict(qpdf, stream);
    qpdf_oh length = qpdf_oh_get_key(qpdf, dict, "/Length");
    bool flate;
    if (!plain_or_flate(qpdf, dict, &flate)) {
        strbuf_puts(why, "le fichier joint est codé autrement que ne l'écrit stagedoc");
        return NULL;
    }
    if (!qpdf_oh_is_integer(qpdf, length) || qpdf_oh_get_int_value(qpdf, length) < 0 ||
        (unsigned long long)qpdf_oh_get_int_value(qpdf, length) > PDF_SOURCE_MAX_SIZE) {
        strbuf_puts(why, "le fichier joint dépasse 1 Mio");
        return NULL;
    }
    unsigned char *raw = NULL;
    size_t raw_size = 0;
    if (qpdf_oh_get_stream_data(qpdf, stream, qpdf_dl_none, NULL, &raw, &raw_size) &
            QPDF_ERRORS ||
        !raw) {
        free(raw);
        strbuf_puts(why, "le fichier joint ne se lit pas");
        return NULL;
    }
    if (raw_size > PDF_SOURCE_MAX_SIZE) {
        free(raw);
        strbuf_puts(why, "le fichier joint dépasse 1 Mio");
        return NULL;
    }
    if (!flate) {
        *size = raw_size;
        return raw;
    }
    unsigned char *plain = inflate_bounded(raw, raw_size, size, why);
    free(raw);
    return plain;
}

static char *copy_or_null(const char *text)
{
    return text && *text ? strdup(text) : NULL;
}

bool stage_identity_read(xmlNodePtr root, struct stage_identity *identity)
{
    memset(identity, 0, sizeof *identity);
    xmlNodePtr stagiaire = xml_child(root, "stagiaire");
    identity->id = copy_or_null(xml_attr(root, "id"));
    identity->nom = xml_child_text(stagiaire, "nom");
    identity->prenom = xml_child_text(stagiaire, "prenom");
    identity->naissance = xml_child_text(stagiaire, "naissance");
    identity->numero = xml_child_text(stagiaire, "numero-candidat");
    return true;
}

/* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
#define SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

static enum pdf_source_status parse_identity(const unsigned char *xml, size_t size,
                                             struct stage_identity *identity,
                                             struct strbuf *why)
{
    struct xml_quiet quiet = xml_quiet_begin();
    xmlDocPtr doc = xmlReadMemory((const char *)xml, (int)size, "source.xml", NULL, SAFE_OPTIONS);
    xml_quiet_end(quiet);
    xmlNodePtr root = doc && !doc->intSubset ? xmlDocGetRootElement(doc) : NULL;
    enum pdf_source_status status = PDF_SOURCE_UNREADABLE;
    if (!root || !xml_is(root, "stage"))
        strbuf_puts(why, "le fichier joint n'est pas la description XML d'un stage");
    else if (!stage_identity_read(root, identity))
        strbuf_puts(why, "mémoire insuffisante");
    else
        status = PDF_SOURCE_FOUND;
    if (doc)
        xmlFreeDoc(doc);
    return status;
}

enum pdf_source_status pdf_source_read(const unsigned char *bytes, size_t size,
                                       struct stage_identity *identity, struct strbuf *why)
{
    memset(identity, 0, sizeof *identity);
    struct pdf_handle pdf;
    struct strbuf ignored = STRBUF_INIT;
    pdf_open_memory(&pdf, bytes, size, "document", &ignored);
    strbuf_free(&ignored);
    enum pdf_source_status status = PDF_SOURCE_NONE;
    if (pdf.state == PDF_READABLE) {
        qpdf_data qpdf = pdf.qpdf;
        struct search search = {qpdf, 0, 0};
        qpdf_oh names = qpdf_oh_get_key(qpdf, qpdf_get_root(qpdf), "/Names");
        if (qpdf_oh_is_dictionary(qpdf, names))
            search_tree(&search, qpdf_oh_get_key(qpdf, names, "/EmbeddedFiles"), 0);
        if (search.stream) {
            size_t xml_size = 0;
            unsigned char *xml = read_stream(qpdf, search.stream, &xml_size, why);
            status = xml ? parse_identity(xml, xml_size, identity, why) : PDF_SOURCE_UNREADABLE;
            free(xml);
        }
        qpdf_oh_release_all(qpdf);
        if (pdf_take_error(&pdf, NULL) && status == PDF_SOURCE_NONE) {
            status = PDF_SOURCE_UNREADABLE;
            strbuf_puts(why, "les fichiers joints ne se lisent pas");
        }
    }
    pdf_close(&pdf);
    return status;
}

char *stage_identity_describe(const struct stage_identity *identity)
{
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "%s%s%s", identity->prenom ? identity->prenom : "",
                  identity->prenom && identity->nom ? " " : "",
                  identity->nom ? identity->nom : "");
    if (!identity->prenom && !identity->nom)
        strbuf_puts(&text, "stagiaire sans nom");
    if (identity->numero)
        strbuf_printf(&text, ", candidat n° %s", identity->numero);
    else if (identity->naissance)
        strbuf_printf(&text, ", né(e) le %s", identity->naissance);
    return strbuf_detach(&text);
}

static bool same_text(const char *a, const char *b, bool fold)
{
    if (!a || !b)
        return !a && !b;
    if (!fold)
        return strcmp(a, b) == 0;
    char *fa = fold_for_comparison(a), *fb = fold_for_comparison(b);
    bool same = fa && fb && strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

bool stage_identity_same_student(const struct stage_identity *a, const struct stage_identity *b)
{
    if (!same_text(a->nom, b->nom, true) || !same_text(a->prenom, b->prenom, true))
        return false;
    if (a->naissance && b->naissance && strcmp(a->naissance, b->naissance) != 0)
        return false;
    return !(a->numero && b->numero && strcmp(a->numero, b->numero) != 0);
}

void stage_identity_free(struct stage_identity *identity)
{
    free(identity->id);
    free(identity->nom);
    free(identity->prenom);
    free(identity->naissance);
    free(identity->numero);
    memset(identity, 0, sizeof *identity);
}
