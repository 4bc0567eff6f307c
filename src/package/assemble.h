/* assemble.h — from a stage's documents to its package's bytes: the
 * manifest written from the parts (size, SHA-256, page count, signatures),
 * then the ZIP with manifest.xml first (deflated) and the parts after it in
 * the order given (stored). */
#ifndef STAGEDOC_PACKAGE_ASSEMBLE_H
#define STAGEDOC_PACKAGE_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "pdf_inspect.h"
#include "zip_write.h"

/* Who and what the package is for (manifest's <paquet>, <stage>, <candidat>). */
struct package_identity {
    const char *generator, *date;
    const char *stage_id, *voie, *unite, *session, *academie;
    const char *numero, *nom, *prenom;
};

/* One document on its way into the ZIP. */
struct package_part {
    const char *role;
    const char *name; /* the entry's name: ours, see roles.h */
    const unsigned char *bytes;
    size_t size;
    bool signe;       /* the signed copy from <documents-signes> */
    struct pdf_facts facts;
    const char *nature, *titre, *source; /* English documents, else NULL */
};

/* The ZIP's bytes (heap), or NULL with the reason. */
unsigned char *package_assemble(const struct package_identity *identity,
                                const struct package_part *parts, size_t count,
                                const struct zip_package_options *options, size_t *size,
                                struct strbuf *error);

#endif
