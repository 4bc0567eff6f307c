/* test_calendar.c — the contract's computed values: weeks, report deadline,
 * evaluation week, hours and days of presence, minor status. */
#include "test_support.h"

static struct holidays *holidays;

static int setup(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    holidays = holidays_load(strbuf_str(&path), NULL, &error);
    strbuf_free(&path);
    strbuf_free(&error);
    return holidays ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    holidays_free(holidays);
    return 0;
}

static date_t ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static void counts_started_weeks(void **state)
{
    (void)state;
    assert_int_equal(calendar_weeks(ymd(2027, 5, 18), ymd(2027, 6, 25)), 6); /* 39 days */
    assert_int_equal(calendar_weeks(ymd(2027, 5, 17), ymd(2027, 6, 27)), 6); /* 42 days */
    assert_int_equal(calendar_weeks(ymd(2027, 5, 17), ymd(2027, 6, 28)), 7); /* 43 days */
    assert_int_equal(calendar_weeks(ymd(2027, 5, 17), ymd(2027, 5, 17)), 1);
    assert_int_equal(calendar_weeks(ymd(2027, 5, 17), ymd(2027, 5, 16)), 0);
}

static void puts_the_deadline_on_the_penultimate_friday(void **state)
{
    (void)state;
    /* Week of 25 June 2027 starts on 21 June: the week before ends Friday 18. */
    assert_int_equal(calendar_report_deadline(ymd(2027, 6, 25), holidays), ymd(2027, 6, 18));
    /* Whatever day of the last week the stage ends on. */
    assert_int_equal(calendar_report_deadline(ymd(2027, 6, 21), holidays), ymd(2027, 6, 18));
    assert_int_equal(calendar_report_deadline(ymd(2027, 6, 27), holidays), ymd(2027, 6, 18));
}

static void moves_a_holiday_friday_back_to_the_working_day_before(void **state)
{
    (void)state;
    /* 14 July 2028 is a Friday: a stage ending in the week of 17 July. */
    assert_int_equal(date_weekday(ymd(2028, 7, 14)), VENDREDI);
    assert_int_equal(calendar_report_deadline(ymd(2028, 7, 21), holidays), ymd(2028, 7, 13));
    /* Ascension 2027 is Thursday 6 May; Friday 7 May stays the deadline. */
    assert_int_equal(calendar_report_deadline(ymd(2027, 5, 14), holidays), ymd(2027, 5, 7));
    /* Good Friday is a working day in metropolitan France only. */
    assert_int_equal(calendar_report_deadline(ymd(2027, 4, 2), holidays), ymd(2027, 3, 26));
    struct strbuf error = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    struct holidays *alsace = holidays_load(strbuf_str(&path), "alsace-moselle", &error);
    assert_non_null(alsace);
    assert_int_equal(calendar_report_deadline(ymd(2027, 4, 2), alsace), ymd(2027, 3, 25));
    holidays_free(alsace);
    strbuf_free(&path);
    strbuf_free(&error);
}

static void typical_week(struct stage *stage, int day_minutes, enum weekday last)
{
    memset(stage, 0, sizeof *stage);
    for (enum weekday day = LUNDI; day <= last; day++) {
        stage->week[day].worked = true;
        stage->week[day].start_minutes = 8 * 60;
        stage->week[day].end_minutes = 8 * 60 + day_minutes + 60;
        stage->week[day].pause_minutes = 60;
    }
}

static void sums_hours_skipping_public_holidays(void **state)
{
    (void)state;
    struct stage stage;
    typical_week(&stage, 7 * 60, VENDREDI);
    stage.debut = ymd(2027, 5, 18);
    stage.fin = ymd(2027, 6, 25);
    /* 29 working days (no holiday in the period): the contract's example. */
    assert_int_equal(calendar_presence_minutes(&stage, holidays), 203 * 60);
    /* From Monday 3 May: Ascension (6 May) and Whit Monday (17 May) fall out. */
    stage.debut = ymd(2027, 5, 3);
    stage.fin = ymd(2027, 5, 21);
    assert_int_equal(calendar_presence_minutes(&stage, holidays), (15 - 2) * 7 * 60);
    /* Saturday mornings count, Sundays never. */
    typical_week(&stage, 4 * 60, SAMEDI);
    stage.debut = ymd(2027, 6, 7);
    stage.fin = ymd(2027, 6, 13);
    assert_int_equal(calendar_presence_minutes(&stage, holidays), 6 * 4 * 60);
    /* Absences come off the total. */
    stage.absences_minutes = 90;
    assert_int_equal(calendar_presence_minutes(&stage, holidays), 6 * 4 * 60 - 90);
}

static void prints_quantities_like_the_contract(void **state)
{
    (void)state;
    char text[32];
    calendar_format_quantity(20300, text, sizeof text);
    assert_string_equal(text, "203");
    calendar_format_quantity(20350, text, sizeof text);
    assert_string_equal(text, "203.5");
    calendar_format_quantity(2903, text, sizeof text); /* 29.03 days */
    assert_string_equal(text, "29");
    calendar_format_quantity(2907, text, sizeof text);
    assert_string_equal(text, "29.1");
    struct calendar calendar = {.presence_minutes = 203 * 60 + 30};
    assert_int_equal(calendar_presence_hours_hundredths(&calendar), 20350);
    assert_int_equal(calendar_presence_days_hundredths(&calendar), 2907);
}

static void computes_a_whole_school_calendar(void **state)
{
    (void)state;
    struct stage stage;
    typical_week(&stage, 7 * 60, VENDREDI);
    stage.voie = VOIE_SCOLAIRE;
    stage.debut = ymd(2027, 5, 18);
    stage.fin = ymd(2027, 6, 25);
    stage.naissance = ymd(2009, 9, 2);
    struct calendar calendar;
    calendar_compute(&stage, holidays, &calendar);
    assert_int_equal(calendar.semaines, 6);
    assert_int_equal(calendar.date_limite_rapport, ymd(2027, 6, 18));
    assert_int_equal(calendar.evaluation_lundi, ymd(2027, 6, 21));
    assert_int_equal(calendar.evaluation_dimanche, ymd(2027, 6, 27));
    assert_int_equal(calendar.presence_minutes, 203 * 60);
    assert_true(calendar.mineur_connu);
    assert_true(calendar.mineur);
    stage.naissance = ymd(2009, 5, 18); /* 18 on the first day */
    calendar_compute(&stage, holidays, &calendar);
    assert_false(calendar.mineur);
}

static void takes_an_apprentice_deadline_from_the_written_exams(void **state)
{
    (void)state;
    struct stage stage;
    memset(&stage, 0, sizeof stage);
    stage.voie = VOIE_APPRENTISSAGE;
    stage.debut = stage.fin = DATE_NONE;
    stage.contrat_debut = ymd(2026, 9, 1);
    stage.contrat_fin = ymd(2028, 8, 31);
    stage.epreuves_ecrites = ymd(2028, 5, 15); /* a Monday: E is Sunday 14 May */
    stage.naissance = ymd(2008, 10, 1);
    struct calendar calendar;
    calendar_compute(&stage, holidays, &calendar);
    assert_true(calendar.apprenti);
    assert_int_equal(calendar.debut, ymd(2026, 9, 1));
    assert_int_equal(calendar.fin, ymd(2028, 8, 31));
    /* E = 14 May 2028 lies in the week of 8 May; the week before ends Friday 5 May. */
    assert_int_equal(calendar.date_limite_rapport, ymd(2028, 5, 5));
    assert_int_equal(calendar.semaines, -1);
    assert_int_equal(calendar.evaluation_lundi, DATE_NONE);
    assert_int_equal(calendar.presence_minutes, -1);
    assert_true(calendar.mineur); /* 17 on the contract's start */
}

static void computes_nothing_for_an_exempted_candidate(void **state)
{
    (void)state;
    struct stage stage;
    memset(&stage, 0, sizeof stage);
    stage.dispense_motif = "vae";
    struct calendar calendar;
    calendar_compute(&stage, holidays, &calendar);
    assert_true(calendar.dispense);
    assert_int_equal(calendar.semaines, -1);
    assert_int_equal(calendar.date_limite_rapport, DATE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_started_weeks),
        cmocka_unit_test(puts_the_deadline_on_the_penultimate_friday),
        cmocka_unit_test(moves_a_holiday_friday_back_to_the_working_day_before),
        cmocka_unit_test(sums_hours_skipping_public_holidays),
        cmocka_unit_test(prints_quantities_like_the_contract),
        cmocka_unit_test(computes_a_whole_school_calendar),
        cmocka_unit_test(takes_an_apprentice_deadline_from_the_written_exams),
        cmocka_unit_test(computes_nothing_for_an_exempted_candidate),
    };
    return cmocka_run_group_tests_name("calendar", tests, setup, teardown);
}
