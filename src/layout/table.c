/* table.c — tables: column widths from fractions of the available width,
 * each row a slice whose cells' blocks are stacked inside a padding, drawn
 * with a frame (border, shading) per cell. Header rows are kept with the
 * first body row and marked for repetition on each page the table
 * continues on; rows carry their padding so that pagination can cut a row
 * taller than a page between lines. */
#include "engine.h"

#define CELL_PAD 3.0f
#define SHADE_GRAY 0.9f
#define BORDER_WIDTH 0.5f

static int row_width(const struct block *row)
{
    int width = 0;
    for (const struct block *cell = row->children; cell; cell = cell->next)
        width += cell->column_span > 1 ? cell->column_span : 1;
    return width;
}

/* Columns: the table's count, or more if a row needs them. */
static int column_count(const struct block *table, bool *widened)
{
    int count = table->column_count > 0 ? table->column_count : 0;
    *widened = false;
    for (const struct block *row = table->children; row; row = row->next) {
        int width = row_width(row);
        if (width > count) {
            *widened = table->column_count > 0;
            count = width;
        }
    }
    return count > 0 ? count : 1;
}

static float *column_edges(struct lctx *ctx, const struct block *table, const struct flow *flow,
                           int count, bool widened)
{
    float *edges = lctx_scratch(ctx, (size_t)(count + 1) * sizeof *edges);
    if (!edges)
        return NULL;
    float sum = 0;
    bool given = table->column_widths && !widened;
    for (int k = 0; given && k < count; k++)
        sum += table->column_widths[k] > 0 ? table->column_widths[k] : 0;
    given = given && sum > 0;
    edges[0] = flow->x;
    for (int k = 0; k < count; k++) {
        float share = given ? (table->column_widths[k] > 0 ? table->column_widths[k] : 0) / sum
                            : 1.0f / (float)count;
        edges[k + 1] = edges[k] + share * flow->width;
    }
    edges[count] = flow->x + flow->width;
    return edges;
}

/* Where a row's cells go in the structure: a TR of TH (header rows, and
 * shaded ones) and TD cells, or nothing in a layout table. */
struct row_tags {
    bool layout;
    bool header;  /* a header row */
    bool labels;  /* the table's odd columns are row headers */
};

/* The cell's element (col: its first column, span: how many it covers),
 * opened under the row's, with the cell's alternative text: what a cell
 * that shows a state by its fill means (the planning's days). */
static unsigned open_cell(struct lctx *ctx, const struct row_tags *tags, const struct block *cell,
                          int col, int span)
{
    if (tags->layout)
        return ctx->tag;
    enum tag_kind kind = tags->header                 ? SE_TH
                         : tags->labels && col % 2 == 0 ? SE_TH_ROW
                                                        : SE_TD;
    unsigned id = tag_open(ctx, kind, cell->english);
    if (!id)
        return id;
    ctx->out->tags.nodes[id].column_span = (unsigned short)(span < 0xFFFF ? span : 0xFFFF);
    if (cell->alt && *cell->alt)
        tags_set_alt(&ctx->out->tags, id, cell->alt);
    return id;
}

/* The columns a row's decorative cells cover, from col on (at most count). */
static int decorative_span(const struct block *cell, int col, int count)
{
    int span = 0;
    for (; cell && col < count; cell = cell->next) {
        int width = cell->column_span > 1 ? cell->column_span : 1;
        width = width > count - col ? count - col : width;
        if (cell->decorative)
            span += width;
        col += width;
    }
    return span;
}

/* A decorative cell's element: none (an artifact), or, when its row sums
 * them up, one cell for them all, opened at the first, whose alternative
 * text is the row's summary (a student's days in one sentence). */
static unsigned open_decorative(struct lctx *ctx, const struct row_tags *tags,
                                const struct block *row, const struct block *cell, int col,
                                int count, unsigned *summary)
{
    if (tags->layout || !row->alt || !*row->alt)
        return 0;
    if (!*summary) {
        *summary = tag_open(ctx, tags->header ? SE_TH : SE_TD, row->english);
        if (!*summary)
            return 0;
        int span = decorative_span(cell, col, count);
        ctx->out->tags.nodes[*summary].column_span =
            (unsigned short)(span < 0xFFFF ? span : 0xFFFF);
        tags_set_alt(&ctx->out->tags, *summary, row->alt);
    }
    return *summary;
}

/* Lays out one cell's blocks into the row slice; *bottom grows to fit. */
static bool lay_cell(struct lctx *ctx, const struct block *cell, float left, float right,
                     struct slice *row, float *bottom)
{
    struct flow inner = {left + CELL_PAD, right - left - 2 * CELL_PAD, 0.25f * ctx->body_size};
    if (inner.width < 1)
        inner.width = 1;
    struct slice_list content = {NULL, NULL};
    const struct block *first = cell->kind == BLOCK_CELL ? cell->children : cell;
    const struct block *stop = cell->kind == BLOCK_CELL ? NULL : cell->next;
    /* A cell of one paragraph holds its text, unless it only places it. */
    ctx->bare_paragraph = !ctx->untagged && ctx->tag &&
                          ctx->out->tags.nodes[ctx->tag].kind != SE_DIV &&
                          tag_single_paragraph(first, stop);
    bool ok = lay_blocks(ctx, first, stop, &inner, &content);
    ctx->bare_paragraph = false;
    float y = ok ? slices_stack(ctx, content.head, CELL_PAD, row) : -1;
    if (y > *bottom)
        *bottom = y;
    return y >= 0;
}

static struct slice *lay_row(struct lctx *ctx, const struct block *table, const struct block *row,
                             const struct row_tags *tags, const float *edges, int count,
                             struct slice_list *out)
{
    struct slice *slice = slice_add(ctx, out, 0, false);
    float *x = lctx_scratch(ctx, 2 * (size_t)count * sizeof *x);
    float *gray = lctx_scratch(ctx, (size_t)count * sizeof *gray);
    unsigned char *pattern = lctx_scratch(ctx, (size_t)count * sizeof *pattern);
    struct frame *frame = lctx_scratch(ctx, sizeof *frame);
    if (!slice || !x || !gray || !pattern || !frame)
        return NULL;
    bool any_gray = false, any_pattern = false;
    float bottom = CELL_PAD + line_height(ctx->body_size);
    int col = 0, cells = 0;
    unsigned summary = 0; /* the element of the row's decorative cells */
    for (const struct block *cell = row->children; cell && col < count; cell = cell->next) {
        int span = cell->column_span > 1 ? cell->column_span : 1;
        span = span > count - col ? count - col : span;
        x[2 * cells] = edges[col];
        x[2 * cells + 1] = edges[col + span];
        pattern[cells] = cell->pattern;
        any_pattern |= cell->pattern != PATTERN_NONE;
        gray[cells++] = cell->fill_gray;
        any_gray |= cell->fill_gray >= 0;
        unsigned row_tag = ctx->tag;
        bool untagged = ctx->untagged;
        if (cell->decorative) {
            ctx->tag = open_decorative(ctx, tags, row, cell, col, count, &summary);
            ctx->untagged = untagged || !ctx->tag;
        } else {
            ctx->tag = open_cell(ctx, tags, cell, col, span);
        }
        bool ok = lay_cell(ctx, cell, edges[col], edges[col + span], slice, &bottom);
        ctx->tag = row_tag;
        ctx->untagged = untagged;
        if (!ok)
            return NULL;
        col += span;
    }
    for (; col < count; col++, cells++) { /* missing cells: empty, framed */
        x[2 * cells] = edges[col];
        x[2 * cells + 1] = edges[col + 1];
        gray[cells] = -1;
        pattern[cells] = PATTERN_NONE;
    }
    *frame = (struct frame){cells, x, row->shaded ? SHADE_GRAY : -1,
                            table->borders ? BORDER_WIDTH : 0, any_gray ? gray : NULL,
                            any_pattern ? pattern : NULL};
    slice->frame = frame;
    slice->pad = CELL_PAD;
    slice->height = bottom + CELL_PAD;
    return slice;
}

/* Header rows: kept with the first body row, repeated when they are not
 * too tall to leave room for the body. */
static void mark_headers(struct lctx *ctx, struct slice *first, int header_count)
{
    float height = 0;
    struct slice *slice = first;
    for (int k = 0; k < header_count; k++, slice = slice->next) {
        height += slice->height;
        slice->keep_with_next = slice->next != NULL;
    }
    if (height > (ctx->content_bottom - ctx->content_top) / 3)
        return;
    for (; slice; slice = slice->next) {
        slice->repeat = first;
        slice->repeat_count = header_count;
    }
}

bool lay_table(struct lctx *ctx, const struct block *table, const struct flow *flow,
               struct slice_list *out)
{
    bool widened;
    int count = column_count(table, &widened);
    const float *edges = column_edges(ctx, table, flow, count, widened);
    if (!edges)
        return false;
    struct slice_list rows_laid = {NULL, NULL};
    int rows = 0;
    unsigned table_tag = ctx->tag;
    bool untagged = ctx->untagged, layout = tag_layout_table(table);
    for (const struct block *row = table->children; row; row = row->next, rows++) {
        bool header = rows < table->header_rows;
        struct row_tags tags = {layout, header || row->shaded, table->labels};
        /* A continued table's header rows are only repeated: artifacts. */
        ctx->untagged = untagged || (header && table->continued);
        if (!layout)
            ctx->tag = tag_open(ctx, SE_TR, row->english);
        struct slice *laid = lay_row(ctx, table, row, &tags, edges, count, &rows_laid);
        ctx->tag = table_tag;
        ctx->untagged = untagged;
        if (!laid)
            return false;
    }
    struct slice *first = rows_laid.head;
    if (!first)
        return true;
    int headers = table->header_rows < rows ? table->header_rows : rows;
    if (headers > 0)
        mark_headers(ctx, first, headers);
    first->space_before = table->space_before;
    if (!table->to_be_continued)
        rows_laid.last->space_after =
            table->space_after > 0 ? table->space_after : 0.5f * ctx->body_size;
    if (table->continued) /* its header rows are only repeated */
        for (int k = 0; k < headers && first; k++)
            first = first->next;
    if (!first)
        return true;
    if (out->last)
        out->last->next = first;
    else
        out->head = first;
    out->last = rows_laid.last;
    return true;
}
