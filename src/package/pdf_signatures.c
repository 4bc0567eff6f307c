/* pdf_signatures.c — walking the AcroForm field tree with qpdf handles. */
#include "pdf_signatures.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fold.h"

#define MAX_FIELD_DEPTH 32 /* deeper trees are malformed (or loops) */
/* A convention has a handful of fields; a hostile file can make a small
 * tree whose kids all point back at one object, which a walk without a
 * budget would visit exponentially often. */
#define MAX_FIELD_NODES 4096
#define STRINGIFY_VALUE(x) #x
#define STRINGIFY(x) STRINGIFY_VALUE(x)

#define OUT_OF_MEMORY "mémoire insuffisante"

struct walk {
    struct pdf_handle *pdf;
    struct signature_list *list;
    int visited_ids[MAX_FIELD_NODES]; /* indirect fields already walked */
    int visited;
    const char *problem; /* why the walk stopped, or NULL */
};

/* True the first time an indirect field is met and while the budget lasts.
 * A field has one parent: one reached twice makes the tree a loop (or a
 * lattice), which is refused as malformed. */
static bool first_visit(struct walk *walk, qpdf_oh field)
{
    if (walk->visited == MAX_FIELD_NODES) {
        walk->problem = "plus de " STRINGIFY(MAX_FIELD_NODES) " champs de formulaire";
        return false;
    }
    int id = qpdf_oh_get_object_id(walk->pdf->qpdf, field);
    for (int i = 0; id != 0 && i < walk->visited; i++)
        if (walk->visited_ids[i] == id) {
            walk->problem = "l'arbre des champs de formulaire boucle sur lui-même";
            return false;
        }
    walk->visited_ids[walk->visited++] = id;
    return true;
}

/* Raw bytes that are UTF-8 with at least one non-ASCII character. */
static bool is_utf8_text(const char *bytes, size_t length)
{
    bool non_ascii = false;
    for (size_t i = 0; i < length;) {
        unsigned codepoint;
        size_t step = utf8_decode(bytes + i, &codepoint);
        if (codepoint == 0 || (codepoint == 0xFFFD && step == 1) || i + step > length)
            return false;
        non_ascii |= codepoint >= 0x80;
        i += step;
    }
    return non_ascii;
}

/* A text string value of a dictionary key, as a heap UTF-8 copy, or NULL.
 * Text strings are PDFDocEncoding or UTF-16BE with a BOM (PDF 2.0 adds
 * UTF-8 with a BOM); some signers (poppler's pdfsig among them) write
 * the signer's name as bare UTF-8, which is kept as it is rather than read
 * as PDFDocEncoding mojibake. */
static char *text_value(qpdf_data qpdf, qpdf_oh dict, const char *key)
{
    qpdf_oh value = qpdf_oh_get_key(qpdf, dict, key);
    if (!qpdf_oh_is_string(qpdf, value))
        return NULL;
    size_t length = 0;
    const char *raw = qpdf_oh_get_binary_string_value(qpdf, value, &length);
    if (raw && length >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        return strndup(raw + 3, length - 3);
    if (raw && is_utf8_text(raw, length))
        return strndup(raw, length);
    const char *text = qpdf_oh_get_utf8_value(qpdf, value);
    return text ? strdup(text) : NULL;
}

static bool is_signature_type(qpdf_data qpdf, qpdf_oh field, bool inherited)
{
    qpdf_oh type = qpdf_oh_get_key(qpdf, field, "/FT");
    if (qpdf_oh_is_name(qpdf, type))
        return qpdf_oh_is_name_and_equals(qpdf, type, "/Sig");
    return inherited;
}

static void add_field(struct walk *walk, qpdf_oh field, char *name)
{
    qpdf_data qpdf = walk->pdf->qpdf;
    struct signature_list *list = walk->list;
    struct signature_field *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (!grown) {
        free(name);
        walk->problem = OUT_OF_MEMORY;
        return;
    }
    list->items = grown;
    struct signature_field *item = &list->items[list->count++];
    memset(item, 0, sizeof *item);
    item->name = name;
    qpdf_oh value = qpdf_oh_get_key(qpdf, field, "/V");
    item->is_signed = qpdf_oh_is_dictionary(qpdf, value);
    if (item->is_signed) {
        item->signer = text_value(qpdf, value, "/Name");
        item->date = text_value(qpdf, value, "/M");
        item->reason = text_value(qpdf, value, "/Reason");
    }
}

/* parent.child, or child alone at the top; a widget without /T keeps its
 * parent's name. */
static char *full_name(qpdf_data qpdf, qpdf_oh field, const char *parent)
{
    char *own = text_value(qpdf, field, "/T");
    if (!own)
        return strdup(parent ? parent : "");
    if (!parent || !*parent)
        return own;
    size_t size = strlen(parent) + strlen(own) + 2;
    char *joined = malloc(size);
    if (joined)
        snprintf(joined, size, "%s.%s", parent, own);
    free(own);
    return joined;
}

static bool has_field_kids(qpdf_data qpdf, qpdf_oh kids)
{
    int count = qpdf_oh_is_array(qpdf, kids) ? qpdf_oh_get_array_n_items(qpdf, kids) : 0;
    for (int i = 0; i < count; i++)
        if (qpdf_oh_has_key(qpdf, qpdf_oh_get_array_item(qpdf, kids, i), "/T"))
            return true;
    return false;
}

static void visit_field(struct walk *walk, qpdf_oh field, const char *parent, bool signature,
                        int depth)
{
    qpdf_data qpdf = walk->pdf->qpdf;
    if (walk->problem || depth > MAX_FIELD_DEPTH
        || !qpdf_oh_is_dictionary(qpdf, field) || !first_visit(walk, field))
        return;
    char *name = full_name(qpdf, field, parent);
    if (!name) {
        walk->problem = OUT_OF_MEMORY;
        return;
    }
    signature = is_signature_type(qpdf, field, signature);
    qpdf_oh kids = qpdf_oh_get_key(qpdf, field, "/Kids");
    if (has_field_kids(qpdf, kids)) {
        int count = qpdf_oh_get_array_n_items(qpdf, kids);
        for (int i = 0; i < count; i++) {
            qpdf_oh kid = qpdf_oh_get_array_item(qpdf, kids, i);
            if (qpdf_oh_has_key(qpdf, kid, "/T"))
                visit_field(walk, kid, name, signature, depth + 1);
        }
        free(name);
    } else if (signature) {
        add_field(walk, field, name);
    } else {
        free(name);
    }
}

bool pdf_signature_fields(struct pdf_handle *pdf, struct signature_list *list,
                          struct strbuf *reason)
{
    memset(list, 0, sizeof *list);
    qpdf_data qpdf = pdf->qpdf;
    struct walk walk = {.pdf = pdf, .list = list};
    qpdf_oh form = qpdf_oh_get_key(qpdf, qpdf_get_root(qpdf), "/AcroForm");
    qpdf_oh fields = qpdf_oh_get_key(qpdf, form, "/Fields");
    int count = qpdf_oh_is_array(qpdf, fields) ? qpdf_oh_get_array_n_items(qpdf, fields) : 0;
    for (int i = 0; i < count && !walk.problem; i++)
        visit_field(&walk, qpdf_oh_get_array_item(qpdf, fields, i), NULL, false, 0);
    qpdf_oh_release_all(qpdf);
    if (walk.problem)
        strbuf_puts(reason, walk.problem);
    return !pdf_take_error(pdf, reason) && !walk.problem;
}

size_t signature_list_signed(const struct signature_list *list)
{
    size_t count = 0;
    for (size_t i = 0; i < list->count; i++)
        count += list->items[i].is_signed;
    return count;
}

void signature_list_free(struct signature_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].signer);
        free(list->items[i].date);
        free(list->items[i].reason);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

static size_t leading_digits(const char *text)
{
    size_t count = 0;
    while (isdigit((unsigned char)text[count]))
        count++;
    return count;
}

/* D:YYYYMMDDHHmmSSOHH'mm' (12.1.4 of ISO 32000 / 7.9.4): all after the
 * year optional. Written the French way: 01/06/2027 à 14:30:00 (UTC+02:00). */
void pdf_date_format(const char *pdf_date, char *out, size_t size)
{
    const char *at = strncmp(pdf_date, "D:", 2) == 0 ? pdf_date + 2 : pdf_date;
    size_t digits = leading_digits(at);
    if (digits < 4 || digits > 14 || digits % 2) {
        snprintf(out, size, "%s", pdf_date);
        return;
    }
    /* year, month, day, hour, minutes, seconds as written (NULL when absent) */
    const char *part[6] = {at, NULL, NULL, NULL, NULL, NULL};
    for (size_t i = 1; i < 6 && 4 + 2 * i <= digits; i++)
        part[i] = at + 2 + 2 * i;
    size_t used = 0;
    if (part[2])
        used = (size_t)snprintf(out, size, "%.2s/%.2s/%.4s", part[2], part[1], part[0]);
    else if (part[1])
        used = (size_t)snprintf(out, size, "%.2s/%.4s", part[1], part[0]);
    else
        used = (size_t)snprintf(out, size, "%.4s", part[0]);
    if (part[3] && used < size)
        used += (size_t)snprintf(out + used, size - used, " à %.2s:%.2s%s%.2s", part[3],
                                 part[4] ? part[4] : "00", part[5] ? ":" : "",
                                 part[5] ? part[5] : "");
    const char *zone = at + digits;
    if (used >= size)
        return;
    if (*zone == 'Z')
        snprintf(out + used, size - used, " (UTC)");
    else if ((*zone == '+' || *zone == '-') && leading_digits(zone + 1) >= 2) {
        const char *minutes = zone + 3 + (zone[3] == '\'');
        snprintf(out + used, size - used, " (UTC%c%.2s:%.2s)", *zone, zone + 1,
                 leading_digits(minutes) >= 2 ? minutes : "00");
    }
}

bool pdf_date_iso(const char *pdf_date, char *out, size_t size)
{
    const char *at = strncmp(pdf_date, "D:", 2) == 0 ? pdf_date + 2 : pdf_date;
    size_t digits = leading_digits(at);
    out[0] = '\0';
    if (digits < 4 || digits > 14 || digits % 2 || size < 32)
        return false;
    /* year, then month, day, hour, minutes, seconds as written (each two digits) */
    static const char *const before[] = {"", "-", "-", "T", ":", ":"};
    size_t used = (size_t)snprintf(out, size, "%.4s", at);
    for (size_t i = 1; 4 + 2 * i <= digits; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%.2s", before[i], at + 2 + 2 * i);
    if (digits == 10) /* hours alone: ISO wants the minutes too */
        used += (size_t)snprintf(out + used, size - used, ":00");
    const char *zone = at + digits;
    if (digits >= 10 && *zone == 'Z') {
        snprintf(out + used, size - used, "Z");
    } else if (digits >= 10 && (*zone == '+' || *zone == '-') && leading_digits(zone + 1) >= 2) {
        const char *minutes = zone + 3 + (zone[3] == '\'');
        snprintf(out + used, size - used, "%c%.2s:%.2s", *zone, zone + 1,
                 leading_digits(minutes) >= 2 ? minutes : "00");
    }
    return true;
}
