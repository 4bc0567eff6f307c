/* input.c — open, validate and expand an input file into stages. */
#include "input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "xmlnode.h"

struct input_file {
    struct source *source;
    xmlDocPtr doc;
    bool is_promotion;
    size_t stage_count;
    xmlNodePtr next;      /* the next <stage> to hand out */
    char *classe;
};

struct stage_ref {
    const char *id;
    xmlNodePtr node;
};

static bool check_root(xmlDocPtr doc, struct source *source, struct diag_list *diags)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (xml_is(root, "stage") || xml_is(root, "promotion"))
        return true;
    struct position where = root ? source_node_position(root)
                                 : (struct position){source->path, 0, 0};
    diag_add(diags, SEVERITY_ERROR, where, "racine", NULL,
             "commencez le fichier par <stage version=\"1\" …> ou <promotion version=\"1\"> "
             "(voir « stagedoc init »).",
             "l'élément racine est <%s> ; stagedoc attend <stage> (un stage) ou "
             "<promotion> (une classe).",
             root ? (const char *)root->name : "?");
    return false;
}

static int compare_refs(const void *a, const void *b)
{
    const struct stage_ref *left = a, *right = b;
    int order = strcmp(left->id, right->id);
    if (order)
        return order;
    /* Keep document order among equal ids so the first stays "first". */
    uintptr_t a_mark = (uintptr_t)left->node->_private, b_mark = (uintptr_t)right->node->_private;
    return a_mark < b_mark ? -1 : a_mark > b_mark;
}

static void report_duplicate(const struct stage_ref *first, const struct stage_ref *again,
                             struct diag_list *diags)
{
    struct position where = source_node_position(again->node);
    struct position original = source_node_position(first->node);
    diag_add(diags, SEVERITY_ERROR, where, "id-unique", again->id,
             "donnez à chaque stage un identifiant distinct : il nomme ses fichiers de sortie.",
             "l'identifiant « %s » est déjà celui du stage de la ligne %u (ici ligne %u).",
             again->id, original.line, where.line);
}

/* Ids name output folders: two stages with one id would overwrite each other. */
static bool check_unique_ids(struct input_file *file, struct diag_list *diags)
{
    struct stage_ref *refs = calloc(file->stage_count ? file->stage_count : 1, sizeof *refs);
    if (!refs)
        return false;
    size_t count = 0;
    XML_FOR_EACH_CHILD(stage, xmlDocGetRootElement(file->doc), "stage") {
        refs[count].id = xml_attr(stage, "id");
        refs[count].node = stage;
        count += refs[count].id != NULL;
    }
    qsort(refs, count, sizeof *refs, compare_refs);
    bool unique = true;
    for (size_t i = 1; i < count; i++) {
        if (strcmp(refs[i].id, refs[i - 1].id) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(refs[first - 1].id, refs[i].id) == 0)
            first--;
        report_duplicate(&refs[first], &refs[i], diags);
        unique = false;
    }
    free(refs);
    return unique;
}

static void describe_promotion(struct input_file *file)
{
    xmlNodePtr root = xmlDocGetRootElement(file->doc);
    file->is_promotion = xml_is(root, "promotion");
    if (file->is_promotion) {
        file->stage_count = xml_count_children(root, "stage");
        file->next = xml_child(root, "stage");
        file->classe = xml_child_text(root, "classe");
    } else {
        file->stage_count = 1;
        file->next = root;
    }
}

enum load_status input_open(const char *path, const struct input_options *options,
                            struct diag_list *diags, struct input_file **out)
{
    *out = NULL;
    struct input_file *file = calloc(1, sizeof *file);
    if (!file)
        return LOAD_IO_ERROR;
    size_t max_size = options->max_size ? options->max_size : LOADER_DEFAULT_MAX_SIZE;
    enum load_status status = loader_read_source(path, max_size, diags, &file->source);
    if (status == LOAD_OK)
        status = loader_parse(file->source, diags, &file->doc);
    if (status == LOAD_OK && (!check_root(file->doc, file->source, diags) ||
                              !schema_validate(options->schema, file->doc, diags)))
        status = LOAD_INVALID;
    if (status == LOAD_OK) {
        describe_promotion(file);
        if (file->is_promotion && !check_unique_ids(file, diags))
            status = LOAD_INVALID;
    }
    if (status != LOAD_OK) {
        input_close(file);
        return status;
    }
    *out = file;
    return LOAD_OK;
}

size_t input_stage_count(const struct input_file *file)
{
    return file->stage_count;
}

unsigned input_first_stage_line(const struct input_file *file)
{
    if (!file->is_promotion)
        return 0;
    xmlNodePtr first = xml_child(xmlDocGetRootElement(file->doc), "stage");
    return first ? source_node_position(first).line : 0;
}

bool input_is_promotion(const struct input_file *file)
{
    return file->is_promotion;
}

/* Copies a promotion-level block into the stage when the stage has none. */
static bool inherit_block(xmlNodePtr promotion, xmlNodePtr stage, const char *name,
                          xmlNodePtr after)
{
    xmlNodePtr shared = xml_child(promotion, name);
    if (xml_child(stage, name) || !shared)
        return true;
    xmlNodePtr copy = xmlDocCopyNode(shared, stage->doc, 1);
    if (!copy)
        return false;
    source_copy_marks(shared, copy);
    if (after)
        return xmlAddNextSibling(after, copy) != NULL;
    if (stage->children)
        return xmlAddPrevSibling(stage->children, copy) != NULL;
    return xmlAddChild(stage, copy) != NULL;
}

static bool expand_stage(struct input_file *file, xmlNodePtr node, struct stage_input *stage)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr copy = doc ? xmlDocCopyNode(node, doc, 1) : NULL;
    if (!copy) {
        xmlFreeDoc(doc);
        return false;
    }
    xmlDocSetRootElement(doc, copy);
    source_copy_marks(node, copy);
    source_attach_document(doc, file->source);
    xmlNodePtr promotion = xmlDocGetRootElement(file->doc);
    if (!inherit_block(promotion, copy, "session", NULL) ||
        !inherit_block(promotion, copy, "etablissement", xml_child(copy, "session"))) {
        xmlFreeDoc(doc);
        return false;
    }
    stage->doc = doc;
    stage->root = copy;
    stage->owns_doc = true;
    return true;
}

bool input_next_stage(struct input_file *file, struct stage_input *stage,
                      struct diag_list *diags)
{
    memset(stage, 0, sizeof *stage);
    xmlNodePtr node = file->next;
    if (!node)
        return false;
    file->next = file->is_promotion ? xml_next_sibling(node, "stage") : NULL;
    if (file->is_promotion) {
        if (!expand_stage(file, node, stage)) {
            diag_add(diags, SEVERITY_ERROR, source_node_position(node), "memoire",
                     xml_attr(node, "id"), NULL, "mémoire insuffisante pour ce stage.");
            return false;
        }
    } else {
        stage->doc = file->doc;
        stage->root = node;
    }
    stage->id = xml_attr(stage->root, "id");
    stage->file = file->source->path;
    stage->classe = file->classe;
    stage->in_promotion = file->is_promotion;
    return true;
}

void stage_input_release(struct stage_input *stage)
{
    if (stage->owns_doc && stage->doc)
        xmlFreeDoc(stage->doc);
    memset(stage, 0, sizeof *stage);
}

void input_close(struct input_file *file)
{
    if (!file)
        return;
    if (file->doc)
        xmlFreeDoc(file->doc);
    source_free(file->source);
    free(file->classe);
    free(file);
}
