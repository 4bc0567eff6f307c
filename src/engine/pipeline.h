/* pipeline.h — one document through the pipeline: template → layout tree →
 * positioned pages → PDF bytes, which build and bundle hand to their sink,
 * for each stage's documents and for the class-wide ones. */
#ifndef STAGEDOC_ENGINE_PIPELINE_H
#define STAGEDOC_ENGINE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"
#include "../layout/page.h"
#include "../pdf/pdf.h"
#include "../template/template.h"
#include "../util/strbuf.h"
#include "context.h"

/* Template and layout. NULL on failure: template problems are in diags,
 * layout ones (a character no font has) in error. */
struct laid_document *pipeline_lay_out(const struct run_context *context,
                                       const char *template_name,
                                       const struct template_context *values,
                                       struct diag_list *diags, struct strbuf *error);
/* PDF bytes of positioned pages (heap), or NULL with error. */
unsigned char *pipeline_pdf(const struct run_context *context, const struct laid_document *pages,
                            const struct pdf_options *options, size_t *size,
                            struct strbuf *error);
/* A stage's XML as bytes: embedded in each of its PDFs, so it is written
 * out once per stage, not once per document. */
struct stage_xml {
    unsigned char *bytes;
    size_t size;
};

void pipeline_stage_xml(const struct stage *stage, struct stage_xml *out);
void pipeline_stage_xml_free(struct stage_xml *xml);

/* What to make of a stage. */
struct stage_document {
    const char *template_name;
    const char *unite;           /* NULL, or another unit than the stage's */
    int64_t date;                /* the PDF's date (seconds since 1970) */
    const struct stage_xml *xml; /* attached to the PDF */
    bool bilingual;              /* --langue fr,en */
    bool pdfa;                   /* --pdfa: PDF/A-1b whatever the input says */
};

/* Whether a stage's documents are PDF/A-1b: asked (--pdfa), or its
 * pdfa="oui", else its promotion's pdfa="oui" (a stage's pdfa="non" wins
 * over its promotion's). */
bool pipeline_wants_pdfa(const struct stage *stage, bool asked);
/* The same for a promotion's own documents (attestations.pdf,
 * planning.pdf), from one of its stages: the promotion's pdfa="oui". */
bool pipeline_promotion_wants_pdfa(const struct stage *stage, bool asked);
/* Sets the PDF/A fields of options (the sRGB profile from context). */
void pipeline_pdfa_options(const struct run_context *context, bool pdfa,
                           struct pdf_options *options);

/* A stage's document all the way to PDF bytes (heap; NULL on failure with
 * the reason in diags or error). request->xml is embedded in the PDF.
 * When pages is given, the positioned pages are handed over too (the caller
 * frees them); otherwise they are freed. */
unsigned char *pipeline_stage_document(const struct run_context *context,
                                       const struct stage_document *request,
                                       const struct stage *stage,
                                       const struct calendar *calendar, size_t *size,
                                       struct laid_document **pages, struct diag_list *diags,
                                       struct strbuf *error);

#endif
