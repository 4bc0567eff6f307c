/* pipeline.c — the stages of making one document, in order. */
#include "pipeline.h"

#include "../layout/layout.h"
#include "../util/atomic.h"

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

bool pipeline_write(const char *dir, const char *name, const unsigned char *bytes, size_t size,
                    struct strbuf *path, struct strbuf *error)
{
    strbuf_printf(path, "%s/%s", dir, name);
    return atomic_make_dirs(dir, error) && atomic_write(strbuf_str(path), bytes, size, error);
}
