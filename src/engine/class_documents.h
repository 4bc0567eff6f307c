/* class_documents.h — what a promotion gets besides each stage's documents:
 * every certificate of the class in one print-ready file (attestations.pdf,
 * in the promotion's order, each on its own pages, one bookmark per
 * student) and the class planning (planning.pdf). */
#ifndef STAGEDOC_ENGINE_CLASS_DOCUMENTS_H
#define STAGEDOC_ENGINE_CLASS_DOCUMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/diag.h"
#include "../layout/page.h"
#include "../model/calendar.h"
#include "../model/stage.h"
#include "../util/strbuf.h"
#include "context.h"

struct class_documents;

/* Pages wait in a temporary file in tmp_dir. */
struct class_documents *class_documents_new(const char *tmp_dir);
/* Every stage of the promotion, in order (for the planning). */
void class_documents_add_stage(struct class_documents *klass, const struct stage *stage,
                               const struct calendar *calendar);
/* Keeps a stage's certificate pages for attestations.pdf (takes them), in a
 * temporary file (page_store.h), so that memory does not grow with the
 * class. */
void class_documents_keep_certificate(struct class_documents *klass, const struct stage *stage,
                                      struct laid_document *pages);

struct class_output {
    struct sd_sink *sink;     /* where they go */
    const char *prefix;       /* "" or "<file stem>-" when several inputs */
    int64_t date;             /* for the PDFs' metadata */
    bool planning;            /* write planning.pdf */
    bool pdfa;                /* as PDF/A-1b */
};

/* Writes the class documents; calls wrote() for each file written. Returns
 * false after reporting a problem in diags. */
struct sink_output;
typedef void (*class_written)(const char *document, const struct sink_output *written,
                              void *data);
bool class_documents_write(struct class_documents *klass, const struct run_context *context,
                           const struct class_output *output, class_written wrote, void *data,
                           struct diag_list *diags);
void class_documents_free(struct class_documents *klass);

#endif
