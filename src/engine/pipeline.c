/* pipeline.c — the stages of making one document, in order. */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "../input/xmlnode.h"
#include "../layout/layout.h"
#include "../rules/regulation.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

struct laid_document *pipeline_lay_out(const struct run_context *context,
                                       const char *template_name,
                                       const struct template_context *values,
                                       struct diag_list *diags, struct strbuf *error)
{
    struct arena arena = ARENA_INIT;
    struct layout_document *tree =
        template_render(context->templates, template_name, values, &arena, diags);
    struct layout_options layout = {context->fonts, context->hyphenator};
    struct laid_document *pages = tree ? layout_run(tree, &layout, error) : NULL;
    if (!tree)
        strbuf_puts(error, "le modèle n'a pas pu être évalué");
    arena_free(&arena); /* the positioned pages own copies of what they need */
    return pages;
}

unsigned char *pipeline_pdf(const struct run_context *context, const struct laid_document *pages,
                            const struct pdf_options *options, size_t *size,
                            struct strbuf *error)
{
    unsigned char *bytes = NULL;
    if (!pdf_render_with_cache(pages, context->fonts, context->pdf_fonts, options, &bytes, size,
                               error))
        return NULL;
    return bytes;
}

static bool says_yes(xmlNodePtr node, bool *yes)
{
    const char *value = node ? xml_attr(node, "pdfa") : NULL;
    if (!value)
        return false;
    *yes = strcmp(value, "oui") == 0;
    return true;
}

bool pipeline_promotion_wants_pdfa(const struct stage *stage, bool asked)
{
    return asked || (stage->input && stage->input->promotion_pdfa);
}

bool pipeline_wants_pdfa(const struct stage *stage, bool asked)
{
    bool yes = false;
    if (asked)
        return true;
    if (says_yes(stage->root, &yes))
        return yes;
    return pipeline_promotion_wants_pdfa(stage, false);
}

void pipeline_pdfa_options(const struct run_context *context, bool pdfa,
                           struct pdf_options *options)
{
    options->pdfa = pdfa;
    options->icc_profile = pdfa ? context->srgb_profile : NULL;
    options->icc_profile_size = pdfa ? context->srgb_profile_size : 0;
}

void pipeline_stage_xml(const struct stage *stage, struct stage_xml *out)
{
    xmlChar *xml = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(stage->root->doc, &xml, &size, "UTF-8", 0);
    out->bytes = xml;
    out->size = xml && size > 0 ? (size_t)size : 0;
}

void pipeline_stage_xml_free(struct stage_xml *xml)
{
    xmlFree(xml->bytes);
    xml->bytes = NULL;
    xml->size = 0;
}

unsigned char *pipeline_stage_document(const struct run_context *context,
                                       const struct stage_document *request,
                                       const struct stage *stage,
                                       const struct calendar *calendar, size_t *size,
                                       struct laid_document **pages, struct diag_list *diags,
                                       struct strbuf *error)
{
    char *folder = stage_input_folder(stage->input); /* relative file names (the logo) */
    struct template_context values = {.stage = stage, .calendar = calendar, .input_dir = folder,
                                      .files_root = context->root,
                                      .unite = request->unite, .label = stage->id,
                                      .countries = regulation_countries(context->regulation),
                                      .bilingual = request->bilingual};
    struct laid_document *laid =
        pipeline_lay_out(context, request->template_name, &values, diags, error);
    char attachment_name[160];
    snprintf(attachment_name, sizeof attachment_name, "%s.xml", stage->id);
    struct pdf_options options = {
        .creator = "stagedoc " STAGEDOC_VERSION,
        .date = request->date,
        .attachment_name = attachment_name,
        .attachment = request->xml->bytes,
        .attachment_size = request->xml->size,
        .attachment_description = "Description XML du stage (format d'entrée de stagedoc)",
    };
    pipeline_pdfa_options(context, pipeline_wants_pdfa(stage, request->pdfa), &options);
    unsigned char *bytes = laid ? pipeline_pdf(context, laid, &options, size, error) : NULL;
    if (pages && bytes)
        *pages = laid;
    else
        laid_document_free(laid);
    free(folder);
    return bytes;
}

