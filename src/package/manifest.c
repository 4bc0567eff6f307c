/* manifest.c — manifest.xml to and from struct manifest, with libxml2. */
#include "manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "../input/loader.h"
#include "../input/source.h"
#include "../input/xmlnode.h"
#include "../util/array.h"

bool manifest_set(char **field, const char *value)
{
    free(*field);
    *field = value ? strdup(value) : NULL;
    return !value || *field;
}

struct manifest_entry *manifest_add_entry(struct manifest *manifest)
{
    if (!ARRAY_GROW(manifest->entries, manifest->capacity, manifest->count + 1))
        return NULL;
    struct manifest_entry *entry = &manifest->entries[manifest->count++];
    memset(entry, 0, sizeof *entry);
    entry->pages = -1;
    return entry;
}

/* --- writing --- */

static void set_attr(xmlNodePtr node, const char *name, const char *value)
{
    if (value)
        xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

static void set_number(xmlNodePtr node, const char *name, long long value)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    set_attr(node, name, text);
}

static void write_entry(xmlNodePtr root, const struct manifest_entry *entry)
{
    xmlNodePtr node = xmlNewChild(root, NULL, BAD_CAST "entree", NULL);
    set_attr(node, "role", entry->role);
    set_attr(node, "nom", entry->name);
    set_number(node, "taille", (long long)entry->size);
    set_attr(node, "sha256", entry->sha256);
    if (entry->pages >= 0)
        set_number(node, "pages", entry->pages);
    set_attr(node, "signe", entry->signe ? "oui" : "non");
    if (entry->signature_fields > 0) {
        set_number(node, "champs-signature", entry->signature_fields);
        set_number(node, "signatures", entry->signatures);
    }
    set_attr(node, "nature", entry->nature);
    set_attr(node, "titre", entry->titre);
    set_attr(node, "source", entry->source);
}

static xmlDocPtr manifest_document(const struct manifest *manifest)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "paquet", NULL) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, root);
    xmlAddPrevSibling(root, xmlNewDocComment(doc, BAD_CAST
        " Dossier d'examen d'un stage de BTS Électrotechnique, produit par stagedoc."
        " Chaque entrée du ZIP y figure avec sa taille et son empreinte SHA-256 ;"
        " « stagedoc verify PAQUET.zip » vérifie qu'il est complet et intact. "));
    set_attr(root, "format", MANIFEST_FORMAT);
    set_attr(root, "generateur", manifest->generator);
    set_attr(root, "date", manifest->date);
    xmlNodePtr stage = xmlNewChild(root, NULL, BAD_CAST "stage", NULL);
    set_attr(stage, "id", manifest->stage_id);
    set_attr(stage, "voie", manifest->voie);
    set_attr(stage, "unite", manifest->unite);
    set_attr(stage, "session", manifest->session);
    set_attr(stage, "academie", manifest->academie);
    xmlNodePtr candidate = xmlNewChild(root, NULL, BAD_CAST "candidat", NULL);
    set_attr(candidate, "numero", manifest->numero);
    set_attr(candidate, "nom", manifest->nom);
    set_attr(candidate, "prenom", manifest->prenom);
    for (size_t i = 0; i < manifest->count; i++)
        write_entry(root, &manifest->entries[i]);
    return doc;
}

bool manifest_write(const struct manifest *manifest, struct strbuf *xml)
{
    xmlDocPtr doc = manifest_document(manifest);
    xmlChar *text = NULL;
    int size = 0;
    if (doc)
        xmlDocDumpFormatMemoryEnc(doc, &text, &size, "UTF-8", 1);
    if (text)
        strbuf_add(xml, (const char *)text, (size_t)size);
    xmlFree(text);
    xmlFreeDoc(doc);
    return text && !strbuf_failed(xml);
}

/* --- reading --- */

static bool copy_attr(char **field, xmlNodePtr node, const char *name)
{
    return manifest_set(field, node ? xml_attr(node, name) : NULL);
}

/* Without the schema, an absent required attribute reads as "". */
static bool copy_required(char **field, xmlNodePtr node, const char *name)
{
    const char *value = node ? xml_attr(node, name) : NULL;
    return manifest_set(field, value ? value : "");
}

static long long number_attr(xmlNodePtr node, const char *name, long long absent)
{
    const char *text = xml_attr(node, name);
    if (!text || !*text)
        return absent;
    char *end;
    long long value = strtoll(text, &end, 10);
    return *end || value < 0 ? absent : value;
}

static bool read_entry(xmlNodePtr node, struct manifest *manifest)
{
    struct manifest_entry *entry = manifest_add_entry(manifest);
    if (!entry)
        return false;
    const char *sha = xml_attr(node, "sha256");
    snprintf(entry->sha256, sizeof entry->sha256, "%s", sha ? sha : "");
    long long size = number_attr(node, "taille", -1);
    entry->size = size < 0 ? (size_t)-1 : (size_t)size;
    entry->pages = (int)number_attr(node, "pages", -1);
    const char *signe = xml_attr(node, "signe");
    entry->signe = signe && strcmp(signe, "oui") == 0;
    entry->signature_fields = (int)number_attr(node, "champs-signature", 0);
    entry->signatures = (int)number_attr(node, "signatures", 0);
    return copy_required(&entry->role, node, "role") && copy_required(&entry->name, node, "nom") &&
           copy_attr(&entry->nature, node, "nature") && copy_attr(&entry->titre, node, "titre") &&
           copy_attr(&entry->source, node, "source");
}

static bool read_document(xmlNodePtr root, struct manifest *manifest)
{
    xmlNodePtr stage = xml_child(root, "stage"), candidate = xml_child(root, "candidat");
    bool ok = copy_attr(&manifest->generator, root, "generateur") &&
              copy_attr(&manifest->date, root, "date") &&
              copy_required(&manifest->stage_id, stage, "id") &&
              copy_required(&manifest->voie, stage, "voie") &&
              copy_attr(&manifest->unite, stage, "unite") &&
              copy_attr(&manifest->session, stage, "session") &&
              copy_attr(&manifest->academie, stage, "academie") &&
              copy_attr(&manifest->numero, candidate, "numero") &&
              copy_attr(&manifest->nom, candidate, "nom") &&
              copy_attr(&manifest->prenom, candidate, "prenom");
    XML_FOR_EACH_CHILD(node, root, "entree")
        ok = ok && read_entry(node, manifest);
    return ok;
}

bool manifest_read(const char *bytes, size_t size, const char *description,
                   const struct schema *schema, struct manifest *manifest,
                   struct diag_list *diags)
{
    memset(manifest, 0, sizeof *manifest);
    char *copy = malloc(size + 1);
    struct source *source = copy ? source_new(description, copy, size) : NULL;
    if (!source) {
        free(copy);
        return false;
    }
    memcpy(copy, bytes, size);
    copy[size] = '\0';
    xmlDocPtr doc = NULL;
    bool ok = loader_parse(source, diags, &doc) == LOAD_OK &&
              (!schema || schema_validate(schema, doc, NULL, diags));
    xmlNodePtr root = ok ? xmlDocGetRootElement(doc) : NULL;
    if (ok && !xml_is(root, "paquet")) {
        diag_add(diags, SEVERITY_ERROR, source_node_position(root), "manifeste", NULL, NULL,
                 "l'élément racine n'est pas <paquet>.");
        ok = false;
    }
    if (ok && !read_document(root, manifest)) {
        diag_add(diags, SEVERITY_ERROR, (struct position){description, 0, 0}, "memoire", NULL,
                 NULL, "mémoire insuffisante.");
        ok = false;
    }
    xmlFreeDoc(doc);
    source_free(source);
    return ok;
}

void manifest_free(struct manifest *manifest)
{
    char **fields[] = {&manifest->generator, &manifest->date,    &manifest->stage_id,
                       &manifest->voie,      &manifest->unite,   &manifest->session,
                       &manifest->academie,  &manifest->numero,  &manifest->nom,
                       &manifest->prenom};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        free(*fields[i]);
    for (size_t i = 0; i < manifest->count; i++) {
        struct manifest_entry *entry = &manifest->entries[i];
        free(entry->role);
        free(entry->name);
        free(entry->nature);
        free(entry->titre);
        free(entry->source);
    }
    free(manifest->entries);
    memset(manifest, 0, sizeof *manifest);
}
