/* input.c — reading an input file (or bytes in memory) as a stream of
 * validated stages. */
#include "input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "xmlnode.h"
#include "../util/array.h"

/* A stage read whole and checked, waiting to be handed out. */
struct pending {
    struct stage_input stage;
    struct pending *next;
};

struct seen_id {
    char *id;
    unsigned line;
};

struct input_file {
    struct loader_stream *stream;
    const struct schema *schema;
    const char *named_as;         /* what stages name as their file, or NULL */
    const char *folder;           /* where their relative paths start, or NULL */
    bool (*wanted)(void *data);   /* or NULL: every stage */
    void *wanted_data;
    struct diag_list *diags;      /* where the current read reports */
    bool stages_started;          /* a promotion's first <stage> is read */
    bool finished;
    unsigned first_stage_line;
    char *classe;
    bool promotion_pdfa;    /* <promotion pdfa="oui"> */
    struct pending *queue, **queue_tail;
    struct seen_id *ids;
    size_t id_count, id_capacity;
    size_t handed_out;
    struct schema_budget schema_errors; /* shared by the file's stages */
    enum load_status status;      /* the worst problem met so far */
};

static void worsen(struct input_file *file, enum load_status status)
{
    if (status > file->status)
        file->status = status;
}

static xmlNodePtr root_of(const struct input_file *file)
{
    xmlDocPtr doc = loader_stream_document(file->stream);
    return doc ? xmlDocGetRootElement(doc) : NULL;
}

static bool check_root(xmlNodePtr root, const char *path, struct diag_list *diags)
{
    if (xml_is(root, "stage") || xml_is(root, "promotion"))
        return true;
    struct position where = root ? source_node_position(root) : (struct position){path, 0, 0};
    diag_add(diags, SEVERITY_ERROR, where, "racine", NULL,
             "commencez le fichier par <stage version=\"1\" …> ou <promotion version=\"1\"> "
             "(voir « stagedoc init »).",
             "l'élément racine est <%s> ; stagedoc attend <stage> (un stage) ou "
             "<promotion> (une classe).",
             root ? (const char *)root->name : "?");
    return false;
}

static void enqueue(struct input_file *file, struct pending *pending)
{
    *file->queue_tail = pending;
    file->queue_tail = &pending->next;
}

/* ---- Ids ----------------------------------------------------------------- */

static const struct seen_id *find_id(const struct input_file *file, const char *id)
{
    for (size_t i = 0; i < file->id_count; i++)
        if (strcmp(file->ids[i].id, id) == 0)
            return &file->ids[i];
    return NULL;
}

/* Ids name output folders: two stages with one id would overwrite each
 * other. False (and a diagnostic naming both lines) for a second use. */
static bool remember_id(struct input_file *file, xmlNodePtr stage)
{
    const char *id = xml_attr(stage, "id");
    if (!id)
        return true; /* the schema reports it */
    struct position where = source_node_position(stage);
    const struct seen_id *first = find_id(file, id);
    if (first) {
        diag_add(file->diags, SEVERITY_ERROR, where, "id-unique", id,
                 "donnez à chaque stage un identifiant distinct : il nomme ses fichiers de sortie.",
                 "l'identifiant « %s » est déjà celui du stage de la ligne %u (ici ligne %u).", id,
                 first->line, where.line);
        return false;
    }
    if (!ARRAY_GROW(file->ids, file->id_capacity, file->id_count + 1))
        return true;
    file->ids[file->id_count].id = strdup(id);
    file->ids[file->id_count].line = where.line;
    file->id_count += file->ids[file->id_count].id != NULL;
    return true;
}

/* ---- A promotion's stages --------------------------------------------------- */

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

/* The stage as a document of its own, as if it had been written alone. */
static xmlDocPtr expand_stage(struct input_file *file, xmlNodePtr node)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr copy = doc ? xmlDocCopyNode(node, doc, 1) : NULL;
    if (!copy) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, copy);
    source_copy_marks(node, copy);
    source_attach_document(doc, loader_stream_source(file->stream));
    xmlNodePtr promotion = node->parent;
    const char *version = xml_attr(promotion, "version");
    if (!xml_attr(copy, "version") && version)
        xmlNewProp(copy, BAD_CAST "version", BAD_CAST version);
    if (!inherit_block(promotion, copy, "session", NULL) ||
        !inherit_block(promotion, copy, "etablissement", xml_child(copy, "session"))) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* The promotion's own content (its attributes, session, classe,
 * etablissement), checked once its first stage is read: the schema sees the
 * promotion with that stage, and what it says of the stage is left to the
 * stage's own check. */
static void check_promotion_header(struct input_file *file, xmlNodePtr first_stage,
                                   unsigned stage_end_line)
{
    struct diag_list found = DIAG_LIST_INIT;
    unsigned start = source_node_position(first_stage).line;
    if (!schema_validate(file->schema, first_stage->doc, NULL, &found)) {
        for (size_t i = 0; i < found.count; i++) {
            struct diag *diag = &found.items[i];
            if (diag->line >= start && diag->line <= stage_end_line)
                continue;
            diag_add(file->diags, diag->severity, (struct position){diag->file, diag->line,
                                                                     diag->column},
                     diag->rule, NULL, diag->hint, "%s", diag->message);
            diag_set_plain(file->diags, diag->plain, diag->about);
            worsen(file, LOAD_INVALID);
        }
    }
    diag_list_free(&found);
    file->classe = xml_child_text(first_stage->parent, "classe");
    const char *pdfa = xml_attr(first_stage->parent, "pdfa");
    file->promotion_pdfa = pdfa && strcmp(pdfa, "oui") == 0;
}

static const char *stage_file_name(const struct input_file *file)
{
    return file->named_as ? file->named_as : loader_stream_source(file->stream)->path;
}

static void queue_stage(struct input_file *file, xmlDocPtr doc)
{
    struct pending *pending = calloc(1, sizeof *pending);
    if (!pending) {
        xmlFreeDoc(doc);
        worsen(file, LOAD_IO_ERROR);
        return;
    }
    struct stage_input *stage = &pending->stage;
    stage->doc = doc;
    stage->root = xmlDocGetRootElement(doc);
    stage->id = xml_attr(stage->root, "id");
    stage->file = stage_file_name(file);
    stage->folder = file->folder;
    stage->classe = file->classe;
    stage->promotion_pdfa = file->promotion_pdfa;
    stage->in_promotion = true;
    stage->owns_doc = true;
    enqueue(file, pending);
}

/* A stage of a promotion must get its session and establishment from one
 * or the other: said by name, rather than by the schema's wording. */
static bool has_inherited_blocks(struct input_file *file, xmlNodePtr stage)
{
    static const char *const blocks[][2] = {
        {"session", "la session d'examen (<session>)"},
        {"etablissement", "l'établissement de formation (<etablissement>)"},
    };
    bool complete = true;
    for (size_t i = 0; i < 2; i++) {
        if (xml_child(stage, blocks[i][0]))
            continue;
        diag_add(file->diags, SEVERITY_ERROR, source_node_position(stage), "requis",
                 xml_attr(stage, "id"),
                 "donnez-le une fois dans la promotion, avant les stages, ou dans ce stage.",
                 "il manque %s : ni la promotion ni le stage ne le donnent.", blocks[i][1]);
        complete = false;
    }
    return complete;
}

static void take_promotion_stage(struct input_file *file, xmlNodePtr node, unsigned end_line)
{
    if (!file->stages_started) {
        file->stages_started = true;
        file->first_stage_line = source_node_position(node).line;
        check_promotion_header(file, node, end_line);
    }
    if (!remember_id(file, node)) {
        worsen(file, LOAD_INVALID);
        return;
    }
    /* Checked already (no schema): another reader's stages are skipped
     * unexpanded. Checked here: wanted is asked of the valid stages only,
     * so that readers that check count the stages as those that do not
     * hand out the invalid ones (a -j worker and its parent). */
    bool ask_first = file->wanted && !file->schema;
    if (ask_first && !file->wanted(file->wanted_data))
        return;
    xmlDocPtr doc = expand_stage(file, node);
    if (!doc) {
        diag_add(file->diags, SEVERITY_ERROR, source_node_position(node), "memoire",
                 xml_attr(node, "id"), NULL, "mémoire insuffisante pour ce stage.");
        worsen(file, LOAD_IO_ERROR);
        return;
    }
    if (!has_inherited_blocks(file, xmlDocGetRootElement(doc)) ||
        !schema_validate_within(file->schema, doc, xml_attr(node, "id"), &file->schema_errors,
                                file->diags)) {
        xmlFreeDoc(doc);
        worsen(file, LOAD_INVALID);
        return;
    }
    if (file->wanted && !ask_first && !file->wanted(file->wanted_data)) {
        xmlFreeDoc(doc);
        return;
    }
    queue_stage(file, doc);
}

/* Each child of a promotion, once read: a stage goes to the queue and
 * leaves the document, so memory holds one stage at a time. */
static void child_done(xmlNodePtr child, unsigned end_line, void *data)
{
    struct input_file *file = data;
    xmlNodePtr root = child->parent;
    if (!xml_is(root, "promotion") || child->type != XML_ELEMENT_NODE)
        return;
    if (!xml_is(child, "stage")) {
        if (file->stages_started) {
            diag_add(file->diags, SEVERITY_ERROR, source_node_position(child), "schema", NULL,
                     "placez session, classe et etablissement avant le premier <stage>.",
                     "<%s> après les stages de la promotion : il doit les précéder.",
                     (const char *)child->name);
            worsen(file, LOAD_INVALID);
        }
        return;
    }
    take_promotion_stage(file, child, end_line);
    xmlUnlinkNode(child);
    xmlFreeNode(child);
}

/* ---- The file --------------------------------------------------------------- */

/* A file whose root is one stage: checked whole once read to its end. */
static void take_single_stage(struct input_file *file)
{
    xmlNodePtr root = root_of(file);
    if (!root || !xml_is(root, "stage"))
        return;
    if (file->wanted && !file->wanted(file->wanted_data))
        return;
    if (!schema_validate_within(file->schema, root->doc, NULL, &file->schema_errors,
                                file->diags)) {
        worsen(file, LOAD_INVALID);
        return;
    }
    struct pending *pending = calloc(1, sizeof *pending);
    if (!pending) {
        worsen(file, LOAD_IO_ERROR);
        return;
    }
    /* The stream keeps the document: it is the file's. */
    pending->stage.doc = root->doc;
    pending->stage.root = root;
    pending->stage.id = xml_attr(root, "id");
    pending->stage.file = stage_file_name(file);
    pending->stage.folder = file->folder;
    enqueue(file, pending);
}

/* Once the file is read: what only its end can tell. */
static void finish(struct input_file *file)
{
    file->finished = true;
    enum load_status read = loader_stream_status(file->stream);
    const char *path = loader_stream_source(file->stream)->path;
    schema_report_hidden(&file->schema_errors, path, file->diags); /* a promotion's stages */
    worsen(file, read);
    if (read != LOAD_OK)
        return;
    xmlNodePtr root = root_of(file);
    if (xml_is(root, "stage")) {
        take_single_stage(file);
        schema_report_hidden(&file->schema_errors, path, file->diags);
    } else if (!file->stages_started) {
        diag_add(file->diags, SEVERITY_ERROR, source_node_position(root), "schema", NULL,
                 "ajoutez au moins un <stage> à la promotion.",
                 "la promotion ne contient aucun stage.");
        worsen(file, LOAD_INVALID);
    }
}

/* Reads until a stage is waiting or the file is finished. */
static void read_more(struct input_file *file, struct diag_list *diags)
{
    file->diags = diags;
    while (!file->queue && !file->finished) {
        if (!loader_stream_feed(file->stream, diags))
            finish(file);
    }
}

enum load_status input_open(const char *path, const struct input_options *options,
                            struct diag_list *diags, struct input_file **out)
{
    *out = NULL;
    struct input_file *file = calloc(1, sizeof *file);
    if (!file)
        return LOAD_IO_ERROR;
    file->schema = options->schema;
    file->named_as = options->named_as;
    file->folder = options->folder;
    file->wanted = options->wanted;
    file->wanted_data = options->wanted_data;
    file->diags = diags;
    file->queue_tail = &file->queue;
    size_t max_size = options->max_size ? options->max_size : LOADER_DEFAULT_MAX_SIZE;
    enum load_status status =
        options->bytes ? loader_stream_open_memory(path, options->bytes, options->size, max_size,
                                                   diags, child_done, file, &file->stream)
                       : loader_stream_open(path, max_size, diags, child_done, file,
                                            &file->stream);
    /* Read until the root element is known. */
    while (status == LOAD_OK && !root_of(file) && !file->finished)
        if (!loader_stream_feed(file->stream, diags))
            finish(file);
    if (status == LOAD_OK && !root_of(file))
        status = file->status != LOAD_OK ? file->status : LOAD_INVALID;
    if (status == LOAD_OK && !check_root(root_of(file), path, diags))
        status = LOAD_INVALID;
    if (status != LOAD_OK) {
        input_close(file);
        return status;
    }
    *out = file;
    return LOAD_OK;
}

bool input_is_promotion(const struct input_file *file)
{
    return xml_is(root_of(file), "promotion");
}

size_t input_stage_count(const struct input_file *file)
{
    return file->handed_out;
}

unsigned input_first_stage_line(const struct input_file *file)
{
    return file->first_stage_line;
}

bool input_next_stage(struct input_file *file, struct stage_input *stage,
                      struct diag_list *diags)
{
    memset(stage, 0, sizeof *stage);
    read_more(file, diags);
    struct pending *pending = file->queue;
    if (!pending)
        return false;
    file->queue = pending->next;
    if (!file->queue)
        file->queue_tail = &file->queue;
    *stage = pending->stage;
    free(pending);
    file->handed_out++;
    return true;
}

enum load_status input_status(const struct input_file *file)
{
    return file->status;
}

void stage_input_release(struct stage_input *stage)
{
    if (stage->owns_doc && stage->doc)
        xmlFreeDoc(stage->doc);
    memset(stage, 0, sizeof *stage);
}

char *input_folder_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    if (strcmp(file, "-") == 0 || !slash)
        return strdup(".");
    return slash == file ? strdup("/") : strndup(file, (size_t)(slash - file));
}

char *stage_input_folder(const struct stage_input *stage)
{
    if (stage->folder)
        return strdup(stage->folder);
    return input_folder_of(stage->file ? stage->file : "-");
}

void input_close(struct input_file *file)
{
    if (!file)
        return;
    while (file->queue) {
        struct pending *next = file->queue->next;
        stage_input_release(&file->queue->stage);
        free(file->queue);
        file->queue = next;
    }
    for (size_t i = 0; i < file->id_count; i++)
        free(file->ids[i].id);
    free(file->ids);
    free(file->classe);
    loader_stream_close(file->stream);
    free(file);
}
