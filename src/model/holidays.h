/* holidays.h — French public holidays, from a data file, by region.
 *
 * templates/calendrier/jours-feries.tsv lists each holiday as a fixed day
 * (MM-DD) or an offset from Easter Sunday (paques+1), with the region it
 * belongs to ("*" for the whole country). Metropolitan France takes only
 * the "*" lines; a region adds its own (Alsace-Moselle, overseas). */
#ifndef STAGEDOC_MODEL_HOLIDAYS_H
#define STAGEDOC_MODEL_HOLIDAYS_H

#include <stdbool.h>

#include "../util/date.h"
#include "../util/strbuf.h"

#define HOLIDAYS_METROPOLE "metropole"

struct holidays;

/* Easter Sunday of a Gregorian year (anonymous Gregorian computus). */
date_t easter_sunday(int year);

/* Loads the rules for one region (NULL or "metropole" for the mainland).
 * On failure returns NULL with a message in error; an unknown region's
 * message lists the known ones. */
struct holidays *holidays_load(const char *path, const char *region, struct strbuf *error);
/* The same, telling an unknown region (a wrong argument) from a broken file. */
struct holidays *holidays_load_region(const char *path, const char *region, bool *unknown_region,
                                      struct strbuf *error);
/* True when date is a public holiday; *name (may be NULL) gets its name. */
bool holidays_contains(const struct holidays *holidays, date_t date, const char **name);
/* Monday to Friday and not a public holiday. */
bool holidays_is_working_day(const struct holidays *holidays, date_t date);
const char *holidays_region(const struct holidays *holidays);
void holidays_free(struct holidays *holidays);

#endif
