/* image.c — image blocks: sized from the given width and/or height, the
 * missing one from the file's aspect ratio (pixels at 96 dpi when neither
 * is given), shrunk to fit the column and the page, aligned as asked. */
#include "engine.h"

bool lay_image(struct lctx *ctx, const struct block *block, const struct flow *flow,
               struct slice_list *out)
{
    unsigned pixels_w, pixels_h;
    if (!image_pixel_size(block->path, &pixels_w, &pixels_h, ctx->error))
        return false;
    float ratio = (float)pixels_h / (float)pixels_w;
    float width = block->width, height = block->height;
    if (width <= 0 && height <= 0)
        width = 0.75f * (float)pixels_w, height = 0.75f * (float)pixels_h;
    else if (height <= 0)
        height = width * ratio;
    else if (width <= 0)
        width = height / ratio;
    float page = ctx->content_bottom - ctx->content_top;
    float scale = width > flow->width ? flow->width / width : 1;
    if (height * scale > page)
        scale = page / height;
    width *= scale, height *= scale;
    float x = flow->x + (block->align == ALIGN_CENTER  ? (flow->width - width) / 2
                         : block->align == ALIGN_RIGHT ? flow->width - width
                                                       : 0);
    struct slice *slice = slice_add(ctx, out, height, true);
    struct item *image = slice ? piece_item(ctx, slice->pieces, ITEM_IMAGE) : NULL;
    if (!image || !(image->path = lctx_strdup_output(ctx, block->path)))
        return false;
    image->x1 = x, image->y1 = 0, image->x2 = x + width, image->y2 = height;
    slice->space_before = block->space_before;
    slice->space_after = block->space_after > 0 ? block->space_after : 0.5f * ctx->body_size;
    return true;
}
