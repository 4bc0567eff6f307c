/* choices.h — the values a workbook cell may take for a closed kind (voie,
 * civilité, domaine, unité…) and the ways people write them.
 *
 * The list is data (templates/import/valeurs.tsv), one line a value:
 *   kind<TAB>value of the contract<TAB>label|synonym|synonym…
 * « voie	formation-continue	Formation continue|FC|Stagiaire de la formation
 * continue ». The label (first of the list) is what a workbook shows: in
 * the drop-down list of init --tableur and in the cells export writes. A
 * cell matches the value itself, its label or a synonym, compared folded
 * (no case, no accents, punctuation as spaces: « Mme. » is « mme »). */
#ifndef STAGEDOC_IMPORT_CHOICES_H
#define STAGEDOC_IMPORT_CHOICES_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

struct choice {
    char *value;   /* as the contract writes it: "formation-continue" */
    char *label;   /* as a workbook shows it: "Formation continue" */
    char **folded; /* the value, the label and every synonym, folded */
    size_t folded_count, folded_capacity;
};

struct choice_set {
    char *kind;    /* "voie" */
    struct choice *items;
    size_t count, capacity;
};

struct choice_list {
    struct choice_set *sets;
    size_t count, capacity;
};

/* Reads valeurs.tsv; false with "PATH:LINE: message" in error. */
bool choices_load(const char *path, struct choice_list *list, struct strbuf *error);
/* The set of that kind, or NULL. */
const struct choice_set *choices_find(const struct choice_list *list, const char *kind);
/* The choice text names (its value, label or a synonym), or NULL. */
const struct choice *choices_match(const struct choice_set *set, const char *text);
/* The choice whose contract value is value, or NULL. */
const struct choice *choices_by_value(const struct choice_set *set, const char *value);
/* « scolaire, apprentissage ou formation continue »: the labels, for a hint. */
void choices_describe(const struct choice_set *set, struct strbuf *out);
void choices_free(struct choice_list *list);

#endif
