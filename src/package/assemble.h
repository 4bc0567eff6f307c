/* assemble.h — from a stage's documents to its package: the manifest
 * written from the parts (size, SHA-256, page count, signatures), then the
 * ZIP with manifest.xml first (deflated) and the parts after it in the
 * order given (stored). A handed-in PDF is not kept in memory once checked:
 * its part names the file, with the size and SHA-256 checked, and the ZIP
 * reads it again, refusing it if it changed since (zip_sources.h). */
#ifndef STAGEDOC_PACKAGE_ASSEMBLE_H
#define STAGEDOC_PACKAGE_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "pdf_inspect.h"
#include "sha256.h"
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
    const unsigned char *bytes; /* NULL: read again from path */
    const char *path;
    size_t size;
    char sha256[SHA256_HEX_SIZE]; /* "" : computed here from bytes */
    bool signe;       /* the signed copy from <documents-signes> */
    struct pdf_facts facts;
    const char *nature, *titre, *source; /* English documents, else NULL */
};

/* The ZIP written to fd (from its start), or false with the reason. */
bool package_assemble(const struct package_identity *identity, const struct package_part *parts,
                      size_t count, const struct zip_package_options *options, int fd,
                      struct strbuf *error);

#endif
