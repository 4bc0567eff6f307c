/* import.c — a class workbook's sheets to the stages of a promotion.
 *
 * The sheets are told apart by name (columns.h); « Stagiaires » rows are
 * the students, looked up by id, name or candidate number so that each
 * list sheet's rows can be handed to their student; then each student is
 * made into a <stage> (row values, then the Classe sheet's defaults, then
 * the --commun file's), sorted in the contract's order, written with its
 * origins and forgotten, so that memory holds the text of a large class,
 * not its tree. Nothing is written when any cell is refused. */
#include "import.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "../input/loader.h"
#include "../package/naming.h"
#include "../util/array.h"
#include "../util/file.h"
#include "../util/fold.h"
#include "../util/frformat.h"
#include "../util/termtext.h"
#include "convert.h"
#include "import_sheets.h"
#include "import_xml.h"
#include "xmlwrite.h"

#define NO_STUDENT ((size_t)-1)

struct student {
    size_t row;       /* index in the Stagiaires table's rows */
    char *id;         /* given or made */
    char *name;       /* « NOM Prénom » */
};

struct key {
    char *text;       /* folded */
    size_t student;
};

struct keys {
    struct key *items;
    size_t count, cap;
};

struct importer {
    struct sheets sheets;
    const struct column_map *map;
    struct diag_list *diags;
    struct import_result *out;
    xmlDocPtr doc;
    xmlNodePtr promotion;   /* its shared children only: stages are written as made */
    xmlNodePtr defaults;    /* the --commun file's first <stage>, or NULL */
    struct defaults classe; /* the Classe sheet's values for every student */
    struct xml_order order;
    struct student *students;
    size_t student_count, student_capacity;
    struct keys ids, names;
    struct origin_pool pool;        /* the promotion's origins, kept to the end */
    struct strbuf stages;   /* the stages written so far */
    unsigned stage_lines;   /* lines in stages */
};

/* ----------------------------------------------------------- keys */

static bool key_add(struct keys *keys, const char *text, size_t student)
{
    if (!text || !*text)
        return true;
    if (!ARRAY_GROW(keys->items, keys->cap, keys->count + 1))
        return false;
    char *folded = fold_for_comparison(text);
    if (!folded)
        return false;
    keys->items[keys->count++] = (struct key){folded, student};
    return true;
}

static int compare_keys(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int order = strcmp(x->text, y->text);
    if (order)
        return order;
    return x->student < y->student ? -1 : x->student > y->student;
}

static void keys_sort(struct keys *keys)
{
    if (keys->count)
        qsort(keys->items, keys->count, sizeof *keys->items, compare_keys);
}

/* The students text names: the first one, and how many share the name. */
static size_t keys_find(const struct keys *keys, const char *text, size_t *count)
{
    char *folded = fold_for_comparison(text);
    size_t low = 0, high = keys->count;
    while (folded && low < high) {
        size_t middle = low + (high - low) / 2;
        if (strcmp(keys->items[middle].text, folded) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    size_t end = low;
    while (folded && end < keys->count && !strcmp(keys->items[end].text, folded))
        end++;
    free(folded);
    *count = end - low;
    return end > low ? keys->items[low].student : NO_STUDENT;
}

static void keys_free(struct keys *keys)
{
    for (size_t i = 0; i < keys->count; i++)
        free(keys->items[i].text);
    free(keys->items);
    memset(keys, 0, sizeof *keys);
}

/* ----------------------------------------------------------- students */

/* Does the row's first filled cell start like a sum (« Total », « Sous-total
 * », « Moyenne », « Effectif total »)? */
static bool row_is_a_sum(const struct table_row *row)
{
    static const char *const sums[] = {"total", "sous total", "moyenne", "somme",
                                       "effectif total", "nombre"};
    for (size_t c = 0; c < row->count; c++) {
        if (!row->cells[c].text)
            continue;
        char *folded = fold_for_comparison(row->cells[c].text);
        bool sum = false;
        for (size_t i = 0; folded && i < sizeof sums / sizeof *sums; i++) {
            size_t len = strlen(sums[i]);
            sum |= !strncmp(folded, sums[i], len) && (folded[len] == '\0' || folded[len] == ' ');
        }
        free(folded);
        return sum;
    }
    return false;
}

/* A row is a student when it names one (an id, a name or a first name) and
 * is not a sum at the foot of the list. */
static bool row_names_a_student(struct importer *im, const struct table_row *row)
{
    static const char *const naming[] = {"@id", "stagiaire/nom", "stagiaire/prenom"};
    if (row_is_a_sum(row))
        return false;
    for (size_t i = 0; i < sizeof naming / sizeof *naming; i++)
        if (sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, naming[i]))
            return true;
    return false;
}

static char *student_name(const char *nom, const char *prenom)
{
    struct strbuf name = STRBUF_INIT;
    frformat_upper(&name, nom ? nom : "");
    if (prenom && *prenom)
        strbuf_printf(&name, "%s%s", name.len ? " " : "", prenom);
    return strbuf_detach(&name);
}

/* The id of a student the workbook gives none: the candidate number, or
 * else NOM-Prénom-birth date, folded; never the row's position, so that a
 * row added, removed or moved changes no one's folder. */
static char *made_id(struct importer *im, const struct table_row *row, const char *nom,
                     const char *prenom)
{
    const char *number =
        sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/numero-candidat");
    const char *birth = sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/naissance");
    struct strbuf made = STRBUF_INIT;
    if (number) {
        strbuf_puts(&made, number);
    } else {
        struct strbuf upper = STRBUF_INIT;
        frformat_upper(&upper, nom ? nom : "");
        strbuf_printf(&made, "%s %s %s", strbuf_str(&upper), prenom ? prenom : "",
                      birth ? birth : "");
        strbuf_free(&upper);
    }
    char *id = package_name_fold(strbuf_str(&made)); /* letters, digits and '-' */
    strbuf_free(&made);
    if (id && strlen(id) > 64)
        id[64] = '\0';
    if (id && !*id) {
        free(id);
        id = strdup("stagiaire");
    }
    return id;
}

static bool add_student(struct importer *im, size_t row_index)
{
    const struct table_row *row = &im->sheets.views[SHEET_STAGIAIRES].table->rows[row_index];
    if (!ARRAY_GROW(im->students, im->student_capacity, im->student_count + 1))
        return false;
    const char *id = sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "@id");
    const char *nom = sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/nom");
    const char *prenom = sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/prenom");
    struct student student = {row_index, id ? strdup(id) : made_id(im, row, nom, prenom),
                              student_name(nom, prenom)};
    size_t index = im->student_count;
    im->students[im->student_count++] = student;
    struct strbuf reversed = STRBUF_INIT;
    strbuf_printf(&reversed, "%s %s", prenom ? prenom : "", nom ? nom : "");
    bool ok = student.id && student.name && key_add(&im->ids, student.id, index) &&
              key_add(&im->names, student.name, index) &&
              key_add(&im->names, strbuf_str(&reversed), index);
    strbuf_free(&reversed);
    return ok;
}

/* Each pair of rows with the same key, said once whatever the keys they
 * share (told[] marks the second row of a pair already said). */
static void report_twice(struct importer *im, const struct keys *keys, const char *what,
                         bool *told)
{
    for (size_t i = 1; i < keys->count; i++) {
        const struct key *a = &keys->items[i - 1], *b = &keys->items[i];
        if (strcmp(a->text, b->text) || a->student == b->student || told[b->student])
            continue;
        told[b->student] = true;
        const struct student *first = &im->students[a->student];
        const struct student *second = &im->students[b->student];
        sheets_report_row(&im->sheets, SHEET_STAGIAIRES, second->row, "stagiaire/nom",
                          SEVERITY_ERROR, "periode-unique", second->name,
                          "gardez une seule ligne par stagiaire : le stage se fait en une "
                          "seule période (une ligne, une date de début, une date de fin).",
                          "%s apparaît deux fois (lignes %u et %u, %s).", second->name,
                          sheets_row_number(&im->sheets, SHEET_STAGIAIRES, first->row),
                          sheets_row_number(&im->sheets, SHEET_STAGIAIRES, second->row), what);
    }
}

/* Two rows for one student: the same candidate number, or the same name and
 * birth date (ids are the author's to give: two alike are an error too). */
static bool check_twice(struct importer *im)
{
    struct keys candidates = {0}, births = {0};
    bool ok = true;
    for (size_t s = 0; ok && s < im->student_count; s++) {
        const struct table_row *row =
            &im->sheets.views[SHEET_STAGIAIRES].table->rows[im->students[s].row];
        const char *number =
            sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/numero-candidat");
        const char *birth =
            sheets_row_text(&im->sheets, SHEET_STAGIAIRES, row, "stagiaire/naissance");
        struct strbuf who = STRBUF_INIT;
        if (birth)
            strbuf_printf(&who, "%s %s", im->students[s].name, birth);
        ok = key_add(&candidates, number, s) && key_add(&births, strbuf_str(&who), s);
        strbuf_free(&who);
    }
    keys_sort(&candidates);
    keys_sort(&births);
    bool *told = calloc(im->student_count ? im->student_count : 1, sizeof *told);
    ok = ok && told;
    if (ok) {
        report_twice(im, &candidates, "même numéro de candidat", told);
        report_twice(im, &births, "mêmes nom, prénom et date de naissance", told);
        report_twice(im, &im->ids, "même identifiant", told);
    }
    free(told);
    keys_free(&candidates);
    keys_free(&births);
    return ok;
}

/* The student's row told to whoever wants it as written. */
static void tell_row(const struct importer *im, const struct table_row *row,
                     const struct import_progress *progress)
{
    if (!progress || !progress->row_read)
        return;
    const struct table *table = im->sheets.views[SHEET_STAGIAIRES].table;
    struct import_row told = {table->label, table->sheet, row->number, &im->sheets, row};
    progress->row_read(progress->data, &told);
}

const char *import_row_cell(const struct import_row *row, const char *path, char cell[24])
{
    cell[0] = '\0';
    const char *text = sheets_row_text(row->sheets, SHEET_STAGIAIRES, row->row, path);
    /* The cell is named when its column exists, empty or not: an empty
     * name is a problem at that cell. */
    long spec = sheets_spec_at(row->sheets, SHEET_STAGIAIRES, path);
    long column = spec >= 0 ? sheets_column_of_spec(row->sheets, SHEET_STAGIAIRES, (size_t)spec)
                            : -1;
    if (column < 0)
        return NULL;
    char letters[8];
    table_column_name((size_t)column, letters);
    snprintf(cell, 24, "%s%u", letters, row->number);
    return text;
}

static bool read_students(struct importer *im, const struct import_progress *progress)
{
    const struct sheet_view *view = &im->sheets.views[SHEET_STAGIAIRES];
    for (size_t r = view->header + 1; r < view->table->row_count; r++) {
        const struct table_row *row = &view->table->rows[r];
        if (sheets_row_is_empty(row))
            continue;
        if (!row_names_a_student(im, row)) {
            sheets_report_row(&im->sheets, SHEET_STAGIAIRES, r, NULL, SEVERITY_INFO, "ligne",
                              NULL, NULL, "ligne %u ignorée : ce n'est pas un stagiaire (un "
                              "total, une note, ou ni identifiant, ni nom, ni prénom).",
                              row->number);
            continue;
        }
        if (!add_student(im, r))
            return false;
        tell_row(im, row, progress);
    }
    keys_sort(&im->ids);
    keys_sort(&im->names);
    return check_twice(im);
}

/* The student a list row belongs to (NO_STUDENT: the whole class), or an
 * error at its key cell (false). */
static bool list_row_owner(struct importer *im, size_t sheet, size_t r, size_t *owner)
{
    const struct table_row *row = &im->sheets.views[sheet].table->rows[r];
    const char *id = sheets_row_text(&im->sheets, sheet, row, "=identifiant");
    const char *name = sheets_row_text(&im->sheets, sheet, row, "=stagiaire");
    *owner = NO_STUDENT;
    if (!id && !name)
        return true;
    size_t count = 0;
    *owner = id ? keys_find(&im->ids, id, &count) : keys_find(&im->names, name, &count);
    if (count == 1 || (id && count > 1))
        return true; /* two rows with one id: said once, at the Stagiaires sheet */
    const char *path = id ? "=identifiant" : "=stagiaire";
    char *shown = termtext_escape(id ? id : name, TERMTEXT_MAX_CHARACTERS);
    if (count == 0 && id)
        sheets_report_row(&im->sheets, sheet, r, path, SEVERITY_ERROR, "cellule", NULL,
                          "écrivez l'identifiant d'une ligne de la feuille Stagiaires, ou "
                          "videz la cellule et écrivez NOM Prénom dans la colonne Stagiaire.",
                          "« %s » : aucun stagiaire n'a cet identifiant dans la feuille "
                          "Stagiaires.", shown ? shown : "");
    else if (count == 0)
        sheets_report_row(&im->sheets, sheet, r, path, SEVERITY_ERROR, "cellule", NULL,
                          "écrivez le NOM et le prénom comme dans la feuille Stagiaires.",
                          "« %s » : aucun stagiaire de ce nom dans la feuille Stagiaires.",
                          shown ? shown : "");
    else
        sheets_report_row(&im->sheets, sheet, r, path, SEVERITY_ERROR, "cellule", NULL,
                          "donnez son identifiant dans la colonne Identifiant.",
                          "« %s » : %zu stagiaires portent ce nom.", shown ? shown : "", count);
    free(shown);
    return false;
}

/* ----------------------------------------------------------- stages */

/* A list's items (each <jour> of <horaires>) from --commun, for a stage
 * whose element holds none of its own: a row's « Travail de nuit » makes
 * an <horaires> that must still get the class's days. */
static void add_commun_items(struct importer *im, xmlNodePtr stage)
{
    for (size_t v = SHEET_FIRST_LIST; v < im->sheets.count; v++) {
        const char *path = im->map->specs[im->sheets.views[v].sheet_line].path;
        const char *slash = strrchr(path, '/');
        char *parent_path = slash ? strndup(path, (size_t)(slash - path)) : NULL;
        xmlNodePtr mine = parent_path ? xml_find(stage, parent_path) : NULL;
        xmlNodePtr theirs = mine ? xml_find(im->defaults, parent_path) : NULL;
        if (theirs && !xml_find(mine, slash + 1))
            for (xmlNodePtr d = theirs->children; d; d = d->next)
                if (d->type == XML_ELEMENT_NODE && xmlStrEqual(d->name, BAD_CAST(slash + 1)))
                    xmlAddChild(mine, xmlCopyNode(d, 1));
        free(parent_path);
    }
}

/* The --commun file's defaults the row and the Classe sheet left out. */
static void add_commun_defaults(struct importer *im, xmlNodePtr stage)
{
    if (!im->defaults)
        return;
    for (xmlAttrPtr a = im->defaults->properties; a; a = a->next)
        if (!xmlHasProp(stage, a->name) && strcmp((const char *)a->name, "id")) {
            xmlChar *v = xmlGetProp(im->defaults, a->name);
            xmlSetProp(stage, a->name, v);
            xmlFree(v);
        }
    for (xmlNodePtr d = im->defaults->children; d; d = d->next) {
        if (d->type != XML_ELEMENT_NODE)
            continue;
        bool present = false;
        for (xmlNodePtr c = stage->children; c && !present; c = c->next)
            present = c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, d->name);
        if (!present)
            xmlAddChild(stage, xmlCopyNode(d, 1));
    }
    add_commun_items(im, stage);
}

/* The list sheets' rows of student s, or the whole class's when it has none. */
static void add_list_items(struct importer *im, size_t s, xmlNodePtr stage,
                           struct origin_pool *pool)
{
    for (size_t sheet = SHEET_FIRST_LIST; sheet < im->sheets.count; sheet++) {
        struct sheet_view *view = &im->sheets.views[sheet];
        if (!view->table || view->header >= view->table->row_count)
            continue;
        size_t from, to;
        if (!sheets_rows_of(view, s, &from, &to))
            sheets_rows_of(view, NO_STUDENT, &from, &to);
        for (size_t k = from; k < to; k++) {
            xmlNodePtr item = xml_new_element(stage, im->map->specs[view->sheet_line].path);
            if (item)
                sheets_put_row(&im->sheets, sheet, view->order[k], item, pool, NULL,
                               im->students[s].name);
        }
    }
}

static bool write_stage(struct importer *im, size_t s, xmlNodePtr stage)
{
    struct import_result *out = im->out;
    out->rows[s] = sheets_row_number(&im->sheets, SHEET_STAGIAIRES, im->students[s].row);
    out->lines[s] = im->stage_lines + 1; /* counted from the first stage */
    out->students[s] = strdup(im->students[s].name);
    unsigned line = im->stage_lines + 1;
    bool ok = out->students[s] != NULL;
    if (ok && im->diags->counts[SEVERITY_ERROR] == 0)
        ok = xml_write(stage, 1, &im->stages, &line, out);
    im->stage_lines = line - 1;
    return ok;
}

static bool make_stage(struct importer *im, size_t s)
{
    struct origin_pool pool = {0};
    xmlNodePtr stage = xmlNewDocNode(im->doc, NULL, BAD_CAST "stage", NULL);
    const struct table_row *row =
        &im->sheets.views[SHEET_STAGIAIRES].table->rows[im->students[s].row];
    bool ok = stage != NULL;
    if (ok) {
        xmlSetProp(stage, BAD_CAST "id", BAD_CAST im->students[s].id);
        sheets_put_row(&im->sheets, SHEET_STAGIAIRES, im->students[s].row, stage, &pool,
                       &im->classe, im->students[s].name);
        sheets_put_shared(&im->sheets, row, im->promotion, &im->pool, im->students[s].name);
        add_list_items(im, s, stage, &pool);
        sheets_check_blocks(&im->sheets, im->students[s].row, stage, im->students[s].name);
        add_commun_defaults(im, stage);
        if (!xmlHasProp(stage, BAD_CAST "voie"))
            xmlSetProp(stage, BAD_CAST "voie", BAD_CAST "scolaire");
        xml_order_apply(&im->order, stage, "");
        ok = write_stage(im, s, stage);
    }
    xmlFreeNode(stage);
    origin_pool_free(&pool);
    return ok && !strbuf_failed(&im->stages);
}

/* ----------------------------------------------------------- --commun */

/* The --commun file: false after a diagnostic (out->commun_unreadable when
 * it could not be read at all). */
static bool load_commun(struct importer *im, const struct import_commun *given,
                        size_t max_size, xmlDocPtr *commun)
{
    *commun = NULL;
    if (!given)
        return true;
    /* The same loader as every input: regular files only, entities and
     * DTDs refused, element budgets, French errors at the place. */
    const char *name = given->name ? given->name : given->path;
    struct position where = {name, 0, 0};
    struct source *source = NULL;
    size_t limit = max_size ? max_size : LOADER_DEFAULT_MAX_SIZE;
    enum load_status status =
        given->bytes ? loader_memory_source(name, given->bytes, given->size, limit, im->diags,
                                            &source)
                     : loader_read_source(given->path, limit, im->diags, &source);
    if (status == LOAD_OK)
        status = loader_parse(source, im->diags, commun);
    if (*commun)
        source_attach_document(*commun, NULL); /* read whole: the source can go */
    source_free(source);
    if (status != LOAD_OK) {
        im->out->commun_unreadable = status == LOAD_IO_ERROR;
        return false;
    }
    xmlNodePtr root = *commun ? xmlDocGetRootElement(*commun) : NULL;
    if (!root || strcmp((const char *)root->name, "promotion")) {
        diag_add(im->diags, SEVERITY_ERROR, where, "commun", NULL,
                 "partez de « stagedoc init --promotion », ou donnez ces valeurs dans la "
                 "feuille Classe du classeur.", "illisible, ou pas une <promotion>.");
        return false;
    }
    for (xmlNodePtr child = root->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)child->name, "stage")) {
            if (!im->defaults)
                im->defaults = child;
        } else {
            xmlAddChild(im->promotion, xmlCopyNode(child, 1));
        }
    }
    return true;
}

/* The class's required values (session, school), from the Classe sheet, a
 * column of Stagiaires or --commun: one missing is said once, for the sheet. */
static void check_class_values(struct importer *im)
{
    for (size_t s = 0; s < im->map->count; s++) {
        const struct column_spec *spec = &im->map->specs[s];
        if (spec->kind == KIND_SHEET || spec->path[0] != '/' || !spec->required ||
            xml_value(im->promotion, spec->path + 1))
            continue;
        const struct table *first = im->sheets.set->count ? &im->sheets.set->tables[0] : NULL;
        struct position where = {first ? first->label : NULL, 0, 0};
        bool lone_csv = im->sheets.set->count == 1 && first && !first->sheet && !first->name;
        struct strbuf hint = STRBUF_INIT, example = STRBUF_INIT;
        if (spec->example[0])
            strbuf_printf(&example, " (par exemple %s)", spec->example);
        if (lone_csv)
            strbuf_printf(&hint, "ajoutez une colonne « %s »%s, la même valeur sur chaque "
                          "ligne, ou passez au classeur de stagedoc init --tableur, qui a une "
                          "feuille Classe.", spec->title, strbuf_str(&example));
        else
            strbuf_printf(&hint, "dans la feuille Classe, écrivez « %s » en colonne A et sa "
                          "valeur%s en colonne B.", spec->title, strbuf_str(&example));
        strbuf_free(&example);
        diag_add(im->diags, SEVERITY_ERROR, where, "classeur", NULL, strbuf_str(&hint),
                 "« %s » manque : cette valeur vaut pour toute la classe.", spec->title);
        if (!lone_csv)
            diag_set_cell(im->diags, "Classe", NULL, NULL);
        strbuf_free(&hint);
    }
}

/* ----------------------------------------------------------- output */

/* The promotion: its shared children, then the stages written as they came.
 * The head is put in front of the stages' text where it lies, and the
 * stages' lines and origins move down by its lines: a class's text and
 * origins are never held twice. */
static bool write_promotion(struct importer *im)
{
    struct import_result *out = im->out;
    struct import_result head = {0};
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<promotion version=\"1\"");
    /* The promotion's own attributes from the Classe sheet (pdfa). */
    for (xmlAttrPtr a = im->promotion->properties; a; a = a->next) {
        xmlChar *value = xmlNodeGetContent((xmlNodePtr)a);
        strbuf_printf(&text, " %s=\"", (const char *)a->name);
        xml_attribute(&text, value ? (const char *)value : "");
        strbuf_puts(&text, "\"");
        xmlFree(value);
    }
    strbuf_puts(&text, ">\n");
    unsigned line = 3;
    bool ok = true;
    for (xmlNodePtr child = im->promotion->children; ok && child; child = child->next)
        ok = xml_write(child, 1, &text, &line, &head);
    unsigned shift = line - 1;
    struct strbuf *stages = &im->stages;
    ok = ok && !strbuf_failed(&text) && strbuf_reserve(stages, text.len + 16);
    if (ok) {
        memmove(stages->data + text.len, stages->data, stages->len + 1);
        memcpy(stages->data, text.data, text.len);
        stages->len += text.len;
        strbuf_puts(stages, "</promotion>\n");
    }
    for (size_t i = 0; i < out->stage_count; i++)
        out->lines[i] += shift;
    for (size_t i = 0; i < out->origin_count; i++)
        out->origins[i].line += shift;
    size_t total = head.origin_count + out->origin_count;
    bool merged = ok && total && ARRAY_GROW(out->origins, out->origin_cap, total);
    if (merged) {
        struct import_origin *all = out->origins;
        memmove(all + head.origin_count, all, out->origin_count * sizeof *all);
        if (head.origin_count)
            memcpy(all, head.origins, head.origin_count * sizeof *all);
        out->origin_count = total;
    }
    ok = ok && (merged || !total) && !strbuf_failed(stages);
    if (ok) {
        out->xml_size = stages->len;
        out->xml = strbuf_detach(stages);
    }
    free(head.origins);
    strbuf_free(&text);
    return ok && out->xml;
}

/* What point-back needs of the layout and of the « Stagiaires » sheet. */
static bool describe_layout(struct importer *im)
{
    struct import_result *out = im->out;
    struct import_layout *layout = &out->layout;
    size_t count = im->map->count ? im->map->count : 1;
    layout->paths = calloc(count, sizeof *layout->paths);
    layout->titles = calloc(count, sizeof *layout->titles);
    layout->sheets = calloc(count, sizeof *layout->sheets);
    layout->is_list = calloc(count, sizeof *layout->is_list);
    layout->is_default = calloc(count, sizeof *layout->is_default);
    if (!layout->paths || !layout->titles || !layout->sheets || !layout->is_list ||
        !layout->is_default)
        return false;
    layout->count = im->map->count;
    for (size_t i = 0; i < im->map->count; i++) {
        const struct column_spec *spec = &im->map->specs[i];
        layout->is_list[i] = spec->kind == KIND_SHEET && strcmp(spec->path, "/") &&
                             strcmp(spec->path, ".");
        layout->is_default[i] = spec->kind != KIND_SHEET && spec->path[0] != '/' &&
                                spec->sheet_line == im->sheets.views[SHEET_CLASSE].sheet_line;
        if (!(layout->paths[i] = strdup(spec->path)) || !(layout->titles[i] = strdup(spec->title)) ||
            !(layout->sheets[i] = strdup(spec->sheet)))
            return false;
    }
    const struct sheet_view *view = &im->sheets.views[SHEET_STAGIAIRES];
    out->students_sheet = view->table_index;
    for (size_t c = 0; c < view->columns; c++)
        if (view->spec_of[c] >= 0 && !strcmp(im->map->specs[view->spec_of[c]].path,
                                             "stagiaire/nom")) {
            out->name_column = (unsigned)c;
            break;
        }
    return true;
}

static bool allocate_stages(struct import_result *out, size_t count)
{
    out->rows = calloc(count ? count : 1, sizeof *out->rows);
    out->lines = calloc(count ? count : 1, sizeof *out->lines);
    out->students = calloc(count ? count : 1, sizeof *out->students);
    out->stage_count = count;
    return out->rows && out->lines && out->students;
}

static bool convert_students(struct importer *im, const struct import_progress *progress)
{
    bool ok = allocate_stages(im->out, im->student_count);
    for (size_t sheet = SHEET_FIRST_LIST; ok && sheet < im->sheets.count; sheet++)
        ok = sheets_index_rows(&im->sheets, sheet, im->student_count, im, list_row_owner);
    for (size_t s = 0; ok && s < im->student_count; s++) {
        ok = make_stage(im, s);
        if (progress && progress->row_done)
            progress->row_done(progress->data, im->student_count);
    }
    return ok;
}

static void importer_free(struct importer *im)
{
    for (size_t s = 0; s < im->student_count; s++) {
        free(im->students[s].id);
        free(im->students[s].name);
    }
    free(im->students);
    keys_free(&im->ids);
    keys_free(&im->names);
    defaults_free(&im->classe);
    origin_pool_free(&im->pool);
    xml_order_free(&im->order);
    strbuf_free(&im->stages);
    sheets_free(&im->sheets);
    xmlFreeDoc(im->doc);
}

bool import_convert(const struct table_set *set, const struct column_map *map,
                    const struct import_commun *commun_given, size_t commun_max_size,
                    struct diag_list *diags, const struct import_progress *progress,
                    struct import_result *out)
{
    memset(out, 0, sizeof *out);
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    struct importer im = {.map = map, .diags = diags, .out = out, .stages = STRBUF_INIT};
    im.doc = xmlNewDoc(BAD_CAST "1.0");
    im.promotion = im.doc ? xmlNewDocNode(im.doc, NULL, BAD_CAST "promotion", NULL) : NULL;
    if (im.promotion)
        xmlDocSetRootElement(im.doc, im.promotion);
    xmlDocPtr commun = NULL;
    bool ok = im.promotion && xml_order_build(map, &im.order) &&
              sheets_open(&im.sheets, set, map, diags, out) &&
              load_commun(&im, commun_given, commun_max_size, &commun);
    if (ok && sheets_usable(&im.sheets)) {
        sheets_read_classe(&im.sheets, im.promotion, &im.pool, &im.classe);
        sheets_check_columns(&im.sheets, &im.classe, im.defaults);
        ok = describe_layout(&im) && read_students(&im, progress) && convert_students(&im, progress);
        if (ok)
            check_class_values(&im);
    }
    if (im.sheets.count)
        sheets_tell_rest(&im.sheets);
    out->errors = diags->counts[SEVERITY_ERROR] - errors_before;
    if (ok && out->errors == 0) {
        xml_order_apply(&im.order, im.promotion, "/");
        ok = write_promotion(&im);
    }
    importer_free(&im);
    if (commun)
        xmlFreeDoc(commun);
    return ok && out->errors == 0;
}

long import_stage_of_line(const struct import_result *result, unsigned line)
{
    /* The last stage that starts at or before line: lines[] ascends. */
    size_t low = 0, high = result->stage_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (result->lines[middle] <= line)
            low = middle + 1;
        else
            high = middle;
    }
    return low ? (long)low - 1 : -1;
}

const struct import_origin *import_origins_at(const struct import_result *result,
                                              unsigned line, size_t *count)
{
    size_t low = 0, high = result->origin_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (result->origins[middle].line < line)
            low = middle + 1;
        else
            high = middle;
    }
    size_t end = low;
    while (end < result->origin_count && result->origins[end].line == line)
        end++;
    *count = end - low;
    return end > low ? &result->origins[low] : NULL;
}

void import_result_free(struct import_result *result)
{
    free(result->xml);
    free(result->rows);
    free(result->lines);
    for (size_t i = 0; result->students && i < result->stage_count; i++)
        free(result->students[i]);
    free(result->students);
    free(result->origins);
    for (size_t i = 0; i < result->sheet_count; i++) {
        free(result->sheet_cells[i]);
        free(result->sheet_labels[i]);
    }
    free(result->sheet_cells);
    free(result->sheet_labels);
    struct import_layout *layout = &result->layout;
    for (size_t i = 0; i < layout->count; i++) {
        free(layout->paths[i]);
        free(layout->titles[i]);
        free(layout->sheets[i]);
    }
    free(layout->paths);
    free(layout->titles);
    free(layout->sheets);
    free(layout->is_list);
    free(layout->is_default);
    for (size_t i = 0; i < layout->message_count; i++) {
        free(layout->messages[i].kind);
        free(layout->messages[i].key);
        free(layout->messages[i].text);
    }
    free(layout->messages);
    memset(result, 0, sizeof *result);
}
