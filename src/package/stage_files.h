/* stage_files.h — what a stage's XML says about its exam package: the
 * candidate's number, the académie, the report, the English documents, the
 * signed documents (<documents-signes>) and the school's logo, each file
 * path resolved relative to the XML file that names it (standard input: the
 * current folder). The files are opened only through stage_file_read, which
 * keeps them under the root folder given (confine.h). */
#ifndef STAGEDOC_PACKAGE_STAGE_FILES_H
#define STAGEDOC_PACKAGE_STAGE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../model/stage.h"
#include "../util/confine.h"
#include "../util/diag.h"

struct stage_file {
    char *path;          /* resolved path (heap); NULL when not given */
    const char *written; /* the fichier attribute as written */
    const char *folder;  /* where a relative written starts: the XML's folder */
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
    struct stage_file logo; /* etablissement/logo */
    char *folder;           /* the XML's folder (heap) */
};

/* False only when memory runs out. */
bool stage_files_read(const struct stage *stage, struct stage_files *files);
/* The signed copy of a document (convention, attestation, grille,
 * strategie, contrat), or NULL when <documents-signes> does not give it. */
const struct stage_file *stage_files_signed(const struct stage_files *files, const char *name);
void stage_files_free(struct stage_files *files);

/* Reads a file the stage names whole, at most max_size bytes, if it lies
 * under root (NULL: anywhere); false with *result saying why not. */
bool stage_file_read(const struct stage_file *file, const char *root, size_t max_size,
                     char **data, size_t *size, struct confine_result *result);
/* With a root: an error (rule "chemin") at the element of each file the
 * stage names (report, English documents, signed copies, logo) that leads
 * out of it. False only when memory runs out. */
bool stage_files_check_root(const struct stage *stage, const char *root,
                            struct diag_list *diags);
/* The message and « À faire » of a file that leads out of root. */
void stage_file_say_outside(const struct stage_file *file, const char *root,
                            const char *stage_id, struct diag_list *diags);

#endif
