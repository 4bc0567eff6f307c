/* stream.c — a document laid out part by part (layout_stream, layout.h):
 * one layout context and one pager live across the parts; after each part
 * the pages it completed go to the sink, the page still being filled moves
 * to a fresh arena with the outline, and the part's slices are dropped. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

struct layout_stream {
    struct lctx ctx;
    struct layout_document doc; /* header, footer and geometry, in arena */
    struct arena arena;
    struct pager pager;
    layout_page_sink sink;
    void *data;
    bool finished;
    struct laid_document bands; /* what layout_stream_bands adds */
};

static struct run *copy_runs(struct arena *arena, const struct run *runs)
{
    struct run *head = NULL, **tail = &head;
    for (const struct run *run = runs; run; run = run->next) {
        struct run *copy = arena_alloc(arena, sizeof *copy);
        if (!copy)
            return NULL;
        *copy = *run;
        copy->next = NULL;
        if (run->text && !(copy->text = arena_strdup(arena, run->text)))
            return NULL;
        TREE_APPEND(tail, copy);
    }
    return head;
}

/* The page geometry, header and footer of doc, kept for the bands. */
static bool copy_document(struct layout_stream *stream, const struct layout_document *doc)
{
    stream->doc = *doc;
    stream->doc.blocks = NULL;
    stream->doc.title = stream->doc.author = stream->doc.subject = stream->doc.keywords = NULL;
    stream->doc.header = copy_runs(&stream->arena, doc->header);
    stream->doc.footer = copy_runs(&stream->arena, doc->footer);
    return !stream->arena.failed;
}

struct layout_stream *layout_stream_new(const struct layout_document *doc,
                                        const struct layout_options *options,
                                        layout_page_sink sink, void *data, struct strbuf *error)
{
    if (!doc || !options || !options->fonts) {
        strbuf_puts(error, "mise en page : document ou polices absents");
        return NULL;
    }
    if (!layout_check_geometry(doc, error))
        return NULL;
    struct layout_stream *stream = calloc(1, sizeof *stream);
    struct laid_document *out = stream ? calloc(1, sizeof *out) : NULL;
    if (!out || !copy_document(stream, doc)) {
        strbuf_puts(error, "mémoire insuffisante pour la mise en page");
        free(out);
        layout_stream_free(stream);
        return NULL;
    }
    struct lctx *ctx = &stream->ctx;
    ctx->out = out;
    ctx->error = error;
    ctx->error_mark = error->len;
    lctx_setup(ctx, &stream->doc, options);
    stream->sink = sink;
    stream->data = data;
    if (!lctx_copy_metadata(ctx, doc) || !tags_start(ctx) || !pager_start(ctx, &stream->pager)) {
        lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
        layout_stream_free(stream);
        return NULL;
    }
    return stream;
}

/* ------------------------------------------------- what outlives a part */

static const char *keep_text(struct laid_document *to, const char *text)
{
    return text ? arena_strdup(&to->arena, text) : NULL;
}

static bool keep_array(struct laid_document *to, const void **array, size_t size)
{
    if (!*array || size == 0)
        return true;
    void *copy = arena_alloc(&to->arena, size);
    if (copy)
        memcpy(copy, *array, size);
    *array = copy;
    return copy != NULL;
}

/* A copy of page in to, last of its pages. */
static struct laid_page *keep_page(struct laid_document *to, const struct laid_page *page)
{
    struct laid_page *copy = page_new(to, page->width, page->height);
    for (const struct item *item = page->items; copy && item; item = item->next) {
        struct item *kept = page_add(to, copy, item->kind);
        if (!kept)
            return NULL;
        *kept = *item;
        kept->next = NULL;
        struct glyph_run *run = &kept->glyphs;
        bool marker = run->codepoints == page_number_marker ||
                      run->codepoints == page_count_marker;
        if (!keep_array(to, (const void **)&run->glyphs, run->count * sizeof *run->glyphs) ||
            (!marker && !keep_array(to, (const void **)&run->codepoints,
                                    run->count * sizeof *run->codepoints)) ||
            !keep_array(to, (const void **)&run->extra, run->count * sizeof *run->extra))
            return NULL;
        kept->path = keep_text(to, item->path);
        kept->field_name = keep_text(to, item->field_name);
        kept->tooltip = keep_text(to, item->tooltip);
    }
    return copy;
}

/* The metadata, the outline and the page being filled, into a new arena:
 * the rest of the old one (the pages handed out, the part's glyphs) goes. */
static bool keep_open_page(struct layout_stream *stream)
{
    struct lctx *ctx = &stream->ctx;
    struct laid_document *old = ctx->out, *kept = calloc(1, sizeof *kept);
    if (!kept)
        return false;
    kept->title = keep_text(kept, old->title);
    kept->author = keep_text(kept, old->author);
    kept->subject = keep_text(kept, old->subject);
    kept->keywords = keep_text(kept, old->keywords);
    struct outline_entry **tail = &kept->outline;
    for (const struct outline_entry *entry = old->outline; entry; entry = entry->next) {
        struct outline_entry *copy = arena_alloc(&kept->arena, sizeof *copy);
        if (!copy)
            break;
        *copy = *entry;
        copy->next = NULL;
        copy->title = keep_text(kept, entry->title);
        TREE_APPEND(tail, copy);
    }
    struct laid_page *page = keep_page(kept, stream->pager.page);
    kept->page_count = old->page_count;
    if (!page || kept->arena.failed) {
        laid_document_free(kept);
        return false;
    }
    kept->tags = old->tags; /* the structure goes on */
    old->tags = (struct laid_tags){NULL, 0, 0, false};
    laid_document_free(old);
    ctx->out = kept;
    ctx->outline_tail = tail;
    stream->pager.page = page;
    return true;
}

/* Every page but the one being filled to the sink, then that one kept. */
static bool hand_out_pages(struct layout_stream *stream)
{
    struct lctx *ctx = &stream->ctx;
    for (struct laid_page *page = ctx->out->pages; page != stream->pager.page; page = page->next)
        if (!stream->sink(stream->data, page))
            return lctx_fail(ctx, "impossible de garder les pages dans un fichier temporaire");
    return keep_open_page(stream) || lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
}

bool layout_stream_add(struct layout_stream *stream, const struct block *blocks)
{
    struct lctx *ctx = &stream->ctx;
    struct slice_list slices = {NULL, NULL};
    bool ok = !stream->finished && lay_blocks(ctx, blocks, NULL, &ctx->body, &slices) &&
              pager_place(&stream->pager, slices.head) && hand_out_pages(stream);
    arena_free(&ctx->scratch); /* the part's slices */
    return ok && ((!ctx->out->arena.failed && !ctx->out->tags.failed) ||
                  lctx_fail(ctx, "mémoire insuffisante pour la mise en page"));
}

const struct laid_document *layout_stream_finish(struct layout_stream *stream)
{
    struct lctx *ctx = &stream->ctx;
    if (!stream->finished && !stream->sink(stream->data, stream->pager.page)) {
        lctx_fail(ctx, "impossible de garder les pages dans un fichier temporaire");
        return NULL;
    }
    stream->finished = true;
    ctx->out->pages = NULL;
    stream->pager.page = NULL;
    return ctx->out;
}

bool layout_stream_bands(struct layout_stream *stream, struct laid_page *page, int index)
{
    struct lctx *ctx = &stream->ctx;
    struct laid_document *out = ctx->out;
    arena_free(&stream->bands.arena);
    arena_free(&ctx->scratch);
    stream->bands.arena = (struct arena)ARENA_INIT;
    struct page_numbers nums = {index + 1, out->page_count};
    ctx->out = &stream->bands; /* the items added go there */
    bool ok = stream->finished && lay_page_bands(ctx, page, &nums) && !stream->bands.arena.failed;
    ctx->out = out;
    return ok || lctx_fail(ctx, "mémoire insuffisante pour la mise en page");
}

void layout_stream_free(struct layout_stream *stream)
{
    if (!stream)
        return;
    struct lctx *ctx = &stream->ctx;
    arena_free(&ctx->scratch);
    free(ctx->raw);
    free(ctx->chars);
    free(ctx->lines);
    laid_document_free(ctx->out);
    arena_free(&stream->bands.arena);
    arena_free(&stream->arena);
    free(stream);
}
