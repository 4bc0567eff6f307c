/* render_internal.h — what the files of the template renderer share: the
 * state of one render and the helpers that evaluate a template's
 * expressions. render_eval.c evaluates, render_inline.c makes text runs,
 * render_blocks.c makes blocks, render.c makes the document. Internal to
 * src/template/. */
#ifndef STAGEDOC_TEMPLATE_RENDER_INTERNAL_H
#define STAGEDOC_TEMPLATE_RENDER_INTERNAL_H

#include <stdbool.h>
#include <libxml/xpath.h>

#include "internal.h"

struct render {
    struct arena *arena;
    struct diag_list *diags;
    xmlXPathContextPtr xpath;
    const struct template_context *values;
    struct layout_document *doc;
    bool failed;
};

typedef void (*body_renderer)(struct render *r, const struct tnode *children, void *state);

/* render_eval.c */
void render_report(struct render *r, const struct tnode *node, const char *fmt, const char *what);
xmlXPathObjectPtr render_evaluate(struct render *r, const struct tnode *node,
                                  xmlXPathCompExprPtr expr);
/* The text of an interpolated string, in the arena. */
const char *render_interpolate(struct render *r, const struct tnode *node,
                               const struct segment *segment);
const char *render_attr_text(struct render *r, const struct tnode *node, const char *name);
bool render_attr_true(struct render *r, const struct tnode *node, const char *name);
bool render_test_true(struct render *r, const struct tnode *node, const char *name);
/* "20mm", "1.5cm", "12pt", "12": points. */
float render_length(const char *text, float fallback);
/* Renders children once per node of the select expression. */
void render_for_each(struct render *r, const struct tnode *node, body_renderer render_body,
                     void *state);
bool render_is_space(char c);
bool render_is_blank_text(const struct tnode *node);
/* <si test> … </si> <sinon> … </sinon>: the children to render. */
const struct tnode *render_chosen_branch(struct render *r, const struct tnode *node);

/* render_inline.c: a paragraph's runs, whitespace collapsed as in HTML. */
struct run *render_runs(struct render *r, const struct tnode *children);

/* render_blocks.c: appends the blocks of nodes; state is a struct block_state. */
struct block_state {
    struct block **tail;
};
void render_block_list(struct render *r, const struct tnode *nodes, void *state);

#endif
