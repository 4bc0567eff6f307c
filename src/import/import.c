/* import.c — spreadsheet rows to <stage> elements of a promotion. */
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "../util/file.h"
#include "convert.h"
#include "csv.h"
#include "ods.h"
#include "xlsx.h"
#include "zipxml.h"

/* ----------------------------------------------------------- reading */

static bool read_zip_table(const char *data, size_t size, struct table *table,
                           struct strbuf *error)
{
    struct office_zip *zip = office_zip_open((const unsigned char *)data, size, error);
    if (!zip)
        return false;
    bool xlsx = office_zip_has(zip, "xl/workbook.xml");
    bool ods = office_zip_has(zip, "content.xml");
    office_zip_close(zip);
    if (xlsx)
        return xlsx_read((const unsigned char *)data, size, table, error);
    if (ods)
        return ods_read((const unsigned char *)data, size, table, error);
    strbuf_puts(error, "archive ZIP qui n'est ni un classeur XLSX ni un ODS");
    return false;
}

enum import_read import_read_table(const char *path, const char *label, size_t max_size,
                                   enum text_encoding encoding, struct table *table)
{
    char *data = NULL;
    size_t size = 0;
    table_init(table, label, NULL);
    enum file_status status = file_read_all(path, max_size, &data, &size);
    if (status != FILE_OK) {
        fprintf(stderr, "%s : %s\n", label, file_status_message(status));
        return status == FILE_TOO_LARGE ? IMPORT_READ_INVALID : IMPORT_READ_IO;
    }
    struct strbuf error = STRBUF_INIT;
    bool ok;
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
        ok = read_zip_table(data, size, table, &error);
    } else {
        enum text_encoding used;
        size_t bad = 0;
        char *text = text_to_utf8(data, size, encoding, &used, &bad);
        if (!text && encoding == TEXT_ENCODING_UTF8)
            strbuf_printf(&error, "octet %zu : pas de l'UTF-8. À faire : enregistrez le fichier "
                                  "en « CSV UTF-8 » ou donnez --encodage windows-1252", bad + 1);
        ok = text && csv_read(text, table, &error);
        free(text);
    }
    if (!ok)
        fprintf(stderr, "%s : %s.\n", label,
                error.len ? strbuf_str(&error) : "mémoire insuffisante");
    strbuf_free(&error);
    free(data);
    return ok ? IMPORT_READ_OK : IMPORT_READ_INVALID;
}

/* ----------------------------------------------------------- headers */

struct header {
    unsigned row_number;
    long *spec_of; /* by sheet column: spec index or -1 */
    size_t columns;
};

static const struct table_merge *merge_at(const struct table *table, unsigned row, size_t col)
{
    for (size_t i = 0; i < table->merge_count; i++) {
        const struct table_merge *m = &table->merges[i];
        if (m->row <= row && row <= m->last_row && m->first <= col && col <= m->last)
            return m;
    }
    return NULL;
}

static const char *text_at(const struct table *table, unsigned row_number, size_t col)
{
    const struct table_cell *cell = table_cell(table_find_row(table, row_number), col);
    return cell ? cell->text : NULL;
}

/* A header cell's own text, or that of the merged cell that covers it. */
static const char *own_header(const struct table *table, unsigned row, size_t col)
{
    const char *text = text_at(table, row, col);
    const struct table_merge *m = text ? NULL : merge_at(table, row, col);
    return m ? text_at(table, m->row, m->first) : text;
}

/* The spec a header cell names: "Tuteur" merged above "Nom" is tried as
 * "Tuteur Nom" first, then as "Nom". */
static long header_spec(const struct table *table, const struct column_map *map, unsigned row,
                        size_t col)
{
    const char *own = own_header(table, row, col);
    if (!own)
        return -1;
    const struct table_merge *above = row > 1 ? merge_at(table, row - 1, col) : NULL;
    const char *prefix = above && above->first < above->last
                             ? text_at(table, above->row, above->first) : NULL;
    if (prefix && !merge_at(table, row, col)) {
        struct strbuf both = STRBUF_INIT;
        strbuf_printf(&both, "%s %s", prefix, own);
        long spec = columns_match(map, strbuf_str(&both));
        strbuf_free(&both);
        if (spec >= 0)
            return spec;
    }
    return columns_match(map, own);
}

static size_t widest_row(const struct table *table)
{
    size_t widest = 0;
    for (size_t r = 0; r < table->row_count; r++)
        if (table->rows[r].count > widest)
            widest = table->rows[r].count;
    return widest;
}

/* The index of the header row in table->rows, or table->row_count. */
static size_t find_header(const struct table *table, const struct column_map *map,
                          struct header *header)
{
    header->columns = widest_row(table);
    header->spec_of = calloc(header->columns ? header->columns : 1, sizeof *header->spec_of);
    for (size_t r = 0; header->spec_of && r < table->row_count && r < 50; r++) {
        size_t known = 0; /* distinct specs: a merged title alone is not a header */
        for (size_t c = 0; c < header->columns; c++) {
            long spec = header_spec(table, map, table->rows[r].number, c);
            bool again = false;
            for (size_t k = 0; k < c && spec >= 0 && !again; k++)
                again = header->spec_of[k] == spec;
            header->spec_of[c] = spec;
            known += spec >= 0 && !again;
        }
        if (known >= 2) {
            header->row_number = table->rows[r].number;
            return r;
        }
    }
    return table->row_count;
}

/* ----------------------------------------------------------- problems */

struct importer {
    const struct table *table;
    const struct column_map *map;
    struct header header;
    FILE *errors_out;
    size_t errors;
    xmlNodePtr promotion; /* its shared children only: stages are written as made */
    xmlNodePtr defaults;  /* the --commun file's first <stage>, or NULL */
    struct strbuf stages; /* the stages written so far, indented as in the promotion */
    unsigned stage_lines; /* lines in stages */
    const struct import_progress *progress;
};

static void report(struct importer *im, const struct table_row *row, size_t col,
                   const char *header, const char *message, const char *hint)
{
    struct strbuf where = STRBUF_INIT;
    if (row)
        table_location(im->table, row, col, &where);
    else if (im->table->sheet)
        strbuf_printf(&where, "%s:%s", im->table->label, im->table->sheet);
    else
        strbuf_puts(&where, im->table->label);
    if (header)
        strbuf_printf(&where, " (%s)", header);
    if (im->progress && im->progress->before_message)
        im->progress->before_message(im->progress->data);
    fprintf(im->errors_out, "%s : %s%s%s\n", strbuf_str(&where), message, hint ? " À faire : " : "",
            hint ? hint : "");
    strbuf_free(&where);
}

/* ----------------------------------------------------------- XML */

static xmlNodePtr last_child_named(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr child = parent->last; child; child = child->prev)
        if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, name))
            return child;
    return NULL;
}

/* The rank-th child named name (1-based), made with those before it when
 * missing: "document[2]" is the second <document>, whatever column comes first. */
static xmlNodePtr nth_child_named(xmlNodePtr parent, const char *name, unsigned long rank)
{
    xmlNodePtr found = NULL;
    unsigned long seen = 0;
    for (xmlNodePtr child = parent->children; child && seen < rank; child = child->next)
        if (child->type == XML_ELEMENT_NODE && !strcmp((const char *)child->name, name)) {
            found = child;
            seen++;
        }
    for (; seen < rank; seen++)
        found = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    return found;
}

/* The element of one step on the way: "name" (the last one so named, or a new
 * one) or "name[N]" (the Nth, N from 1 to 99). */
static xmlNodePtr step_element(xmlNodePtr node, char *step)
{
    char *bracket = strchr(step, '[');
    if (bracket) {
        unsigned long rank = strtoul(bracket + 1, NULL, 10);
        *bracket = '\0';
        return nth_child_named(node, step, rank >= 1 && rank <= 99 ? rank : 1);
    }
    xmlNodePtr child = last_child_named(node, step);
    return child ? child : xmlNewChild(node, NULL, BAD_CAST step, NULL);
}

/* Puts value at path under base: elements on the way are found or made; the
 * last step is a new element, or an attribute ("@x"). */
static void put_value(xmlNodePtr base, const char *path, const char *value)
{
    char *copy = strdup(path);
    if (!copy)
        return;
    xmlNodePtr node = base;
    char *save = NULL;
    char *step = strtok_r(copy, "/", &save);
    while (step) {
        char *next = strtok_r(NULL, "/", &save);
        if (step[0] == '@')
            xmlSetProp(node, BAD_CAST(step + 1), BAD_CAST value);
        else if (!next)
            xmlNewTextChild(node, NULL, BAD_CAST step, BAD_CAST value);
        else
            node = step_element(node, step);
        step = next;
    }
    free(copy);
}

/* What path under base (elements by name, the last step an element or
 * "@attribute") holds: nothing yet (NULL), or value itself among the
 * elements so named (an address has several lines), or else the first
 * one's value. Free it with xmlFree. */
static xmlChar *shared_value(xmlNodePtr base, const char *path, const char *value)
{
    char *copy = strdup(path);
    xmlNodePtr node = base;
    xmlChar *found = NULL;
    char *save = NULL;
    char *step = copy ? strtok_r(copy, "/", &save) : NULL;
    for (char *next; step && node; step = next) {
        next = strtok_r(NULL, "/", &save);
        if (step[0] == '@') {
            found = xmlGetProp(node, BAD_CAST(step + 1));
        } else if (next) {
            node = last_child_named(node, step);
        } else {
            for (xmlNodePtr child = node->children; child; child = child->next) {
                if (child->type != XML_ELEMENT_NODE || strcmp((const char *)child->name, step))
                    continue;
                xmlChar *text = xmlNodeGetContent(child);
                if (!found || (text && !strcmp((const char *)text, value))) {
                    xmlFree(found);
                    found = text;
                } else {
                    xmlFree(text);
                }
            }
        }
    }
    free(copy);
    return found;
}

/* A value of the whole class (a path from <promotion>, "/etablissement/nom"):
 * the first one given, by --commun or a row, is the class's; a row that
 * gives another is wrong, since a promotion has one school and one session. */
static void put_shared(struct importer *im, const struct table_row *row, size_t col,
                       const char *header, const char *path, const char *value)
{
    xmlChar *had = shared_value(im->promotion, path, value);
    if (!had) {
        put_value(im->promotion, path, value);
        return;
    }
    if (strcmp((const char *)had, value) != 0) {
        struct strbuf message = STRBUF_INIT;
        strbuf_printf(&message, "« %s » : la classe a déjà « %s » (donné par --commun ou une "
                      "ligne au-dessus) ; cette colonne vaut pour toute la classe.", value,
                      (const char *)had);
        report(im, row, col, header, strbuf_str(&message),
               "une seule valeur par classe : corrigez la cellule, ou retirez la colonne et "
               "donnez la valeur dans --commun.");
        strbuf_free(&message);
        im->errors++;
    }
    xmlFree(had);
}

/* Does the --commun file give this path (its first element or attribute)? */
static bool commun_gives(const struct importer *im, const char *path)
{
    if (path[0] == '/') {
        char first[64] = "";
        sscanf(path + 1, "%63[^/]", first);
        return last_child_named(im->promotion, first) != NULL;
    }
    if (!im->defaults)
        return false;
    if (path[0] == '@')
        return xmlHasProp(im->defaults, BAD_CAST(path + 1)) != NULL;
    char first[64] = "";
    sscanf(path, "%63[^/[]", first);
    return last_child_named(im->defaults, first) != NULL;
}

static const char *const stage_order[] = {
    "session", "etablissement", "stagiaire", "entreprise", "tuteur", "enseignant-referent",
    "periode", "amenagement", "dispense", "horaires", "gratification", "avantages",
    "activites", "unite", "competences", "suivi", "apprentissage", "formation-continue",
    "evaluation", "attestation", "rapport", "documents-anglais", "documents-signes",
};

static size_t order_of(const xmlNode *node)
{
    for (size_t i = 0; i < sizeof stage_order / sizeof *stage_order; i++)
        if (!strcmp((const char *)node->name, stage_order[i]))
            return i;
    return sizeof stage_order / sizeof *stage_order;
}

/* Adds the defaults the row did not fill, then puts the children in the
 * contract's order. */
static void complete_stage(struct importer *im, xmlNodePtr stage)
{
    if (im->defaults) {
        for (xmlAttrPtr a = im->defaults->properties; a; a = a->next)
            if (!xmlHasProp(stage, a->name)) {
                xmlChar *v = xmlGetProp(im->defaults, a->name);
                xmlSetProp(stage, a->name, v);
                xmlFree(v);
            }
        for (xmlNodePtr d = im->defaults->children; d; d = d->next)
            if (d->type == XML_ELEMENT_NODE && !last_child_named(stage, (const char *)d->name))
                xmlAddChild(stage, xmlCopyNode(d, 1));
    }
    if (!xmlHasProp(stage, BAD_CAST "voie"))
        xmlSetProp(stage, BAD_CAST "voie", BAD_CAST "scolaire");
    size_t n = sizeof stage_order / sizeof *stage_order;
    for (size_t rank = 0; rank <= n; rank++)
        for (xmlNodePtr child = stage->children, next; child; child = next) {
            next = child->next;
            if (child->type == XML_ELEMENT_NODE && order_of(child) == rank) {
                xmlUnlinkNode(child);
                xmlAddChild(stage, child);
            }
        }
}

/* ----------------------------------------------------------- rows */

static bool row_is_empty(const struct table_row *row)
{
    for (size_t c = 0; c < row->count; c++) {
        const char *t = row->cells[c].text;
        if (t && t[strspn(t, " \t\r\n")])
            return false;
    }
    return true;
}

static void import_spec(struct importer *im, const struct table_row *row, size_t s,
                        xmlNodePtr stage)
{
    const struct column_spec *spec = &im->map->specs[s];
    struct strbuf value = STRBUF_INIT, message = STRBUF_INIT;
    bool any = false;
    for (size_t c = 0; c < im->header.columns; c++) {
        if (im->header.spec_of[c] != (long)s)
            continue;
        const struct table_cell *cell = table_cell(row, c);
        const char *header = own_header(im->table, im->header.row_number, c);
        if (!cell || !cell->text[strspn(cell->text, " \t\r\n")])
            continue;
        const char *hint = NULL;
        strbuf_reset(&value);
        strbuf_reset(&message);
        if (!convert_cell(cell, spec->kind, &value, &message, &hint)) {
            report(im, row, c, header, strbuf_str(&message), hint);
            im->errors++;
            any = true;
            continue;
        }
        any = true;
        if (spec->path[0] == '/')
            put_shared(im, row, c, header, spec->path + 1, strbuf_str(&value));
        else
            put_value(stage, spec->path, strbuf_str(&value));
    }
    if (!any && spec->required && spec->path[0] != '/' && !commun_gives(im, spec->path)) {
        for (size_t c = 0; c < im->header.columns; c++)
            if (im->header.spec_of[c] == (long)s) {
                report(im, row, c, own_header(im->table, im->header.row_number, c),
                       "cellule vide ; elle est obligatoire.", "remplissez-la.");
                im->errors++;
                break;
            }
    }
    strbuf_free(&value);
    strbuf_free(&message);
}

/* Appends node, indented one level, to out; the number of lines it took. */
static unsigned write_child(xmlNodePtr node, struct strbuf *out)
{
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer || xmlNodeDump(buffer, node->doc, node, 1, 1) < 0) {
        xmlBufferFree(buffer);
        out->failed = true;
        return 0;
    }
    const char *text = (const char *)xmlBufferContent(buffer);
    size_t len = (size_t)xmlBufferLength(buffer);
    strbuf_puts(out, "  ");
    strbuf_add(out, text, len);
    strbuf_puts(out, "\n");
    unsigned lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    xmlBufferFree(buffer);
    return lines;
}

/* The row as a <stage>, written to im->stages and forgotten, so that memory
 * holds the text of a large class, not its tree. After a bad cell the rows
 * are still read, for their own problems, but no longer written. */
static bool add_stage(struct importer *im, const struct table_row *row,
                      struct import_result *out)
{
    unsigned *rows = realloc(out->rows, (out->stage_count + 1) * sizeof *rows);
    unsigned *lines = rows ? realloc(out->lines, (out->stage_count + 1) * sizeof *lines) : NULL;
    if (rows)
        out->rows = rows;
    if (!lines)
        return false;
    out->lines = lines;
    xmlNodePtr stage = xmlNewDocNode(im->promotion->doc, NULL, BAD_CAST "stage", NULL);
    if (!stage)
        return false;
    for (size_t s = 0; s < im->map->count; s++)
        import_spec(im, row, s, stage);
    if (!xmlHasProp(stage, BAD_CAST "id")) {
        char id[32];
        snprintf(id, sizeof id, "stage-%03zu", out->stage_count + 1);
        xmlSetProp(stage, BAD_CAST "id", BAD_CAST id);
    }
    complete_stage(im, stage);
    out->rows[out->stage_count] = row->number;
    out->lines[out->stage_count++] = im->stage_lines + 1; /* counted from the first stage */
    if (im->errors == 0)
        im->stage_lines += write_child(stage, &im->stages);
    xmlFreeNode(stage);
    return !strbuf_failed(&im->stages);
}

/* Columns the file does not have but must; how many. */
static size_t check_required_columns(struct importer *im)
{
    size_t missing = 0;
    for (size_t s = 0; s < im->map->count; s++) {
        const struct column_spec *spec = &im->map->specs[s];
        bool present = false;
        for (size_t c = 0; c < im->header.columns && !present; c++)
            present = im->header.spec_of[c] == (long)s;
        if (present || !spec->required || commun_gives(im, spec->path))
            continue;
        struct strbuf message = STRBUF_INIT, hint = STRBUF_INIT;
        strbuf_printf(&message, "ligne %u : la colonne « %s » manque.", im->header.row_number,
                      spec->title);
        strbuf_printf(&hint, "ajoutez une colonne « %s » (ou donnez la valeur dans --commun).",
                      spec->title);
        report(im, NULL, 0, NULL, strbuf_str(&message), strbuf_str(&hint));
        strbuf_free(&message);
        strbuf_free(&hint);
        missing++;
    }
    im->errors += missing;
    return missing;
}

static void warn_unknown_columns(struct importer *im)
{
    const struct table_row *row = table_find_row(im->table, im->header.row_number);
    for (size_t c = 0; c < im->header.columns; c++)
        if (im->header.spec_of[c] < 0 && own_header(im->table, im->header.row_number, c))
            report(im, row, c, own_header(im->table, im->header.row_number, c),
                   "intitulé inconnu : colonne ignorée.",
                   "renommez-la comme dans templates/import/colonnes.tsv, ou laissez-la.");
}

/* ----------------------------------------------------------- --commun */

static bool load_commun(struct importer *im, const char *path, xmlDocPtr *commun)
{
    *commun = NULL;
    if (!path)
        return true;
    *commun = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    xmlNodePtr root = *commun ? xmlDocGetRootElement(*commun) : NULL;
    if (!root || (*commun)->intSubset || strcmp((const char *)root->name, "promotion")) {
        fprintf(im->errors_out, "%s : illisible, ou pas une <promotion>. À faire : partez de "
                                "« stagedoc init --promotion ».\n", path);
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

/* ----------------------------------------------------------- output */

/* The promotion: its shared children, then the stages written as they came. */
static bool write_promotion(struct importer *im, struct import_result *out)
{
    struct strbuf xml = STRBUF_INIT;
    strbuf_puts(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<promotion version=\"1\">\n");
    unsigned header_lines = 2;
    for (xmlNodePtr child = im->promotion->children; child; child = child->next)
        header_lines += write_child(child, &xml);
    strbuf_add(&xml, strbuf_str(&im->stages), im->stages.len);
    strbuf_puts(&xml, "</promotion>\n");
    strbuf_free(&im->stages);
    for (size_t i = 0; i < out->stage_count; i++)
        out->lines[i] += header_lines;
    out->xml_size = xml.len;
    out->xml = strbuf_detach(&xml);
    return out->xml != NULL;
}

/* The session comes first, wherever it came from (--commun or a column). */
static void put_session_first(xmlNodePtr promotion)
{
    xmlNodePtr session = last_child_named(promotion, "session");
    if (session && session != promotion->children) {
        xmlUnlinkNode(session);
        xmlAddPrevSibling(promotion->children, session);
    }
}

bool import_convert(const struct table *table, const struct column_map *map,
                    const char *commun_path, FILE *errors_out,
                    const struct import_progress *progress, struct import_result *out)
{
    memset(out, 0, sizeof *out);
    struct importer im = {.table = table, .map = map, .errors_out = errors_out,
                          .stages = STRBUF_INIT, .progress = progress};
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* else attributes say &#xE9; for é */
    im.promotion = xmlNewDocNode(doc, NULL, BAD_CAST "promotion", NULL);
    xmlDocSetRootElement(doc, im.promotion);
    xmlDocPtr commun;
    bool ok = load_commun(&im, commun_path, &commun);
    size_t first = ok ? find_header(table, map, &im.header) : 0;
    if (ok && first == table->row_count) {
        report(&im, NULL, 0, NULL, "aucune ligne d'intitulés reconnus (Nom, Prénom, Date de "
               "début…).", "mettez en première ligne les intitulés de templates/import/colonnes.tsv.");
        im.errors++;
    } else if (ok) {
        warn_unknown_columns(&im);
        /* With a missing column every row would say so: one message is
         * enough. Otherwise every bad cell of every row is told. */
        if (check_required_columns(&im) == 0)
            for (size_t r = first + 1; ok && r < table->row_count; r++) {
                if (!row_is_empty(&table->rows[r]))
                    ok = add_stage(&im, &table->rows[r], out);
                if (progress && progress->row_done)
                    progress->row_done(progress->data, table->row_count - first - 1);
            }
    }
    put_session_first(im.promotion);
    out->errors = im.errors;
    ok = ok && im.errors == 0 && write_promotion(&im, out);
    strbuf_free(&im.stages);
    free(im.header.spec_of);
    xmlFreeDoc(doc);
    if (commun)
        xmlFreeDoc(commun);
    return ok;
}

unsigned import_row_of_line(const struct import_result *result, unsigned line)
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
    return low ? result->rows[low - 1] : 0;
}

void import_result_free(struct import_result *result)
{
    free(result->xml);
    free(result->rows);
    free(result->lines);
    memset(result, 0, sizeof *result);
}
