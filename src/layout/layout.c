/* layout.c — the layout engine's entry point: checks the page geometry,
 * sets up the run context, lays out the blocks into slices, paginates
 * them, then adds headers, footers and page numbers. Also the context's
 * small services (errors, the two arenas). */
#include "engine.h"

#include <stdarg.h>
#include <stdlib.h>

bool lctx_fail(struct lctx *ctx, const char *fmt, ...)
{
    if (ctx->error->len == ctx->error_mark) {
        va_list args;
        va_start(args, fmt);
        strbuf_vprintf(ctx->error, fmt, args);
        va_end(args);
    }
    return false;
}

void *lctx_scratch(struct lctx *ctx, size_t size)
{
    void *memory = arena_alloc(&ctx->scratch, size);
    if (!memory)
        lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
    return memory;
}

void *lctx_output(struct lctx *ctx, size_t size)
{
    void *memory = arena_alloc(&ctx->out->arena, size);
    if (!memory)
        lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
    return memory;
}

const char *lctx_strdup_output(struct lctx *ctx, const char *text)
{
    if (!text)
        return NULL;
    const char *copy = arena_strdup(&ctx->out->arena, text);
    if (!copy)
        lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
    return copy;
}

bool layout_check_geometry(const struct layout_document *doc, struct strbuf *error)
{
    float width = doc->page_width - doc->margin_left - doc->margin_right;
    float height = doc->page_height - doc->margin_top - doc->margin_bottom;
    if (!(width >= 36 && height >= 36) || doc->margin_left < 0 || doc->margin_top < 0 ||
        doc->margin_right < 0 || doc->margin_bottom < 0) {
        strbuf_printf(error, "mise en page impossible : page %.1f × %.1f pt, marges trop grandes",
                      (double)doc->page_width, (double)doc->page_height);
        return false;
    }
    return true;
}

void lctx_setup(struct lctx *ctx, const struct layout_document *doc,
                const struct layout_options *options)
{
    ctx->doc = doc;
    ctx->hyphenator = options->hyphenator;
    ctx->body_size = doc->font_size > 0 ? doc->font_size : 9.5f;
    ctx->content_top = doc->margin_top;
    ctx->content_bottom = doc->page_height - doc->margin_bottom;
    ctx->body = (struct flow){doc->margin_left,
                              doc->page_width - doc->margin_left - doc->margin_right,
                              0.5f * ctx->body_size};
    ctx->outline_tail = &ctx->out->outline;
    metrics_init(&ctx->metrics, options->fonts);
}

bool lctx_copy_metadata(struct lctx *ctx, const struct layout_document *doc)
{
    struct laid_document *out = ctx->out;
    out->title = lctx_strdup_output(ctx, doc->title);
    out->author = lctx_strdup_output(ctx, doc->author);
    out->subject = lctx_strdup_output(ctx, doc->subject);
    out->keywords = lctx_strdup_output(ctx, doc->keywords);
    return !out->arena.failed;
}

static bool run_engine(struct lctx *ctx)
{
    struct slice_list slices = {NULL, NULL};
    return lctx_copy_metadata(ctx, ctx->doc) && tags_start(ctx) &&
           lay_blocks(ctx, ctx->doc->blocks, NULL, &ctx->body, &slices) &&
           paginate(ctx, slices.head) && lay_headers_footers(ctx) &&
           ((!ctx->out->arena.failed && !ctx->out->tags.failed) ||
            lctx_fail(ctx, "mémoire insuffisante pour la mise en page"));
}

struct laid_document *layout_run(const struct layout_document *doc,
                                 const struct layout_options *options, struct strbuf *error)
{
    struct strbuf local = STRBUF_INIT;
    error = error ? error : &local;
    if (!doc || !options || !options->fonts) {
        strbuf_puts(error, "mise en page : document ou polices absents");
        strbuf_free(&local);
        return NULL;
    }
    if (!layout_check_geometry(doc, error)) {
        strbuf_free(&local);
        return NULL;
    }
    struct laid_document *out = calloc(1, sizeof *out);
    struct lctx *ctx = out ? calloc(1, sizeof *ctx) : NULL;
    bool ok = ctx != NULL;
    if (!ok) {
        strbuf_puts(error, "mémoire insuffisante pour la mise en page");
    } else {
        ctx->out = out;
        ctx->error = error;
        ctx->error_mark = error->len;
        lctx_setup(ctx, doc, options);
        ok = run_engine(ctx);
        arena_free(&ctx->scratch);
        free(ctx->raw);
        free(ctx->chars);
        free(ctx->lines);
    }
    free(ctx);
    strbuf_free(&local);
    if (!ok) {
        laid_document_free(out);
        return NULL;
    }
    return out;
}
