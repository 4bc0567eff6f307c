/* countries.c — reading templates/pays.tsv and looking codes up. */
#include "countries.h"

#include <stdlib.h>
#include <string.h>

#include "../util/array.h"
#include "../util/datafile.h"

struct country {
    char code[3];
    char *name_fr, *name_en;
};

struct countries {
    struct country *items;
    size_t count, capacity;
};

static bool add_country(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct countries *countries = context;
    const char *code = record->fields[0];
    if (record->count != 3 || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' ||
        code[1] < 'A' || code[1] > 'Z' || !*record->fields[1] || !*record->fields[2]) {
        strbuf_puts(error, "attendu : code ISO 3166-1 en deux majuscules, nom en français, "
                           "nom en anglais, séparés par des tabulations");
        return false;
    }
    if (!ARRAY_GROW(countries->items, countries->capacity, countries->count + 1)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    struct country *country = &countries->items[countries->count];
    memcpy(country->code, code, 3);
    country->name_fr = strdup(record->fields[1]);
    country->name_en = strdup(record->fields[2]);
    countries->count++;
    if (!country->name_fr || !country->name_en) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    return true;
}

struct countries *countries_load(const char *path, struct strbuf *error)
{
    struct countries *countries = calloc(1, sizeof *countries);
    if (countries && !datafile_read(path, add_country, countries, error)) {
        countries_free(countries);
        return NULL;
    }
    return countries;
}

void countries_free(struct countries *countries)
{
    if (!countries)
        return;
    for (size_t i = 0; i < countries->count; i++) {
        free(countries->items[i].name_fr);
        free(countries->items[i].name_en);
    }
    free(countries->items);
    free(countries);
}

static const struct country *find(const struct countries *countries, const char *code)
{
    for (size_t i = 0; countries && code && i < countries->count; i++)
        if (strcmp(countries->items[i].code, code) == 0)
            return &countries->items[i];
    return NULL;
}

const char *countries_name_fr(const struct countries *countries, const char *code)
{
    const struct country *country = find(countries, code);
    return country ? country->name_fr : NULL;
}

const char *countries_name_en(const struct countries *countries, const char *code)
{
    const struct country *country = find(countries, code);
    return country ? country->name_en : NULL;
}
