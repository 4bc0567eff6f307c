/* test_rules.c — every regulation rule, once failing and once passing. Each
 * failing case starts from the valid base stage and changes one thing. */
#include "test_support.h"

#include "base_stage.h"

/* Checks xml and returns how many diagnostics of rule and severity it gave. */
static size_t count(const char *xml, const char *rule, enum severity severity)
{
    struct diag_list diags = DIAG_LIST_INIT;
    enum load_status status = test_check_text(&world, xml, &diags, NULL);
    if (status != LOAD_OK)
        test_dump(&diags);
    assert_int_equal(status, LOAD_OK);
    size_t found = 0;
    for (size_t i = 0; i < diags.count; i++)
        found += strcmp(diags.items[i].rule, rule) == 0 && diags.items[i].severity == severity;
    diag_list_free(&diags);
    return found;
}

/* The variant of the base stage with one replacement. */
static size_t count_variant(const char *from, const char *to, const char *rule,
                            enum severity severity)
{
    char *xml = test_replace(BASE_STAGE, from, to);
    size_t found = count(xml, rule, severity);
    free(xml);
    return found;
}

static void the_base_stage_passes_every_rule(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(test_check_text(&world, BASE_STAGE, &diags, NULL), LOAD_OK);
    if (diags.count)
        test_dump(&diags);
    assert_int_equal(diags.count, 0);
    diag_list_free(&diags);
}

static void requis_names_a_missing_element(void **state)
{
    (void)state;
    char *xml = test_replace(BASE_STAGE,
                             "<tuteur civilite=\"Mme\" fonction=\"Chargée d'affaires\"><nom>"
                             "Lefèvre</nom><prenom>Claire</prenom></tuteur>",
                             "");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(test_check_text(&world, xml, &diags, NULL), LOAD_OK);
    const struct diag *diag = diag_find(&diags, "requis");
    assert_non_null(diag);
    assert_int_equal(diag->severity, SEVERITY_ERROR);
    assert_non_null(strstr(diag->message, "tuteur"));
    assert_int_equal(diag->line, 2); /* the <stage> element */
    diag_list_free(&diags);
    free(xml);
}

static void duree_accepts_six_to_eight_weeks(void **state)
{
    (void)state;
    assert_int_equal(count_variant("fin=\"2027-06-25\"", "fin=\"2027-07-09\"", "duree",
                                   SEVERITY_ERROR), 0); /* 8 weeks */
    assert_int_equal(count_variant("fin=\"2027-06-25\"", "fin=\"2027-07-16\"", "duree",
                                   SEVERITY_ERROR), 1); /* 9 weeks */
}

static void duree_needs_an_amenagement_under_six_weeks(void **state)
{
    (void)state;
    const char *five_weeks = "fin=\"2027-06-18\"";
    assert_int_equal(count_variant("fin=\"2027-06-25\"", five_weeks, "duree", SEVERITY_ERROR), 1);
    char *reduced = test_replace(BASE_STAGE, "fin=\"2027-06-25\"/>",
                                 "fin=\"2027-06-18\"/><amenagement motif=\"force-majeure\" "
                                 "decision=\"DEC-1\" date=\"2027-03-02\"/>");
    assert_int_equal(count(reduced, "duree", SEVERITY_ERROR), 0);
    assert_int_equal(count(reduced, "duree", SEVERITY_INFO), 1);
    free(reduced);
    char *too_short = test_replace(BASE_STAGE, "fin=\"2027-06-25\"/>",
                                   "fin=\"2027-06-04\"/><amenagement motif=\"force-majeure\" "
                                   "decision=\"DEC-1\" date=\"2027-03-02\"/>");
    assert_int_equal(count(too_short, "duree", SEVERITY_ERROR), 1); /* 3 weeks */
    free(too_short);
}

static void periode_unique_refuses_two_periods(void **state)
{
    (void)state;
    assert_int_equal(count_variant("<periode debut=\"2027-05-18\" fin=\"2027-06-25\"/>",
                                   "<periode debut=\"2027-05-18\" fin=\"2027-05-28\"/>"
                                   "<periode debut=\"2027-06-07\" fin=\"2027-06-25\"/>",
                                   "periode-unique", SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("<periode debut=\"2027-05-18\" fin=\"2027-06-25\"/>", "",
                                   "periode-unique", SEVERITY_ERROR), 1);
}

static void dispense_requires_nothing_but_the_candidate(void **state)
{
    (void)state;
    const char *exempted =
        "<?xml version=\"1.0\"?><stage version=\"1\" id=\"D-1\" voie=\"scolaire\" annee=\"2\">"
        "<session>2027</session>" BASE_ETABLISSEMENT
        "<stagiaire><civilite>Mme</civilite><nom>Roy</nom><prenom>Ana</prenom>"
        "<naissance>1990-01-01</naissance></stagiaire>"
        "<dispense motif=\"vae\" decision=\"R-1\" date=\"2026-12-01\"/></stage>";
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(test_check_text(&world, exempted, &diags, NULL), LOAD_OK);
    assert_int_equal(diags.counts[SEVERITY_ERROR], 0);
    assert_int_equal(diag_count_rule(&diags, "dispense"), 1);
    diag_list_free(&diags);
    char *no_candidate = test_replace(exempted,
                                      "<stagiaire><civilite>Mme</civilite><nom>Roy</nom>"
                                      "<prenom>Ana</prenom><naissance>1990-01-01</naissance>"
                                      "</stagiaire>", "");
    assert_int_equal(count(no_candidate, "requis", SEVERITY_ERROR), 1);
    free(no_candidate);
}

static void lieu_refuses_the_school_itself(void **state)
{
    (void)state;
    assert_int_equal(count_variant("Électricité Girondine SAS", "LYCEE  gustave-EIFFEL", "lieu",
                                   SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("<ligne>12 rue des Forges</ligne><code-postal>33300",
                                   "<ligne>143, cours de la Marne</ligne><code-postal>33000",
                                   "lieu", SEVERITY_ERROR), 1);
}

static void secteur_warns_outside_the_electrical_sector(void **state)
{
    (void)state;
    assert_int_equal(count_variant("43.21A", "62.01Z", "secteur", SEVERITY_WARNING), 1);
    assert_int_equal(count_variant("43.21A", "27.12Z", "secteur", SEVERITY_WARNING), 0);
}

static void identifiants_check_siret_uai_and_naf(void **state)
{
    (void)state;
    assert_int_equal(count_variant("73282932000074", "73282932000075", "identifiants",
                                   SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("73282932000074", "7328293200007", "identifiants",
                                   SEVERITY_ERROR), 1);
    /* La Poste's establishments: a digit sum divisible by 5 (no Luhn). */
    assert_int_equal(count_variant("73282932000074", "35600000000051", "identifiants",
                                   SEVERITY_ERROR), 0);
    assert_int_equal(count_variant("73282932000074", "35600000000048", "identifiants",
                                   SEVERITY_ERROR), 0); /* Luhn holds too */
    assert_int_equal(count_variant("73282932000074", "73282932000050", "identifiants",
                                   SEVERITY_ERROR), 1); /* sum rule is La Poste's only */
    assert_int_equal(count_variant("0330031E", "0330031F", "identifiants", SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("43.21A", "4321A", "identifiants", SEVERITY_ERROR), 1);
}

static void activites_needs_several_activities(void **state)
{
    (void)state;
    assert_int_equal(count_variant("<activite domaine=\"mise-en-service\">Mise en service d'un "
                                   "variateur.</activite>", "", "activites", SEVERITY_ERROR), 1);
}

/* With `extra` repeated `times` times after `anchor`. */
static size_t count_repeated(const char *anchor, const char *extra, int times, const char *rule)
{
    struct strbuf more = STRBUF_INIT;
    strbuf_puts(&more, anchor);
    for (int k = 0; k < times; k++)
        strbuf_puts(&more, extra);
    size_t found = count_variant(anchor, strbuf_str(&more), rule, SEVERITY_ERROR);
    strbuf_free(&more);
    return found;
}

static void limites_bound_what_documents_print(void **state)
{
    (void)state;
    const char *activity = "<activite domaine=\"realisation\">Câblage.</activite>";
    assert_int_equal(count_repeated("<activites>", activity, 58, "limites"), 0); /* 60 */
    assert_int_equal(count_repeated("<activites>", activity, 59, "limites"), 1); /* 61 */
    assert_int_equal(count_repeated("<activites>", activity, 5000, "limites"), 1); /* once */
    const char *visit = "<visite date=\"2027-06-02\"/>";
    assert_int_equal(count_repeated("</modalites>", visit, 19, "limites"), 0);
    assert_int_equal(count_repeated("</modalites>", visit, 20, "limites"), 1);
}

static const char *const minor_birth = "<naissance>2010-01-01</naissance>";
static const char *const legal_representative =
    "<naissance>2010-01-01</naissance><representant-legal civilite=\"Mme\" qualite=\"mère\">"
    "<nom>Martin</nom><prenom>Eva</prenom></representant-legal>";

static void mineur_needs_a_legal_representative(void **state)
{
    (void)state;
    assert_int_equal(count_variant("<naissance>2006-03-14</naissance>", minor_birth, "mineur",
                                   SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("<naissance>2006-03-14</naissance>", legal_representative,
                                   "mineur", SEVERITY_ERROR), 0);
}

static void mineur_limits_hours_and_forbids_nights(void **state)
{
    (void)state;
    char *minor = test_replace(BASE_STAGE, "<naissance>2006-03-14</naissance>",
                               legal_representative);
    char *long_day = test_replace(minor, "<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\"",
                                  "<jour nom=\"lundi\" debut=\"08:00\" fin=\"18:00\"");
    assert_int_equal(count(long_day, "mineur", SEVERITY_ERROR), 2); /* 9 h day, 37 h week */
    char *night = test_replace(minor, "<nuit>non</nuit>", "<nuit>oui</nuit>");
    assert_int_equal(count(night, "mineur", SEVERITY_ERROR), 1);
    char *sunday = test_replace(minor, "<nuit>non</nuit>",
                                "<nuit>non</nuit><dimanche-ferie>oui</dimanche-ferie>");
    assert_int_equal(count(sunday, "mineur", SEVERITY_WARNING), 1);
    free(sunday);
    assert_int_equal(count(BASE_STAGE, "mineur", SEVERITY_ERROR), 0);
    free(night);
    free(long_day);
    free(minor);
}

/* The base stage with every weekday's end time changed. */
static char *with_weekday_hours(const char *xml, const char *new_hours)
{
    char *result = strdup(xml);
    const char *days[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi"};
    for (size_t i = 0; i < 5; i++) {
        char from[80], to[80];
        snprintf(from, sizeof from, "<jour nom=\"%s\" debut=\"08:00\" fin=\"16:00\"", days[i]);
        snprintf(to, sizeof to, "<jour nom=\"%s\" %s", days[i], new_hours);
        char *next = test_replace(result, from, to);
        free(result);
        result = next;
    }
    return result;
}

static void horaires_limit_adults_to_ten_and_forty_eight_hours(void **state)
{
    (void)state;
    assert_int_equal(count_variant("<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\"",
                                   "<jour nom=\"lundi\" debut=\"07:00\" fin=\"18:00\"",
                                   "horaires", SEVERITY_ERROR), 0); /* 10 h: allowed */
    assert_int_equal(count_variant("<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\"",
                                   "<jour nom=\"lundi\" debut=\"06:00\" fin=\"18:00\"",
                                   "horaires", SEVERITY_ERROR), 1); /* 11 h */
    assert_int_equal(count_variant("<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\" "
                                   "pause=\"01:00\"",
                                   "<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\" "
                                   "pause=\"08:00\"",
                                   "horaires", SEVERITY_ERROR), 1); /* no hour left */
    char *week = with_weekday_hours(BASE_STAGE, "debut=\"07:00\" fin=\"17:00\"");
    /* 9 h a day, 45 h a week: allowed. */
    assert_int_equal(count(week, "horaires", SEVERITY_ERROR), 0);
    char *saturday = test_replace(week, "<nuit>",
                                  "<jour nom=\"samedi\" debut=\"08:00\" fin=\"12:00\" "
                                  "pause=\"00:00\"/><nuit>");
    assert_int_equal(count(saturday, "horaires", SEVERITY_ERROR), 1); /* 49 h */
    free(saturday);
    free(week);
}

static void gratification_is_owed_beyond_308_hours(void **state)
{
    (void)state;
    /* 8 weeks from 10 May 2027, 9 h a day: well over 308 h. */
    char *dates = test_replace(BASE_STAGE, "debut=\"2027-05-18\" fin=\"2027-06-25\"",
                               "debut=\"2027-05-10\" fin=\"2027-07-02\"");
    char *long_stage = with_weekday_hours(dates, "debut=\"08:00\" fin=\"18:00\"");
    free(dates);
    assert_int_equal(count(long_stage, "gratification", SEVERITY_ERROR), 1);
    char *paid = test_replace(long_stage, "montant-horaire=\"0.00\"", "montant-horaire=\"4.50\"");
    assert_int_equal(count(paid, "gratification", SEVERITY_ERROR), 0);
    char *underpaid = test_replace(long_stage, "montant-horaire=\"0.00\"",
                                   "montant-horaire=\"4.49\"");
    assert_int_equal(count(underpaid, "gratification", SEVERITY_ERROR), 1);
    assert_int_equal(count(BASE_STAGE, "gratification", SEVERITY_ERROR), 0); /* 203 h */
    free(underpaid);
    free(paid);
    free(long_stage);
}

static void dates_check_order_visits_evaluation_and_report(void **state)
{
    (void)state;
    assert_int_equal(count_variant("debut=\"2027-05-18\" fin=\"2027-06-25\"",
                                   "debut=\"2027-06-25\" fin=\"2027-05-18\"", "dates",
                                   SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("<visite date=\"2027-06-02\"/>", "<visite date=\"2027-07-02\"/>",
                                   "dates", SEVERITY_WARNING), 1);
    const char *suivi_end = "</suivi>\n";
    assert_int_equal(count_variant(suivi_end, "</suivi><evaluation date=\"2027-06-18\"/>",
                                   "dates", SEVERITY_WARNING), 1);
    assert_int_equal(count_variant(suivi_end, "</suivi><evaluation date=\"2027-06-23\"/>",
                                   "dates", SEVERITY_WARNING), 0);
    assert_int_equal(count_variant(suivi_end, "</suivi><rapport fichier=\"r.pdf\" "
                                   "transmis-le=\"2027-06-19\"/>", "dates", SEVERITY_WARNING), 1);
    assert_int_equal(count_variant(suivi_end, "</suivi><rapport fichier=\"r.pdf\" "
                                   "transmis-le=\"2027-06-18\"/>", "dates", SEVERITY_WARNING), 0);
}

static void anglais_wants_one_technical_and_two_press_documents(void **state)
{
    (void)state;
    const char *suivi_end = "</suivi>\n";
    const char *good = "</suivi><documents-anglais>"
                       "<document nature=\"technique\" fichier=\"a.pdf\" titre=\"A\" source=\"S\"/>"
                       "<document nature=\"presse\" fichier=\"b.pdf\" titre=\"B\" source=\"S\"/>"
                       "<document nature=\"presse\" fichier=\"c.pdf\" titre=\"C\" source=\"S\"/>"
                       "</documents-anglais>";
    assert_int_equal(count_variant(suivi_end, good, "anglais", SEVERITY_ERROR), 0);
    char *two = test_replace(good, "<document nature=\"presse\" fichier=\"c.pdf\" titre=\"C\" "
                                   "source=\"S\"/>", "");
    assert_int_equal(count_variant(suivi_end, two, "anglais", SEVERITY_ERROR), 1);
    char *technical = test_replace(good, "nature=\"presse\" fichier=\"c.pdf\"",
                                   "nature=\"technique\" fichier=\"c.pdf\"");
    assert_int_equal(count_variant(suivi_end, technical, "anglais", SEVERITY_ERROR), 1);
    free(technical);
    free(two);
}

static const char apprentice[] =
    "<?xml version=\"1.0\"?><stage version=\"1\" id=\"A-1\" voie=\"apprentissage\" annee=\"2\">"
    "<session>2028</session>" BASE_ETABLISSEMENT
    "<stagiaire><civilite>M.</civilite><nom>Petit</nom><prenom>Noé</prenom>"
    "<naissance>2006-04-01</naissance></stagiaire>"
    "<entreprise><raison-sociale>Volta Services</raison-sociale><siret>73282932000074</siret>"
    "<code-naf>43.21A</code-naf><adresse><ligne>1 rue A</ligne><code-postal>33000</code-postal>"
    "<ville>Bordeaux</ville></adresse></entreprise>"
    "<activites><activite domaine=\"realisation\">A</activite>"
    "<activite domaine=\"maintenance\">B</activite></activites><unite>U51</unite>"
    "<apprentissage><contrat numero=\"C-1\" debut=\"2026-09-01\" fin=\"2028-08-31\"/>"
    "<maitre-apprentissage civilite=\"M.\"><nom>Blanc</nom><prenom>Yves</prenom>"
    "</maitre-apprentissage><centre-formation><nom>CFA</nom><uai>0330031E</uai>"
    "<adresse><ligne>2 rue B</ligne><code-postal>33000</code-postal><ville>Bordeaux</ville>"
    "</adresse></centre-formation><alternance rythme=\"2/2\"/>"
    "<epreuves-ecrites debut=\"2028-05-15\"/><strategie>"
    "<ligne competence=\"C18\" lieu=\"entreprise\" periode=\"S3\" niveau-vise=\"3\" activite=\"B\"/>"
    "</strategie></apprentissage></stage>";

static void apprentissage_needs_contract_and_strategy(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(test_check_text(&world, apprentice, &diags, NULL), LOAD_OK);
    if (diags.counts[SEVERITY_ERROR])
        test_dump(&diags);
    assert_int_equal(diags.counts[SEVERITY_ERROR], 0);
    diag_list_free(&diags);
    char *no_line = test_replace(apprentice,
                                 "<ligne competence=\"C18\" lieu=\"entreprise\" periode=\"S3\" "
                                 "niveau-vise=\"3\" activite=\"B\"/>", "");
    char *no_strategy = test_replace(no_line, "<strategie></strategie>", "");
    assert_int_equal(count(no_strategy, "apprentissage", SEVERITY_ERROR), 1);
    char *no_exams = test_replace(apprentice, "<epreuves-ecrites debut=\"2028-05-15\"/>", "");
    assert_int_equal(count(no_exams, "apprentissage", SEVERITY_ERROR), 1);
    free(no_exams);
    free(no_strategy);
    free(no_line);
}

static void information_lines_for_particular_candidates(void **state)
{
    (void)state;
    assert_int_equal(count(BASE_STAGE, "etranger", SEVERITY_INFO), 0);
    assert_int_equal(count_variant("<ville>Bordeaux</ville></adresse><representant civilite=\"M.\" "
                                   "fonction=\"Gérant\">",
                                   "<ville>Kehl</ville><pays>DE</pays></adresse><representant "
                                   "civilite=\"M.\" fonction=\"Gérant\">",
                                   "etranger", SEVERITY_INFO), 1);
    assert_int_equal(count_variant("</naissance></stagiaire>",
                                   "</naissance><redoublement rapport=\"nouveau\"/></stagiaire>",
                                   "redoublement", SEVERITY_INFO), 1);
    char *continuing = test_replace(BASE_STAGE, "voie=\"scolaire\"", "voie=\"formation-continue\"");
    char *with_block = test_replace(continuing, "</suivi>\n",
                                    "</suivi><formation-continue salarie=\"oui\" "
                                    "secteur=\"Logistique\" contrat-particulier=\"non\"/>");
    assert_int_equal(count(with_block, "formation-continue", SEVERITY_INFO), 1);
    assert_int_equal(count(with_block, "requis", SEVERITY_ERROR), 0);
    assert_int_equal(count(continuing, "requis", SEVERITY_ERROR), 1); /* the block is required */
    free(with_block);
    free(continuing);
}

static void caracteres_refuses_what_no_font_can_print(void **state)
{
    (void)state;
    /* Vietnamese, Polish and Turkish names print; a Chinese one cannot. */
    assert_int_equal(count_variant("<prenom>Léo</prenom>", "<prenom>Nguyễn Łukasz Çağrı</prenom>",
                                   "caracteres", SEVERITY_ERROR), 0);
    char *xml = test_replace(BASE_STAGE, "<prenom>Léo</prenom>", "<prenom>Léo 中</prenom>");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(test_check_text(&world, xml, &diags, NULL), LOAD_OK);
    const struct diag *diag = diag_find(&diags, "caracteres");
    assert_non_null(diag);
    assert_non_null(strstr(diag->message, "U+4E2D"));
    assert_non_null(strstr(diag->message, "<prenom>"));
    assert_int_equal(diag->line, 5);
    diag_list_free(&diags);
    free(xml);
}

static void referentiel_knows_competences_and_criteria(void **state)
{
    (void)state;
    const char *suivi_end = "</suivi>\n";
    /* U62: C4, C14, C15, C16, three criteria each. */
    assert_int_equal(count_variant(suivi_end, "</suivi><evaluation date=\"2027-06-23\">"
                                   "<niveau competence=\"C14\" critere=\"3\" valeur=\"4\"/>"
                                   "</evaluation>", "referentiel", SEVERITY_ERROR), 0);
    assert_int_equal(count_variant(suivi_end, "</suivi><evaluation date=\"2027-06-23\">"
                                   "<niveau competence=\"C14\" critere=\"7\" valeur=\"4\"/>"
                                   "</evaluation>", "referentiel", SEVERITY_ERROR), 1);
    assert_int_equal(count_variant(suivi_end, "</suivi><evaluation date=\"2027-06-23\">"
                                   "<niveau competence=\"C2\" critere=\"1\" valeur=\"4\"/>"
                                   "</evaluation>", "referentiel", SEVERITY_WARNING), 1);
    assert_int_equal(count_variant("<unite>U62</unite>", "<unite>U62</unite><competences>"
                                   "<competence ref=\"C19\"/></competences>", "referentiel",
                                   SEVERITY_ERROR), 1);
    assert_int_equal(count_variant("<unite>U62</unite>", "<unite>U62</unite><competences>"
                                   "<competence ref=\"C9\"/></competences>", "referentiel",
                                   SEVERITY_ERROR), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_base_stage_passes_every_rule),
        cmocka_unit_test(requis_names_a_missing_element),
        cmocka_unit_test(duree_accepts_six_to_eight_weeks),
        cmocka_unit_test(duree_needs_an_amenagement_under_six_weeks),
        cmocka_unit_test(periode_unique_refuses_two_periods),
        cmocka_unit_test(dispense_requires_nothing_but_the_candidate),
        cmocka_unit_test(lieu_refuses_the_school_itself),
        cmocka_unit_test(secteur_warns_outside_the_electrical_sector),
        cmocka_unit_test(identifiants_check_siret_uai_and_naf),
        cmocka_unit_test(activites_needs_several_activities),
        cmocka_unit_test(limites_bound_what_documents_print),
        cmocka_unit_test(mineur_needs_a_legal_representative),
        cmocka_unit_test(mineur_limits_hours_and_forbids_nights),
        cmocka_unit_test(horaires_limit_adults_to_ten_and_forty_eight_hours),
        cmocka_unit_test(gratification_is_owed_beyond_308_hours),
        cmocka_unit_test(dates_check_order_visits_evaluation_and_report),
        cmocka_unit_test(anglais_wants_one_technical_and_two_press_documents),
        cmocka_unit_test(apprentissage_needs_contract_and_strategy),
        cmocka_unit_test(information_lines_for_particular_candidates),
        cmocka_unit_test(caracteres_refuses_what_no_font_can_print),
        cmocka_unit_test(referentiel_knows_competences_and_criteria),
    };
    return cmocka_run_group_tests_name("rules", tests, test_world_setup, test_world_teardown);
}
