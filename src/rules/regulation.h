/* regulation.h — the regulation's numbers and lists, read from templates/regles/.
 *
 * What the texts fix and may change (durations, hour limits, gratification
 * threshold and rate, social-security ceilings, the electrical sector's NAF
 * codes, the elements each voie must give) is data, so an établissement can
 * follow a new text without recompiling. Loaded once per run. */
#ifndef STAGEDOC_RULES_REGULATION_H
#define STAGEDOC_RULES_REGULATION_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "../util/strbuf.h"

struct required_element {
    char *rule;  /* "requis", "apprentissage" */
    char *voie;  /* scolaire | formation-continue | apprentissage | dispense */
    char *path;  /* child path from <stage> */
    char *label; /* what is missing, in words */
};

struct regulation;
struct countries;

/* Reads the files of templates_dir/regles/, the référentiel
 * (templates_dir/referentiel/referentiel.xml) and the countries
 * (templates_dir/pays.tsv). NULL with a message on failure. */
struct regulation *regulation_load(const char *templates_dir, struct strbuf *error);
void regulation_free(struct regulation *regulation);

/* A parameter of parametres.tsv in hundredths (6 → 600, 0.15 → 15). The
 * caller names only parameters the file must have: regulation_load checks
 * that all of them are present. */
long regulation_param(const struct regulation *regulation, const char *name);
/* Hourly ceiling in cents for a year; *exact is false when the year is not in
 * the table and the nearest earlier (or else first) year is used. */
long regulation_hourly_ceiling(const struct regulation *regulation, int year, bool *exact);
/* True when the NAF code starts with one of the sector's prefixes. */
bool regulation_naf_in_sector(const struct regulation *regulation, const char *code);
/* The ISO 3166 table (templates/pays.tsv): names of the host countries. */
const struct countries *regulation_countries(const struct regulation *regulation);
/* The référentiel: units, competences and their criteria. */
xmlDocPtr regulation_referentiel(const struct regulation *regulation);
/* The placeholder of `stagedoc init` (regles/textes-a-remplacer.tsv) this
 * text is, or starts with; NULL when it is none. */
const char *regulation_placeholder(const struct regulation *regulation, const char *text);
const struct required_element *regulation_required(const struct regulation *regulation,
                                                   size_t *count);

#endif
