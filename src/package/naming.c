/* naming.c — pattern fields, folding and case. */
#include "naming.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/fold.h"

enum field_case { CASE_AS_WRITTEN, CASE_UPPER };

static const char *const field_names[] = {"session", "academie", "numero", "nom",
                                          "prenom", "id", "voie", "unite"};
#define FIELD_COUNT (sizeof field_names / sizeof *field_names)

static const char *field_value(const struct package_name_values *values, size_t field)
{
    const char *all[FIELD_COUNT] = {values->session, values->academie, values->numero,
                                    values->nom, values->prenom, values->id,
                                    values->voie, values->unite};
    return all[field];
}

/* The field a placeholder names (case-insensitively), or FIELD_COUNT. */
static size_t find_field(const char *name, size_t len)
{
    for (size_t i = 0; i < FIELD_COUNT; i++)
        if (strlen(field_names[i]) == len && strncasecmp(field_names[i], name, len) == 0)
            return i;
    return FIELD_COUNT;
}

static enum field_case case_of(const char *name, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)name[i]))
            return CASE_AS_WRITTEN;
    return CASE_UPPER;
}

static bool literal_allowed(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

bool package_name_pattern_check(const char *pattern, struct strbuf *error)
{
    if (!*pattern) {
        strbuf_puts(error, "motif de nom vide");
        return false;
    }
    if (*pattern == '.') { /* hidden, and taken for a temporary of an atomic write */
        strbuf_puts(error, "le motif commence par « . » : le paquet serait un fichier caché");
        return false;
    }
    for (const char *at = pattern; *at; at++) {
        if (*at == '{') {
            const char *close = strchr(at, '}');
            if (!close) {
                strbuf_puts(error, "accolade « { » sans « } »");
                return false;
            }
            if (find_field(at + 1, (size_t)(close - at - 1)) == FIELD_COUNT) {
                strbuf_printf(error, "champ « %.*s » inconnu (session, academie, numero, nom, "
                                     "prenom, id, voie, unite)", (int)(close - at + 1), at);
                return false;
            }
            at = close;
        } else if (!literal_allowed(*at)) {
            strbuf_printf(error, "caractère « %c » interdit dans un nom de fichier de paquet "
                                 "(lettres ASCII, chiffres, « . », « - » et « _ »)", *at);
            return false;
        }
    }
    return true;
}

char *package_name_fold(const char *utf8)
{
    char *ascii = fold_ascii(utf8);
    if (!ascii)
        return NULL;
    size_t out = 0;
    bool separator = false;
    for (size_t i = 0; ascii[i]; i++) {
        unsigned char c = (unsigned char)ascii[i];
        if (c == '\'')
            continue;
        if (!isalnum(c)) {
            separator = true;
            continue;
        }
        if (separator && out > 0)
            ascii[out++] = '-';
        ascii[out++] = (char)c;
        separator = false;
    }
    ascii[out] = '\0';
    return ascii;
}

static bool append_field(struct strbuf *name, const char *value, enum field_case field_case)
{
    char *folded = package_name_fold(value);
    if (!folded || !*folded) {
        free(folded);
        return false;
    }
    for (char *c = folded; field_case == CASE_UPPER && *c; c++)
        *c = (char)toupper((unsigned char)*c);
    strbuf_puts(name, folded);
    free(folded);
    return true;
}

/* A file name may be 255 bytes on every file system a school uses; names
 * of 80 characters folded to ASCII (œ gives oe) could pass it. Cut well
 * before, at a byte that ends no word in the middle of a separator. */
#define NAME_MAX_BYTES 200

static void cut_to_name_max(struct strbuf *name)
{
    if (name->len <= NAME_MAX_BYTES)
        return;
    name->len = NAME_MAX_BYTES;
    while (name->len > 1 && strchr("_-.", name->data[name->len - 1]))
        name->len--;
    name->data[name->len] = '\0';
}

char *stage_folder_name(const char *id, const char *nom, const char *prenom)
{
    struct strbuf name = STRBUF_INIT;
    strbuf_puts(&name, id);
    size_t with_id = name.len;
    if (nom && *nom) {
        strbuf_puts(&name, "_");
        if (!append_field(&name, nom, CASE_UPPER))
            name.len = with_id; /* a name of no usable character: the id alone */
    }
    if (prenom && *prenom && name.len > with_id) {
        size_t before = name.len;
        strbuf_puts(&name, "_");
        if (!append_field(&name, prenom, CASE_AS_WRITTEN))
            name.len = before;
    }
    if (name.data)
        name.data[name.len] = '\0';
    cut_to_name_max(&name);
    return strbuf_detach(&name);
}

char *package_name_expand(const char *pattern, const struct package_name_values *values,
                          struct strbuf *error)
{
    struct strbuf name = STRBUF_INIT;
    for (const char *at = pattern; *at; at++) {
        if (*at != '{') {
            strbuf_add(&name, at, 1);
            continue;
        }
        const char *close = strchr(at, '}');
        size_t len = (size_t)(close - at - 1);
        size_t field = find_field(at + 1, len);
        const char *value = field_value(values, field);
        if (!value || !append_field(&name, value, case_of(at + 1, len))) {
            strbuf_printf(error, value ? "la valeur de {%s} ne donne aucun caractère utilisable "
                                         "dans un nom de fichier"
                                       : "{%s} est inconnu pour ce stage",
                          field_names[field]);
            strbuf_free(&name);
            return NULL;
        }
        at = close;
    }
    cut_to_name_max(&name);
    strbuf_puts(&name, ".zip");
    return strbuf_detach(&name);
}
