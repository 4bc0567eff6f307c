/* zipxml.h — the XML parts of an office file (XLSX, ODS), read safely.
 *
 * The file is a ZIP (opened with libzip's consistency checks through
 * package/zip_read.h, every part bounded in size against ZIP bombs); each
 * part is parsed by libxml2 with no network, no DTD loading and no entity
 * substitution, and a part that declares a DTD is refused, so no entity is
 * ever expanded. */
#ifndef STAGEDOC_IMPORT_ZIPXML_H
#define STAGEDOC_IMPORT_ZIPXML_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../util/strbuf.h"

/* The most one part may hold once unpacked. */
#define ZIPXML_MAX_PART ((size_t)64 << 20)

struct office_zip;

/* NULL with the reason when bytes are not a sound ZIP. */
struct office_zip *office_zip_open(const unsigned char *bytes, size_t size,
                                   struct strbuf *error);
bool office_zip_has(const struct office_zip *zip, const char *name);
/* The part parsed; NULL with the reason when missing (and not optional),
 * too large or not acceptable XML. *missing tells a missing part apart. */
xmlDocPtr office_zip_xml(struct office_zip *zip, const char *name, bool *missing,
                         struct strbuf *error);

/* A part too large to hold parsed whole (a sheet of thousands of rows: its
 * tree takes some 60 bytes per byte of XML) read element by element, with
 * the same safety: meet() is told of every element reached (its attributes
 * are there, not its children) and says whether to go into it, pass it, or
 * take it whole: take() then gets it with its children, freed after. */
enum office_step { OFFICE_ENTER, OFFICE_PASS, OFFICE_TAKE };
struct office_walk {
    enum office_step (*meet)(const xmlNode *element, int depth, void *data);
    bool (*take)(xmlNode *element, void *data); /* false stops the walk */
    void *data;
};
/* False with the reason (missing part, too large, not acceptable XML, or
 * take() said no, its reason in error already). */
bool office_zip_walk(struct office_zip *zip, const char *name, const struct office_walk *walk,
                     struct strbuf *error);
void office_zip_close(struct office_zip *zip);

/* Helpers for reading the parts. */
/* The element's local name is name (namespaces ignored). */
bool office_is(const xmlNode *node, const char *name);
/* The first child element called name, or NULL. */
xmlNode *office_child(const xmlNode *node, const char *name);
/* An attribute by local name, whatever its namespace (heap, or NULL). */
char *office_attr(const xmlNode *node, const char *name);
/* The same without a copy, for the many cells of a sheet: the attribute's
 * text as stored, valid while node is (NULL when absent or not plain text). */
const char *office_attr_text(const xmlNode *node, const char *name);
/* An element's text when it is one text node (<v>41</v>), as stored; NULL
 * otherwise. */
const char *office_text(const xmlNode *node);

#endif
