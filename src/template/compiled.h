/* compiled.h — the compiled form of a template, shared by parse.c (which
 * builds it) and render.c (which walks it). Internal to src/template/. */
#ifndef STAGEDOC_TEMPLATE_COMPILED_H
#define STAGEDOC_TEMPLATE_COMPILED_H

#include <stdbool.h>
#include <libxml/xpath.h>

/* The template elements. */
enum tag {
    TAG_TEXT, /* literal text with {xpath} interpolations */
    TAG_DOCUMENT, TAG_ENTETE, TAG_PIED, TAG_TITRE, TAG_P, TAG_LISTE, TAG_ELEMENT,
    TAG_TABLEAU, TAG_LIGNE, TAG_CELLULE, TAG_IMAGE, TAG_SIGNATURE, TAG_SAUT_DE_PAGE,
    TAG_ESPACE, TAG_ENSEMBLE, TAG_SI, TAG_SINON, TAG_POUR_CHAQUE, TAG_B, TAG_I, TAG_U,
    TAG_BR, TAG_CASE, TAG_BLANC, TAG_NUMERO_PAGE, TAG_NOMBRE_PAGES, TAG_VALEUR,
    TAG_COUNT
};

/* A string with interpolations: literal pieces and compiled expressions. */
struct segment {
    const char *literal;           /* or NULL when expr is set */
    xmlXPathCompExprPtr expr;
    struct segment *next;
};

struct tattr {
    const char *name;
    struct segment *value;         /* interpolated attribute value */
    xmlXPathCompExprPtr expr;      /* for test, select, coche: a raw expression */
    struct tattr *next;
};

struct tnode {
    enum tag tag;
    struct segment *text;          /* TAG_TEXT */
    struct tattr *attrs;
    struct tnode *children;
    struct tnode *next;
    const char *file;              /* the template file, for messages */
    int line;
};

struct compiled_template {
    char *name;
    struct tnode *root;            /* TAG_DOCUMENT */
    struct compiled_template *next;
};

const char *tag_name(enum tag tag);
bool tag_is_inline(enum tag tag);
const struct tattr *tnode_attr(const struct tnode *node, const char *name);

#endif
