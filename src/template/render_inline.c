/* render_inline.c — text content: runs with their styles, check boxes,
 * blanks and page numbers, with the template's indentation collapsed. */
#include <string.h>

#include "render_internal.h"

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
    case TAG_TEXT: add_run(r, state, RUN_TEXT, render_interpolate(r, node, node->text)); break;
    case TAG_B: render_styled(r, node, state, STYLE_BOLD); break;
    case TAG_I: render_styled(r, node, state, STYLE_ITALIC); break;
    case TAG_U: render_styled(r, node, state, STYLE_UNDERLINE); break;
    case TAG_BR: add_run(r, state, RUN_TEXT, "\n"); break;
    case TAG_NUMERO_PAGE: add_run(r, state, RUN_PAGE_NUMBER, NULL); break;
    case TAG_NOMBRE_PAGES: add_run(r, state, RUN_PAGE_COUNT, NULL); break;
    case TAG_CASE:
        if ((run = add_run(r, state, RUN_CHECKBOX, NULL)))
            run->checked = render_test_true(r, node, "coche");
        break;
    case TAG_BLANC:
        if ((run = add_run(r, state, RUN_BLANK, NULL)))
            run->width = render_length(render_attr_text(r, node, "largeur"), 0);
        break;
    case TAG_SI: render_inline_list(r, render_chosen_branch(r, node), state); break;
    case TAG_POUR_CHAQUE: render_for_each(r, node, render_inline_list, state); break;
    case TAG_SINON: break; /* rendered by its <si> */
    default: render_report(r, node, "<%s> ne peut pas se trouver dans un texte.", tag_name(node->tag));
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
            if (render_is_space(*at)) {
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

struct run *render_runs(struct render *r, const struct tnode *children)
{
    struct run *runs = NULL;
    struct inline_state state = {&runs, 0};
    render_inline_list(r, children, &state);
    collapse_whitespace(r, runs);
    return drop_empty_runs(runs);
}
