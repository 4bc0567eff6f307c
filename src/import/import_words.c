/* import_words.c — a diagnostic's XML words said in the workbook's: where
 * a rule written for XML authors names <periode> or montant-horaire, a
 * workbook's author reads « Date de début » et « Date de fin », or
 * « Gratification horaire »; nested tags are named by the innermost; ISO
 * dates read JJ/MM/AAAA; the phrases of
 * templates/import/messages.tsv are replaced. The places come from the
 * layout, so the rules keep one wording. */
#include "import.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/datafile.h"

/* ----------------------------------------------------------- messages.tsv */

static bool visit_message(const struct datafile_record *record, void *context,
                          struct strbuf *error)
{
    struct import_layout *layout = context;
    if (record->count != 3 || (strcmp(record->fields[0], "cellule") &&
                               strcmp(record->fields[0], "conseil") &&
                               strcmp(record->fields[0], "texte"))) {
        strbuf_puts(error, "3 champs attendus : cellule, conseil ou texte, puis la règle (ou "
                           "le texte), puis ce qu'il devient");
        return false;
    }
    if (!ARRAY_GROW(layout->messages, layout->message_capacity, layout->message_count + 1)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    struct import_message *m = &layout->messages[layout->message_count++];
    m->kind = strdup(record->fields[0]);
    m->key = strdup(record->fields[1]);
    m->text = strdup(record->fields[2]);
    if (!m->kind || !m->key || !m->text) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    return true;
}

bool import_messages_load(const char *path, struct import_layout *layout, struct strbuf *error)
{
    return datafile_read(path, visit_message, layout, error);
}

const char *import_message(const struct import_layout *layout, const char *kind,
                           const char *key)
{
    for (size_t i = 0; key && i < layout->message_count; i++)
        if (!strcmp(layout->messages[i].kind, kind) && !strcmp(layout->messages[i].key, key))
            return layout->messages[i].text;
    return NULL;
}

/* ----------------------------------------------------------- places */

static const char *last_step(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Does path name element name as one of its steps ("[N]" ignored)? */
static bool has_step(const char *path, const char *name, size_t len)
{
    for (const char *p = path; *p;) {
        size_t step = strcspn(p, "/[");
        if (step == len && !strncmp(p, name, len))
            return true;
        p += strcspn(p, "/");
        p += *p == '/';
    }
    return false;
}

/* Fields of « Stagiaires » and the list sheets: the Classe sheet's defaults
 * repeat them under other names. */
static bool is_field(const struct import_layout *layout, size_t i)
{
    return !layout->is_list[i] && !layout->is_default[i] && layout->paths[i][0] != '=';
}

/* The field of element name inside element outer (<documents-signes>
 * <attestation/>: « Attestation signée », not « Date de l'attestation »). */
static bool nested_place(const struct import_layout *layout, const char *outer,
                         const char *name, size_t len, struct strbuf *out)
{
    struct strbuf both = STRBUF_INIT;
    strbuf_printf(&both, "%s/%.*s/", outer, (int)len, name);
    for (size_t i = 0; i < layout->count; i++)
        if (is_field(layout, i) && strstr(layout->paths[i], strbuf_str(&both))) {
            strbuf_printf(out, "« %s »", layout->titles[i]);
            strbuf_free(&both);
            return true;
        }
    strbuf_free(&both);
    return false;
}

/* The workbook's place for element name, without an article, so that it
 * reads in « pas de … », « ajoutez … ». */
static void place_of(const struct import_layout *layout, const char *name, size_t len,
                     struct strbuf *out)
{
    if ((len == 5 && !strncmp(name, "stage", 5)) || (len == 9 && !strncmp(name, "stagiaire", 9))) {
        strbuf_puts(out, "la ligne du stagiaire (feuille Stagiaires)");
        return;
    }
    for (size_t i = 0; i < layout->count; i++)
        if (layout->is_list[i] && has_step(layout->paths[i], name, len)) {
            strbuf_printf(out, "feuille « %s »", layout->sheets[i]);
            return;
        }
    size_t found = 0;
    const char *titles[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < layout->count && found < 3; i++) {
        if (!is_field(layout, i))
            continue;
        const char *leaf = last_step(layout->paths[i]);
        if (strlen(leaf) == len && !strncmp(leaf, name, len)) {
            strbuf_printf(out, "« %s »", layout->titles[i]);
            return;
        }
        if (has_step(layout->paths[i], name, len))
            titles[found++] = layout->titles[i];
    }
    if (found == 0)
        strbuf_puts(out, "cette valeur");
    else if (found == 1)
        strbuf_printf(out, "« %s »", titles[0]);
    else if (found == 2)
        strbuf_printf(out, "« %s » et « %s »", titles[0], titles[1]);
    else
        strbuf_printf(out, "« %s »…", titles[0]);
}

/* The header of the attribute named word (« montant-horaire »), or NULL. */
static const char *attribute_title(const struct import_layout *layout, const char *word,
                                   size_t len)
{
    for (size_t i = 0; i < layout->count; i++) {
        const char *leaf = last_step(layout->paths[i]);
        if (is_field(layout, i) && leaf[0] == '@' && strlen(leaf + 1) == len &&
            !strncmp(leaf + 1, word, len))
            return layout->titles[i];
    }
    return NULL;
}

/* "<name …>" at text: its length, and the name's. 0 when not a tag. */
static size_t tag_at(const char *text, const char **name, size_t *name_len, bool *closing)
{
    if (text[0] != '<')
        return 0;
    *closing = text[1] == '/';
    *name = text + 1 + *closing;
    *name_len = strspn(*name, "abcdefghijklmnopqrstuvwxyz-");
    const char *end = strchr(text, '>');
    if (*name_len == 0 || !end)
        return 0;
    return (size_t)(end - text) + 1;
}

/* AAAA-MM-JJ at text, written JJ/MM/AAAA; its length or 0. */
static size_t iso_date_at(const char *text, struct strbuf *out)
{
    for (size_t i = 0; i < 10; i++)
        if (!(i == 4 || i == 7 ? text[i] == '-' : isdigit((unsigned char)text[i])))
            return 0;
    if (isdigit((unsigned char)text[10]))
        return 0;
    strbuf_printf(out, "%.2s/%.2s/%.4s", text + 8, text + 5, text);
    return 10;
}

/* One step of the rewriting at p: how many bytes of text it took.
 * *place_at is where the last place was put in out, while only tags
 * followed it: <documents-signes><convention …/> is named by the inner
 * one, the more precise. */
static size_t rewrite_at(const struct import_layout *layout, const char *text, const char *p,
                         struct strbuf *out, size_t *place_at, char outer[64])
{
    const char *name;
    size_t name_len;
    bool closing;
    size_t tag = tag_at(p, &name, &name_len, &closing);
    if (tag) {
        if (!closing) {
            bool inner = *place_at != (size_t)-1;
            if (inner) { /* the outer tag's place gives way */
                out->len = *place_at;
                out->data[out->len] = '\0';
            }
            *place_at = out->len;
            if (!inner || !nested_place(layout, outer, name, name_len, out))
                place_of(layout, name, name_len, out);
            snprintf(outer, 64, "%.*s", (int)name_len, name);
        }
        return tag;
    }
    *place_at = (size_t)-1;
    bool starts = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');
    size_t date = starts && isdigit((unsigned char)*p) ? iso_date_at(p, out) : 0;
    if (date)
        return date;
    size_t word = islower((unsigned char)*p) ? strspn(p, "abcdefghijklmnopqrstuvwxyz-") : 0;
    bool assigned = word && p[word] == '=';
    const char *title = word && starts && (memchr(p, '-', word) || assigned)
                            ? attribute_title(layout, p, word) : NULL;
    if (title && assigned) { /* langue="fr,en": « Langue » à fr,en */
        const char *value = p + word + 1 + (p[word + 1] == '"');
        size_t len = strcspn(value, "\" ");
        strbuf_printf(out, "« %s » à %.*s", title, (int)len, value);
        return (size_t)(value + len + (value[len] == '"') - p);
    }
    if (title) {
        strbuf_printf(out, "« %s »", title);
        return word;
    }
    size_t take = word ? word : 1;
    strbuf_add(out, p, take);
    return take;
}

void import_words(const struct import_layout *layout, const char *text, struct strbuf *out)
{
    struct strbuf phrased = STRBUF_INIT;
    size_t place_at = (size_t)-1;
    char outer[64] = "";
    strbuf_puts(&phrased, text);
    for (size_t i = 0; i < layout->message_count; i++) {
        const struct import_message *m = &layout->messages[i];
        const char *at = strcmp(m->kind, "texte") ? NULL : strstr(strbuf_str(&phrased), m->key);
        if (!at)
            continue;
        struct strbuf changed = STRBUF_INIT;
        strbuf_add(&changed, phrased.data, (size_t)(at - phrased.data));
        strbuf_printf(&changed, "%s%s", m->text, at + strlen(m->key));
        strbuf_free(&phrased);
        phrased = changed;
    }
    const char *start = strbuf_str(&phrased);
    for (const char *p = start; *p;)
        p += rewrite_at(layout, start, p, out, &place_at, outer);
    strbuf_free(&phrased);
}
