/* regulation.c — loading the regulation's data files. */
#include "regulation.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../input/loader.h"
#include "../model/countries.h"
#include "../util/datafile.h"
#include "../util/file.h"

#define MAX_PARAMS 64
#define MAX_CEILINGS 64
#define MAX_NAF 64
#define MAX_REQUIRED 128

struct parameter {
    char *name;
    long hundredths;
};

struct ceiling {
    int year;
    long cents;
};

struct placeholder {
    char *text;
    bool prefix; /* "debut": the text starts with it; "exact": the whole text */
};

#define MAX_PLACEHOLDERS 256

struct regulation {
    struct placeholder placeholders[MAX_PLACEHOLDERS];
    size_t placeholder_count;
    struct parameter params[MAX_PARAMS];
    size_t param_count;
    struct ceiling ceilings[MAX_CEILINGS];
    size_t ceiling_count;
    char *naf_prefixes[MAX_NAF];
    size_t naf_count;
    struct required_element required[MAX_REQUIRED];
    size_t required_count;
    struct source *referentiel_source;
    xmlDocPtr referentiel;
    struct countries *countries; /* templates/pays.tsv */
};

/* Every parameter the rules read; a data file without one is refused at
 * load time rather than silently read as zero. */
static const char *const needed_params[] = {
    "duree.semaines-min", "duree.semaines-max", "duree.semaines-min-amenagee",
    "activites.minimum", "horaires.majeur.heures-jour", "horaires.majeur.heures-semaine",
    "horaires.mineur.heures-jour", "horaires.mineur.heures-semaine",
    "gratification.seuil-heures", "gratification.taux-plafond",
    "rapport.pages-min", "rapport.pages-max",
};

/* Regulation numbers are small (weeks, hours, euros); a bound far above any
 * of them keeps the arithmetic in hundredths from overflowing. */
#define PARAM_MAX_WHOLE 1000000000L

static bool parse_hundredths(const char *text, long *out)
{
    char *end;
    errno = 0;
    long whole = strtol(text, &end, 10);
    long fraction = 0;
    if (end == text || errno == ERANGE || whole > PARAM_MAX_WHOLE || whole < -PARAM_MAX_WHOLE)
        return false;
    if (*end == '.') {
        int digits = 0;
        for (end++; *end >= '0' && *end <= '9'; end++, digits++)
            if (digits < 2)
                fraction = fraction * 10 + (*end - '0');
        if (digits == 1)
            fraction *= 10;
    }
    *out = text[strspn(text, " \t")] == '-' ? whole * 100 - fraction : whole * 100 + fraction;
    return *end == '\0';
}

static bool add_param(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct regulation *regulation = context;
    if (regulation->param_count == MAX_PARAMS) {
        strbuf_puts(error, "trop de paramètres");
        return false;
    }
    struct parameter *param = &regulation->params[regulation->param_count];
    if (record->count < 2 || !parse_hundredths(record->fields[1], &param->hundredths)) {
        strbuf_puts(error, "attendu : nom<TAB>nombre");
        return false;
    }
    param->name = strdup(record->fields[0]);
    regulation->param_count += param->name != NULL;
    return true;
}

static bool add_ceiling(const struct datafile_record *record, void *context,
                        struct strbuf *error)
{
    struct regulation *regulation = context;
    char *end;
    if (regulation->ceiling_count == MAX_CEILINGS || record->count < 2) {
        strbuf_puts(error, "attendu : année<TAB>plafond horaire");
        return false;
    }
    struct ceiling *ceiling = &regulation->ceilings[regulation->ceiling_count];
    ceiling->year = (int)strtol(record->fields[0], &end, 10);
    if (*end || !parse_hundredths(record->fields[1], &ceiling->cents)) {
        strbuf_puts(error, "attendu : année<TAB>plafond horaire");
        return false;
    }
    regulation->ceiling_count++;
    return true;
}

static bool add_naf(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct regulation *regulation = context;
    if (regulation->naf_count == MAX_NAF) {
        strbuf_puts(error, "trop de codes NAF");
        return false;
    }
    char *prefix = strdup(record->fields[0]);
    if (prefix)
        regulation->naf_prefixes[regulation->naf_count++] = prefix;
    return true;
}

static bool add_required(const struct datafile_record *record, void *context,
                         struct strbuf *error)
{
    struct regulation *regulation = context;
    if (regulation->required_count == MAX_REQUIRED || record->count < 4) {
        strbuf_puts(error, "attendu : règle<TAB>voie<TAB>chemin<TAB>libellé");
        return false;
    }
    struct required_element *item = &regulation->required[regulation->required_count++];
    item->rule = strdup(record->fields[0]);
    item->voie = strdup(record->fields[1]);
    item->path = strdup(record->fields[2]);
    item->label = strdup(record->fields[3]);
    return item->rule && item->voie && item->path && item->label;
}

static bool add_placeholder(const struct datafile_record *record, void *context,
                            struct strbuf *error)
{
    struct regulation *regulation = context;
    bool exact = record->count >= 2 && strcmp(record->fields[0], "exact") == 0;
    bool prefix = record->count >= 2 && strcmp(record->fields[0], "debut") == 0;
    if (regulation->placeholder_count == MAX_PLACEHOLDERS || !(exact || prefix) ||
        !*record->fields[1]) {
        strbuf_puts(error, "attendu : exact|debut<TAB>texte");
        return false;
    }
    struct placeholder *item = &regulation->placeholders[regulation->placeholder_count];
    item->text = strdup(record->fields[1]);
    item->prefix = prefix;
    if (item->text)
        regulation->placeholder_count++;
    return item->text != NULL;
}

static bool read_data(const char *templates_dir, const char *name, datafile_visitor visit,
                      struct regulation *regulation, struct strbuf *error)
{
    char *dir = path_join(templates_dir, "regles");
    char *path = dir ? path_join(dir, name) : NULL;
    bool ok = path && datafile_read(path, visit, regulation, error);
    if (!path)
        strbuf_puts(error, "mémoire insuffisante");
    free(path);
    free(dir);
    return ok;
}

/* A data file an établissement's older copy of templates/ may lack: read
 * when present, skipped otherwise. */
static bool read_optional_data(const char *templates_dir, const char *name,
                               datafile_visitor visit, struct regulation *regulation,
                               struct strbuf *error)
{
    char *dir = path_join(templates_dir, "regles");
    char *path = dir ? path_join(dir, name) : NULL;
    bool ok = path && (access(path, F_OK) != 0 || datafile_read(path, visit, regulation, error));
    if (!path)
        strbuf_puts(error, "mémoire insuffisante");
    free(path);
    free(dir);
    return ok;
}

static const struct parameter *find_param(const struct regulation *regulation,
                                          const char *name)
{
    for (size_t i = 0; i < regulation->param_count; i++)
        if (strcmp(regulation->params[i].name, name) == 0)
            return &regulation->params[i];
    return NULL;
}

static bool check_params(const struct regulation *regulation, struct strbuf *error)
{
    for (size_t i = 0; i < sizeof needed_params / sizeof *needed_params; i++) {
        if (!find_param(regulation, needed_params[i])) {
            strbuf_printf(error, "regles/parametres.tsv : le paramètre « %s » manque",
                          needed_params[i]);
            return false;
        }
    }
    if (regulation->ceiling_count == 0) {
        strbuf_puts(error, "regles/plafond-horaire-securite-sociale.tsv : aucune année");
        return false;
    }
    return true;
}

static bool read_countries(const char *templates_dir, struct regulation *regulation,
                           struct strbuf *error)
{
    char *path = path_join(templates_dir, "pays.tsv");
    regulation->countries = path ? countries_load(path, error) : NULL;
    free(path);
    return regulation->countries != NULL;
}

static bool read_referentiel(const char *templates_dir, struct regulation *regulation,
                             struct strbuf *error)
{
    char *path = path_join(templates_dir, "referentiel/referentiel.xml");
    struct diag_list diags = DIAG_LIST_INIT;
    bool ok = path &&
              loader_read_source(path, (size_t)4 << 20, &diags, &regulation->referentiel_source) ==
                  LOAD_OK &&
              loader_parse(regulation->referentiel_source, &diags, &regulation->referentiel) ==
                  LOAD_OK;
    if (!ok)
        strbuf_printf(error, "%s : %s", path ? path : "référentiel",
                      diags.count ? diags.items[0].message : "illisible");
    diag_list_free(&diags);
    free(path);
    return ok;
}

struct regulation *regulation_load(const char *templates_dir, struct strbuf *error)
{
    struct regulation *regulation = calloc(1, sizeof *regulation);
    if (!regulation) {
        strbuf_puts(error, "mémoire insuffisante");
        return NULL;
    }
    bool ok = read_data(templates_dir, "parametres.tsv", add_param, regulation, error) &&
              read_data(templates_dir, "plafond-horaire-securite-sociale.tsv", add_ceiling,
                        regulation, error) &&
              read_data(templates_dir, "naf-electrotechnique.tsv", add_naf, regulation,
                        error) &&
              read_data(templates_dir, "elements-requis.tsv", add_required, regulation,
                        error) &&
              read_optional_data(templates_dir, "textes-a-remplacer.tsv", add_placeholder,
                                 regulation, error) &&
              read_referentiel(templates_dir, regulation, error) &&
              read_countries(templates_dir, regulation, error) &&
              check_params(regulation, error);
    if (!ok) {
        regulation_free(regulation);
        return NULL;
    }
    return regulation;
}

void regulation_free(struct regulation *regulation)
{
    if (!regulation)
        return;
    if (regulation->referentiel)
        xmlFreeDoc(regulation->referentiel);
    source_free(regulation->referentiel_source);
    countries_free(regulation->countries);
    for (size_t i = 0; i < regulation->param_count; i++)
        free(regulation->params[i].name);
    for (size_t i = 0; i < regulation->naf_count; i++)
        free(regulation->naf_prefixes[i]);
    for (size_t i = 0; i < regulation->placeholder_count; i++)
        free(regulation->placeholders[i].text);
    for (size_t i = 0; i < regulation->required_count; i++) {
        struct required_element *item = &regulation->required[i];
        free(item->rule);
        free(item->voie);
        free(item->path);
        free(item->label);
    }
    free(regulation);
}

long regulation_param(const struct regulation *regulation, const char *name)
{
    const struct parameter *param = find_param(regulation, name);
    return param ? param->hundredths : 0;
}

long regulation_hourly_ceiling(const struct regulation *regulation, int year, bool *exact)
{
    const struct ceiling *best = NULL;
    for (size_t i = 0; i < regulation->ceiling_count; i++) {
        const struct ceiling *ceiling = &regulation->ceilings[i];
        if (ceiling->year <= year && (!best || ceiling->year > best->year))
            best = ceiling;
    }
    if (!best) /* a year before the table: its first entry */
        for (size_t i = 0; i < regulation->ceiling_count; i++)
            if (!best || regulation->ceilings[i].year < best->year)
                best = &regulation->ceilings[i];
    *exact = best->year == year;
    return best->cents;
}

bool regulation_naf_in_sector(const struct regulation *regulation, const char *code)
{
    for (size_t i = 0; i < regulation->naf_count; i++)
        if (strncmp(code, regulation->naf_prefixes[i], strlen(regulation->naf_prefixes[i])) == 0)
            return true;
    return false;
}

const struct countries *regulation_countries(const struct regulation *regulation)
{
    return regulation->countries;
}

xmlDocPtr regulation_referentiel(const struct regulation *regulation)
{
    return regulation->referentiel;
}

const struct required_element *regulation_required(const struct regulation *regulation,
                                                   size_t *count)
{
    *count = regulation->required_count;
    return regulation->required;
}

const char *regulation_placeholder(const struct regulation *regulation, const char *text)
{
    if (!text)
        return NULL;
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
                       text[len - 1] == '\r'))
        len--;
    for (size_t i = 0; i < regulation->placeholder_count; i++) {
        const struct placeholder *item = &regulation->placeholders[i];
        size_t n = strlen(item->text);
        if (item->prefix ? len >= n && strncmp(text, item->text, n) == 0
                         : len == n && strncmp(text, item->text, n) == 0)
            return item->text;
    }
    return NULL;
}
