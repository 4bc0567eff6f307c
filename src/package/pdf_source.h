/* pdf_source.h — the stage a PDF made by stagedoc was made from.
 *
 * Every document stagedoc writes embeds its stage's XML as an attached file
 * named <id>.xml (pdf_meta.c, pdf_write_attachment): bundle reads it back
 * from a signed copy or a handed-in document to refuse the copy of another
 * stage or of another student. The attachment is found in the catalog's
 * /Names /EmbeddedFiles tree, read raw (its /Length bounded), inflated with
 * a size limit and parsed without network, DTD or entities. */
#ifndef STAGEDOC_PACKAGE_PDF_SOURCE_H
#define STAGEDOC_PACKAGE_PDF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../util/strbuf.h"

/* A stage's XML is a few kilobytes; anything larger is not ours. */
#define PDF_SOURCE_MAX_SIZE ((size_t)1 << 20)

/* Who a stage is about: each field a heap string, NULL when absent. */
struct stage_identity {
    char *id;
    char *nom;
    char *prenom;
    char *naissance; /* as written: AAAA-MM-JJ */
    char *numero;    /* numero-candidat */
};

enum pdf_source_status {
    PDF_SOURCE_NONE,       /* no attached stage XML: not made by stagedoc */
    PDF_SOURCE_FOUND,      /* identity filled */
    PDF_SOURCE_UNREADABLE, /* an attachment <…>.xml, but not a stage's XML we can read */
};

/* The identity of the stage element (<stage>) root. False when memory runs out. */
bool stage_identity_read(xmlNodePtr root, struct stage_identity *identity);
/* From a PDF in memory (qpdf opens it again). The reason for
 * PDF_SOURCE_UNREADABLE, in French, goes to why. */
enum pdf_source_status pdf_source_read(const unsigned char *bytes, size_t size,
                                       struct stage_identity *identity, struct strbuf *why);
/* "Aïssatou N'Diaye" or "Aïssatou N'Diaye, candidat n° 0271…": heap. */
char *stage_identity_describe(const struct stage_identity *identity);
/* Whether two identities name the same student: family and given names
 * compared without case or accents; birth dates and candidate numbers
 * when both give them. */
bool stage_identity_same_student(const struct stage_identity *a, const struct stage_identity *b);
void stage_identity_free(struct stage_identity *identity);

#endif
