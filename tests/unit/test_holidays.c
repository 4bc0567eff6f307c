/* test_holidays.c — Easter, the public holidays of each region, and the
 * holiday data file's errors. */
#include "test_support.h"

/* Easter Sundays 2000–2040 (month, day), from the published tables. */
static const int easter_table[][2] = {
    {4, 23}, {4, 15}, {3, 31}, {4, 20}, {4, 11}, {3, 27}, {4, 16}, {4, 8},  {3, 23},
    {4, 12}, {4, 4},  {4, 24}, {4, 8},  {3, 31}, {4, 20}, {4, 5},  {3, 27}, {4, 16},
    {4, 1},  {4, 21}, {4, 12}, {4, 4},  {4, 17}, {4, 9},  {3, 31}, {4, 20}, {4, 5},
    {3, 28}, {4, 16}, {4, 1},  {4, 21}, {4, 13}, {3, 28}, {4, 17}, {4, 9},  {3, 25},
    {4, 13}, {4, 5},  {4, 25}, {4, 10}, {4, 1},
};

static void computes_easter_2000_to_2040(void **state)
{
    (void)state;
    for (int year = 2000; year <= 2040; year++) {
        const int *expected = easter_table[year - 2000];
        date_t easter = easter_sunday(year);
        assert_int_equal(easter, date_from_ymd(year, expected[0], expected[1]));
        assert_int_equal(date_weekday(easter), DIMANCHE);
    }
}

static struct holidays *load(const char *region)
{
    struct strbuf error = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    struct holidays *holidays = holidays_load(strbuf_str(&path), region, &error);
    strbuf_free(&path);
    strbuf_free(&error);
    return holidays;
}

static void lists_every_metropolitan_holiday_of_2027(void **state)
{
    (void)state;
    struct holidays *holidays = load(NULL);
    assert_non_null(holidays);
    const int expected[][2] = {{1, 1}, {3, 29}, {5, 1}, {5, 6}, {5, 8}, {5, 17},
                               {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
    size_t found = 0;
    for (date_t day = date_from_ymd(2027, 1, 1); day <= date_from_ymd(2027, 12, 31); day++) {
        if (!holidays_contains(holidays, day, NULL))
            continue;
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        assert_true(found < 11);
        assert_int_equal(m, expected[found][0]);
        assert_int_equal(d, expected[found][1]);
        found++;
    }
    assert_int_equal(found, 11);
    const char *name = NULL;
    assert_true(holidays_contains(holidays, date_from_ymd(2027, 5, 6), &name));
    assert_string_equal(name, "Ascension");
    assert_false(holidays_contains(holidays, date_from_ymd(2027, 3, 26), NULL)); /* Good Friday */
    holidays_free(holidays);
}

static void adds_regional_days(void **state)
{
    (void)state;
    struct holidays *alsace = load("alsace-moselle");
    assert_non_null(alsace);
    assert_true(holidays_contains(alsace, date_from_ymd(2027, 3, 26), NULL)); /* Good Friday */
    assert_true(holidays_contains(alsace, date_from_ymd(2027, 12, 26), NULL));
    assert_true(holidays_contains(alsace, date_from_ymd(2027, 7, 14), NULL));
    holidays_free(alsace);
    const struct { const char *region; int month, day; } overseas[] = {
        {"guadeloupe", 5, 27}, {"martinique", 5, 22}, {"guyane", 6, 10},
        {"reunion", 12, 20},   {"mayotte", 4, 27},
    };
    for (size_t i = 0; i < 5; i++) {
        struct holidays *region = load(overseas[i].region);
        assert_non_null(region);
        assert_true(holidays_contains(region, date_from_ymd(2027, overseas[i].month,
                                                             overseas[i].day), NULL));
        assert_false(holidays_contains(region, date_from_ymd(2027, 3, 26), NULL));
        holidays_free(region);
    }
    struct holidays *mainland = load(NULL);
    assert_false(holidays_contains(mainland, date_from_ymd(2027, 5, 27), NULL));
    holidays_free(mainland);
}

static void refuses_an_unknown_region_naming_the_known_ones(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    assert_null(holidays_load(strbuf_str(&path), "bretagne", &error));
    assert_non_null(strstr(strbuf_str(&error), "bretagne"));
    assert_non_null(strstr(strbuf_str(&error), "alsace-moselle"));
    strbuf_free(&path);
    strbuf_free(&error);
}

static void reports_a_broken_data_line_with_its_number(void **state)
{
    (void)state;
    const char text[] = "# commentaire\n*\t01-01\tJour de l'an\n*\t13-45\tNulle part\n";
    char *path = test_write_temp(text, sizeof text - 1);
    struct strbuf error = STRBUF_INIT;
    assert_null(holidays_load(path, NULL, &error));
    assert_non_null(strstr(strbuf_str(&error), ":3:"));
    assert_non_null(strstr(strbuf_str(&error), "13-45"));
    unlink(path);
    free(path);
    strbuf_free(&error);
}

/* 60,000 regions, each named twice: read in one pass (each name checked in
 * a hash set), and the message names twenty (metropole first) and counts the rest. */
static void reads_many_regions_in_one_pass(void **state)
{
    (void)state;
    struct strbuf text = STRBUF_INIT, error = STRBUF_INIT;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 60000; i++)
            strbuf_printf(&text, "region-%d\t05-0%d\tFête %d\n", i, i % 9 + 1, i);
    char *path = test_write_temp(strbuf_str(&text), text.len);
    struct holidays *found = holidays_load(path, "region-59999", &error);
    assert_non_null(found);
    holidays_free(found);
    assert_null(holidays_load(path, "bretagne", &error));
    assert_non_null(strstr(strbuf_str(&error), "region-17, region-18 et 59981 autres"));
    unlink(path);
    free(path);
    strbuf_free(&text);
    strbuf_free(&error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(computes_easter_2000_to_2040),
        cmocka_unit_test(lists_every_metropolitan_holiday_of_2027),
        cmocka_unit_test(adds_regional_days),
        cmocka_unit_test(refuses_an_unknown_region_naming_the_known_ones),
        cmocka_unit_test(reports_a_broken_data_line_with_its_number),
        cmocka_unit_test(reads_many_regions_in_one_pass),
    };
    return cmocka_run_group_tests_name("holidays", tests, NULL, NULL);
}
