/* class_planning.c — planning.pdf in parts. Each part is one table of the
 * planning (nine weeks) with CLASS_PLANNING_PART_ROWS students at most,
 * made by the planning template from a <planning> holding that part alone
 * (planning_document_part). Its layout tree has the template's opening
 * blocks (title, legend), the table's blocks (a space, the table of
 * students: the last table) and its closing blocks; the opening ones are
 * laid out with the first part only, the closing ones with the last, and a
 * table's later parts continue it (layout_stream, layout.h). A template
 * whose tree does not have that shape is laid out whole, as before. */
#include "class_planning.h"

#include <stdlib.h>

#include "../layout/layout.h"
#include "../layout/page_store.h"
#include "pipeline.h"
#include "run.h"

struct planner {
    const struct run_context *context;
    const struct planning *planning;
    const struct class_planning_names *names;
    struct strbuf *error;
    struct diag_list *diags;
    int opening_closing;   /* blocks of the tree of a planning without tables */
    struct page_store *store;
    struct layout_stream *stream;
    bool store_failed;     /* the sink could not keep a page */
};

/* Where a part's tree splits: blocks before `table` from `own` on belong
 * to the table (its space); those after it close the document. */
struct part_shape {
    struct block *first, *own, *table;
};

static size_t row_count(const struct block *table)
{
    size_t rows = 0;
    for (const struct block *row = table->children; row; row = row->next)
        rows++;
    return rows;
}

/* The shape of a part's tree: the students' table is its last table, with
 * a row per student of the part; false when the template makes another
 * shape. */
static bool shape_of(const struct planner *pl, struct layout_document *tree,
                     const struct planning_part *part, struct part_shape *shape)
{
    int count = 0, table_at = -1;
    struct block *table = NULL;
    for (struct block *block = tree->blocks; block; block = block->next, count++)
        if (block->kind == BLOCK_TABLE)
            table = block, table_at = count;
    int closing = count - 1 - table_at, opening = pl->opening_closing - closing;
    if (!table || opening < 0 || opening > table_at ||
        row_count(table) != (size_t)table->header_rows + part->row_count)
        return false;
    shape->first = tree->blocks;
    shape->own = tree->blocks;
    for (int k = 0; k < opening; k++)
        shape->own = shape->own->next;
    shape->table = table;
    return true;
}

/* Lays out the blocks from first to last, last included. */
static bool lay_range(struct planner *pl, struct block *first, struct block *last)
{
    struct block *after = last->next;
    last->next = NULL;
    bool ok = layout_stream_add(pl->stream, first);
    last->next = after;
    return ok;
}

static bool keep_page(void *data, const struct laid_page *page)
{
    struct planner *pl = data;
    pl->store_failed = !page_store_add_page(pl->store, page);
    return !pl->store_failed;
}

/* The XML of a part, rendered; NULL after saying why. *xml to free after
 * the tree's layout (the tree may point into it). */
static struct layout_document *render(struct planner *pl, const struct planning_part *part,
                                      struct arena *arena, xmlDocPtr *xml)
{
    const struct class_planning_names *names = pl->names;
    *xml = planning_document_part(pl->planning, pl->context->holidays, names->classe,
                                  names->session, names->etablissement, part);
    struct template_context values = {.root = *xml ? xmlDocGetRootElement(*xml) : NULL,
                                      .label = "planning"};
    struct layout_document *tree =
        *xml ? template_render(pl->context->templates, "planning", &values, arena, pl->diags)
             : NULL;
    if (!tree)
        strbuf_puts(pl->error, *xml ? "le modèle n'a pas pu être évalué" : "mémoire insuffisante");
    return tree;
}

/* How many blocks the template makes around the tables. */
static bool count_opening_closing(struct planner *pl, int tables)
{
    struct arena arena = ARENA_INIT;
    xmlDocPtr xml;
    struct planning_part none = {tables, 0, 0}; /* no table has that index */
    struct layout_document *tree = render(pl, &none, &arena, &xml);
    pl->opening_closing = 0;
    for (const struct block *block = tree ? tree->blocks : NULL; block; block = block->next)
        pl->opening_closing++;
    arena_free(&arena);
    xmlFreeDoc(xml);
    return tree != NULL;
}

/* Lays out one part; *whole set when the first part shows that the
 * template cannot be laid out in parts. */
static bool lay_part(struct planner *pl, const struct planning_part *part, bool last_part,
                     bool *whole)
{
    struct arena arena = ARENA_INIT;
    xmlDocPtr xml;
    struct layout_document *tree = render(pl, part, &arena, &xml);
    struct part_shape shape;
    bool ok = tree != NULL, first = !pl->stream;
    if (ok && !shape_of(pl, tree, part, &shape)) {
        *whole = first;
        ok = first || (strbuf_puts(pl->error, "le modèle ne se découpe pas en parties"), false);
    } else if (ok) {
        struct layout_options options = {pl->context->fonts, pl->context->hyphenator};
        if (first)
            pl->stream = layout_stream_new(tree, &options, keep_page, pl, pl->error);
        shape.table->continued = part->first_row > 0;
        shape.table->to_be_continued = part->first_row + part->row_count < planning_count(pl->planning);
        struct block *from = first ? shape.first : part->first_row > 0 ? shape.table : shape.own;
        ok = pl->stream && lay_range(pl, from, shape.table) &&
             (!last_part || !shape.table->next || layout_stream_add(pl->stream, shape.table->next));
    }
    arena_free(&arena);
    xmlFreeDoc(xml);
    return ok;
}

static bool lay_out_parts(struct planner *pl, bool *whole)
{
    size_t rows = planning_count(pl->planning);
    int tables = planning_table_count(pl->planning);
    *whole = tables == 0; /* nothing to cut */
    if (*whole || !count_opening_closing(pl, tables))
        return *whole;
    for (int table = 0; table < tables; table++)
        for (size_t first = 0; first < rows; first += CLASS_PLANNING_PART_ROWS) {
            size_t count = rows - first < CLASS_PLANNING_PART_ROWS ? rows - first
                                                                   : CLASS_PLANNING_PART_ROWS;
            struct planning_part part = {table, first, count};
            bool last = table == tables - 1 && first + count == rows;
            if (!lay_part(pl, &part, last, whole) || *whole)
                return *whole;
        }
    return true;
}

/* A stored page with its header and footer. */
static const struct laid_page *finished_page(void *data, int index)
{
    struct planner *pl = data;
    struct laid_page *page = page_store_page(pl->store, index);
    return page && layout_stream_bands(pl->stream, page, index) ? page : NULL;
}

/* The planning laid out whole, for a template that does not split. */
static unsigned char *whole_pdf(struct planner *pl, const struct pdf_options *options,
                                size_t *size, enum class_planning_failure *failure)
{
    const struct class_planning_names *names = pl->names;
    xmlDocPtr doc = planning_document(pl->planning, pl->context->holidays, names->classe,
                                      names->session, names->etablissement);
    struct template_context values = {.root = doc ? xmlDocGetRootElement(doc) : NULL,
                                      .label = "planning"};
    struct laid_document *pages =
        doc ? pipeline_lay_out(pl->context, "planning", &values, pl->diags, pl->error) : NULL;
    xmlFreeDoc(doc); /* the pages hold what they need of it */
    *failure = pages ? PLANNING_DRAWING : PLANNING_LAYOUT;
    unsigned char *bytes = pages ? pipeline_pdf(pl->context, pages, options, size, pl->error) : NULL;
    laid_document_free(pages);
    return bytes;
}

unsigned char *class_planning_pdf(const struct run_context *context,
                                  const struct planning *planning,
                                  const struct class_planning_names *names,
                                  const struct pdf_options *options, size_t *size,
                                  struct strbuf *error, enum class_planning_failure *failure,
                                  struct diag_list *diags)
{
    struct planner pl = {context, planning, names, error, diags, 0, NULL, NULL, false};
    *failure = PLANNING_LAYOUT;
    if (!template_prepare(context->templates, "planning", diags)) {
        strbuf_puts(error, "le modèle n'a pas pu être préparé");
        return NULL;
    }
    bool whole = false, laid = (pl.store = page_store_new(context->run->engine->tmp_dir)) && lay_out_parts(&pl, &whole);
    unsigned char *bytes = NULL;
    if (!pl.store) {
        strbuf_puts(error, "impossible de garder les pages dans un fichier temporaire");
        *failure = PLANNING_STORE;
    } else if (laid && whole) {
        bytes = whole_pdf(&pl, options, size, failure);
    } else if (laid) {
        const struct laid_document *head = layout_stream_finish(pl.stream);
        struct pdf_page_source source = {page_store_count(pl.store), finished_page, &pl};
        *failure = head ? PLANNING_DRAWING : PLANNING_STORE;
        if (head)
            pdf_render_pages(head, &source, context->fonts, context->pdf_fonts, options, &bytes,
                             size, error);
    }
    if (pl.store_failed)
        *failure = PLANNING_STORE;
    layout_stream_free(pl.stream);
    page_store_free(pl.store);
    return bytes;
}
