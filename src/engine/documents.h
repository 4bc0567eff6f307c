/* documents.h — the documents stagedoc builds, from templates/documents.tsv:
 * each one's template, output file name, and the voies it applies to. */
#ifndef STAGEDOC_ENGINE_DOCUMENTS_H
#define STAGEDOC_ENGINE_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../model/stage.h"
#include "../util/strbuf.h"
#include "stagedoc.h"

struct document_kind {
    char *name;        /* for --only: "convention" */
    char *template;    /* templates/documents/<template>.xml */
    char *file;        /* written as DIR/<id>/<file> */
    bool voies[3];     /* indexed by enum voie */
    char *not_for;     /* why the other voies do not get it */
};

struct document_list {
    struct document_kind *items;
    size_t count, capacity;
};

struct template_set;
struct run_context;
struct run_options;

bool documents_load(const char *templates_dir, struct document_list *list, struct strbuf *error);
void documents_free(struct document_list *list);
/* What a command that makes documents opens first: the engine's rendering
 * resources, then the list of documents. The run hears why on failure. */
sd_status documents_open_run(struct sd_run *run, struct document_list *list);
/* Compiles, once, the templates of the documents marked in selected (all
 * when NULL): an error names the template's file and line, before any
 * document is made. */
bool documents_prepare(const struct document_list *list, const bool *selected,
                       struct template_set *templates, struct diag_list *diags);
const struct document_kind *documents_find(const struct document_list *list, const char *name);
bool document_applies(const struct document_kind *kind, const struct stage *stage);
/* True when some kind of that name applies (e.g. the employer's attestation
 * for an apprentice where the certificate does not). */
bool documents_applies_by_name(const struct document_list *list, const char *name,
                               const struct stage *stage);
/* The kind's file name with {unite} replaced by unit ("" when NULL):
 * "grille-U62.pdf". Appended to out. */
void document_file_name(const struct document_kind *kind, const char *unit, struct strbuf *out);

#endif
