/* test_date.c — day numbers, ISO parsing, weekdays, ages and French dates. */
#include "test_support.h"

#include "util/date.h"

static void parses_and_round_trips_iso_dates(void **state)
{
    (void)state;
    date_t date;
    assert_true(date_parse_iso("2027-06-18", &date));
    char iso[DATE_ISO_SIZE];
    date_format_iso(date, iso);
    assert_string_equal(iso, "2027-06-18");
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2); /* leap */
    assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1); /* not leap */
}

static void refuses_malformed_and_impossible_dates(void **state)
{
    (void)state;
    date_t date;
    const char *bad[] = {"2027-02-29", "2027-13-01", "2027-00-10", "2027-6-18",
                         "2027-06-18Z", "18/06/2027", "", "2027-06-31"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(date_parse_iso(bad[i], &date));
    assert_false(date_parse_iso(NULL, &date));
    assert_true(date_parse_iso("2028-02-29", &date));
}

static void knows_weekdays_and_iso_week_mondays(void **state)
{
    (void)state;
    assert_int_equal(date_weekday(date_from_ymd(2027, 6, 18)), VENDREDI);
    assert_int_equal(date_weekday(date_from_ymd(1970, 1, 1)), JEUDI);
    assert_int_equal(date_weekday(date_from_ymd(1969, 12, 28)), DIMANCHE);
    assert_int_equal(date_monday_of_week(date_from_ymd(2027, 6, 27)), date_from_ymd(2027, 6, 21));
    assert_int_equal(date_monday_of_week(date_from_ymd(2027, 6, 21)), date_from_ymd(2027, 6, 21));
}

static void spells_dates_in_french(void **state)
{
    (void)state;
    char text[DATE_LONG_SIZE];
    date_format_long_fr(date_from_ymd(2027, 6, 18), text);
    assert_string_equal(text, "vendredi 18 juin 2027");
    date_format_long_fr(date_from_ymd(2027, 5, 1), text);
    assert_string_equal(text, "samedi 1er mai 2027");
    date_format_long_fr(date_from_ymd(2027, 8, 15), text);
    assert_string_equal(text, "dimanche 15 août 2027");
    date_format_long_fr(date_from_ymd(2027, 12, 6), text);
    assert_string_equal(text, "lundi 6 décembre 2027");
    char short_text[DATE_ISO_SIZE];
    date_format_short_fr(date_from_ymd(2027, 5, 8), short_text);
    assert_string_equal(short_text, "08/05/2027");
    date_format_short_fr(date_from_ymd(2031, 12, 31), short_text);
    assert_string_equal(short_text, "31/12/2031");
}

static void counts_age_from_the_birthday(void **state)
{
    (void)state;
    date_t birth = date_from_ymd(2009, 9, 2);
    assert_int_equal(date_age_on(birth, date_from_ymd(2027, 9, 1)), 17);
    assert_int_equal(date_age_on(birth, date_from_ymd(2027, 9, 2)), 18);
    assert_int_equal(date_age_on(date_from_ymd(2008, 2, 29), date_from_ymd(2026, 2, 28)), 17);
    assert_int_equal(date_age_on(date_from_ymd(2008, 2, 29), date_from_ymd(2026, 3, 1)), 18);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_and_round_trips_iso_dates),
        cmocka_unit_test(refuses_malformed_and_impossible_dates),
        cmocka_unit_test(knows_weekdays_and_iso_week_mondays),
        cmocka_unit_test(spells_dates_in_french),
        cmocka_unit_test(counts_age_from_the_birthday),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
