/* export.c — stages and promotions to a class workbook (export.h). */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../util/array.h"
#include "../util/frformat.h"
#include "convert.h"
#include "import_xml.h"

static bool xml_is_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name);
}

struct stage_ref {
    xmlNodePtr node;
    const struct export_input *input;
    char *student; /* « NOM Prénom » */
};

struct exporter {
    const struct column_map *map;
    struct workbook *book;
    struct diag_list *diags;
    const char *out_folder;
    xmlDocPtr shared_doc;   /* a <promotion> holding the class's values */
    struct stage_ref *stages;
    size_t stage_count, stage_capacity;
    const void **taken;     /* the attributes and elements whose value is written */
    size_t taken_count, taken_cap;
    size_t *sheet_index;    /* by the layout's line of a sheet: its index in book */
};

/* ----------------------------------------------------------- values */

static void take(struct exporter *ex, const void *node)
{
    if (!ARRAY_GROW(ex->taken, ex->taken_cap, ex->taken_count + 1))
        return;
    ex->taken[ex->taken_count++] = node;
}

static int compare_pointers(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return x < y ? -1 : x > y;
}

static bool was_taken(const struct exporter *ex, const void *node)
{
    return bsearch(&node, ex->taken, ex->taken_count, sizeof *ex->taken, compare_pointers) != NULL;
}

static const xmlChar *own_text(xmlNodePtr element)
{
    for (xmlNodePtr child = element->children; child; child = child->next)
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
            if (child->content && child->content[strspn((const char *)child->content,
                                                         " \t\r\n")])
                return child->content;
    return NULL;
}

/* The value at path under base ("a/b[2]/@c", "a/b", "." for base's text),
 * marked as taken; NULL when absent. */
static const xmlChar *value_at(struct exporter *ex, xmlNodePtr base, const char *path)
{
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    xmlNodePtr element = base;
    if (last != path) {
        char *parent = strndup(path, (size_t)(last - path - 1));
        element = parent ? xml_find(base, parent) : NULL;
        free(parent);
    }
    if (!element)
        return NULL;
    if (last[0] == '@') {
        xmlAttrPtr attr = xmlHasProp(element, BAD_CAST(last + 1));
        if (!attr || !attr->children)
            return NULL;
        take(ex, attr);
        return attr->children->content;
    }
    if (strcmp(last, ".") != 0)
        element = xml_find(element, last);
    const xmlChar *text = element ? own_text(element) : NULL;
    if (text)
        take(ex, element);
    return text;
}

/* The length of the first component of path (after its slashes). */
static size_t component(const char *path, const char **start)
{
    while (*path == '/')
        path++;
    *start = path;
    return strcspn(path, "/");
}

/* A file named relative to the XML file, named relative to the workbook:
 * « .. » for each folder of the workbook's path past the common part, then
 * the rest of the XML file's folder. Both folders are absolute. */
static void rebase_file(const struct exporter *ex, const struct export_input *input,
                        const char *path, struct strbuf *out)
{
    const char *from = ex->out_folder, *to = input->folder, *a, *b;
    size_t la = component(from, &a), lb = component(to, &b);
    while (la && la == lb && !strncmp(a, b, la)) {
        from = a + la;
        to = b + lb;
        la = component(from, &a);
        lb = component(to, &b);
    }
    if (path[0] == '/') {
        strbuf_puts(out, path);
        return;
    }
    for (; la; la = component(a + la, &a))
        strbuf_puts(out, "../");
    for (; lb; lb = component(b + lb, &b))
        strbuf_printf(out, "%.*s/", (int)lb, b);
    strbuf_puts(out, path);
}

static void set_cell(struct exporter *ex, struct workbook_row *row, size_t column,
                     const struct column_spec *spec, const struct export_input *input,
                     const char *value)
{
    struct strbuf text = STRBUF_INIT, rebased = STRBUF_INIT;
    enum workbook_value kind;
    if (spec->kind == KIND_FILE && input) {
        rebase_file(ex, input, value, &rebased);
        value = strbuf_str(&rebased);
    }
    convert_for_workbook(spec, value, &kind, &text);
    workbook_set(row, column, kind, strbuf_str(&text));
    strbuf_free(&text);
    strbuf_free(&rebased);
}

/* The values of a « multiple » field ("suivi/visite/@date": every visit's
 * date), joined by « ; » (one alone keeps its kind: a date cell). */
static void set_multiple(struct exporter *ex, struct workbook_row *row, size_t column,
                         const struct column_spec *spec, xmlNodePtr base)
{
    const char *at = strstr(spec->path, "/@");
    char *element_path = at ? strndup(spec->path, (size_t)(at - spec->path)) : NULL;
    char *slash = element_path ? strrchr(element_path, '/') : NULL;
    xmlNodePtr parent = slash ? (*slash = '\0', xml_find(base, element_path)) : base;
    const char *name = slash ? slash + 1 : element_path;
    struct strbuf joined = STRBUF_INIT;
    size_t count = 0;
    const xmlChar *only = NULL;
    for (xmlNodePtr child = parent && name ? parent->children : NULL; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || strcmp((const char *)child->name, name))
            continue;
        xmlAttrPtr attr = xmlHasProp(child, BAD_CAST(at + 2));
        if (!attr || !attr->children)
            continue;
        take(ex, attr);
        struct strbuf shown = STRBUF_INIT;
        enum workbook_value kind;
        convert_for_workbook(spec, (const char *)attr->children->content, &kind, &shown);
        if (spec->kind == KIND_DATE) { /* as typed: JJ/MM/AAAA */
            const char *iso = (const char *)attr->children->content;
            strbuf_reset(&shown);
            if (strlen(iso) == 10)
                strbuf_printf(&shown, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
            else
                strbuf_puts(&shown, iso);
        }
        strbuf_printf(&joined, "%s%s", count++ ? " ; " : "", strbuf_str(&shown));
        only = attr->children->content;
        strbuf_free(&shown);
    }
    if (count == 1)
        set_cell(ex, row, column, spec, NULL, (const char *)only);
    else if (count > 1)
        workbook_set(row, column, WORKBOOK_VALUE_TEXT, strbuf_str(&joined));
    strbuf_free(&joined);
    free(element_path);
}

static void set_field(struct exporter *ex, struct workbook_row *row, size_t column,
                      const struct column_spec *spec, xmlNodePtr base,
                      const struct export_input *input)
{
    if (spec->multiple) {
        set_multiple(ex, row, column, spec, base);
        return;
    }
    const xmlChar *value = value_at(ex, base, spec->path);
    if (value)
        set_cell(ex, row, column, spec, input, (const char *)value);
}

/* ----------------------------------------------------------- sheets */

static enum workbook_format format_of(const struct column_spec *spec)
{
    switch (spec->kind) {
    case KIND_DATE: return spec->multiple ? WORKBOOK_TEXT : WORKBOOK_DATE;
    case KIND_CODE: case KIND_POSTCODE: case KIND_UAI: case KIND_SIRET: case KIND_NAF:
    case KIND_CANDIDATE: case KIND_PHONE: case KIND_TIME: case KIND_DURATION:
        return WORKBOOK_TEXT;
    default: return WORKBOOK_GENERAL;
    }
}

static bool add_column(struct workbook_sheet *sheet, const struct column_spec *spec)
{
    struct strbuf note = STRBUF_INIT;
    strbuf_puts(&note, spec->note);
    if (spec->example[0])
        strbuf_printf(&note, "%sExemple : %s", note.len ? " " : "", spec->example);
    const char **labels = NULL;
    size_t count = spec->choices ? spec->choices->count : 0;
    if (count && (labels = calloc(count, sizeof *labels)))
        for (size_t i = 0; i < count; i++)
            labels[i] = spec->choices->items[i].label;
    bool ok = workbook_add_column(sheet, spec->title, note.len ? strbuf_str(&note) : NULL,
                                  format_of(spec), labels, labels ? count : 0, 0);
    free(labels);
    strbuf_free(&note);
    return ok;
}

static bool on_sheet(const struct column_spec *spec, size_t sheet_line)
{
    return spec->kind != KIND_SHEET && spec->sheet_line == sheet_line;
}

/* Every sheet of the layout, with its columns (Classe: Champ, Valeur, Aide). */
static bool make_sheets(struct exporter *ex)
{
    const struct column_map *map = ex->map;
    ex->sheet_index = calloc(map->count, sizeof *ex->sheet_index);
    bool ok = ex->sheet_index != NULL;
    for (size_t i = 0; ok && i < map->count; i++) {
        const struct column_spec *declared = &map->specs[i];
        if (declared->kind != KIND_SHEET)
            continue;
        ex->sheet_index[i] = ex->book->sheet_count;
        struct workbook_sheet *sheet = workbook_add_sheet(ex->book, declared->sheet);
        ok = sheet != NULL;
        if (ok && !strcmp(declared->path, "/")) {
            ok = workbook_add_column(sheet, "Champ", declared->note, WORKBOOK_GENERAL, NULL, 0,
                                     34) &&
                 workbook_add_column(sheet, "Valeur", NULL, WORKBOOK_TEXT, NULL, 0, 40) &&
                 workbook_add_column(sheet, "Aide", NULL, WORKBOOK_GENERAL, NULL, 0, 60);
            continue;
        }
        for (size_t s = 0; ok && s < map->count; s++)
            if (on_sheet(&map->specs[s], i) && map->specs[s].path[0] != '/')
                ok = add_column(sheet, &map->specs[s]);
    }
    return ok;
}

static struct workbook_sheet *sheet_at(struct exporter *ex, size_t line)
{
    return &ex->book->sheets[ex->sheet_index[line]];
}

/* The Classe sheet: a row a field of the class (and a row for each default
 * it proposes, left empty). */
static bool write_classe(struct exporter *ex, size_t line)
{
    xmlNodePtr promotion = xmlDocGetRootElement(ex->shared_doc);
    bool ok = true, defaults = false;
    for (size_t s = 0; ok && s < ex->map->count; s++) {
        const struct column_spec *spec = &ex->map->specs[s];
        if (!on_sheet(spec, line))
            continue;
        if (spec->path[0] != '/' && !defaults) { /* a title row, read as nothing */
            struct workbook_row *title = workbook_add_row(sheet_at(ex, line));
            defaults = title && workbook_set(title, 0, WORKBOOK_VALUE_TEXT,
                                             "Valeurs par défaut : pour chaque stagiaire qui "
                                             "laisse la colonne vide dans Stagiaires");
        }
        struct workbook_row *row = workbook_add_row(sheet_at(ex, line));
        ok = row && workbook_set(row, 0, WORKBOOK_VALUE_TEXT, spec->title) &&
             workbook_set(row, 2, WORKBOOK_VALUE_TEXT, spec->note);
        const xmlChar *value = ok && spec->path[0] == '/' ? value_at(ex, promotion, spec->path + 1)
                                                         : NULL;
        if (value)
            set_cell(ex, row, 1, spec, ex->stages ? ex->stages[0].input : NULL,
                     (const char *)value);
    }
    return ok;
}

static bool write_students(struct exporter *ex, size_t line)
{
    bool ok = true;
    for (size_t k = 0; ok && k < ex->stage_count; k++) {
        struct workbook_row *row = workbook_add_row(sheet_at(ex, line));
        ok = row != NULL;
        size_t column = 0;
        for (size_t s = 0; ok && s < ex->map->count; s++) {
            const struct column_spec *spec = &ex->map->specs[s];
            if (!on_sheet(spec, line) || spec->path[0] == '/')
                continue;
            set_field(ex, row, column++, spec, ex->stages[k].node, ex->stages[k].input);
        }
    }
    return ok;
}

/* The items of a list sheet in stage ("activites/activite": each <activite>). */
static size_t items_of(xmlNodePtr stage, const char *path, xmlNodePtr *first)
{
    const char *slash = strrchr(path, '/');
    char *parent_path = slash ? strndup(path, (size_t)(slash - path)) : NULL;
    xmlNodePtr parent = parent_path ? xml_find(stage, parent_path) : stage;
    const char *name = slash ? slash + 1 : path;
    size_t count = 0;
    *first = NULL;
    for (xmlNodePtr child = parent ? parent->children : NULL; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, name)) {
            if (!count++)
                *first = child;
        }
    free(parent_path);
    return count;
}

static xmlNodePtr next_item(xmlNodePtr item)
{
    for (xmlNodePtr next = item->next; next; next = next->next)
        if (next->type == XML_ELEMENT_NODE && xmlStrEqual(next->name, item->name))
            return next;
    return NULL;
}

/* The items of stage k, written as a row each (no key: the whole class). */
static bool write_items(struct exporter *ex, size_t line, size_t k, bool keyed)
{
    const struct column_spec *declared = &ex->map->specs[line];
    xmlNodePtr item;
    items_of(ex->stages[k].node, declared->path, &item);
    bool ok = true;
    for (; ok && item; item = next_item(item)) {
        struct workbook_row *row = workbook_add_row(sheet_at(ex, line));
        ok = row != NULL;
        size_t column = 0;
        for (size_t s = 0; ok && s < ex->map->count; s++) {
            const struct column_spec *spec = &ex->map->specs[s];
            if (!on_sheet(spec, line))
                continue;
            if (!strcmp(spec->path, "=identifiant") && keyed)
                workbook_set(row, column, WORKBOOK_VALUE_TEXT,
                             (const char *)xmlHasProp(ex->stages[k].node, BAD_CAST "id")
                                 ->children->content);
            else if (!strcmp(spec->path, "=stagiaire") && keyed)
                workbook_set(row, column, WORKBOOK_VALUE_TEXT, ex->stages[k].student);
            else if (spec->path[0] != '=')
                set_field(ex, row, column, spec, item, ex->stages[k].input);
            column++;
        }
    }
    return ok;
}

/* The items of stage k as text, to tell whether every stage has the same. */
static char *items_signature(xmlNodePtr stage, const char *path)
{
    xmlNodePtr item;
    if (!items_of(stage, path, &item))
        return NULL;
    xmlBufferPtr buffer = xmlBufferCreate();
    for (; buffer && item; item = next_item(item))
        xmlNodeDump(buffer, item->doc, item, 0, 0);
    char *text = buffer ? strdup((const char *)xmlBufferContent(buffer)) : NULL;
    xmlBufferFree(buffer);
    return text;
}

static bool shared_by_all(const struct exporter *ex, const char *path)
{
    if (ex->stage_count < 2)
        return false;
    char *first = items_signature(ex->stages[0].node, path);
    bool same = first != NULL;
    for (size_t k = 1; same && k < ex->stage_count; k++) {
        char *other = items_signature(ex->stages[k].node, path);
        same = other && !strcmp(first, other);
        free(other);
    }
    free(first);
    return same;
}

static bool write_list(struct exporter *ex, size_t line)
{
    const char *path = ex->map->specs[line].path;
    if (shared_by_all(ex, path)) {
        bool ok = write_items(ex, line, 0, false);
        for (size_t k = 1; ok && k < ex->stage_count; k++) { /* the same: taken all the same */
            xmlNodePtr item;
            items_of(ex->stages[k].node, path, &item);
            for (; item; item = next_item(item)) {
                for (xmlAttrPtr a = item->properties; a; a = a->next)
                    take(ex, a);
                if (own_text(item))
                    take(ex, item);
            }
        }
        return ok;
    }
    bool ok = true;
    for (size_t k = 0; ok && k < ex->stage_count; k++)
        ok = write_items(ex, line, k, true);
    return ok;
}

/* ----------------------------------------------------------- inputs */

static void report(struct exporter *ex, xmlNodePtr node, const char *label, const char *hint,
                   const char *fmt, const char *detail)
{
    struct position where = node ? source_node_position(node) : (struct position){0};
    if (!where.file)
        where.file = label;
    diag_add(ex->diags, SEVERITY_ERROR, where, "export", NULL, hint, fmt, detail);
}

static char *dump(xmlNodePtr node)
{
    xmlBufferPtr buffer = xmlBufferCreate();
    if (buffer)
        xmlNodeDump(buffer, node->doc, node, 0, 0);
    char *text = buffer ? strdup((const char *)xmlBufferContent(buffer)) : NULL;
    xmlBufferFree(buffer);
    return text;
}

/* A class value (session, classe, etablissement) from an input: the first is
 * the class's; another must say the same, since a workbook holds one class. */
static void add_shared(struct exporter *ex, xmlNodePtr value, const char *label)
{
    xmlNodePtr promotion = xmlDocGetRootElement(ex->shared_doc);
    xmlNodePtr had = NULL;
    for (xmlNodePtr child = promotion->children; child && !had; child = child->next)
        if (xmlStrEqual(child->name, value->name))
            had = child;
    if (!had) {
        xmlAddChild(promotion, xmlDocCopyNode(value, ex->shared_doc, 1));
        return;
    }
    char *a = dump(had), *b = dump(value);
    if (a && b && strcmp(a, b))
        report(ex, value, label, "exportez ces fichiers dans deux classeurs, un par classe.",
               "<%s> diffère de celui d'un fichier précédent : un classeur est une seule "
               "classe.", (const char *)value->name);
    free(a);
    free(b);
}

static bool add_stage(struct exporter *ex, xmlNodePtr stage, const struct export_input *input)
{
    if (!ARRAY_GROW(ex->stages, ex->stage_capacity, ex->stage_count + 1))
        return false;
    xmlNodePtr nom = xml_find(stage, "stagiaire/nom"), prenom = xml_find(stage, "stagiaire/prenom");
    struct strbuf name = STRBUF_INIT;
    frformat_upper(&name, nom ? (const char *)own_text(nom) : "");
    if (prenom && own_text(prenom))
        strbuf_printf(&name, " %s", (const char *)own_text(prenom));
    ex->stages[ex->stage_count++] = (struct stage_ref){stage, input, strbuf_detach(&name)};
    xmlAttrPtr version = xmlHasProp(stage, BAD_CAST "version");
    if (version)
        take(ex, version); /* a stage file's own: a promotion says it once */
    for (xmlNodePtr child = stage->children; child; child = child->next)
        if (xml_is_named(child, "session") || xml_is_named(child, "etablissement"))
            add_shared(ex, child, input->label);
    return true;
}

/* A promotion's pdfa attribute, a class value as its blocks are (Classe
 * sheet, « PDF/A »). */
static void add_shared_pdfa(struct exporter *ex, xmlNodePtr root, const char *label)
{
    xmlChar *value = xmlGetProp(root, BAD_CAST "pdfa");
    if (!value)
        return;
    xmlNodePtr promotion = xmlDocGetRootElement(ex->shared_doc);
    xmlChar *had = xmlGetProp(promotion, BAD_CAST "pdfa");
    if (!had)
        xmlSetProp(promotion, BAD_CAST "pdfa", value);
    else if (!xmlStrEqual(had, value))
        report(ex, root, label, "exportez ces fichiers dans deux classeurs, un par classe.",
               "pdfa=\"%s\" diffère de celui d'un fichier précédent : un classeur est une "
               "seule classe.", (const char *)value);
    xmlFree(had);
    xmlFree(value);
}

static bool collect(struct exporter *ex, const struct export_input *input)
{
    xmlNodePtr root = xmlDocGetRootElement(input->doc);
    if (root && xmlStrEqual(root->name, BAD_CAST "stage"))
        return add_stage(ex, root, input);
    if (root)
        add_shared_pdfa(ex, root, input->label);
    bool ok = true;
    for (xmlNodePtr child = root ? root->children : NULL; ok && child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(child->name, BAD_CAST "stage"))
            ok = add_stage(ex, child, input);
        else
            add_shared(ex, child, input->label);
    }
    return ok;
}

/* What was not written would be lost: every attribute and text of every
 * stage must have been taken. */
static void check_nothing_left(struct exporter *ex, xmlNodePtr node, const char *label)
{
    for (xmlAttrPtr a = node->properties; a; a = a->next)
        if (!was_taken(ex, a) && !(xmlStrEqual(a->name, BAD_CAST "id") &&
                                   xmlStrEqual(node->name, BAD_CAST "stage")))
            report(ex, node, label, "le classeur n'a pas de colonne pour cette valeur "
                   "(templates/import/colonnes.tsv) : retirez-la, ou exportez ce stage à part.",
                   "attribut « %s » : pas de place dans le classeur.", (const char *)a->name);
    if (own_text(node) && !was_taken(ex, node))
        report(ex, node, label, "le classeur n'a pas de colonne pour cette valeur "
               "(templates/import/colonnes.tsv) : retirez-la, ou exportez ce stage à part.",
               "<%s> : pas de place dans le classeur.", (const char *)node->name);
    for (xmlNodePtr child = node->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && !xml_is_named(child, "session") &&
            !(xml_is_named(child, "etablissement") && child->parent == node &&
              xml_is_named(node, "stage")))
            check_nothing_left(ex, child, label);
}

bool export_workbook(const struct column_map *map, const struct export_input *inputs,
                     size_t count, const char *out_folder, struct workbook *book,
                     struct diag_list *diags)
{
    size_t errors = diags->counts[SEVERITY_ERROR];
    struct exporter ex = {map, book, diags, out_folder, NULL, NULL, 0, 0, NULL, 0, 0, NULL};
    ex.shared_doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr promotion = ex.shared_doc ? xmlNewDocNode(ex.shared_doc, NULL,
                                                         BAD_CAST "promotion", NULL) : NULL;
    bool ok = promotion != NULL;
    if (ok)
        xmlDocSetRootElement(ex.shared_doc, promotion);
    for (size_t i = 0; ok && i < count; i++)
        ok = collect(&ex, &inputs[i]);
    ok = ok && make_sheets(&ex);
    for (size_t line = 0; ok && line < map->count; line++) {
        const struct column_spec *declared = &map->specs[line];
        if (declared->kind != KIND_SHEET)
            continue;
        ok = !strcmp(declared->path, "/")   ? write_classe(&ex, line)
             : !strcmp(declared->path, ".") ? write_students(&ex, line)
                                            : write_list(&ex, line);
    }
    if (ok && ex.taken_count)
        qsort(ex.taken, ex.taken_count, sizeof *ex.taken, compare_pointers);
    for (size_t k = 0; ok && k < ex.stage_count; k++)
        check_nothing_left(&ex, ex.stages[k].node, ex.stages[k].input->label);
    for (xmlNodePtr child = ok ? promotion->children : NULL; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            check_nothing_left(&ex, child, count ? inputs[0].label : NULL);
    for (size_t k = 0; k < ex.stage_count; k++)
        free(ex.stages[k].student);
    free(ex.stages);
    free(ex.taken);
    free(ex.sheet_index);
    xmlFreeDoc(ex.shared_doc);
    return ok && diags->counts[SEVERITY_ERROR] == errors;
}
