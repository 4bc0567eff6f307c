/* parse.c — reading a template file into its compiled form: elements become
 * tnodes, {xpath} pieces are compiled once, <inclure> pulls fragments in. */
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "../input/loader.h"
#include "../input/source.h"
#include "../input/xmlnode.h"
#include "compiled.h"
#include "internal.h"

static const char *const tag_names[TAG_COUNT] = {
    [TAG_TEXT] = "#text", [TAG_DOCUMENT] = "document", [TAG_ENTETE] = "entete",
    [TAG_PIED] = "pied", [TAG_TITRE] = "titre", [TAG_P] = "p", [TAG_LISTE] = "liste",
    [TAG_ELEMENT] = "element", [TAG_TABLEAU] = "tableau", [TAG_LIGNE] = "ligne",
    [TAG_CELLULE] = "cellule", [TAG_IMAGE] = "image", [TAG_SIGNATURE] = "signature",
    [TAG_SAUT_DE_PAGE] = "saut-de-page", [TAG_ESPACE] = "espace",
    [TAG_ENSEMBLE] = "ensemble", [TAG_SI] = "si", [TAG_SINON] = "sinon",
    [TAG_POUR_CHAQUE] = "pour-chaque", [TAG_B] = "b", [TAG_I] = "i", [TAG_U] = "u",
    [TAG_BR] = "br", [TAG_CASE] = "case", [TAG_BLANC] = "blanc",
    [TAG_NUMERO_PAGE] = "numero-page", [TAG_NOMBRE_PAGES] = "nombre-pages",
    [TAG_VALEUR] = "valeur",
};

/* Attributes holding a raw XPath expression rather than interpolated text. */
static const char *const expression_attributes[] = {"test", "select", "coche"};

const char *tag_name(enum tag tag)
{
    return tag < TAG_COUNT ? tag_names[tag] : "?";
}

bool tag_is_inline(enum tag tag)
{
    return tag == TAG_TEXT || tag == TAG_B || tag == TAG_I || tag == TAG_U || tag == TAG_BR ||
           tag == TAG_CASE || tag == TAG_BLANC || tag == TAG_NUMERO_PAGE ||
           tag == TAG_NOMBRE_PAGES || tag == TAG_VALEUR;
}

const struct tattr *tnode_attr(const struct tnode *node, const char *name)
{
    for (const struct tattr *attr = node->attrs; attr; attr = attr->next)
        if (strcmp(attr->name, name) == 0)
            return attr;
    return NULL;
}

static enum tag tag_from_name(const char *name)
{
    for (int tag = TAG_DOCUMENT; tag < TAG_COUNT; tag++)
        if (strcmp(tag_names[tag], name) == 0)
            return (enum tag)tag;
    return TAG_COUNT;
}

static void report(struct parser *parser, xmlNodePtr where, const char *fmt, const char *what)
{
    struct position position = source_node_position(where);
    diag_add(parser->diags, SEVERITY_ERROR, position, "modele", NULL,
             "corrigez le modèle (voir templates/README.md).", fmt, what);
    parser->failed = true;
}

/* True when (…) and […] pair up outside string literals. libxml2 compiles
 * an unclosed call such as "fr:date(" as "fr:date()", which would only fail
 * when a stage is rendered, after other documents were written. */
static bool brackets_balance(const char *text)
{
    int depth = 0;
    char quote = 0;
    for (const char *at = text; *at && depth >= 0; at++) {
        if (quote)
            quote = *at == quote ? 0 : quote;
        else if (*at == '\'' || *at == '"')
            quote = *at;
        else if (*at == '(' || *at == '[')
            depth++;
        else if (*at == ')' || *at == ']')
            depth--;
    }
    return depth == 0 && !quote;
}

static xmlXPathCompExprPtr compile(struct parser *parser, xmlNodePtr where, const char *text)
{
    parser->where = where;
    xmlXPathCompExprPtr expr = brackets_balance(text)
                                   ? xmlXPathCtxtCompile(parser->compile_context, BAD_CAST text)
                                   : NULL;
    if (!expr) {
        report(parser, where, "expression XPath invalide : « %s ».", text);
        return NULL;
    }
    template_set_keep_expression(parser->set, expr);
    return expr;
}

/* Finds the '}' closing an interpolation, skipping XPath string literals. */
static const char *closing_brace(const char *at)
{
    char quote = 0;
    for (; *at; at++) {
        if (quote) {
            if (*at == quote)
                quote = 0;
        } else if (*at == '\'' || *at == '"') {
            quote = *at;
        } else if (*at == '}') {
            return at;
        }
    }
    return NULL;
}

static struct segment *new_segment(struct parser *parser, struct segment ***tail)
{
    struct segment *segment = arena_alloc(parser->arena, sizeof *segment);
    if (segment)
        TREE_APPEND(*tail, segment);
    return segment;
}

static void add_literal(struct parser *parser, struct segment ***tail, const char *text,
                        size_t len)
{
    struct segment *segment = len ? new_segment(parser, tail) : NULL;
    if (segment)
        segment->literal = arena_strndup(parser->arena, text, len);
}

/* "Entre {etablissement/nom} et …" → literal, expression, literal. "{{"
 * and "}}" stand for single braces. */
struct segment *parse_interpolation(struct parser *parser, xmlNodePtr where, const char *text)
{
    struct segment *first = NULL, **tail = &first;
    struct strbuf literal = STRBUF_INIT;
    const char *at = text;
    while (*at) {
        if ((at[0] == '{' && at[1] == '{') || (at[0] == '}' && at[1] == '}')) {
            strbuf_add(&literal, at, 1);
            at += 2;
        } else if (*at == '{') {
            const char *end = closing_brace(at + 1);
            if (!end) {
                report(parser, where, "accolade non fermée dans « %s ».", text);
                break;
            }
            add_literal(parser, &tail, strbuf_str(&literal), literal.len);
            strbuf_reset(&literal);
            char *source = strndup(at + 1, (size_t)(end - at - 1));
            struct segment *segment = new_segment(parser, &tail);
            if (segment && source)
                segment->expr = compile(parser, where, source);
            free(source);
            at = end + 1;
        } else {
            strbuf_add(&literal, at, 1);
            at++;
        }
    }
    add_literal(parser, &tail, strbuf_str(&literal), literal.len);
    strbuf_free(&literal);
    return first;
}

static bool is_expression_attribute(const char *name)
{
    for (size_t i = 0; i < sizeof expression_attributes / sizeof *expression_attributes; i++)
        if (strcmp(name, expression_attributes[i]) == 0)
            return true;
    return false;
}

static void parse_attributes(struct parser *parser, xmlNodePtr element, struct tnode *node)
{
    struct tattr **tail = &node->attrs;
    for (xmlAttrPtr attr = element->properties; attr; attr = attr->next) {
        const char *name = (const char *)attr->name;
        const char *value = xml_attr(element, name);
        struct tattr *tattr = arena_alloc(parser->arena, sizeof *tattr);
        if (!tattr || !value)
            continue;
        tattr->name = arena_strdup(parser->arena, name);
        if (is_expression_attribute(name))
            tattr->expr = compile(parser, element, value);
        else
            tattr->value = parse_interpolation(parser, element, value);
        TREE_APPEND(tail, tattr);
    }
}

static struct tnode *new_tnode(struct parser *parser, enum tag tag, xmlNodePtr where)
{
    struct tnode *node = arena_alloc(parser->arena, sizeof *node);
    if (!node)
        return NULL;
    node->tag = tag;
    node->file = parser->file;
    node->line = (int)source_node_position(where).line;
    return node;
}

static void parse_children(struct parser *parser, xmlNodePtr element, struct tnode ***tail);

static void parse_element(struct parser *parser, xmlNodePtr element, struct tnode ***tail)
{
    const char *name = (const char *)element->name;
    if (strcmp(name, "inclure") == 0) {
        include_fragment(parser, element, xml_attr(element, "fragment"), tail);
        return;
    }
    enum tag tag = tag_from_name(name);
    if (tag == TAG_COUNT) {
        report(parser, element, "élément <%s> inconnu du langage de modèles.", name);
        return;
    }
    struct tnode *node = new_tnode(parser, tag, element);
    if (!node)
        return;
    parse_attributes(parser, element, node);
    struct tnode **children = &node->children;
    parse_children(parser, element, &children);
    TREE_APPEND(*tail, node);
}

static void parse_children(struct parser *parser, xmlNodePtr element, struct tnode ***tail)
{
    for (xmlNodePtr child = element->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE) {
            parse_element(parser, child, tail);
        } else if (child->type == XML_TEXT_NODE && child->content) {
            struct tnode *text = new_tnode(parser, TAG_TEXT, element);
            if (!text)
                continue;
            text->text = parse_interpolation(parser, element, (const char *)child->content);
            TREE_APPEND(*tail, text);
        }
    }
}

/* Parses one file (a document or a fragment) and appends its root's
 * children (fragments) or root (documents) to tail. */
void parse_template_file(struct parser *parser, const char *path, bool is_fragment,
                         struct tnode ***tail)
{
    struct source *source = NULL;
    xmlDocPtr doc = NULL;
    if (loader_read_source(path, (size_t)4 << 20, parser->diags, &source) != LOAD_OK ||
        loader_parse(source, parser->diags, &doc) != LOAD_OK ||
        !template_set_validate(parser->set, doc, parser->diags)) {
        parser->failed = true;
        if (doc)
            xmlFreeDoc(doc);
        source_free(source);
        return;
    }
    const char *saved_file = parser->file;
    parser->file = arena_strdup(parser->arena, path);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (is_fragment)
        parse_children(parser, root, tail);
    else
        parse_element(parser, root, tail);
    parser->file = saved_file;
    xmlFreeDoc(doc);
    source_free(source);
}
