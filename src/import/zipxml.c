/* zipxml.c — ZIP parts of office files to libxml2 documents, safely. */
#include "zipxml.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "../package/zip_read.h"
#include "../util/xmlquiet.h"

struct office_zip {
    struct zip_package *package;
};

struct office_zip *office_zip_open(const unsigned char *bytes, size_t size,
                                   struct strbuf *error)
{
    struct zip_package *package = zip_package_open(bytes, size, NULL, error);
    if (!package)
        return NULL;
    struct office_zip *zip = malloc(sizeof *zip);
    if (!zip) {
        zip_package_close(package);
        strbuf_puts(error, "mémoire insuffisante");
        return NULL;
    }
    zip->package = package;
    return zip;
}

static bool find(const struct office_zip *zip, const char *name, size_t *index)
{
    size_t count = zip_package_count(zip->package);
    for (size_t i = 0; i < count; i++) {
        const char *entry = zip_package_name(zip->package, i);
        if (entry && strcmp(entry, name) == 0) {
            *index = i;
            return true;
        }
    }
    return false;
}

bool office_zip_has(const struct office_zip *zip, const char *name)
{
    size_t index;
    return find(zip, name, &index);
}

/* The part's bytes (heap), or NULL with the reason. */
static unsigned char *read_part(struct office_zip *zip, const char *name, size_t *size,
                                bool *missing, struct strbuf *error)
{
    size_t index;
    *missing = !find(zip, name, &index);
    if (*missing) {
        strbuf_printf(error, "la partie %s manque", name);
        return NULL;
    }
    unsigned char *bytes = NULL;
    struct strbuf why = STRBUF_INIT;
    enum zip_read_status status =
        zip_package_read(zip->package, index, ZIPXML_MAX_PART, &bytes, size, &why);
    if (status != ZIP_READ_OK || *size > (size_t)0x7fffffff) {
        strbuf_printf(error, "%s : %s", name,
                      status == ZIP_READ_OK || status == ZIP_READ_TOO_LARGE ? "partie trop grande"
                                                                             : strbuf_str(&why));
        free(bytes);
        bytes = NULL;
    }
    strbuf_free(&why);
    return bytes;
}

/* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
#define SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

xmlDocPtr office_zip_xml(struct office_zip *zip, const char *name, bool *missing,
                         struct strbuf *error)
{
    size_t size = 0;
    unsigned char *bytes = read_part(zip, name, &size, missing, error);
    if (!bytes)
        return NULL;
    struct xml_quiet quiet = xml_quiet_begin();
    xmlDocPtr doc = xmlReadMemory((const char *)bytes, (int)size, name, NULL, SAFE_OPTIONS);
    xml_quiet_end(quiet);
    free(bytes);
    if (!doc || doc->intSubset || !xmlDocGetRootElement(doc)) {
        strbuf_printf(error, "%s : XML illisible ou avec une DTD", name);
        if (doc)
            xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* One step of the reader at an element: 1 go on, 0 the walk is over, -1
 * the XML is broken, -2 take() stopped the walk (its reason in error). */
static int walk_element(xmlTextReaderPtr reader, const struct office_walk *walk)
{
    xmlNode *node = xmlTextReaderCurrentNode(reader);
    enum office_step step = node ? walk->meet(node, xmlTextReaderDepth(reader), walk->data)
                                 : OFFICE_PASS;
    if (step == OFFICE_ENTER)
        return xmlTextReaderRead(reader);
    if (step == OFFICE_TAKE) {
        xmlNode *whole = xmlTextReaderExpand(reader);
        if (!whole)
            return -1; /* the XML breaks off, or is broken, inside it */
        if (!walk->take(whole, walk->data))
            return -2;
    }
    return xmlTextReaderNext(reader);
}

/* libxml2 pulls the part from the ZIP a piece at a time. */
static int read_piece(void *context, char *buffer, int len)
{
    return (int)zip_entry_stream_read(context, buffer, len > 0 ? (size_t)len : 0);
}

static int keep_open(void *context)
{
    (void)context; /* closed by office_zip_walk, which checks the CRC */
    return 0;
}

bool office_zip_walk(struct office_zip *zip, const char *name, const struct office_walk *walk,
                     struct strbuf *error)
{
    size_t index;
    if (!find(zip, name, &index)) {
        strbuf_printf(error, "la partie %s manque", name);
        return false;
    }
    struct strbuf why = STRBUF_INIT;
    struct zip_entry_stream *stream =
        zip_package_stream(zip->package, index, ZIPXML_MAX_PART, &why);
    if (!stream) {
        strbuf_printf(error, "%s : %s", name, strbuf_str(&why));
        strbuf_free(&why);
        return false;
    }
    struct xml_quiet quiet = xml_quiet_begin();
    xmlTextReaderPtr reader =
        xmlReaderForIO(read_piece, keep_open, stream, name, NULL, SAFE_OPTIONS);
    int result = reader ? xmlTextReaderRead(reader) : -1;
    bool dtd = false;
    while (result == 1) {
        int type = xmlTextReaderNodeType(reader);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            dtd = true;
            result = -1;
        } else if (type == XML_READER_TYPE_ELEMENT) {
            result = walk_element(reader, walk);
        } else {
            result = xmlTextReaderRead(reader);
        }
    }
    xmlFreeTextReader(reader);
    xml_quiet_end(quiet);
    /* A part that breaks off or lies about its size is said as such, not as
     * broken XML. */
    bool sound = zip_entry_stream_close(stream, &why) == ZIP_READ_OK;
    if (!sound && result != -2)
        strbuf_printf(error, "%s : %s", name, strbuf_str(&why));
    else if (result == -1)
        strbuf_printf(error, "%s : XML illisible%s", name, dtd ? " (il a une DTD)" : "");
    strbuf_free(&why);
    return result == 0 && sound;
}

void office_zip_close(struct office_zip *zip)
{
    if (!zip)
        return;
    zip_package_close(zip->package);
    free(zip);
}

bool office_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

xmlNode *office_child(const xmlNode *node, const char *name)
{
    for (xmlNode *child = node ? node->children : NULL; child; child = child->next)
        if (office_is(child, name))
            return child;
    return NULL;
}

const char *office_attr_text(const xmlNode *node, const char *name)
{
    for (xmlAttr *attr = node->properties; attr; attr = attr->next)
        if (!strcmp((const char *)attr->name, name))
            return attr->children && attr->children->type == XML_TEXT_NODE &&
                           !attr->children->next
                       ? (const char *)attr->children->content : NULL;
    return NULL;
}

const char *office_text(const xmlNode *node)
{
    const xmlNode *child = node ? node->children : NULL;
    return child && child->type == XML_TEXT_NODE && !child->next ? (const char *)child->content
                                                                 : NULL;
}

char *office_attr(const xmlNode *node, const char *name)
{
    for (xmlAttr *attr = node->properties; attr; attr = attr->next) {
        if (strcmp((const char *)attr->name, name) != 0)
            continue;
        xmlChar *value = xmlNodeGetContent((xmlNode *)attr);
        char *copy = value ? strdup((const char *)value) : NULL;
        xmlFree(value);
        return copy;
    }
    return NULL;
}
