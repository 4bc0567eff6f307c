/* test_planning.c — the class planning's marks: every stage's period,
 * evaluation week, visits and report deadline, an apprentice's deadline and
 * visits too (drawn when they fall on the chart, said in words otherwise),
 * each row summed up in a sentence for screen readers, and fills with
 * patterns that stay distinct in black and white. */
#include "test_support.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "model/planning.h"

static xmlDocPtr suivi(const char *visits)
{
    char xml[512];
    snprintf(xml, sizeof xml, "<stage><suivi>%s</suivi></stage>", visits);
    return xmlReadMemory(xml, (int)strlen(xml), "s.xml", NULL, XML_PARSE_NONET);
}

static char *value(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr context = xmlXPathNewContext(doc);
    xmlXPathObjectPtr result = xmlXPathEvalExpression(BAD_CAST xpath, context);
    char *text = (char *)xmlXPathCastToString(result);
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    return text;
}

static void expect(xmlDocPtr doc, const char *xpath, const char *want)
{
    char *got = value(doc, xpath);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: « %s », expected « %s »\n", xpath, got, want);
    assert_string_equal(got, want);
    xmlFree(got);
}

static void draws_every_mark_the_apprentice_s_too(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    struct holidays *holidays = holidays_load(strbuf_str(&path), NULL, &error);
    assert_non_null(holidays);

    /* A student: 17 May – 25 June 2027, visit 10 June, report 18 June. */
    xmlDocPtr student_doc = suivi("<visite date=\"2027-06-10\"/>");
    struct stage student = {0};
    student.id = "S1";
    student.voie = VOIE_SCOLAIRE;
    student.stagiaire.nom = "Martin";
    student.stagiaire.prenom = "Léa";
    student.entreprise_nom = "IESO";
    student.root = xmlDocGetRootElement(student_doc);
    struct calendar cal = {0};
    cal.debut = date_from_ymd(2027, 5, 17);
    cal.fin = date_from_ymd(2027, 6, 25);
    cal.semaines = 6;
    cal.date_limite_rapport = date_from_ymd(2027, 6, 18);
    cal.evaluation_lundi = date_from_ymd(2027, 6, 21);
    cal.evaluation_dimanche = date_from_ymd(2027, 6, 27);

    /* An apprentice: a visit on 1 June (on the chart) and one on
     * 17 November 2026, a report due on 7 May 2027 (off the chart). */
    xmlDocPtr apprentice_doc =
        suivi("<visite date=\"2026-11-17\"/><visite date=\"2027-06-01\"/>");
    struct stage apprentice = {0};
    apprentice.id = "A1";
    apprentice.voie = VOIE_APPRENTISSAGE;
    apprentice.stagiaire.nom = "Le Goff";
    apprentice.stagiaire.prenom = "Erwan";
    apprentice.entreprise_nom = "ATE";
    apprentice.root = xmlDocGetRootElement(apprentice_doc);
    struct calendar acal = {0};
    acal.apprenti = true;
    acal.debut = date_from_ymd(2025, 9, 1);
    acal.fin = date_from_ymd(2027, 8, 31);
    acal.semaines = -1;
    acal.date_limite_rapport = date_from_ymd(2027, 5, 7);
    acal.evaluation_lundi = acal.evaluation_dimanche = DATE_NONE;

    struct planning *planning = planning_new();
    planning_add(planning, &student, &cal);
    planning_add(planning, &apprentice, &acal);
    xmlDocPtr doc = planning_document(planning, holidays, "BTS", "2027", "Lycée");
    assert_non_null(doc);

    /* The student's marks. */
    expect(doc, "string(//eleve[@id='S1']/j[@etat='visite']/@motif)", "");
    expect(doc, "count(//eleve[@id='S1']/j[@etat='visite'])", "1");
    expect(doc, "count(//eleve[@id='S1']/j[@etat='limite'])", "1");
    expect(doc, "count(//eleve[@id='S1']/j[@etat='evaluation'])", "5");
    /* The apprentice's visit on the chart, the rest in words. */
    expect(doc, "count(//eleve[@id='A1']/j[@etat='visite'])", "1");
    expect(doc, "string(//eleve[@id='A1']/@hors-planning)",
           "rapport le 07/05/2027 ; visite le 17/11/2026");
    expect(doc, "string(//eleve[@id='S1']/@hors-planning)", "");
    /* Each row's days in a sentence, for screen readers. */
    expect(doc, "string(//eleve[@id='S1']/@resume)",
           "stage du lundi 17 mai au vendredi 25 juin 2027 ; jour férié : lundi 17 mai ; "
           "semaine d'évaluation du 21 au 25 juin ; visite le 10 juin ; "
           "rapport à rendre le 18 juin");
    expect(doc, "string(//eleve[@id='A1']/@resume)",
           "hors stage ; visite le 1er juin");
    /* Patterns: weekend, holiday (Whit Monday, 17 May 2027) and the
     * evaluation week are hatched; each state its own fill + pattern. */
    expect(doc, "string((//jour[@type='weekend'])[1]/@motif)", "contre-diagonales");
    expect(doc, "string(//jour[@date='2027-05-17']/@motif)", "croisillons");
    expect(doc, "string((//eleve[@id='S1']/j[@etat='evaluation'])[1]/@motif)", "diagonales");
    expect(doc, "string((//eleve[@id='S1']/j[@etat='stage'])[1]/@motif)", "");
    const char *states[] = {"weekend", "ferie", "stage", "evaluation", "visite", "limite"};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = a + 1; b < 6; b++) {
            char xa[128], xb[128];
            snprintf(xa, sizeof xa, "concat((//j[@etat='%s'])[1]/@fond, '/', (//j[@etat='%s'])[1]/@motif)",
                     states[a], states[a]);
            snprintf(xb, sizeof xb, "concat((//j[@etat='%s'])[1]/@fond, '/', (//j[@etat='%s'])[1]/@motif)",
                     states[b], states[b]);
            char *va = value(doc, xa), *vb = value(doc, xb);
            assert_string_not_equal(va, vb);
            xmlFree(va);
            xmlFree(vb);
        }

    xmlFreeDoc(doc);
    planning_free(planning);
    xmlFreeDoc(student_doc);
    xmlFreeDoc(apprentice_doc);
    holidays_free(holidays);
    strbuf_free(&path);
    strbuf_free(&error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draws_every_mark_the_apprentice_s_too),
    };
    return cmocka_run_group_tests_name("planning", tests, NULL, NULL);
}
