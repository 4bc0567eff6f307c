/* test_evaluation.c — the proposed mark of the evaluation grid: levels →
 * mean weight per competence → points → mark rounded to the half point,
 * unrated criteria, competences without any rating, ignored ratings, and
 * the values the shipped référentiel gives. */
#include "test_support.h"

#include <math.h>
#include <libxml/parser.h>

#include "input/xmlnode.h"
#include "model/evaluation.h"

/* A small référentiel with easy numbers: U99 has C1 (10 points, 2
 * criteria) and C2 (10 points, 3 criteria); U98 splits 20 points between
 * three competences; U97 has 10 points in all (marks are scaled to 20). */
#define SCALE(w3)                                                                           \
    "<grille note-sur=\"20\" arrondi=\"0.5\">"                                              \
    "<niveau valeur=\"1\" poids=\"0\">très insuffisant</niveau>"                           \
    "<niveau valeur=\"2\" poids=\"0.4\">insuffisant</niveau>"                              \
    "<niveau valeur=\"3\" poids=\"" w3 "\">satisfaisant</niveau>"                          \
    "<niveau valeur=\"4\" poids=\"1\">très satisfaisant</niveau></grille>"
#define UNITS_AND_COMPETENCES                                                               \
    "<unite code=\"U99\" titre=\"Essai\" points=\"20\">"                                    \
    "<competence ref=\"C1\" points=\"10\"/><competence ref=\"C2\" points=\"10\"/></unite>"  \
    "<unite code=\"U98\" titre=\"Partage\" points=\"20\">"                                  \
    "<competence ref=\"C1\"/><competence ref=\"C2\"/><competence ref=\"C3\"/></unite>"      \
    "<unite code=\"U97\" titre=\"Sur dix\" points=\"10\">"                                  \
    "<competence ref=\"C1\" points=\"4\"/><competence ref=\"C2\" points=\"6\"/></unite>"    \
    "<competence code=\"C1\"><libelle>Un</libelle><critere numero=\"1\">a</critere>"        \
    "<critere numero=\"2\">b</critere></competence>"                                        \
    "<competence code=\"C2\"><libelle>Deux</libelle><critere numero=\"1\">c</critere>"      \
    "<critere numero=\"2\">d</critere><critere numero=\"3\">e</critere></competence>"       \
    "<competence code=\"C3\"><libelle>Trois</libelle><critere numero=\"1\">f</critere>"     \
    "</competence>"

static const char small_referentiel[] =
    "<referentiel>" SCALE("0.75") UNITS_AND_COMPETENCES "</referentiel>";
static const char other_weights_referentiel[] =
    "<referentiel>" SCALE("0.5") UNITS_AND_COMPETENCES "</referentiel>";

static xmlDocPtr parse(const char *text)
{
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "test.xml", "UTF-8", XML_PARSE_NONET);
    assert_non_null(doc);
    return doc;
}

/* "C1:1=4 C1:2=3 C2:1=2": an <evaluation> with those ratings. */
static xmlDocPtr ratings(const char *spec)
{
    struct strbuf xml = STRBUF_INIT;
    strbuf_puts(&xml, "<evaluation date=\"2027-06-23\">");
    char competence[8];
    int criterion, level, used;
    for (const char *at = spec; sscanf(at, " %7[^:]:%d=%d%n", competence, &criterion, &level,
                                       &used) == 3;
         at += used)
        strbuf_printf(&xml, "<niveau competence=\"%s\" critere=\"%d\" valeur=\"%d\"/>",
                      competence, criterion, level);
    strbuf_puts(&xml, "</evaluation>");
    xmlDocPtr doc = parse(strbuf_str(&xml));
    strbuf_free(&xml);
    return doc;
}

/* Computes unit of referentiel_text with the ratings of spec (NULL: none). */
static void compute(const char *referentiel_text, const char *unit, const char *spec,
                    struct evaluation *out, xmlDocPtr *referentiel, xmlDocPtr *rated)
{
    *referentiel = parse(referentiel_text);
    *rated = spec ? ratings(spec) : NULL;
    assert_true(evaluation_compute(*referentiel, unit, *rated ? xmlDocGetRootElement(*rated) : NULL,
                                   out));
}

static void release(struct evaluation *evaluation, xmlDocPtr referentiel, xmlDocPtr rated)
{
    evaluation_free(evaluation);
    xmlFreeDoc(referentiel);
    if (rated)
        xmlFreeDoc(rated);
}

static void assert_close(double actual, double expected)
{
    if (fabs(actual - expected) > 1e-9)
        fail_msg("%.9f != %.9f", actual, expected);
}

static void levels_give_points_and_mark(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U99", "C1:1=4 C1:2=4 C2:1=3 C2:2=3 C2:3=3", &e, &referentiel,
            &rated);
    assert_int_equal(e.state, EVALUATION_COMPLETE);
    assert_int_equal(e.competence_count, 2);
    assert_string_equal(e.competences[0].code, "C1");
    assert_close(e.competences[0].points, 10);
    assert_close(e.competences[0].mean_weight, 1);
    assert_close(e.competences[0].obtained, 10);
    assert_int_equal(e.competences[1].rated, 3);
    assert_close(e.competences[1].mean_weight, 0.75);
    assert_close(e.competences[1].obtained, 7.5);
    assert_close(e.total_points, 20);
    assert_close(e.raw, 17.5);
    assert_close(e.mark, 17.5);
    release(&e, referentiel, rated);
}

static void weights_come_from_the_referentiel(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(other_weights_referentiel, "U99", "C1:1=3 C1:2=3 C2:1=3 C2:2=3 C2:3=3", &e,
            &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_COMPLETE);
    assert_close(e.competences[0].obtained, 5);
    assert_close(e.mark, 10);
    release(&e, referentiel, rated);
}

static void rounds_to_the_half_point_both_ways(void **state)
{
    (void)state;
    assert_close(evaluation_round(14.24, 0.5), 14);
    assert_close(evaluation_round(14.25, 0.5), 14.5);
    assert_close(evaluation_round(14.74, 0.5), 14.5);
    assert_close(evaluation_round(14.75, 0.5), 15);
    assert_close(evaluation_round(14.375, 0.5), 14.5);
    assert_close(evaluation_round(12.6666667, 0.5), 12.5);
    assert_close(evaluation_round(0, 0.5), 0);
    assert_close(evaluation_round(20, 0.5), 20);
    /* Binary noise below an exact half still rounds up. */
    assert_close(evaluation_round(16.25 - 1e-12, 0.5), 16.5);

    struct evaluation e;
    xmlDocPtr referentiel, rated;
    /* Up: C1 (0.75 + 1) / 2 × 10 = 8.75, C2 7.5: 16.25 → 16.5. */
    compute(small_referentiel, "U99", "C1:1=3 C1:2=4 C2:1=3 C2:2=3 C2:3=3", &e, &referentiel,
            &rated);
    assert_close(e.raw, 16.25);
    assert_close(e.mark, 16.5);
    release(&e, referentiel, rated);
    /* Down: C1 7.5, C2 (0.4 + 0.4 + 0.75) / 3 × 10 = 5.1667: 12.667 → 12.5. */
    compute(small_referentiel, "U99", "C1:1=3 C1:2=3 C2:1=2 C2:2=2 C2:3=3", &e, &referentiel,
            &rated);
    assert_close(e.competences[1].obtained, 15.5 / 3);
    assert_close(e.raw, 7.5 + 15.5 / 3);
    assert_close(e.mark, 12.5);
    release(&e, referentiel, rated);
}

static void unrated_criteria_leave_the_mean(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    /* C1's criterion 2 and C2's criterion 3 are not rated. */
    compute(small_referentiel, "U99", "C1:1=4 C2:1=3 C2:2=2", &e, &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_COMPLETE);
    assert_int_equal(e.competences[0].rated, 1);
    assert_int_equal(e.competences[0].criterion_count, 2);
    assert_int_equal(e.competences[0].criteria[1].level, 0);
    assert_close(e.competences[0].mean_weight, 1);
    assert_close(e.competences[1].mean_weight, (0.75 + 0.4) / 2);
    assert_close(e.raw, 10 + 5.75);
    assert_close(e.mark, 16);
    release(&e, referentiel, rated);
}

static void a_competence_without_rating_makes_the_mark_incomplete(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U99", "C1:1=4 C1:2=4", &e, &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_INCOMPLETE);
    assert_true(isnan(e.mark));
    assert_true(isnan(e.raw));
    assert_close(e.competences[0].obtained, 10);
    assert_int_equal(e.competences[1].rated, 0);
    assert_true(isnan(e.competences[1].obtained));
    xmlDocPtr doc = evaluation_document(&e);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal(xml_attr(root, "etat"), "incomplete");
    assert_string_equal(xml_attr(root, "complete"), "non");
    assert_string_equal(xml_attr(root, "manquantes"), "C2");
    assert_null(xml_attr(root, "note"));
    xmlNodePtr c2 = xml_next_sibling(xml_child(root, "competence"), "competence");
    assert_string_equal(xml_attr(c2, "complete"), "non");
    assert_null(xml_attr(c2, "obtenus"));
    xmlFreeDoc(doc);
    release(&e, referentiel, rated);
}

static void no_rating_gives_a_blank_grid(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U99", NULL, &e, &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_BLANK);
    assert_true(isnan(e.mark));
    xmlDocPtr doc = evaluation_document(&e);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal(xml_attr(root, "etat"), "vierge");
    assert_string_equal(xml_attr(root, "manquantes"), "C1, C2");
    /* The criteria are there, with their text, to fill by hand. */
    xmlNodePtr c1 = xml_child(root, "competence");
    assert_string_equal(xml_attr(c1, "criteres"), "2");
    xmlChar *label = xmlNodeGetContent(xml_child(c1, "libelle"));
    assert_string_equal((const char *)label, "Un");
    xmlFree(label);
    assert_null(xml_attr(xml_child(c1, "critere"), "valeur"));
    xmlFreeDoc(doc);
    release(&e, referentiel, rated);
    /* An <evaluation> with only ratings of other units' competences is blank too. */
    compute(small_referentiel, "U99", "C3:1=4", &e, &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_BLANK);
    assert_int_equal(e.ignored_count, 1);
    release(&e, referentiel, rated);
}

static void ratings_outside_the_grid_are_ignored_and_named(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U99", "C1:1=4 C1:2=4 C2:1=4 C7:1=1 C1:9=1 C2:2=7", &e,
            &referentiel, &rated);
    assert_int_equal(e.state, EVALUATION_COMPLETE);
    assert_close(e.mark, 20); /* none of the ignored ratings counts */
    assert_int_equal(e.ignored_count, 3);
    assert_string_equal(e.ignored[0].reason, "competence");
    assert_string_equal(e.ignored[1].reason, "critere");
    assert_string_equal(e.ignored[2].reason, "niveau");
    xmlDocPtr doc = evaluation_document(&e);
    xmlNodePtr ignored = xml_child(xmlDocGetRootElement(doc), "ignore");
    assert_string_equal(xml_attr(ignored, "competence"), "C7");
    assert_string_equal(xml_attr(ignored, "raison"), "competence");
    xmlFreeDoc(doc);
    release(&e, referentiel, rated);
}

static void points_split_evenly_and_marks_scale_to_twenty(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U98", "C1:1=4 C1:2=4 C2:1=4 C2:2=4 C2:3=4 C3:1=3", &e,
            &referentiel, &rated);
    assert_close(e.competences[0].points, 20.0 / 3);
    assert_close(e.competences[2].points, 20.0 / 3);
    assert_close(e.total_points, 20);
    assert_close(e.raw, 40.0 / 3 + 5);
    assert_close(e.mark, 18.5); /* 18.333 → 18.5 */
    xmlDocPtr doc = evaluation_document(&e);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal(xml_attr(root, "note"), "18.5");
    assert_string_equal(xml_attr(root, "note-brute"), "18.333333");
    assert_string_equal(xml_attr(xml_child(root, "competence"), "points"), "6.666667");
    assert_string_equal(xml_attr(xml_child(root, "competence"), "obtenus"), "6.666667");
    xmlFreeDoc(doc);
    release(&e, referentiel, rated);
    /* U97: 4 + 6 = 10 points; 4 × 1 + 6 × 0.75 = 8.5 / 10 → 17 / 20. */
    compute(small_referentiel, "U97", "C1:1=4 C1:2=4 C2:1=3 C2:2=3 C2:3=3", &e, &referentiel,
            &rated);
    assert_close(e.total_points, 10);
    assert_close(e.mark, 17);
    release(&e, referentiel, rated);
}

static void the_result_document_has_every_criterion(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel, rated;
    compute(small_referentiel, "U99", "C1:1=3 C1:2=4 C2:1=3 C2:2=3 C2:3=2", &e, &referentiel,
            &rated);
    xmlDocPtr doc = evaluation_document(&e);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal(xml_attr(root, "unite"), "U99");
    assert_string_equal(xml_attr(root, "etat"), "complete");
    assert_string_equal(xml_attr(root, "note-sur"), "20");
    assert_string_equal(xml_attr(root, "manquantes"), "");
    xmlNodePtr c1 = xml_child(root, "competence");
    assert_string_equal(xml_attr(c1, "moyenne"), "0.875");
    assert_string_equal(xml_attr(c1, "obtenus"), "8.75");
    xmlNodePtr second = xml_next_sibling(xml_child(c1, "critere"), "critere");
    assert_string_equal(xml_attr(second, "numero"), "2");
    assert_string_equal(xml_attr(second, "valeur"), "4");
    assert_string_equal(xml_attr(second, "poids"), "1");
    xmlChar *text = xmlNodeGetContent(second);
    assert_string_equal((const char *)text, "b");
    xmlFree(text);
    assert_int_equal(xml_count_children(xml_next_sibling(c1, "competence"), "critere"), 3);
    xmlFreeDoc(doc);
    release(&e, referentiel, rated);
}

static void unknown_unit_or_missing_scale_fails(void **state)
{
    (void)state;
    struct evaluation e;
    xmlDocPtr referentiel = parse(small_referentiel);
    assert_false(evaluation_compute(referentiel, "U12", NULL, &e));
    assert_false(evaluation_compute(referentiel, NULL, NULL, &e));
    xmlFreeDoc(referentiel);
    referentiel = parse("<referentiel>" UNITS_AND_COMPETENCES "</referentiel>");
    assert_false(evaluation_compute(referentiel, "U99", NULL, &e));
    xmlFreeDoc(referentiel);
}

/* The référentiel shipped in templates/: every stage unit is complete. */
static void the_shipped_referentiel_has_the_default_grid(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/referentiel/referentiel.xml", test_templates_dir());
    xmlDocPtr referentiel = xmlReadFile(path, "UTF-8", XML_PARSE_NONET);
    assert_non_null(referentiel);
    const struct {
        const char *unit;
        const char *competences;
        double points[4];
    } units[] = {
        {"U51", "C2 C13 C17 C18", {5, 5, 5, 5}},
        {"U52", "C1 C3 C12", {5, 5, 10}},
        {"U61", "C7 C9 C11", {20.0 / 3, 20.0 / 3, 20.0 / 3}},
        {"U62", "C4 C14 C15 C16", {5, 5, 5, 5}},
    };
    for (size_t u = 0; u < 4; u++) {
        struct evaluation e;
        assert_true(evaluation_compute(referentiel, units[u].unit, NULL, &e));
        assert_int_equal(e.state, EVALUATION_BLANK);
        assert_close(e.total_points, 20);
        assert_close(e.out_of, 20);
        assert_close(e.step, 0.5);
        assert_int_equal(e.level_count, 4);
        assert_close(e.levels[1].weight, 0.4);
        assert_close(e.levels[2].weight, 0.75);
        struct strbuf codes = STRBUF_INIT;
        for (size_t i = 0; i < e.competence_count; i++) {
            strbuf_printf(&codes, "%s%s", i ? " " : "", e.competences[i].code);
            assert_non_null(e.competences[i].node);
            assert_true(e.competences[i].criterion_count >= 2);
            assert_close(e.competences[i].points, units[u].points[i]);
            for (size_t k = 0; k < e.competences[i].criterion_count; k++)
                assert_int_equal(e.competences[i].criteria[k].number, (int)k + 1);
        }
        assert_string_equal(strbuf_str(&codes), units[u].competences);
        strbuf_free(&codes);
        evaluation_free(&e);
    }
    /* scolaire-mineur.xml's ratings in U62: 3.75 + 4.375 + 2.875 + 3.75 = 14.75 → 15. */
    xmlDocPtr rated = ratings("C4:1=3 C4:2=3 C14:1=4 C14:2=3 C15:1=2 C15:2=3 C16:1=3 C16:2=3");
    struct evaluation e;
    assert_true(evaluation_compute(referentiel, "U62", xmlDocGetRootElement(rated), &e));
    assert_int_equal(e.state, EVALUATION_COMPLETE);
    assert_close(e.raw, 14.75);
    assert_close(e.mark, 15);
    evaluation_free(&e);
    xmlFreeDoc(rated);
    xmlFreeDoc(referentiel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_give_points_and_mark),
        cmocka_unit_test(weights_come_from_the_referentiel),
        cmocka_unit_test(rounds_to_the_half_point_both_ways),
        cmocka_unit_test(unrated_criteria_leave_the_mean),
        cmocka_unit_test(a_competence_without_rating_makes_the_mark_incomplete),
        cmocka_unit_test(no_rating_gives_a_blank_grid),
        cmocka_unit_test(ratings_outside_the_grid_are_ignored_and_named),
        cmocka_unit_test(points_split_evenly_and_marks_scale_to_twenty),
        cmocka_unit_test(the_result_document_has_every_criterion),
        cmocka_unit_test(unknown_unit_or_missing_scale_fails),
        cmocka_unit_test(the_shipped_referentiel_has_the_default_grid),
    };
    int failed = cmocka_run_group_tests_name("evaluation", tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
