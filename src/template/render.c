/* render.c — evaluating a compiled template against a stage: control
 * elements (si, sinon, pour-chaque) drive the walk, interpolations become
 * text, and every other element becomes a node of the layout tree. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxml/xpathInternals.h>

#include "../input/source.h"
#include "../util/file.h"
#include "../util/strbuf.h"
#include "internal.h"

struct render {
    struct arena *arena;
    struct diag_list *diags;
    xmlXPathContextPtr xpath;
    const struct template_context *values;
    struct layout_document *doc;
    bool failed;
};

static void report(struct render *r, const struct tnode *node, const char *fmt, const char *what)
{
    struct position where = {node->file, (unsigned)node->line, 0};
    diag_add(r->diags, SEVERITY_ERROR, where, "modele", r->values->label,
             "corrigez le modèle à cette ligne.", fmt, what);
    r->failed = true;
}

static xmlXPathObjectPtr evaluate(struct render *r, const struct tnode *node,
                                  xmlXPathCompExprPtr expr)
{
    xmlXPathObjectPtr result = expr ? xmlXPathCompiledEval(expr, r->xpath) : NULL;
    if (!result)
        report(r, node, "évaluation XPath impossible (%s).", tag_name(node->tag));
    return result;
}

/* The text of an interpolated string, in the arena. */
static const char *interpolate(struct render *r, const struct tnode *node,
                               const struct segment *segment)
{
    struct strbuf text = STRBUF_INIT;
    for (; segment; segment = segment->next) {
        if (segment->literal) {
            strbuf_puts(&text, segment->literal);
            continue;
        }
        xmlXPathObjectPtr value = evaluate(r, node, segment->expr);
        xmlChar *string = value ? xmlXPathCastToString(value) : NULL;
        if (string)
            strbuf_puts(&text, (const char *)string);
        xmlFree(string);
        xmlXPathFreeObject(value);
    }
    const char *copy = arena_strdup(r->arena, strbuf_str(&text));
    strbuf_free(&text);
    return copy;
}

static const char *attr_text(struct render *r, const struct tnode *node, const char *name)
{
    const struct tattr *attr = tnode_attr(node, name);
    return attr && attr->value ? interpolate(r, node, attr->value) : NULL;
}

static bool attr_true(struct render *r, const struct tnode *node, const char *name)
{
    const char *text = attr_text(r, node, name);
    return text && (strcmp(text, "oui") == 0 || strcmp(text, "1") == 0);
}

static bool test_true(struct render *r, const struct tnode *node, const char *name)
{
    const struct tattr *attr = tnode_attr(node, name);
    xmlXPathObjectPtr value = attr ? evaluate(r, node, attr->expr) : NULL;
    bool result = value && xmlXPathCastToBoolean(value);
    xmlXPathFreeObject(value);
    return result;
}

/* "20mm", "1.5cm", "12pt", "12": points. */
static float length_points(const char *text, float fallback)
{
    if (!text || !*text)
        return fallback;
    char *end;
    float value = strtof(text, &end);
    if (strcmp(end, "mm") == 0)
        return value * 72.0f / 25.4f;
    if (strcmp(end, "cm") == 0)
        return value * 72.0f / 2.54f;
    return value;
}

/* ---- Loops -------------------------------------------------------------- */

typedef void (*body_renderer)(struct render *r, const struct tnode *children, void *state);

/* Renders children once per node of the select expression, with that node
 * as the context (and position() and last() right). */
static void for_each(struct render *r, const struct tnode *node, body_renderer render_body,
                     void *state)
{
    const struct tattr *select = tnode_attr(node, "select");
    xmlXPathObjectPtr nodes = select ? evaluate(r, node, select->expr) : NULL;
    if (nodes && nodes->type != XPATH_NODESET) {
        report(r, node, "select de <%s> n'est pas un ensemble de nœuds.", tag_name(node->tag));
    } else if (nodes && nodes->nodesetval) {
        xmlNodePtr saved = r->xpath->node;
        int saved_size = r->xpath->contextSize, saved_position = r->xpath->proximityPosition;
        xmlNodeSetPtr set = nodes->nodesetval;
        for (int i = 0; i < set->nodeNr && !r->failed; i++) {
            r->xpath->node = set->nodeTab[i];
            r->xpath->contextSize = set->nodeNr;
            r->xpath->proximityPosition = i + 1;
            render_body(r, node->children, state);
        }
        r->xpath->node = saved;
        r->xpath->contextSize = saved_size;
        r->xpath->proximityPosition = saved_position;
    }
    xmlXPathFreeObject(nodes);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Text made only of template indentation. */
static bool is_blank_text(const struct tnode *node)
{
    if (node->tag != TAG_TEXT)
        return false;
    for (const struct segment *segment = node->text; segment; segment = segment->next) {
        if (segment->expr)
            return false;
        for (const char *at = segment->literal; *at; at++)
            if (!is_space(*at))
                return false;
    }
    return true;
}

/* <si test> … </si> <sinon> … </sinon>: returns the children to render. */
static const struct tnode *chosen_branch(struct render *r, const struct tnode *node)
{
    if (test_true(r, node, "test"))
        return node->children;
    const struct tnode *next = node->next;
    while (next && is_blank_text(next))
        next = next->next;
    return next && next->tag == TAG_SINON ? next->children : NULL;
}

/* ---- Inline content ------------------------------------------------------ */

struct inline_state {
    struct run **tail;
    unsigned style;
};

static void render_inline_list(struct render *r, const struct tnode *nodes, void *state);

static struct run *add_run(struct render *r, struct inline_state *state, enum run_kind kind,
                           const char *text)
{
    struct run *run = tree_run(r->arena, kind, text, state->style);
    if (run)
        TREE_APPEND(state->tail, run);
    return run;
}

static void render_styled(struct render *r, const struct tnode *node, struct inline_state *state,
                          unsigned style)
{
    unsigned saved = state->style;
    state->style |= style;
    render_inline_list(r, node->children, state);
    state->style = saved;
}

static void render_inline(struct render *r, const struct tnode *node, struct inline_state *state)
{
    struct run *run;
    switch (node->tag) {
    case TAG_TEXT: add_run(r, state, RUN_TEXT, interpolate(r, node, node->text)); break;
    case TAG_B: render_styled(r, node, state, STYLE_BOLD); break;
    case TAG_I: render_styled(r, node, state, STYLE_ITALIC); break;
    case TAG_U: render_styled(r, node, state, STYLE_UNDERLINE); break;
    case TAG_BR: add_run(r, state, RUN_TEXT, "\n"); break;
    case TAG_NUMERO_PAGE: add_run(r, state, RUN_PAGE_NUMBER, NULL); break;
    case TAG_NOMBRE_PAGES: add_run(r, state, RUN_PAGE_COUNT, NULL); break;
    case TAG_CASE:
        if ((run = add_run(r, state, RUN_CHECKBOX, NULL)))
            run->checked = test_true(r, node, "coche");
        break;
    case TAG_BLANC:
        if ((run = add_run(r, state, RUN_BLANK, NULL)))
            run->width = length_points(attr_text(r, node, "largeur"), 0);
        break;
    case TAG_SI: render_inline_list(r, chosen_branch(r, node), state); break;
    case TAG_POUR_CHAQUE: for_each(r, node, render_inline_list, state); break;
    case TAG_SINON: break; /* rendered by its <si> */
    default: report(r, node, "<%s> ne peut pas se trouver dans un texte.", tag_name(node->tag));
    }
}

static void render_inline_list(struct render *r, const struct tnode *nodes, void *state)
{
    for (const struct tnode *node = nodes; node && !r->failed; node = node->next)
        render_inline(r, node, state);
}

/* Template text is indented XML: spaces and newlines collapse to one space
 * across runs, and a paragraph starts and ends without one (as in HTML).
 * Line breaks come from <br/> runs, which hold exactly "\n". */
static void collapse_whitespace(struct render *r, struct run *runs)
{
    bool after_space = true; /* at the start, drop leading spaces */
    struct run *last_text = NULL;
    for (struct run *run = runs; run; run = run->next) {
        if (run->kind != RUN_TEXT) {
            after_space = false;
            continue;
        }
        if (strcmp(run->text, "\n") == 0) {
            after_space = true;
            last_text = NULL;
            continue;
        }
        char *out = arena_strdup(r->arena, run->text);
        size_t len = 0;
        for (const char *at = run->text; out && *at; at++) {
            if (is_space(*at)) {
                if (!after_space)
                    out[len++] = ' ';
                after_space = true;
            } else {
                out[len++] = *at;
                after_space = false;
            }
        }
        if (out)
            out[len] = '\0';
        run->text = out ? out : run->text;
        last_text = run;
    }
    /* Trailing space of the paragraph's last text. */
    if (last_text && after_space) {
        size_t len = strlen(last_text->text);
        if (len && last_text->text[len - 1] == ' ')
            ((char *)last_text->text)[len - 1] = '\0';
    }
}

/* Text runs that collapsed to nothing are dropped. */
static struct run *drop_empty_runs(struct run *runs)
{
    struct run **at = &runs;
    while (*at) {
        if ((*at)->kind == RUN_TEXT && (*at)->text[0] == '\0')
            *at = (*at)->next;
        else
            at = &(*at)->next;
    }
    return runs;
}

static struct run *render_runs(struct render *r, const struct tnode *children)
{
    struct run *runs = NULL;
    struct inline_state state = {&runs, 0};
    render_inline_list(r, children, &state);
    collapse_whitespace(r, runs);
    return drop_empty_runs(runs);
}

/* ---- Blocks -------------------------------------------------------------- */

struct block_state {
    struct block **tail;
};

static void render_block_list(struct render *r, const struct tnode *nodes, void *state);

static struct block *add_block(struct render *r, struct block_state *state, enum block_kind kind)
{
    struct block *block = tree_block(r->arena, kind);
    if (block)
        TREE_APPEND(state->tail, block);
    return block;
}

static enum align align_from(const char *text, enum align fallback)
{
    if (!text)
        return fallback;
    if (strcmp(text, "gauche") == 0)
        return ALIGN_LEFT;
    if (strcmp(text, "centre") == 0)
        return ALIGN_CENTER;
    if (strcmp(text, "droite") == 0)
        return ALIGN_RIGHT;
    return ALIGN_JUSTIFY;
}

static void apply_text_attributes(struct render *r, const struct tnode *node, struct block *block)
{
    block->align = align_from(attr_text(r, node, "aligne"), block->align);
    block->font_size = length_points(attr_text(r, node, "taille"), 0);
    block->space_before = length_points(attr_text(r, node, "avant"), 0);
    block->space_after = length_points(attr_text(r, node, "apres"), 0);
    if (tnode_attr(node, "lie-au-suivant"))
        block->keep_with_next = attr_true(r, node, "lie-au-suivant");
}

static bool has_block_child(const struct tnode *children)
{
    for (const struct tnode *child = children; child; child = child->next)
        if (!tag_is_inline(child->tag) && child->tag != TAG_SI && child->tag != TAG_SINON &&
            child->tag != TAG_POUR_CHAQUE)
            return true;
        else if ((child->tag == TAG_SI || child->tag == TAG_SINON ||
                  child->tag == TAG_POUR_CHAQUE) && has_block_child(child->children))
            return true;
    return false;
}

/* The content of a cell or list item: blocks, or text made a paragraph. */
static void render_flow(struct render *r, const struct tnode *node, struct block *container,
                        enum align align)
{
    struct block_state inner = {&container->children};
    if (has_block_child(node->children)) {
        render_block_list(r, node->children, &inner);
        return;
    }
    struct block *paragraph = add_block(r, &inner, BLOCK_PARAGRAPH);
    if (paragraph) {
        paragraph->runs = render_runs(r, node->children);
        paragraph->align = align;
        paragraph->space_after = 0.01f;
        apply_text_attributes(r, node, paragraph);
    }
}

static void render_table_columns(struct render *r, const struct tnode *node, struct block *table)
{
    const char *spec = attr_text(r, node, "colonnes");
    size_t capacity = spec ? strlen(spec) / 2 + 1 : 1;
    float *fractions = arena_alloc(r->arena, sizeof *fractions * capacity);
    int count = 0;
    float total = 0;
    for (const char *at = spec ? spec : ""; fractions && *at && (size_t)count < capacity;) {
        char *end;
        float value = strtof(at, &end);
        if (end == at)
            break;
        fractions[count++] = value;
        total += value;
        at = end + (*end == '%');
        while (*at == ' ')
            at++;
    }
    if (count == 0 || total <= 0) {
        report(r, node, "<tableau> : attribut colonnes manquant ou illisible (%s).",
               spec ? spec : "");
        return;
    }
    for (int i = 0; i < count; i++)
        fractions[i] /= total;
    table->column_count = count;
    table->column_widths = fractions;
}

static void render_table(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *table = add_block(r, state, BLOCK_TABLE);
    if (!table)
        return;
    render_table_columns(r, node, table);
    const char *header = attr_text(r, node, "entete");
    table->header_rows = header ? atoi(header) : 0;
    if (tnode_attr(node, "bordures"))
        table->borders = attr_true(r, node, "bordures");
    table->keep_together = attr_true(r, node, "insecable");
    struct block_state rows = {&table->children};
    render_block_list(r, node->children, &rows);
    int index = 0;
    for (struct block *row = table->children; row; row = row->next)
        if (index++ < table->header_rows)
            row->shaded = true;
}

static void render_row(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *row = add_block(r, state, BLOCK_ROW);
    if (!row)
        return;
    row->shaded = attr_true(r, node, "grisee");
    struct block_state cells = {&row->children};
    render_block_list(r, node->children, &cells);
}

static void render_cell(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *cell = add_block(r, state, BLOCK_CELL);
    if (!cell)
        return;
    const char *span = attr_text(r, node, "fusion");
    cell->column_span = span && atoi(span) > 1 ? atoi(span) : 1;
    const char *fill = attr_text(r, node, "fond");
    if (fill && *fill)
        cell->fill_gray = strtof(fill, NULL);
    render_flow(r, node, cell, ALIGN_LEFT);
}

static void render_list(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *list = add_block(r, state, BLOCK_LIST);
    if (!list)
        return;
    list->numbered = attr_true(r, node, "numerotee");
    struct block_state items = {&list->children};
    render_block_list(r, node->children, &items);
}

static void render_list_item(struct render *r, const struct tnode *node,
                             struct block_state *state)
{
    struct block *item = add_block(r, state, BLOCK_GROUP);
    if (item)
        render_flow(r, node, item, ALIGN_JUSTIFY);
}

/* A relative image path is the input file's: the school's logo sits beside
 * its XML. A missing file is a warning, and the image is left out. */
static void render_image(struct render *r, const struct tnode *node, struct block_state *state)
{
    const char *file = attr_text(r, node, "fichier");
    if (!file || !*file)
        return;
    char *path = file[0] == '/' || !r->values->input_dir
                     ? strdup(file)
                     : path_join(r->values->input_dir, file);
    if (!path || access(path, R_OK) != 0) {
        struct position where = {node->file, (unsigned)node->line, 0};
        diag_add(r->diags, SEVERITY_WARNING, where, "image", r->values->label,
                 "vérifiez le chemin (relatif au fichier XML du stage).",
                 "image introuvable : %s ; le document est produit sans elle.", file);
        free(path);
        return;
    }
    struct block *image = add_block(r, state, BLOCK_IMAGE);
    if (image) {
        image->path = arena_strdup(r->arena, path);
        image->width = length_points(attr_text(r, node, "largeur"), 80);
        image->height = length_points(attr_text(r, node, "hauteur"), 0);
        image->align = align_from(attr_text(r, node, "aligne"), ALIGN_LEFT);
    }
    free(path);
}

static void render_signature(struct render *r, const struct tnode *node,
                             struct block_state *state)
{
    struct block *signature = add_block(r, state, BLOCK_SIGNATURE);
    if (!signature)
        return;
    signature->field_name = attr_text(r, node, "champ");
    signature->role = attr_text(r, node, "role");
    signature->person = attr_text(r, node, "nom");
    signature->mention = attr_text(r, node, "mention");
    signature->height = length_points(attr_text(r, node, "hauteur"), 0);
    signature->width = length_points(attr_text(r, node, "largeur"), 0);
    signature->keep_together = true;
}

static void render_text_block(struct render *r, const struct tnode *node,
                              struct block_state *state, enum block_kind kind)
{
    struct block *block = add_block(r, state, kind);
    if (!block)
        return;
    if (kind == BLOCK_HEADING) {
        const char *level = attr_text(r, node, "niveau");
        block->level = level && atoi(level) >= 1 && atoi(level) <= 3 ? atoi(level) : 1;
        block->align = ALIGN_LEFT;
    }
    block->runs = render_runs(r, node->children);
    apply_text_attributes(r, node, block);
}

static void render_group(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *group = add_block(r, state, BLOCK_GROUP);
    if (!group)
        return;
    group->keep_together = true;
    struct block_state inner = {&group->children};
    render_block_list(r, node->children, &inner);
}

static void render_block(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *block;
    switch (node->tag) {
    case TAG_TEXT:
        if (!is_blank_text(node))
            report(r, node, "texte hors d'un paragraphe : entourez-le de <p>…</p> (%s).",
                   "texte");
        break;
    case TAG_TITRE: render_text_block(r, node, state, BLOCK_HEADING); break;
    case TAG_P: render_text_block(r, node, state, BLOCK_PARAGRAPH); break;
    case TAG_LISTE: render_list(r, node, state); break;
    case TAG_ELEMENT: render_list_item(r, node, state); break;
    case TAG_TABLEAU: render_table(r, node, state); break;
    case TAG_LIGNE: render_row(r, node, state); break;
    case TAG_CELLULE: render_cell(r, node, state); break;
    case TAG_IMAGE: render_image(r, node, state); break;
    case TAG_SIGNATURE: render_signature(r, node, state); break;
    case TAG_ENSEMBLE: render_group(r, node, state); break;
    case TAG_SAUT_DE_PAGE: add_block(r, state, BLOCK_PAGE_BREAK); break;
    case TAG_ESPACE:
        if ((block = add_block(r, state, BLOCK_SPACE)))
            block->height = length_points(attr_text(r, node, "hauteur"), 6);
        break;
    case TAG_SI: render_block_list(r, chosen_branch(r, node), state); break;
    case TAG_POUR_CHAQUE: for_each(r, node, render_block_list, state); break;
    case TAG_SINON: case TAG_ENTETE: case TAG_PIED: break;
    default:
        report(r, node, "<%s> doit se trouver dans un paragraphe <p>.", tag_name(node->tag));
    }
}

static void render_block_list(struct render *r, const struct tnode *nodes, void *state)
{
    for (const struct tnode *node = nodes; node && !r->failed; node = node->next)
        render_block(r, node, state);
}

/* ---- The document -------------------------------------------------------- */

static void render_margins(struct render *r, const struct tnode *root)
{
    const char *margins = attr_text(r, root, "marges");
    if (!margins)
        return;
    float values[4] = {56.7f, 56.7f, 56.7f, 56.7f};
    int count = 0;
    for (const char *at = margins; *at && count < 4;) {
        while (*at == ' ')
            at++;
        const char *end = at;
        while (*end && *end != ' ')
            end++;
        char piece[32];
        snprintf(piece, sizeof piece, "%.*s", (int)(end - at), at);
        if (end > at)
            values[count++] = length_points(piece, 56.7f);
        at = end;
    }
    if (count == 0)
        return;
    /* CSS order: one value for all, or top right bottom left. */
    struct layout_document *doc = r->doc;
    doc->margin_top = values[0];
    doc->margin_right = count > 1 ? values[1] : values[0];
    doc->margin_bottom = count > 2 ? values[2] : values[0];
    doc->margin_left = count > 3 ? values[3] : doc->margin_right;
}

static void render_document_attributes(struct render *r, const struct tnode *root)
{
    struct layout_document *doc = r->doc;
    doc->title = attr_text(r, root, "titre");
    doc->author = attr_text(r, root, "auteur");
    doc->subject = attr_text(r, root, "sujet");
    doc->keywords = attr_text(r, root, "mots-cles");
    const char *size = attr_text(r, root, "taille");
    if (size && strcmp(size, "A4-paysage") == 0) {
        float width = doc->page_width;
        doc->page_width = doc->page_height;
        doc->page_height = width;
    }
    doc->font_size = length_points(attr_text(r, root, "corps"), doc->font_size);
    render_margins(r, root);
    for (const struct tnode *child = root->children; child; child = child->next) {
        if (child->tag == TAG_ENTETE)
            doc->header = render_runs(r, child->children);
        else if (child->tag == TAG_PIED)
            doc->footer = render_runs(r, child->children);
    }
}

/* Evaluation errors are reported with the template's line by evaluate(). */
static void silence_xpath_error(void *data, xmlErrorPtr error)
{
    (void)data;
    (void)error;
}

struct layout_document *template_render(const struct template_set *set, const char *name,
                                        const struct template_context *context,
                                        struct arena *arena, struct diag_list *diags)
{
    const struct compiled_template *compiled = template_set_find(set, name);
    if (!compiled)
        return NULL;
    xmlNodePtr root = context->root ? context->root : context->stage->root;
    struct render r = {arena, diags, xmlXPathNewContext(root->doc), context,
                       tree_document(arena), false};
    if (!r.xpath || !r.doc) {
        xmlXPathFreeContext(r.xpath);
        return NULL;
    }
    r.xpath->node = root;
    r.xpath->error = silence_xpath_error;
    template_register_functions(r.xpath);
    xmlDocPtr built = template_register_variables(r.xpath, context, template_set_referentiel(set));
    render_document_attributes(&r, compiled->root);
    struct block_state blocks = {&r.doc->blocks};
    render_block_list(&r, compiled->root->children, &blocks);
    xmlXPathFreeContext(r.xpath);
    xmlFreeDoc(built); /* after the context: its variables point into it */
    return r.failed || arena->failed ? NULL : r.doc;
}
