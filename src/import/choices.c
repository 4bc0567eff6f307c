/* choices.c — reads templates/import/valeurs.tsv, the values a closed column
 * (voie, civilité, domaine…) accepts and the ways people write them, and
 * finds which value a cell names. Every form is kept folded
 * (fold_for_comparison), so « Apprentie », « APPRENTIE » and « apprentie »
 * are one; the loader refuses a form that would name two values of a kind. */
#include "choices.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/datafile.h"
#include "../util/fold.h"

static struct choice_set *set_of(struct choice_list *list, const char *kind)
{
    for (size_t i = 0; i < list->count; i++)
        if (!strcmp(list->sets[i].kind, kind))
            return &list->sets[i];
    if (!ARRAY_GROW(list->sets, list->capacity, list->count + 1))
        return NULL;
    struct choice_set *set = &list->sets[list->count];
    memset(set, 0, sizeof *set);
    if (!(set->kind = strdup(kind)))
        return NULL;
    list->count++;
    return set;
}

static void choice_free(struct choice *choice)
{
    for (size_t i = 0; i < choice->folded_count; i++)
        free(choice->folded[i]);
    free(choice->folded);
    free(choice->value);
    free(choice->label);
}

/* The choice of set (other than self) that already has the folded form. */
static const struct choice *owner_of(const struct choice_set *set, const struct choice *self,
                                     const char *folded)
{
    for (size_t i = 0; i < set->count; i++)
        if (&set->items[i] != self)
            for (size_t j = 0; j < set->items[i].folded_count; j++)
                if (!strcmp(set->items[i].folded[j], folded))
                    return &set->items[i];
    return NULL;
}

/* Adds one form (the value, the label or a synonym) to the choice being
 * read, the last of set. */
static bool add_form(struct choice_set *set, struct choice *choice, const char *form,
                     struct strbuf *error)
{
    char *folded = fold_for_comparison(form);
    if (!folded) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    if (!*folded) {
        strbuf_printf(error, "« %s » (%s) : forme vide une fois la ponctuation ôtée ; "
                      "écrivez au moins une lettre ou un chiffre", form, set->kind);
        free(folded);
        return false;
    }
    const struct choice *other = owner_of(set, choice, folded);
    if (other) {
        strbuf_printf(error, "« %s » désigne à la fois « %s » et « %s » dans le type « %s » ; "
                      "un synonyme ne peut nommer qu'une valeur", form, other->value,
                      choice->value, set->kind);
        free(folded);
        return false;
    }
    if (!ARRAY_GROW(choice->folded, choice->folded_capacity, choice->folded_count + 1)) {
        free(folded);
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    choice->folded[choice->folded_count++] = folded;
    return true;
}

/* The value, then each form of list (« label|synonym|… »), the first of
 * which is the label. */
static bool read_forms(struct choice_set *set, struct choice *choice, const char *list,
                       struct strbuf *error)
{
    if (!add_form(set, choice, choice->value, error))
        return false;
    char *copy = strdup(list);
    bool ok = copy != NULL;
    if (!ok)
        strbuf_puts(error, "mémoire insuffisante");
    for (char *form = copy, *bar; ok && form; form = bar) {
        if ((bar = strchr(form, '|')))
            *bar++ = '\0';
        if (!*form) {
            strbuf_puts(error, "libellé ou synonyme vide (« || », ou « | » en début ou en fin "
                               "de liste)");
            ok = false;
            break;
        }
        if (!choice->label) {
            for (size_t i = 0; ok && i + 1 < set->count; i++)
                if (!strcmp(set->items[i].label, form)) {
                    strbuf_printf(error, "le libellé « %s » est déjà celui de « %s » dans le "
                                  "type « %s » ; deux libellés doivent différer", form,
                                  set->items[i].value, set->kind);
                    ok = false;
                }
            if (ok && !(choice->label = strdup(form))) {
                strbuf_puts(error, "mémoire insuffisante");
                ok = false;
            }
        }
        ok = ok && add_form(set, choice, form, error);
    }
    free(copy);
    return ok;
}

static bool visit(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct choice_list *list = context;
    if (record->count != 3) {
        strbuf_printf(error, "3 champs attendus (type, valeur du contrat, libellé|synonymes), "
                      "%d trouvés", record->count);
        return false;
    }
    const char *kind = record->fields[0], *value = record->fields[1];
    if (!*kind || !*value) {
        strbuf_puts(error, "type ou valeur vide");
        return false;
    }
    struct choice_set *set = set_of(list, kind);
    if (!set || !ARRAY_GROW(set->items, set->capacity, set->count + 1)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    if (choices_by_value(set, value)) {
        strbuf_printf(error, "la valeur « %s » figure déjà dans le type « %s »", value, kind);
        return false;
    }
    struct choice *choice = &set->items[set->count++];
    memset(choice, 0, sizeof *choice);
    if (!(choice->value = strdup(value))) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    return read_forms(set, choice, record->fields[2], error);
}

bool choices_load(const char *path, struct choice_list *list, struct strbuf *error)
{
    memset(list, 0, sizeof *list);
    if (datafile_read(path, visit, list, error))
        return true;
    choices_free(list);
    return false;
}

const struct choice_set *choices_find(const struct choice_list *list, const char *kind)
{
    for (size_t i = 0; list && i < list->count; i++)
        if (!strcmp(list->sets[i].kind, kind))
            return &list->sets[i];
    return NULL;
}

const struct choice *choices_match(const struct choice_set *set, const char *text)
{
    if (!set || !text)
        return NULL;
    char *folded = fold_for_comparison(text);
    const struct choice *found = folded && *folded ? owner_of(set, NULL, folded) : NULL;
    free(folded);
    return found;
}

const struct choice *choices_by_value(const struct choice_set *set, const char *value)
{
    for (size_t i = 0; set && i < set->count; i++)
        if (!strcmp(set->items[i].value, value))
            return &set->items[i];
    return NULL;
}

void choices_describe(const struct choice_set *set, struct strbuf *out)
{
    for (size_t i = 0; set && i < set->count; i++) {
        if (i > 0)
            strbuf_puts(out, i + 1 == set->count ? " ou " : ", ");
        strbuf_puts(out, set->items[i].label);
    }
}

void choices_free(struct choice_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        for (size_t j = 0; j < list->sets[i].count; j++)
            choice_free(&list->sets[i].items[j]);
        free(list->sets[i].items);
        free(list->sets[i].kind);
    }
    free(list->sets);
    memset(list, 0, sizeof *list);
}
