/* functions.c — what templates can call and read beyond the stage's XML:
 * French formatting functions in the fr: namespace, and variables holding
 * the computed values of the stage (calendar, status, référentiel). */
#include <math.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "../input/xmlnode.h"
#include "../model/countries.h"
#include "../model/evaluation.h"
#include "../util/date.h"
#include "../util/frformat.h"
#include "internal.h"

/* Pops the single string argument of an fr: function. */
static xmlChar *pop_string_argument(xmlXPathParserContextPtr parser, int count)
{
    if (count != 1) {
        xmlXPathSetArityError(parser);
        return NULL;
    }
    return xmlXPathPopString(parser);
}

static void push_strbuf(xmlXPathParserContextPtr parser, struct strbuf *text)
{
    valuePush(parser, xmlXPathNewString(BAD_CAST strbuf_str(text)));
    strbuf_free(text);
}

/* fr:date('2027-06-18') → "vendredi 18 juin 2027"; "" when not a date. */
static void fr_date(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    date_t date;
    char out[DATE_LONG_SIZE] = "";
    if (text && date_parse_iso((const char *)text, &date))
        date_format_long_fr(date, out);
    xmlFree(text);
    valuePush(parser, xmlXPathNewString(BAD_CAST out));
}

/* The position of the last space before `end` in text (end when none). */
static size_t memrchr_space(const char *text, size_t end)
{
    for (size_t k = end; k > 0; k--)
        if (text[k - 1] == ' ')
            return k - 1;
    return end;
}

/* fr:date-simple('2007-03-14') → "14 mars 2007": a date without its
 * weekday (a birth date). */
static void fr_date_simple(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    date_t date;
    char out[DATE_LONG_SIZE] = "";
    if (text && date_parse_iso((const char *)text, &date))
        date_format_long_fr(date, out);
    xmlFree(text);
    const char *space = strchr(out, ' ');
    valuePush(parser, xmlXPathNewString(BAD_CAST(space ? space + 1 : out)));
}

/* fr:periode('2027-06-21', '2027-06-25') → "du lundi 21 au vendredi 25 juin
 * 2027": the month and year said once when both dates share them. */
static void fr_periode(xmlXPathParserContextPtr parser, int count)
{
    if (count != 2) {
        xmlXPathSetArityError(parser);
        return;
    }
    xmlChar *to_text = xmlXPathPopString(parser);
    xmlChar *from_text = xmlXPathPopString(parser);
    date_t from, to;
    struct strbuf out = STRBUF_INIT;
    if (from_text && to_text && date_parse_iso((const char *)from_text, &from) &&
        date_parse_iso((const char *)to_text, &to)) {
        char a[DATE_LONG_SIZE], b[DATE_LONG_SIZE];
        date_format_long_fr(from, a);
        date_format_long_fr(to, b);
        int y1, m1, d1, y2, m2, d2;
        date_to_ymd(from, &y1, &m1, &d1);
        date_to_ymd(to, &y2, &m2, &d2);
        size_t keep = strlen(a);
        if (y1 == y2) {
            keep = (size_t)(strrchr(a, ' ') - a); /* drops " 2027" */
            if (m1 == m2)
                keep = memrchr_space(a, keep); /* and " juin" */
        }
        strbuf_puts(&out, "du ");
        strbuf_add(&out, a, keep);
        strbuf_printf(&out, " au %s", b);
    }
    xmlFree(from_text);
    xmlFree(to_text);
    push_strbuf(parser, &out);
}

/* fr:date-courte('2027-06-18') → "18/06/2027". */
static void fr_date_courte(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    date_t date;
    char out[DATE_ISO_SIZE] = "";
    if (text && date_parse_iso((const char *)text, &date))
        date_format_short_fr(date, out);
    xmlFree(text);
    valuePush(parser, xmlXPathNewString(BAD_CAST out));
}

/* The one-number fr: functions: pops the number, pushes its French text
 * ("" for NaN, e.g. the hours of an apprentice). */
static void push_formatted_number(xmlXPathParserContextPtr parser, int count,
                                  void (*format)(struct strbuf *out, double value))
{
    if (count != 1) {
        xmlXPathSetArityError(parser);
        return;
    }
    double value = xmlXPathPopNumber(parser);
    struct strbuf out = STRBUF_INIT;
    if (!isnan(value))
        format(&out, value);
    push_strbuf(parser, &out);
}

static void format_number(struct strbuf *out, double value)
{
    frformat_number(out, value, 2);
}

static void fr_montant(xmlXPathParserContextPtr parser, int count)
{
    push_formatted_number(parser, count, frformat_amount);
}

static void fr_nombre(xmlXPathParserContextPtr parser, int count)
{
    push_formatted_number(parser, count, format_number);
}

static void fr_heure(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    struct strbuf out = STRBUF_INIT;
    if (text)
        frformat_clock(&out, (const char *)text);
    xmlFree(text);
    push_strbuf(parser, &out);
}

static void fr_majuscules(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    struct strbuf out = STRBUF_INIT;
    if (text)
        frformat_upper(&out, (const char *)text);
    xmlFree(text);
    push_strbuf(parser, &out);
}

static void fr_civilite(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    const char *word = !text ? "" : strcmp((const char *)text, "Mme") == 0 ? "Madame"
                                  : strcmp((const char *)text, "M.") == 0  ? "Monsieur"
                                                                           : (const char *)text;
    valuePush(parser, xmlXPathNewString(BAD_CAST word));
    xmlFree(text);
}

/* Is this civilité a woman's ("Mme", "Madame", "Mlle")? */
static bool feminine(const char *civilite)
{
    return civilite && (strcmp(civilite, "Mme") == 0 || strcmp(civilite, "Madame") == 0 ||
                        strcmp(civilite, "Mlle") == 0 || strcmp(civilite, "F") == 0);
}

/* fr:genre(@civilite, 'tuteur', 'tutrice') → the word agreeing with the
 * person: the feminine form for "Mme", the masculine otherwise. */
static void fr_genre(xmlXPathParserContextPtr parser, int count)
{
    if (count != 3) {
        xmlXPathSetArityError(parser);
        return;
    }
    xmlChar *feminine_word = xmlXPathPopString(parser);
    xmlChar *masculine_word = xmlXPathPopString(parser);
    xmlChar *civilite = xmlXPathPopString(parser);
    bool woman = feminine((const char *)civilite);
    valuePush(parser, xmlXPathNewString(woman ? feminine_word : masculine_word));
    xmlFree(feminine_word);
    xmlFree(masculine_word);
    xmlFree(civilite);
}

/* fr:fonction(@fonction) → "chargée d'études": a function written after a
 * comma, its first letter in lower case unless it starts with an acronym. */
static void fr_fonction(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *text = pop_string_argument(parser, count);
    struct strbuf out = STRBUF_INIT;
    if (text)
        frformat_function(&out, (const char *)text);
    xmlFree(text);
    push_strbuf(parser, &out);
}

static void push_elided(xmlXPathParserContextPtr parser, const char *word, xmlChar *text)
{
    struct strbuf out = STRBUF_INIT;
    frformat_elide(&out, word, text ? (const char *)text : "");
    xmlFree(text);
    push_strbuf(parser, &out);
}

/* fr:de('AXA') → "d'AXA", fr:de('Groupama') → "de Groupama";
 * fr:elision('le', 'entreprise') → "l'entreprise". */
static void fr_elision(xmlXPathParserContextPtr parser, int count)
{
    if (count != 2) {
        xmlXPathSetArityError(parser);
        return;
    }
    xmlChar *text = xmlXPathPopString(parser);
    xmlChar *word = xmlXPathPopString(parser);
    push_elided(parser, word ? (const char *)word : "", text);
    xmlFree(word);
}

static void fr_de(xmlXPathParserContextPtr parser, int count)
{
    push_elided(parser, "de", pop_string_argument(parser, count));
}

/* fr:libelle('domaine', @domaine) → "Mise en service": the label of a
 * référentiel entry (its titre attribute for a unit, its <libelle> for a
 * competence, else its text). */
static void fr_libelle(xmlXPathParserContextPtr parser, int count)
{
    if (count != 2) {
        xmlXPathSetArityError(parser);
        return;
    }
    xmlChar *code = xmlXPathPopString(parser);
    xmlChar *kind = xmlXPathPopString(parser);
    xmlXPathObjectPtr referentiel = xmlXPathVariableLookup(parser->context, BAD_CAST "referentiel");
    xmlNodePtr root = referentiel && referentiel->nodesetval && referentiel->nodesetval->nodeNr
                          ? referentiel->nodesetval->nodeTab[0]
                          : NULL;
    xmlChar *label = NULL;
    XML_FOR_EACH_CHILD(entry, root, (const char *)kind) {
        const char *entry_code = xml_attr(entry, "code");
        if (entry_code && code && strcmp(entry_code, (const char *)code) == 0) {
            xmlNodePtr text = xml_child(entry, "libelle");
            label = xml_attr(entry, "titre") ? xmlStrdup(BAD_CAST xml_attr(entry, "titre"))
                                             : xmlNodeGetContent(text ? text : entry);
            break;
        }
    }
    valuePush(parser, xmlXPathNewString(label ? label : code));
    xmlFree(label);
    xmlFree(code);
    xmlFree(kind);
    xmlXPathFreeObject(referentiel);
}

/* fr:unite-competence('C7') → "U61": the first unit of the référentiel
 * whose competences include this one; "" when none does. */
static void fr_unite_competence(xmlXPathParserContextPtr parser, int count)
{
    xmlChar *code = pop_string_argument(parser, count);
    xmlXPathObjectPtr referentiel = xmlXPathVariableLookup(parser->context, BAD_CAST "referentiel");
    xmlNodePtr root = referentiel && referentiel->nodesetval && referentiel->nodesetval->nodeNr
                          ? referentiel->nodesetval->nodeTab[0]
                          : NULL;
    const char *found = NULL;
    XML_FOR_EACH_CHILD(unit, root, "unite") {
        XML_FOR_EACH_CHILD(ref, unit, "competence") {
            const char *ref_code = xml_attr(ref, "ref");
            if (code && ref_code && strcmp(ref_code, (const char *)code) == 0)
                found = xml_attr(unit, "code");
        }
        if (found)
            break;
    }
    valuePush(parser, xmlXPathNewString(BAD_CAST(found ? found : "")));
    xmlFree(code);
    xmlXPathFreeObject(referentiel);
}

/* fr:pays('DE') → "Allemagne", fr:pays('DE', 'en') → "Germany"; the code
 * itself when the table lacks it. The table is the context's
 * user data (render.c sets it). */
static void fr_pays(xmlXPathParserContextPtr parser, int count)
{
    if (count < 1 || count > 2) {
        xmlXPathSetArityError(parser);
        return;
    }
    xmlChar *language = count == 2 ? xmlXPathPopString(parser) : NULL;
    xmlChar *code = xmlXPathPopString(parser);
    const struct countries *countries = parser->context->userData;
    const char *name = language && xmlStrEqual(language, BAD_CAST "en")
                           ? countries_name_en(countries, (const char *)code)
                           : countries_name_fr(countries, (const char *)code);
    valuePush(parser, xmlXPathNewString(name ? BAD_CAST name : code));
    xmlFree(code);
    xmlFree(language);
}

void template_register_functions(xmlXPathContextPtr context)
{
    static const struct {
        const char *name;
        xmlXPathFunction function;
    } functions[] = {
        {"date", fr_date},         {"date-courte", fr_date_courte}, {"montant", fr_montant},
        {"nombre", fr_nombre},     {"heure", fr_heure},             {"majuscules", fr_majuscules},
        {"civilite", fr_civilite}, {"libelle", fr_libelle},
        {"unite-competence", fr_unite_competence}, {"pays", fr_pays},
        {"date-simple", fr_date_simple}, {"periode", fr_periode}, {"genre", fr_genre},
        {"fonction", fr_fonction}, {"de", fr_de}, {"elision", fr_elision},
    };
    xmlXPathRegisterNs(context, BAD_CAST "fr", BAD_CAST TEMPLATE_FR_NAMESPACE);
    for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
        xmlXPathRegisterFuncNS(context, BAD_CAST functions[i].name,
                               BAD_CAST TEMPLATE_FR_NAMESPACE, functions[i].function);
}

static void set_string(xmlXPathContextPtr context, const char *name, const char *value)
{
    xmlXPathRegisterVariable(context, BAD_CAST name, xmlXPathNewString(BAD_CAST(value ? value : "")));
}

static void set_date(xmlXPathContextPtr context, const char *name, date_t date)
{
    char iso[DATE_ISO_SIZE] = "";
    if (date != DATE_NONE)
        date_format_iso(date, iso);
    set_string(context, name, iso);
}

static void set_number(xmlXPathContextPtr context, const char *name, double value)
{
    xmlXPathRegisterVariable(context, BAD_CAST name, xmlXPathNewFloat(value));
}

static void set_boolean(xmlXPathContextPtr context, const char *name, bool value)
{
    xmlXPathRegisterVariable(context, BAD_CAST name, xmlXPathNewBoolean(value));
}

static xmlNodePtr referentiel_unit(xmlDocPtr referentiel, const char *code)
{
    XML_FOR_EACH_CHILD(unit, xmlDocGetRootElement(referentiel), "unite")
        if (code && xml_attr(unit, "code") && strcmp(xml_attr(unit, "code"), code) == 0)
            return unit;
    return NULL;
}

static xmlNodePtr referentiel_competence(xmlDocPtr referentiel, const char *ref)
{
    XML_FOR_EACH_CHILD(competence, xmlDocGetRootElement(referentiel), "competence")
        if (ref && xml_attr(competence, "code") && strcmp(xml_attr(competence, "code"), ref) == 0)
            return competence;
    return NULL;
}

/* The stage's competences: those it lists, else its unit's, as the
 * référentiel's <competence> elements (code and label). */
static xmlXPathObjectPtr stage_competences(const struct stage *stage, const char *unit,
                                            xmlDocPtr referentiel)
{
    xmlNodeSetPtr set = xmlXPathNodeSetCreate(NULL);
    /* The stage's own list holds for its unit only. */
    xmlNodePtr listed = unit == stage->unite ? xml_child(stage->root, "competences") : NULL;
    if (listed) {
        XML_FOR_EACH_CHILD(ref, listed, "competence") {
            xmlNodePtr found = referentiel_competence(referentiel, xml_attr(ref, "ref"));
            if (found)
                xmlXPathNodeSetAdd(set, found);
        }
    } else {
        XML_FOR_EACH_CHILD(ref, referentiel_unit(referentiel, unit), "competence") {
            xmlNodePtr found = referentiel_competence(referentiel, xml_attr(ref, "ref"));
            if (found)
                xmlXPathNodeSetAdd(set, found);
        }
    }
    return xmlXPathWrapNodeSet(set);
}

static void set_calendar_variables(xmlXPathContextPtr context, const struct calendar *calendar)
{
    set_date(context, "debut", calendar->debut);
    set_date(context, "fin", calendar->fin);
    set_number(context, "semaines", calendar->semaines);
    set_date(context, "date-limite-rapport", calendar->date_limite_rapport);
    /* The evaluation week as the documents print it: within the stage (a
     * stage ending on Friday 25 is evaluated "du lundi 21 au vendredi 25
     * juin"); `calendar` keeps the ISO week. */
    date_t week_start = calendar->evaluation_lundi, week_end = calendar->evaluation_dimanche;
    if (week_start != DATE_NONE && calendar->debut != DATE_NONE && calendar->debut > week_start)
        week_start = calendar->debut;
    if (week_end != DATE_NONE && calendar->fin != DATE_NONE && calendar->fin < week_end)
        week_end = calendar->fin;
    set_date(context, "semaine-evaluation-debut", week_start);
    set_date(context, "semaine-evaluation-fin", week_end);
    set_date(context, "semaine-evaluation-iso-debut", calendar->evaluation_lundi);
    set_date(context, "semaine-evaluation-iso-fin", calendar->evaluation_dimanche);
    set_number(context, "heures-presence",
               calendar->presence_minutes < 0 ? NAN : calendar->presence_minutes / 60.0);
    /* Days of 7 hours, to one decimal, rounded half up: the one figure
     * every document prints, as `calendar` does ("36,4 jours"). */
    set_number(context, "jours-presence",
               calendar->presence_minutes < 0
                   ? NAN
                   : (double)frformat_round(calendar->presence_minutes / 420.0, 1) / 10.0);
    set_boolean(context, "mineur", calendar->mineur);
}

static double weekly_hours(const struct stage *stage)
{
    int minutes = 0;
    for (enum weekday day = LUNDI; day <= SAMEDI; day++)
        minutes += work_day_minutes(&stage->week[day]);
    return minutes / 60.0;
}

/* $evaluation: the grid's result for the unit rendered, as a small XML
 * document (see evaluation.h); the stage's <evaluation> counts only for
 * the stage's own unit. Returns the document, or NULL (an empty set). */
static xmlDocPtr set_evaluation(xmlXPathContextPtr context, const struct stage *stage,
                                const char *unit, xmlDocPtr referentiel)
{
    struct evaluation result;
    bool own_unit = unit && stage->unite && strcmp(unit, stage->unite) == 0;
    xmlNodePtr rated = own_unit ? xml_child(stage->root, "evaluation") : NULL;
    xmlDocPtr doc = evaluation_compute(referentiel, unit, rated, &result)
                        ? evaluation_document(&result)
                        : NULL;
    evaluation_free(&result);
    xmlXPathRegisterVariable(context, BAD_CAST "evaluation",
                             xmlXPathNewNodeSet(doc ? xmlDocGetRootElement(doc) : NULL));
    return doc;
}

xmlDocPtr template_register_variables(xmlXPathContextPtr context,
                                      const struct template_context *values,
                                      xmlDocPtr referentiel)
{
    xmlXPathRegisterVariable(context, BAD_CAST "referentiel",
                             xmlXPathNewNodeSet(xmlDocGetRootElement(referentiel)));
    const struct stage *stage = values->stage;
    if (!stage)
        return NULL;
    const char *unit = values->unite ? values->unite : stage->unite;
    set_calendar_variables(context, values->calendar);
    set_string(context, "id", stage->id);
    set_string(context, "voie", voie_name(stage->voie));
    set_string(context, "classe", stage->input ? stage->input->classe : NULL);
    const char *name_fr = countries_name_fr(values->countries, stage->pays);
    const char *name_en = countries_name_en(values->countries, stage->pays);
    set_string(context, "pays", name_fr ? name_fr : stage->pays);
    set_string(context, "pays-en", name_en ? name_en : stage->pays);
    set_string(context, "pays-code", stage->pays);
    set_boolean(context, "etranger", stage->pays && strcmp(stage->pays, "FR") != 0);
    const char *langue = xml_attr(stage->root, "langue");
    set_boolean(context, "bilingue", values->bilingual || (langue && strstr(langue, "en")));
    set_boolean(context, "apprenti", stage->voie == VOIE_APPRENTISSAGE);
    set_boolean(context, "formation-continue", stage->voie == VOIE_FORMATION_CONTINUE);
    set_boolean(context, "dispense", stage->dispense_motif != NULL);
    set_number(context, "heures-semaine", weekly_hours(stage));
    /* The total gratification, in integer cents rounded half up once
     * (217,5 h × 4,35 € = 946,125 → 946,13 €); 0 without an hourly rate. */
    long minutes = values->calendar->presence_minutes;
    long long cents = minutes > 0 && stage->gratification_cents_per_hour > 0
                          ? frformat_gratification_cents(minutes, stage->gratification_cents_per_hour / 100.0)
                          : 0;
    set_number(context, "gratification-totale", cents / 100.0);
    set_string(context, "unite", unit);
    set_string(context, "unite-titre", xml_attr(referentiel_unit(referentiel, unit), "titre"));
    xmlXPathRegisterVariable(context, BAD_CAST "competences",
                             stage_competences(stage, unit, referentiel));
    return set_evaluation(context, stage, unit, referentiel);
}
