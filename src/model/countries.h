/* countries.h — the countries a stage abroad may be in, from
 * templates/pays.tsv (ISO 3166-1 alpha-2 code, French name, English name):
 * documents name the host country in full, and the rules refuse a code
 * that is not in the table. */
#ifndef STAGEDOC_MODEL_COUNTRIES_H
#define STAGEDOC_MODEL_COUNTRIES_H

#include "../util/strbuf.h"

struct countries;

/* NULL with "PATH:LINE: message" in error when the table is unreadable. */
struct countries *countries_load(const char *path, struct strbuf *error);
void countries_free(struct countries *countries);
/* The name of a code in French or in English; NULL for a code not listed. */
const char *countries_name_fr(const struct countries *countries, const char *code);
const char *countries_name_en(const struct countries *countries, const char *code);

#endif
