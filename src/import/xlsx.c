/* xlsx.c — an XLSX workbook's sheets into tables. */
#include "xlsx.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheetdate.h"
#include "zipxml.h"
#include "../util/array.h"

struct xlsx {
    struct office_zip *zip;
    struct table_set *set;
    const char *strings;    /* the shared strings, each ended by a NUL, kept by set */
    uint32_t *string_at;    /* where each begins in strings */
    size_t string_count;
    bool *date_styles;      /* by cellXfs index */
    size_t style_count;
    bool system_1904;
};

/* The text of an <si> or <is>: its <t>, or its runs' <t>, without the
 * phonetic guides (<rPh>). */
static void collect_text(const xmlNode *node, struct strbuf *out)
{
    for (const xmlNode *child = node->children; child; child = child->next) {
        if (office_is(child, "t")) {
            const char *plain = office_text(child);
            xmlChar *text = plain ? NULL : xmlNodeGetContent(child);
            strbuf_puts(out, plain ? plain : text ? (const char *)text : "");
            xmlFree(text);
        } else if (office_is(child, "r")) {
            collect_text(child, out);
        }
    }
}

/* ----------------------------------------------------------- shared strings */

/* xl/sharedStrings.xml is read <si> by <si> (office_zip_walk): parsed whole,
 * 44 KB of it deflated took 465 MiB. The strings go end to end in one
 * buffer that the table set keeps, so that a cell points at its string
 * instead of copying it. */
struct string_reader {
    struct xlsx *book;
    struct strbuf texts;
    size_t cap;
    struct strbuf *error;
};

static enum office_step meet_strings_element(const xmlNode *element, int depth, void *data)
{
    (void)data;
    if (depth == 0 && office_is(element, "sst"))
        return OFFICE_ENTER;
    return depth == 1 && office_is(element, "si") ? OFFICE_TAKE : OFFICE_PASS;
}

static bool take_string(xmlNode *si, void *data)
{
    struct string_reader *reader = data;
    struct xlsx *book = reader->book;
    if (book->string_count >= XLSX_MAX_SHARED_STRINGS) {
        strbuf_puts(reader->error, "xl/sharedStrings.xml : plus d'un million de textes partagés");
        return false;
    }
    if (!ARRAY_GROW(book->string_at, reader->cap, book->string_count + 1)) {
        strbuf_puts(reader->error, "mémoire insuffisante");
        return false;
    }
    size_t at = reader->texts.len;
    collect_text(si, &reader->texts);
    strbuf_add(&reader->texts, "", 1); /* each string ends with its NUL */
    if (reader->texts.len > TABLE_MAX_CHARACTERS) {
        strbuf_puts(reader->error, "xl/sharedStrings.xml : plus de 16 Mio de textes partagés");
        return false;
    }
    book->string_at[book->string_count++] = (uint32_t)at;
    return true;
}

static bool read_shared_strings(struct xlsx *book, struct strbuf *error)
{
    if (!office_zip_has(book->zip, "xl/sharedStrings.xml"))
        return true;
    struct string_reader reader = {book, STRBUF_INIT, 0, error};
    struct office_walk walk = {meet_strings_element, take_string, &reader};
    bool ok = office_zip_walk(book->zip, "xl/sharedStrings.xml", &walk, error);
    if (ok && strbuf_failed(&reader.texts)) {
        strbuf_puts(error, "mémoire insuffisante");
        ok = false;
    }
    char *texts = strbuf_detach(&reader.texts);
    if (!ok || !texts) {
        free(texts);
        return ok;
    }
    if (!table_set_keep(book->set, texts)) { /* texts freed */
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    book->strings = texts;
    return true;
}

/* ----------------------------------------------------------- styles */

static bool builtin_date_format(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A custom format is a date when it has a day or a year outside quoted text,
 * escapes and [brackets] (colours, locales, elapsed time). */
static bool custom_date_format(const char *code)
{
    bool quoted = false;
    int bracket = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[')
            bracket++;
        else if (*p == ']' && bracket > 0)
            bracket--;
        else if (!bracket && strchr("dDyY", *p))
            return true;
    }
    return false;
}

/* xl/styles.xml is read element by element too, its custom number formats
 * indexed by id (sorted, then searched): each cell format scanning every
 * number format made 56 KB of styles hang. */
struct number_format {
    long id;
    size_t order; /* the first of two formats with one id wins */
    bool date;
};

struct style_reader {
    struct number_format *formats;
    size_t format_count;
    long *format_of; /* each cellXfs/xf's numFmtId, in order */
    size_t xf_count;
    bool in_xfs;     /* the depth-1 element being read is cellXfs */
};

static bool add_format(struct style_reader *reader, const xmlNode *numfmt)
{
    if (reader->format_count >= XLSX_MAX_STYLES)
        return true; /* more than any workbook has: the rest are read as numbers */
    if (!reader->formats && !(reader->formats = malloc(XLSX_MAX_STYLES * sizeof *reader->formats)))
        return false;
    const char *id = office_attr_text(numfmt, "numFmtId");
    const char *code = office_attr_text(numfmt, "formatCode");
    if (id)
        reader->formats[reader->format_count++] = (struct number_format){
            strtol(id, NULL, 10), reader->format_count, code && custom_date_format(code)};
    return true;
}

static bool add_xf(struct style_reader *reader, const xmlNode *xf)
{
    if (reader->xf_count >= XLSX_MAX_STYLES)
        return true;
    if (!reader->format_of && !(reader->format_of = malloc(XLSX_MAX_STYLES * sizeof(long))))
        return false;
    const char *id = office_attr_text(xf, "numFmtId");
    reader->format_of[reader->xf_count++] = id ? strtol(id, NULL, 10) : -1;
    return true;
}

static enum office_step meet_style_element(const xmlNode *element, int depth, void *data)
{
    struct style_reader *reader = data;
    if (depth == 0)
        return office_is(element, "styleSheet") ? OFFICE_ENTER : OFFICE_PASS;
    if (depth == 1) {
        reader->in_xfs = office_is(element, "cellXfs");
        return reader->in_xfs || office_is(element, "numFmts") ? OFFICE_ENTER : OFFICE_PASS;
    }
    bool ok = true;
    if (depth == 2 && !reader->in_xfs && office_is(element, "numFmt"))
        ok = add_format(reader, element);
    else if (depth == 2 && reader->in_xfs && office_is(element, "xf"))
        ok = add_xf(reader, element);
    return ok ? OFFICE_PASS : OFFICE_TAKE; /* TAKE: take_style() stops the walk */
}

static bool take_style(xmlNode *element, void *data)
{
    (void)element, (void)data;
    return false; /* out of memory in meet_style_element */
}

static int compare_formats(const void *a, const void *b)
{
    const struct number_format *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static bool format_is_date(const struct style_reader *reader, long id)
{
    if (builtin_date_format(id))
        return true;
    size_t low = 0, high = reader->format_count;
    while (low < high) { /* the first format with that id */
        size_t middle = low + (high - low) / 2;
        if (reader->formats[middle].id < id)
            low = middle + 1;
        else
            high = middle;
    }
    return low < reader->format_count && reader->formats[low].id == id &&
           reader->formats[low].date;
}

static void read_styles(struct xlsx *book)
{
    if (!office_zip_has(book->zip, "xl/styles.xml"))
        return; /* without styles, the target column decides */
    struct style_reader reader = {0};
    struct office_walk walk = {meet_style_element, take_style, &reader};
    struct strbuf why = STRBUF_INIT;
    bool ok = office_zip_walk(book->zip, "xl/styles.xml", &walk, &why);
    strbuf_free(&why);
    if (ok && reader.format_count)
        qsort(reader.formats, reader.format_count, sizeof *reader.formats, compare_formats);
    if (ok && reader.xf_count && (book->date_styles = calloc(reader.xf_count, sizeof(bool)))) {
        for (size_t i = 0; i < reader.xf_count; i++)
            book->date_styles[i] = format_is_date(&reader, reader.format_of[i]);
        book->style_count = reader.xf_count;
    }
    free(reader.formats);
    free(reader.format_of);
}

/* The part a relationship id names ("xl/worksheets/sheet1.xml"), heap. */
static char *sheet_part(xmlDocPtr rels, const char *rid)
{
    char *part = NULL;
    for (xmlNode *rel = rels ? xmlDocGetRootElement(rels)->children : NULL; rel && !part;
         rel = rel->next) {
        char *id = office_is(rel, "Relationship") ? office_attr(rel, "Id") : NULL;
        char *target = id && !strcmp(id, rid) ? office_attr(rel, "Target") : NULL;
        if (target) {
            struct strbuf path = STRBUF_INIT;
            strbuf_puts(&path, target[0] == '/' ? target + 1 : "xl/");
            if (target[0] != '/')
                strbuf_puts(&path, target);
            part = strbuf_detach(&path);
        }
        free(id);
        free(target);
    }
    return part;
}

struct sheet_entry {
    char *name, *part;
    bool hidden;
};

/* The workbook's sheets in order: their names, parts, and whether hidden. */
static bool list_sheets(struct xlsx *book, struct sheet_entry **sheets, size_t *count,
                        struct strbuf *error)
{
    bool missing;
    xmlDocPtr workbook = office_zip_xml(book->zip, "xl/workbook.xml", &missing, error);
    if (!workbook)
        return false;
    xmlNode *root = xmlDocGetRootElement(workbook);
    xmlNode *pr = office_child(root, "workbookPr");
    char *date1904 = pr ? office_attr(pr, "date1904") : NULL;
    book->system_1904 = date1904 && (!strcmp(date1904, "1") || !strcmp(date1904, "true"));
    free(date1904);
    xmlDocPtr rels = office_zip_xml(book->zip, "xl/_rels/workbook.xml.rels", &missing, error);
    bool ok = rels != NULL;
    size_t capacity = 0; /* of *sheets: at worst too low, which costs one move */
    for (xmlNode *sheet = office_child(office_child(root, "sheets"), "sheet"); ok && sheet;
         sheet = sheet->next) {
        if (!office_is(sheet, "sheet"))
            continue;
        if (*count >= XLSX_MAX_SHEETS) {
            strbuf_printf(error, "plus de %d feuilles", XLSX_MAX_SHEETS);
            ok = false;
            break;
        }
        if (!ARRAY_GROW(*sheets, capacity, *count + 1)) {
            strbuf_puts(error, "mémoire insuffisante");
            ok = false;
            break;
        }
        char *rid = office_attr(sheet, "id");
        char *state = office_attr(sheet, "state");
        struct sheet_entry entry = {office_attr(sheet, "name"), rid ? sheet_part(rels, rid) : NULL,
                                    state && strcmp(state, "visible") != 0};
        free(rid);
        free(state);
        if (entry.part)
            (*sheets)[(*count)++] = entry;
        else
            free(entry.name);
    }
    if (rels)
        xmlFreeDoc(rels);
    xmlFreeDoc(workbook);
    if (ok && *count == 0)
        strbuf_puts(error, "le classeur n'a pas de feuille");
    return ok && *count > 0;
}

/* "B12" to column 1, row 12. */
static bool parse_reference(const char *ref, size_t *column, unsigned *row)
{
    size_t col = 0;
    const char *p = ref;
    while (isupper((unsigned char)*p) && col <= XLSX_MAX_COLUMNS)
        col = col * 26 + (size_t)(*p++ - 'A' + 1);
    unsigned long number = 0;
    const char *digits = p;
    while (isdigit((unsigned char)*p) && number <= 10000000)
        number = number * 10 + (unsigned long)(*p++ - '0');
    if (col == 0 || p == digits || number == 0 || number > 10000000)
        return false;
    *column = col - 1;
    *row = (unsigned)number;
    return true;
}

static bool set_number(struct xlsx *book, struct table *table, struct table_row *row,
                       size_t column, const char *v,
                       const char *style)
{
    char *end;
    double number = strtod(v, &end);
    if (end == v)
        return table_set(table, row, column, CELL_TEXT, v);
    long s = style ? strtol(style, NULL, 10) : 0;
    date_t date;
    if (s >= 0 && (size_t)s < book->style_count && book->date_styles[s] &&
        sheetdate_from_serial(number, book->system_1904, &date)) {
        char iso[DATE_ISO_SIZE];
        date_format_iso(date, iso);
        return table_set(table, row, column, CELL_DATE, iso);
    }
    char text[32];
    table_number_text(number, text);
    return table_set(table, row, column, CELL_NUMBER, text);
}

static bool read_cell(struct xlsx *book, struct table *table, xmlNode *c, struct table_row *row,
                      size_t column)
{
    /* Read in place, without copies: a class's sheet has many cells. */
    const char *type = office_attr_text(c, "t");
    const char *style = office_attr_text(c, "s");
    xmlNode *vnode = office_child(c, "v");
    xmlNode *formula = office_child(c, "f");
    xmlChar *v = vnode && !office_text(vnode) ? xmlNodeGetContent(vnode) : NULL;
    const char *value = v ? (const char *)v : vnode && office_text(vnode) ? office_text(vnode) : "";
    bool ok = true;
    if (formula && !vnode) {
        xmlChar *text = xmlNodeGetContent(formula);
        ok = table_set(table, row, column, CELL_UNCOMPUTED,
                       text && *text ? (const char *)text : "=");
        xmlFree(text);
    } else if (type && !strcmp(type, "inlineStr")) {
        struct strbuf text = STRBUF_INIT;
        xmlNode *is = office_child(c, "is");
        if (is)
            collect_text(is, &text);
        ok = table_set(table, row, column, CELL_TEXT, strbuf_str(&text));
        strbuf_free(&text);
    } else if (type && !strcmp(type, "s")) {
        long index = strtol(value, NULL, 10);
        if (index >= 0 && (size_t)index < book->string_count) /* pointed at, not copied */
            ok = table_set_kept(table, row, column, CELL_TEXT,
                                book->strings + book->string_at[index]);
    } else if (type && !strcmp(type, "b")) {
        ok = table_set(table, row, column, CELL_TEXT, strcmp(value, "1") ? "non" : "oui");
    } else if (type && !strcmp(type, "d")) {
        char iso[DATE_ISO_SIZE] = "";
        strncat(iso, value, DATE_ISO_SIZE - 1);
        ok = table_set(table, row, column, CELL_DATE, iso);
    } else if (type && (!strcmp(type, "str") || !strcmp(type, "e"))) {
        ok = table_set(table, row, column, CELL_TEXT, value);
    } else if (*value) {
        ok = set_number(book, table, row, column, value, style);
    }
    xmlFree(v);
    return ok;
}

static bool read_row(struct xlsx *book, xmlNode *r, unsigned number, struct table *table,
                     struct strbuf *error)
{
    struct table_row *row = table_add_row(table, number);
    if (!row) {
        strbuf_printf(error, "plus de %u lignes", TABLE_MAX_ROWS);
        return false;
    }
    char *hidden = office_attr(r, "hidden");
    row->hidden = hidden && (!strcmp(hidden, "1") || !strcmp(hidden, "true"));
    free(hidden);
    size_t next = 0;
    for (xmlNode *c = r->children; c; c = c->next) {
        if (!office_is(c, "c"))
            continue;
        const char *ref = office_attr_text(c, "r");
        size_t column = next;
        unsigned ignored;
        if (ref && !parse_reference(ref, &column, &ignored))
            column = next;
        if (column >= TABLE_MAX_COLUMNS) { /* far to the right of any class list */
            if (office_child(c, "v") || office_child(c, "is") || office_child(c, "f"))
                table_note_far_cell(table, number, column);
            continue;
        }
        if (!read_cell(book, table, c, row, column)) {
            strbuf_puts(error, "mémoire insuffisante");
            return false;
        }
        next = column + 1;
    }
    return true;
}

static bool read_merges(xmlNode *merges, struct table *table)
{
    for (xmlNode *m = merges->children; m; m = m->next) {
        char *ref = office_is(m, "mergeCell") ? office_attr(m, "ref") : NULL;
        char *colon = ref ? strchr(ref, ':') : NULL;
        size_t c1, c2;
        unsigned r1, r2;
        bool ok = true;
        if (colon) {
            *colon = '\0';
            if (parse_reference(ref, &c1, &r1) && parse_reference(colon + 1, &c2, &r2) &&
                c1 <= c2 && r1 <= r2 && c1 < TABLE_MAX_COLUMNS)
                ok = table_add_merge(table, r1, r2, c1,
                                     c2 < TABLE_MAX_COLUMNS ? c2 : TABLE_MAX_COLUMNS - 1);
        }
        free(ref);
        if (!ok)
            return false;
    }
    return true;
}

/* The sheet is read row by row (office_zip_walk): a class list of
 * thousands of rows parsed whole would take some 200 MB. */
struct sheet_reader {
    struct xlsx *book;
    struct table *table;
    struct strbuf *error;
    unsigned last; /* the number of the row read last */
};

static enum office_step meet_sheet_element(const xmlNode *element, int depth, void *data)
{
    (void)data;
    if ((depth == 0 && office_is(element, "worksheet")) ||
        (depth == 1 && office_is(element, "sheetData")))
        return OFFICE_ENTER;
    if ((depth == 2 && office_is(element, "row")) ||
        (depth == 1 && office_is(element, "mergeCells")))
        return OFFICE_TAKE;
    return OFFICE_PASS;
}

static bool take_sheet_element(xmlNode *element, void *data)
{
    struct sheet_reader *sheet = data;
    if (office_is(element, "mergeCells")) {
        if (read_merges(element, sheet->table))
            return true;
        strbuf_puts(sheet->error, "mémoire insuffisante");
        return false;
    }
    char *rn = office_attr(element, "r");
    long number = rn ? strtol(rn, NULL, 10) : (long)sheet->last + 1;
    free(rn);
    if (number <= (long)sheet->last || number > 10000000)
        number = (long)sheet->last + 1; /* rows out of order: taken as they come */
    sheet->last = (unsigned)number;
    return read_row(sheet->book, element, sheet->last, sheet->table, sheet->error);
}

static bool read_sheet(struct xlsx *book, const char *part, struct table *table,
                       struct strbuf *error)
{
    struct sheet_reader sheet = {book, table, error, 0};
    struct office_walk walk = {meet_sheet_element, take_sheet_element, &sheet};
    return office_zip_walk(book->zip, part, &walk, error);
}

bool xlsx_read(const unsigned char *bytes, size_t size, const char *label,
               struct table_set *set, struct strbuf *error)
{
    struct xlsx book = {0};
    book.set = set;
    book.zip = office_zip_open(bytes, size, error);
    if (!book.zip)
        return false;
    struct sheet_entry *sheets = NULL;
    size_t count = 0;
    bool ok = list_sheets(&book, &sheets, &count, error) && read_shared_strings(&book, error);
    if (ok)
        read_styles(&book);
    for (size_t i = 0; ok && i < count; i++) {
        struct table *table = table_set_add(set, label, sheets[i].name ? sheets[i].name
                                                                       : "Feuille1");
        if (!table) {
            strbuf_puts(error, "mémoire insuffisante");
            ok = false;
            break;
        }
        table->hidden = sheets[i].hidden;
        ok = read_sheet(&book, sheets[i].part, table, error);
    }
    for (size_t i = 0; i < count; i++) {
        free(sheets[i].name);
        free(sheets[i].part);
    }
    free(sheets);
    free(book.string_at); /* the strings themselves are the set's */
    free(book.date_styles);
    office_zip_close(book.zip);
    return ok;
}
