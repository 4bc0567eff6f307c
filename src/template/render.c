/* render.c — evaluating a compiled template against a stage: control
 * elements (si, sinon, pour-chaque) drive the walk, interpolations become
 * text, and every other element becomes a node of the layout tree. This file
 * makes the document (its attributes, header, footer); the content is made
 * by render_blocks.c and render_inline.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "render_internal.h"

static void render_margins(struct render *r, const struct tnode *root)
{
    const char *margins = render_attr_text(r, root, "marges");
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
            values[count++] = render_length(piece, 56.7f);
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
    doc->title = render_attr_text(r, root, "titre");
    doc->author = render_attr_text(r, root, "auteur");
    doc->subject = render_attr_text(r, root, "sujet");
    doc->keywords = render_attr_text(r, root, "mots-cles");
    const char *size = render_attr_text(r, root, "taille");
    if (size && strcmp(size, "A4-paysage") == 0) {
        float width = doc->page_width;
        doc->page_width = doc->page_height;
        doc->page_height = width;
    }
    doc->font_size = render_length(render_attr_text(r, root, "corps"), doc->font_size);
    render_margins(r, root);
    for (const struct tnode *child = root->children; child; child = child->next) {
        if (child->tag == TAG_ENTETE)
            doc->header = render_runs(r, child->children);
        else if (child->tag == TAG_PIED)
            doc->footer = render_runs(r, child->children);
    }
}

/* Evaluation errors are reported with the template's line by render_evaluate(). */
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
    r.xpath->userData = (void *)context->countries; /* for fr:pays */
    template_register_functions(r.xpath);
    xmlDocPtr built = template_register_variables(r.xpath, context, template_set_referentiel(set));
    render_document_attributes(&r, compiled->root);
    struct block_state blocks = {&r.doc->blocks};
    render_block_list(&r, compiled->root->children, &blocks);
    xmlXPathFreeContext(r.xpath);
    xmlFreeDoc(built); /* after the context: its variables point into it */
    return r.failed || arena->failed ? NULL : r.doc;
}
