/* stage_files.h — what a stage's XML says about its exam package: the
 * candidate's number, the académie, the report, the English documents and
 * the signed documents (<documents-signes>), each file path resolved
 * relative to the XML file that names it (standard input: the current
 * folder). Reading only: nothing here opens the files. */
#ifndef STAGEDOC_PACKAGE_STAGE_FILES_H
#define STAGEDOC_PACKAGE_STAGE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../model/stage.h"

struct stage_file {
    char *path;          /* resolved path (heap); NULL when not given */
    const char *written; /* the fichier attribute as written */
    xmlNodePtr node;     /* the element, for diagnostics */
    const char *nature;  /* English documents: technique | presse */
    const char *titre;   /* English documents (and the report, if given) */
    const char *source;  /* English documents */
};

/* The documents <documents-signes> may give, in package order. */
#define SIGNED_DOCUMENT_KINDS 5
extern const char *const signed_document_names[SIGNED_DOCUMENT_KINDS];

struct stage_files {
    char *numero_candidat; /* heap, NULL when absent */
    char *academie;        /* heap, NULL when absent */
    xmlNodePtr stagiaire;
    struct stage_file rapport;
    const char *rapport_transmis; /* rapport/@transmis-le, or NULL */
    struct stage_file *anglais;
    size_t anglais_count;
    struct stage_file signes[SIGNED_DOCUMENT_KINDS]; /* by signed_document_names */
};

/* False only when memory runs out. */
bool stage_files_read(const struct stage *stage, struct stage_files *files);
/* The signed copy of a document (convention, attestation, grille,
 * strategie, contrat), or NULL when <documents-signes> does not give it. */
const struct stage_file *stage_files_signed(const struct stage_files *files, const char *name);
void stage_files_free(struct stage_files *files);

#endif
