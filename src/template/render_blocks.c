/* render_blocks.c — block content: headings, paragraphs, lists, tables,
 * images, signature boxes, groups and page breaks. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/confine.h"
#include "../util/file.h"
#include "render_internal.h"

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
    block->align = align_from(render_attr_text(r, node, "aligne"), block->align);
    block->font_size = render_length(render_attr_text(r, node, "taille"), 0);
    block->space_before = render_length(render_attr_text(r, node, "avant"), 0);
    block->space_after = render_length(render_attr_text(r, node, "apres"), 0);
    if (tnode_attr(node, "lie-au-suivant"))
        block->keep_with_next = render_attr_true(r, node, "lie-au-suivant");
    const char *language = render_attr_text(r, node, "langue");
    block->english = language && strcmp(language, "en") == 0;
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
    const char *spec = render_attr_text(r, node, "colonnes");
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
        render_report(r, node, "<tableau> : attribut colonnes manquant ou illisible (%s).",
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
    const char *header = render_attr_text(r, node, "entete");
    table->header_rows = header ? atoi(header) : 0;
    if (tnode_attr(node, "bordures"))
        table->borders = render_attr_true(r, node, "bordures");
    table->keep_together = render_attr_true(r, node, "insecable");
    table->labels = render_attr_true(r, node, "libelles");
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
    row->shaded = render_attr_true(r, node, "grisee");
    row->alt = render_attr_text(r, node, "resume");
    struct block_state cells = {&row->children};
    render_block_list(r, node->children, &cells);
}

static void render_cell(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *cell = add_block(r, state, BLOCK_CELL);
    if (!cell)
        return;
    const char *span = render_attr_text(r, node, "fusion");
    cell->column_span = span && atoi(span) > 1 ? atoi(span) : 1;
    const char *fill = render_attr_text(r, node, "fond");
    if (fill && *fill)
        cell->fill_gray = strtof(fill, NULL);
    const char *pattern = render_attr_text(r, node, "motif");
    if (pattern && *pattern) {
        static const char *const names[] = {"", "diagonales", "contre-diagonales", "croisillons",
                                            "horizontales"};
        for (unsigned k = 1; k < sizeof names / sizeof *names; k++)
            if (strcmp(pattern, names[k]) == 0)
                cell->pattern = (unsigned char)k;
    }
    cell->alt = render_attr_text(r, node, "alternative");
    cell->decorative = render_attr_true(r, node, "decorative");
    render_flow(r, node, cell, ALIGN_LEFT);
}

static void render_list(struct render *r, const struct tnode *node, struct block_state *state)
{
    struct block *list = add_block(r, state, BLOCK_LIST);
    if (!list)
        return;
    list->numbered = render_attr_true(r, node, "numerotee");
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
    const char *file = render_attr_text(r, node, "fichier");
    if (!file || !*file)
        return;
    char *path = file[0] == '/' || !r->values->input_dir
                     ? strdup(file)
                     : path_join(r->values->input_dir, file);
    /* The checks refused a logo outside the root already; a worker that
     * renders before they end must not read it either. */
    if (path && r->values->files_root &&
        confine_leads_out(r->values->files_root, r->values->input_dir, file)) {
        free(path);
        return;
    }
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
        image->width = render_length(render_attr_text(r, node, "largeur"), 80);
        image->height = render_length(render_attr_text(r, node, "hauteur"), 0);
        image->align = align_from(render_attr_text(r, node, "aligne"), ALIGN_LEFT);
        image->alt = render_attr_text(r, node, "alternative");
    }
    free(path);
}

static void render_signature(struct render *r, const struct tnode *node,
                             struct block_state *state)
{
    struct block *signature = add_block(r, state, BLOCK_SIGNATURE);
    if (!signature)
        return;
    signature->field_name = render_attr_text(r, node, "champ");
    signature->role = render_attr_text(r, node, "role");
    signature->person = render_attr_text(r, node, "nom");
    signature->mention = render_attr_text(r, node, "mention");
    signature->place_date = render_attr_text(r, node, "fait");
    signature->height = render_length(render_attr_text(r, node, "hauteur"), 0);
    signature->width = render_length(render_attr_text(r, node, "largeur"), 0);
    signature->keep_together = true;
}

static void render_text_block(struct render *r, const struct tnode *node,
                              struct block_state *state, enum block_kind kind)
{
    struct block *block = add_block(r, state, kind);
    if (!block)
        return;
    if (kind == BLOCK_HEADING) {
        const char *level = render_attr_text(r, node, "niveau");
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
        if (!render_is_blank_text(node))
            render_report(r, node, "texte hors d'un paragraphe : entourez-le de <p>…</p> (%s).",
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
            block->height = render_length(render_attr_text(r, node, "hauteur"), 6);
        break;
    case TAG_SI: render_block_list(r, render_chosen_branch(r, node), state); break;
    case TAG_POUR_CHAQUE: render_for_each(r, node, render_block_list, state); break;
    case TAG_SINON: case TAG_ENTETE: case TAG_PIED: break;
    default:
        render_report(r, node, "<%s> doit se trouver dans un paragraphe <p>.", tag_name(node->tag));
    }
}

void render_block_list(struct render *r, const struct tnode *nodes, void *state)
{
    for (const struct tnode *node = nodes; node && !r->failed; node = node->next)
        render_block(r, node, state);
}
