/* signature.c — signature boxes: a frame (default 95 pt high, half the
 * column wide) with the role in bold, the signatory's name, the mention
 * ("Lu et approuvé") and a "Fait à … le …" line (or the place and date
 * the template gives, or none) at its top, and below them
 * a signature field (ITEM_FIELD) over the area left to sign in. Two
 * consecutive boxes share a row; a row is one slice, never split. In the
 * structure, a box is a Div of a P (its captions) and a Form (its field);
 * the frame is an artifact. */
#include "engine.h"

#include <stdio.h>
#include <string.h>

#define SIG_PAD 6.0f
#define SIG_GUTTER 14.0f
#define SIG_HEIGHT 95.0f
#define SIG_MIN_AREA 30.0f

static float box_width(const struct block *block, const struct flow *flow)
{
    if (block->width > 0)
        return block->width < flow->width ? block->width : flow->width;
    return (flow->width - SIG_GUTTER) / 2;
}

static bool lay_caption_lines(struct lctx *ctx, const struct block *block, float x, float width,
                              struct slice_list *list);

/* The captions at the top of the box, stacked into row, in a P of a new
 * Div (*div); returns their bottom. */
static float lay_captions(struct lctx *ctx, const struct block *block, float x, float width,
                          struct slice *row, unsigned *div)
{
    unsigned outer = ctx->tag;
    *div = ctx->tag = tag_open(ctx, SE_DIV, block->english);
    ctx->tag = tag_open(ctx, SE_P, false);
    float bottom = -1;
    struct slice_list list = {NULL, NULL};
    if (lay_caption_lines(ctx, block, x, width, &list))
        bottom = slices_stack(ctx, list.head, SIG_PAD, row);
    ctx->tag = outer;
    return bottom;
}

static bool lay_caption_lines(struct lctx *ctx, const struct block *block, float x, float width,
                              struct slice_list *list)
{
    static const char place_date[] = "Fait à ………………… le ……………";
    const char *texts[4] = {block->role, block->person, block->mention,
                            block->place_date ? block->place_date : place_date};
    const unsigned styles[4] = {STYLE_BOLD, 0, STYLE_ITALIC, 0};
    struct flow inner = {x + SIG_PAD, width - 2 * SIG_PAD, 0};
    for (int k = 0; k < 4; k++) {
        if (!texts[k] || !*texts[k])
            continue;
        struct run run = {RUN_TEXT, styles[k], texts[k], false, 0, NULL};
        struct block para = {.kind = BLOCK_PARAGRAPH, .runs = &run, .align = ALIGN_LEFT};
        if (!lay_paragraph(ctx, &para, &inner, list))
            return false;
    }
    return true;
}

/* "Signature du tuteur — Jean DUPONT": what the field is for, from the
 * role ("Le tuteur", "La tutrice", "L'enseignant référent", "Pour
 * l'établissement") and the signatory. */
static const char *tooltip(struct lctx *ctx, const struct block *block)
{
    static const struct {
        const char *role, *says;
    } starts[] = {{"Le ", "Signature du "}, {"La ", "Signature de la "},
                  {"L'", "Signature de l'"}, {"L\u2019", "Signature de l\u2019"},
                  {"Pour ", "Signature pour "}};
    const char *role = block->role && *block->role ? block->role : NULL;
    struct strbuf text = STRBUF_INIT;
    size_t k = 0, count = sizeof starts / sizeof *starts;
    while (role && k < count && strncmp(role, starts[k].role, strlen(starts[k].role)) != 0)
        k++;
    if (!role)
        strbuf_puts(&text, "Signature");
    else if (k < count)
        strbuf_printf(&text, "%s%s", starts[k].says, role + strlen(starts[k].role));
    else
        strbuf_printf(&text, "Signature : %s", role);
    if (block->person && *block->person)
        strbuf_printf(&text, " — %s", block->person);
    const char *copy = lctx_strdup_output(ctx, strbuf_str(&text));
    strbuf_free(&text);
    return copy;
}

static bool add_frame(struct lctx *ctx, const struct block *block, float x, float width,
                      float captions, float height, unsigned div, struct piece *piece)
{
    unsigned outer = ctx->tag;
    ctx->tag = div;
    ctx->tag = div ? tag_open(ctx, SE_FORM, false) : 0;
    struct item *frame = piece_item(ctx, piece, ITEM_RECT);
    struct item *field = piece_item(ctx, piece, ITEM_FIELD);
    ctx->tag = outer;
    if (!frame || !field)
        return false;
    frame->x1 = x, frame->y1 = 0, frame->x2 = x + width, frame->y2 = height;
    frame->line_width = 0.6f;
    field->x1 = x + SIG_PAD, field->y1 = captions + 2;
    field->x2 = x + width - SIG_PAD, field->y2 = height - SIG_PAD;
    char name[32];
    snprintf(name, sizeof name, "signature_%d", ++ctx->signature_count);
    field->field_name = lctx_strdup_output(ctx, block->field_name ? block->field_name : name);
    field->tooltip = tooltip(ctx, block);
    return field->field_name && field->tooltip;
}

const struct block *lay_signatures(struct lctx *ctx, const struct block *first,
                                   const struct block *stop, const struct flow *flow,
                                   struct slice_list *out)
{
    const struct block *second = first->next;
    float w1 = box_width(first, flow), w2 = second ? box_width(second, flow) : 0;
    if (!second || second == stop || second->kind != BLOCK_SIGNATURE ||
        w1 + SIG_GUTTER + w2 > flow->width + LAYOUT_EPS)
        second = NULL;
    struct slice *row = slice_add(ctx, out, 0, true);
    if (!row)
        return NULL;
    float x2 = flow->x + flow->width - w2;
    unsigned div1 = 0, div2 = 0;
    float top1 = lay_captions(ctx, first, flow->x, w1, row, &div1);
    float top2 = second ? lay_captions(ctx, second, x2, w2, row, &div2) : 0;
    if (top1 < 0 || top2 < 0)
        return NULL;
    float height = first->height > 0 ? first->height : SIG_HEIGHT;
    if (second && second->height > height)
        height = second->height;
    float captions = top1 > top2 ? top1 : top2;
    if (height < captions + 2 + SIG_MIN_AREA + SIG_PAD)
        height = captions + 2 + SIG_MIN_AREA + SIG_PAD;
    row->height = row->pieces->bottom = height;
    if (!add_frame(ctx, first, flow->x, w1, top1, height, div1, row->pieces) ||
        (second && !add_frame(ctx, second, x2, w2, top2, height, div2, row->pieces)))
        return NULL;
    row->space_before = first->space_before;
    row->space_after = first->space_after > 0 ? first->space_after : 0.8f * ctx->body_size;
    return second ? second : first;
}
