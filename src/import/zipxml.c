/* zipxml.c — ZIP parts of office files to libxml2 documents, safely. */
#include "zipxml.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "../package/zip_read.h"

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

static void ignore_errors(void *data, const char *fmt, ...)
{
    (void)data;
    (void)fmt;
}

xmlDocPtr office_zip_xml(struct office_zip *zip, const char *name, bool *missing,
                         struct strbuf *error)
{
    size_t index;
    *missing = !find(zip, name, &index);
    if (*missing) {
        strbuf_printf(error, "la partie %s manque", name);
        return NULL;
    }
    unsigned char *bytes = NULL;
    size_t size = 0;
    struct strbuf why = STRBUF_INIT;
    enum zip_read_status status =
        zip_package_read(zip->package, index, ZIPXML_MAX_PART, &bytes, &size, &why);
    if (status != ZIP_READ_OK) {
        strbuf_printf(error, "%s : %s", name,
                      status == ZIP_READ_TOO_LARGE ? "partie trop grande" : strbuf_str(&why));
        strbuf_free(&why);
        free(bytes);
        return NULL;
    }
    strbuf_free(&why);
    if (size > (size_t)0x7fffffff) {
        free(bytes);
        strbuf_printf(error, "%s : partie trop grande", name);
        return NULL;
    }
    xmlSetGenericErrorFunc(NULL, ignore_errors);
    /* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_HUGE. */
    xmlDocPtr doc = xmlReadMemory((const char *)bytes, (int)size, name, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(NULL, NULL);
    free(bytes);
    if (!doc || doc->intSubset || !xmlDocGetRootElement(doc)) {
        strbuf_printf(error, "%s : XML illisible ou avec une DTD", name);
        if (doc)
            xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
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
