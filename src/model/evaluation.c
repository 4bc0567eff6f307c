/* evaluation.c — levels → mean weight per competence → points → mark. */
#include "evaluation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../util/array.h"

/* "0.75" → 0.75; fallback when absent or not a number. */
static double number_attr(xmlNodePtr node, const char *name, double fallback)
{
    const char *text = xml_attr(node, name);
    if (!text || !*text)
        return fallback;
    char *end;
    double value = strtod(text, &end);
    return *end == '\0' && isfinite(value) ? value : fallback;
}

/* "3" → 3; 0 when absent or not a positive integer. */
static int integer_text(const char *text)
{
    if (!text)
        return 0;
    char *end;
    long value = strtol(text, &end, 10);
    return *end == '\0' && end != text && value > 0 && value < 1000 ? (int)value : 0;
}

double evaluation_round(double value, double step)
{
    if (!(step > 0) || !isfinite(value))
        return value;
    /* 1e-9 absorbs binary noise: 5 × 0.75 + … that should be x.25 exactly. */
    double units = value / step;
    double rounded = units >= 0 ? floor(units + 0.5 + 1e-9) : -floor(-units + 0.5 + 1e-9);
    return rounded * step;
}

static xmlNodePtr find_coded(xmlNodePtr root, const char *element, const char *code)
{
    XML_FOR_EACH_CHILD(node, root, element)
        if (code && xml_attr(node, "code") && strcmp(xml_attr(node, "code"), code) == 0)
            return node;
    return NULL;
}

static bool read_scale(xmlNodePtr grid, struct evaluation *out)
{
    out->out_of = number_attr(grid, "note-sur", 20);
    out->step = number_attr(grid, "arrondi", 0.5);
    size_t count = xml_count_children(grid, "niveau");
    if (count == 0)
        return false;
    out->levels = calloc(count, sizeof *out->levels);
    if (!out->levels)
        return false;
    XML_FOR_EACH_CHILD(level, grid, "niveau") {
        struct evaluation_level *slot = &out->levels[out->level_count++];
        slot->value = integer_text(xml_attr(level, "valeur"));
        slot->weight = number_attr(level, "poids", 0);
        slot->node = level;
    }
    return true;
}

static const struct evaluation_level *find_level(const struct evaluation *evaluation, int value)
{
    for (size_t i = 0; i < evaluation->level_count; i++)
        if (value > 0 && evaluation->levels[i].value == value)
            return &evaluation->levels[i];
    return NULL;
}

/* The unit's competences with their points: explicit ones, and an equal
 * share of what remains of the unit's total for the others. */
static bool read_competences(xmlNodePtr root, xmlNodePtr unit, struct evaluation *out)
{
    size_t count = xml_count_children(unit, "competence");
    out->competences = calloc(count ? count : 1, sizeof *out->competences);
    if (!out->competences)
        return false;
    double given = 0;
    size_t without_points = 0;
    XML_FOR_EACH_CHILD(ref, unit, "competence") {
        if (xml_attr(ref, "points"))
            given += number_attr(ref, "points", 0);
        else
            without_points++;
    }
    double total = number_attr(unit, "points", out->out_of);
    double share = without_points && total > given ? (total - given) / (double)without_points : 0;
    XML_FOR_EACH_CHILD(ref, unit, "competence") {
        struct evaluation_competence *competence = &out->competences[out->competence_count++];
        competence->code = xml_attr(ref, "ref");
        competence->node = find_coded(root, "competence", competence->code);
        competence->points = xml_attr(ref, "points") ? number_attr(ref, "points", 0) : share;
        competence->mean_weight = competence->obtained = NAN;
        out->total_points += competence->points;
        size_t criteria = xml_count_children(competence->node, "critere");
        competence->criteria = calloc(criteria ? criteria : 1, sizeof *competence->criteria);
        if (!competence->criteria)
            return false;
        XML_FOR_EACH_CHILD(criterion, competence->node, "critere") {
            struct evaluation_criterion *slot =
                &competence->criteria[competence->criterion_count++];
            slot->number = integer_text(xml_attr(criterion, "numero"));
            slot->node = criterion;
        }
    }
    return true;
}

static struct evaluation_competence *find_competence(struct evaluation *evaluation,
                                                     const char *code)
{
    for (size_t i = 0; i < evaluation->competence_count; i++)
        if (code && evaluation->competences[i].code &&
            strcmp(evaluation->competences[i].code, code) == 0)
            return &evaluation->competences[i];
    return NULL;
}

static struct evaluation_criterion *find_criterion(struct evaluation_competence *competence,
                                                   int number)
{
    for (size_t i = 0; i < competence->criterion_count; i++)
        if (number > 0 && competence->criteria[i].number == number)
            return &competence->criteria[i];
    return NULL;
}

static bool ignore(struct evaluation *out, xmlNodePtr rating, const char *reason)
{
    if (!ARRAY_GROW(out->ignored, out->ignored_capacity, out->ignored_count + 1))
        return false;
    out->ignored[out->ignored_count++] = (struct evaluation_ignored){
        xml_attr(rating, "competence"), xml_attr(rating, "critere"), xml_attr(rating, "valeur"),
        reason};
    return true;
}

/* Places each <niveau> on its criterion; the first rating of a criterion
 * counts (the schema refuses a second one). */
static bool read_ratings(xmlNodePtr evaluation, struct evaluation *out)
{
    XML_FOR_EACH_CHILD(rating, evaluation, "niveau") {
        struct evaluation_competence *competence =
            find_competence(out, xml_attr(rating, "competence"));
        struct evaluation_criterion *criterion =
            competence ? find_criterion(competence, integer_text(xml_attr(rating, "critere")))
                       : NULL;
        const struct evaluation_level *level =
            find_level(out, integer_text(xml_attr(rating, "valeur")));
        const char *reason = !competence ? "competence" : !criterion ? "critere"
                           : !level      ? "niveau"
                                         : NULL;
        if (reason) {
            if (!ignore(out, rating, reason))
                return false;
        } else if (criterion->level == 0) {
            criterion->level = level->value;
            criterion->weight = level->weight;
        }
    }
    return true;
}

static void compute_marks(struct evaluation *out)
{
    size_t rated_competences = 0;
    double obtained = 0;
    for (size_t i = 0; i < out->competence_count; i++) {
        struct evaluation_competence *competence = &out->competences[i];
        double sum = 0;
        for (size_t k = 0; k < competence->criterion_count; k++) {
            if (competence->criteria[k].level) {
                competence->rated++;
                sum += competence->criteria[k].weight;
            }
        }
        if (competence->rated) {
            competence->mean_weight = sum / (double)competence->rated;
            competence->obtained = competence->points * competence->mean_weight;
            obtained += competence->obtained;
            rated_competences++;
        }
    }
    out->raw = out->mark = NAN;
    if (rated_competences == 0) {
        out->state = EVALUATION_BLANK;
    } else if (rated_competences < out->competence_count || out->total_points <= 0) {
        out->state = EVALUATION_INCOMPLETE;
    } else {
        out->state = EVALUATION_COMPLETE;
        out->raw = out->out_of * obtained / out->total_points;
        out->mark = evaluation_round(out->raw, out->step);
    }
}

bool evaluation_compute(xmlDocPtr referentiel, const char *unit, xmlNodePtr evaluation,
                        struct evaluation *out)
{
    memset(out, 0, sizeof *out);
    out->raw = out->mark = NAN;
    xmlNodePtr root = referentiel ? xmlDocGetRootElement(referentiel) : NULL;
    xmlNodePtr unit_node = find_coded(root, "unite", unit);
    xmlNodePtr grid = xml_child(root, "grille");
    out->unit = xml_attr(unit_node, "code");
    bool ok = unit_node && grid && read_scale(grid, out) &&
              read_competences(root, unit_node, out) && read_ratings(evaluation, out);
    if (!ok) {
        evaluation_free(out);
        return false;
    }
    compute_marks(out);
    return true;
}

void evaluation_free(struct evaluation *evaluation)
{
    for (size_t i = 0; i < evaluation->competence_count; i++)
        free(evaluation->competences[i].criteria);
    free(evaluation->competences);
    free(evaluation->levels);
    free(evaluation->ignored);
    memset(evaluation, 0, sizeof *evaluation);
    evaluation->raw = evaluation->mark = NAN;
}

/* ---- The result as XML ---------------------------------------------------- */

/* Numbers as XPath reads them back: "14.5", "6.666667", "0.4". */
static void set_number(xmlNodePtr node, const char *name, double value)
{
    char text[32];
    snprintf(text, sizeof text, "%.6f", value);
    char *end = text + strlen(text);
    while (end > text && end[-1] == '0')
        *--end = '\0';
    if (end > text && end[-1] == '.')
        *--end = '\0';
    if (strcmp(text, "-0") == 0)
        strcpy(text, "0");
    xmlNewProp(node, BAD_CAST name, BAD_CAST text);
}

static void set_integer(xmlNodePtr node, const char *name, long value)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", value);
    xmlNewProp(node, BAD_CAST name, BAD_CAST text);
}

/* A copy of a référentiel element's text under parent. */
static xmlNodePtr add_text_child(xmlNodePtr parent, const char *name, xmlNodePtr source)
{
    xmlChar *text = source ? xmlNodeGetContent(source) : NULL;
    xmlNodePtr child = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (child && text)
        xmlNodeAddContent(child, text);
    xmlFree(text);
    return child;
}

static bool add_competence(xmlNodePtr root, const struct evaluation_competence *competence)
{
    xmlNodePtr node = xmlNewChild(root, NULL, BAD_CAST "competence", NULL);
    if (!node)
        return false;
    xmlNewProp(node, BAD_CAST "code", BAD_CAST(competence->code ? competence->code : ""));
    set_number(node, "points", competence->points);
    set_integer(node, "criteres", (long)competence->criterion_count);
    set_integer(node, "evalues", (long)competence->rated);
    if (competence->rated) {
        set_number(node, "moyenne", competence->mean_weight);
        set_number(node, "obtenus", competence->obtained);
    }
    xmlNewProp(node, BAD_CAST "complete", BAD_CAST(competence->rated ? "oui" : "non"));
    xmlNodePtr label = xml_child(competence->node, "libelle");
    if (!add_text_child(node, "libelle", label ? label : competence->node))
        return false;
    for (size_t k = 0; k < competence->criterion_count; k++) {
        const struct evaluation_criterion *criterion = &competence->criteria[k];
        xmlNodePtr child = add_text_child(node, "critere", criterion->node);
        if (!child)
            return false;
        set_integer(child, "numero", criterion->number);
        if (criterion->level) {
            set_integer(child, "valeur", criterion->level);
            set_number(child, "poids", criterion->weight);
        }
    }
    return true;
}

static const char *state_name(enum evaluation_state state)
{
    return state == EVALUATION_COMPLETE ? "complete"
         : state == EVALUATION_INCOMPLETE ? "incomplete"
                                          : "vierge";
}

xmlDocPtr evaluation_document(const struct evaluation *evaluation)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "resultat", NULL) : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "unite", BAD_CAST(evaluation->unit ? evaluation->unit : ""));
    xmlNewProp(root, BAD_CAST "etat", BAD_CAST state_name(evaluation->state));
    xmlNewProp(root, BAD_CAST "complete",
               BAD_CAST(evaluation->state == EVALUATION_COMPLETE ? "oui" : "non"));
    if (evaluation->state == EVALUATION_COMPLETE) {
        set_number(root, "note", evaluation->mark);
        set_number(root, "note-brute", evaluation->raw);
    }
    set_number(root, "note-sur", evaluation->out_of);
    set_number(root, "points", evaluation->total_points);
    /* "C15, C16": the competences without a rated criterion. */
    size_t missing_len = 1;
    for (size_t i = 0; i < evaluation->competence_count; i++)
        if (!evaluation->competences[i].rated && evaluation->competences[i].code)
            missing_len += strlen(evaluation->competences[i].code) + 2;
    char *missing = calloc(missing_len, 1);
    bool ok = missing != NULL;
    for (size_t i = 0; ok && i < evaluation->competence_count; i++) {
        const struct evaluation_competence *competence = &evaluation->competences[i];
        if (competence->rated || !competence->code)
            continue;
        if (*missing)
            strcat(missing, ", ");
        strcat(missing, competence->code);
    }
    if (ok)
        xmlNewProp(root, BAD_CAST "manquantes", BAD_CAST missing);
    free(missing);
    for (size_t i = 0; ok && i < evaluation->competence_count; i++)
        ok = add_competence(root, &evaluation->competences[i]);
    for (size_t i = 0; ok && i < evaluation->ignored_count; i++) {
        const struct evaluation_ignored *ignored = &evaluation->ignored[i];
        xmlNodePtr node = xmlNewChild(root, NULL, BAD_CAST "ignore", NULL);
        ok = node != NULL;
        if (ok) {
            xmlNewProp(node, BAD_CAST "competence",
                       BAD_CAST(ignored->competence ? ignored->competence : ""));
            xmlNewProp(node, BAD_CAST "critere",
                       BAD_CAST(ignored->criterion ? ignored->criterion : ""));
            xmlNewProp(node, BAD_CAST "valeur", BAD_CAST(ignored->level ? ignored->level : ""));
            xmlNewProp(node, BAD_CAST "raison", BAD_CAST ignored->reason);
        }
    }
    if (!ok) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}
