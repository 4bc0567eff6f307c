/* manifest.h — manifest.xml, the package's table of contents, written
 * first in every package (schema: templates/schema/manifest.xsd):
 *
 *   <paquet format="1" generateur="stagedoc 0.1.0" date="2027-05-18T00:00:00Z">
 *     <stage id="ET27-014" voie="scolaire" unite="U62" session="2027" academie="Bordeaux"/>
 *     <candidat numero="02712345678" nom="N'Diaye" prenom="Aïssatou"/>
 *     <entree role="rapport" nom="rapport.pdf" taille="48213" sha256="…" pages="20" signe="non"/>
 *     <entree role="document-anglais" nom="anglais-1-technique.pdf" … nature="technique"
 *             titre="…" source="…"/>
 *     <entree role="convention" nom="convention.pdf" … signe="oui" champs-signature="5"
 *             signatures="5"/>
 *   </paquet>
 *
 * signe="oui" marks the copy given in <documents-signes>; champs-signature
 * and signatures (present when the PDF has signature fields) count its
 * fields and those that carry a signature. Reading goes through the
 * project's safe XML loader and, when given, the schema. */
#ifndef STAGEDOC_PACKAGE_MANIFEST_H
#define STAGEDOC_PACKAGE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../input/schema.h"
#include "../util/strbuf.h"
#include "sha256.h"

#define MANIFEST_FORMAT "1"

struct manifest_entry {
    char *role;
    char *name;
    size_t size;
    char sha256[SHA256_HEX_SIZE];
    int pages;            /* -1 when not recorded */
    bool signe;           /* the signed copy from <documents-signes> */
    int signature_fields; /* 0 when the PDF has none */
    int signatures;
    char *nature, *titre, *source; /* English documents; NULL otherwise */
};

struct manifest {
    char *generator;                   /* "stagedoc 0.1.0" */
    char *date;                        /* "2027-05-18T00:00:00Z" */
    char *stage_id, *voie, *unite, *session, *academie; /* unite, academie may be NULL */
    char *numero, *nom, *prenom;
    struct manifest_entry *entries;
    size_t count, capacity;
};

/* Sets a string field (a copy; NULL clears it). False when memory runs out. */
bool manifest_set(char **field, const char *value);
/* A new zeroed entry at the end (NULL when memory runs out). */
struct manifest_entry *manifest_add_entry(struct manifest *manifest);
/* The XML text, UTF-8, indented. */
bool manifest_write(const struct manifest *manifest, struct strbuf *xml);
/* Parses bytes named description (e.g. "paquet.zip:manifest.xml"); with a
 * schema, validates first. False with diagnostics when unreadable. */
bool manifest_read(const char *bytes, size_t size, const char *description,
                   const struct schema *schema, struct manifest *manifest,
                   struct diag_list *diags);
void manifest_free(struct manifest *manifest);

#endif
