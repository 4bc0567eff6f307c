/* import_words.c — a diagnostic's XML words said in the workbook's: where
 * a rule written for XML authors names <periode> or montant-horaire, a
 * workbook's author reads « Date de début » et « Date de fin », or
 * « Gratification horaire ». The places come from the layout, so the
 * rules keep one wording. */
#include "import.h"

#include <ctype.h>
#include <string.h>

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

/* The list sheet that holds name (its repeated element or that element's
 * parent), or NULL. */
static const char *list_sheet(const struct import_layout *layout, const char *name, size_t len)
{
    for (size_t i = 0; i < layout->count; i++)
        if (layout->is_list[i] && has_step(layout->paths[i], name, len))
            return layout->sheets[i];
    return NULL;
}

/* The workbook's place for element name. */
static void place_of(const struct import_layout *layout, const char *name, size_t len,
                     struct strbuf *out)
{
    if ((len == 5 && !strncmp(name, "stage", 5)) || (len == 9 && !strncmp(name, "stagiaire", 9))) {
        strbuf_puts(out, "la ligne du stagiaire (feuille Stagiaires)");
        return;
    }
    const char *sheet = list_sheet(layout, name, len);
    if (sheet) {
        strbuf_printf(out, "la feuille « %s »", sheet);
        return;
    }
    size_t found = 0;
    const char *titles[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < layout->count && found < 3; i++) {
        const char *leaf = last_step(layout->paths[i]);
        bool exact = strlen(leaf) == len && !strncmp(leaf, name, len);
        if (exact) {
            strbuf_printf(out, "« %s »", layout->titles[i]);
            return;
        }
        if (!layout->is_list[i] && layout->paths[i][0] != '=' &&
            has_step(layout->paths[i], name, len))
            titles[found++] = layout->titles[i];
    }
    if (found == 0)
        strbuf_puts(out, "cette valeur");
    else if (found == 1)
        strbuf_printf(out, "« %s »", titles[0]);
    else if (found == 2)
        strbuf_printf(out, "« %s » et « %s »", titles[0], titles[1]);
    else
        strbuf_printf(out, "les colonnes « %s », « %s »…", titles[0], titles[1]);
}

/* The header of the attribute named word (« montant-horaire »), or NULL. */
static const char *attribute_title(const struct import_layout *layout, const char *word,
                                   size_t len)
{
    for (size_t i = 0; i < layout->count; i++) {
        const char *leaf = last_step(layout->paths[i]);
        if (leaf[0] == '@' && strlen(leaf + 1) == len && !strncmp(leaf + 1, word, len))
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

void import_words(const struct import_layout *layout, const char *text, struct strbuf *out)
{
    for (const char *p = text; *p;) {
        const char *name;
        size_t name_len;
        bool closing;
        size_t tag = tag_at(p, &name, &name_len, &closing);
        if (tag) {
            if (!closing)
                place_of(layout, name, name_len, out);
            p += tag;
            continue;
        }
        size_t word = islower((unsigned char)*p) ? strspn(p, "abcdefghijklmnopqrstuvwxyz-") : 0;
        bool starts = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');
        bool assigned = word && p[word] == '=';
        const char *title = word && starts && (memchr(p, '-', word) || assigned)
                                ? attribute_title(layout, p, word) : NULL;
        if (title && assigned) { /* langue="fr,en": « Langue » à fr,en */
            const char *value = p + word + 1 + (p[word + 1] == '"');
            size_t len = strcspn(value, "\" ");
            strbuf_printf(out, "« %s » à %.*s", title, (int)len, value);
            p = value + len + (value[len] == '"');
        } else if (title) {
            strbuf_printf(out, "« %s »", title);
            p += word;
        } else if (word) {
            strbuf_add(out, p, word);
            p += word;
        } else {
            strbuf_add(out, p, 1);
            p++;
        }
    }
}
