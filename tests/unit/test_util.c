/* test_util.c — identifiers' checksums, ASCII folding, strings, data files. */
#include "test_support.h"

#include "rules/identifiers.h"
#include "util/datafile.h"
#include "util/fold.h"

static void checks_siret_with_luhn(void **state)
{
    (void)state;
    assert_int_equal(siret_check("73282932000074"), IDENTIFIER_OK);
    assert_int_equal(siret_check("73282932000075"), IDENTIFIER_BAD_CHECKSUM);
    assert_int_equal(siret_check("7328293200007"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("7328293200007A"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("732 829 320 00074"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("35600000000051"), IDENTIFIER_OK);          /* La Poste */
    assert_int_equal(siret_check("35600000000052"), IDENTIFIER_BAD_CHECKSUM);
}

static void checks_uai_letters(void **state)
{
    (void)state;
    char expected = 0;
    assert_int_equal(uai_check("0330031E", &expected), IDENTIFIER_OK);
    assert_int_equal(uai_check("0330031A", &expected), IDENTIFIER_BAD_CHECKSUM);
    assert_int_equal(expected, 'E');
    assert_int_equal(uai_check("0690128P", &expected), IDENTIFIER_OK);
    assert_int_equal(uai_check("033003E", &expected), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(uai_check("0330031e", &expected), IDENTIFIER_BAD_FORMAT);
}

static void checks_naf_form(void **state)
{
    (void)state;
    assert_true(naf_is_well_formed("43.21A"));
    assert_false(naf_is_well_formed("4321A"));
    assert_false(naf_is_well_formed("43.21a"));
    assert_false(naf_is_well_formed("43.2A"));
}

static void folds_names_to_ascii(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"N'Diaye Aïssatou", "N'Diaye Aissatou"}, {"Lefèvre", "Lefevre"},
        {"Œuvre Straße", "OEuvre Strasse"},      {"Nguyễn Thị Ánh", "Nguyen Thi Anh"},
        {"Łukasz Wójcik", "Lukasz Wojcik"},      {"Çağrı Öztürk", "Cagri Ozturk"},
        {"Ελένη", "_____"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *folded = fold_ascii(cases[i][0]);
        assert_string_equal(folded, cases[i][1]);
        free(folded);
    }
    char *compared = fold_for_comparison("  Lycée  GUSTAVE-Eiffel ");
    assert_string_equal(compared, "lycee gustave eiffel");
    free(compared);
}

static void builds_strings_of_any_length(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(strbuf_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&sb, "%03d", i);
    assert_int_equal(sb.len, 3000);
    assert_memory_equal(sb.data + 2997, "999", 3);
    char *text = strbuf_detach(&sb);
    assert_int_equal(strlen(text), 3000);
    assert_int_equal(sb.len, 0);
    free(text);
}

struct collected {
    int lines[8];
    int count;
};

static bool collect(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct collected *collected = context;
    if (strcmp(record->fields[0], "stop") == 0) {
        strbuf_puts(error, "arrêt demandé");
        return false;
    }
    collected->lines[collected->count++] = record->line;
    return record->count == 2;
}

static void reads_data_files_skipping_comments(void **state)
{
    (void)state;
    const char text[] = "# comment\n\na\t1\r\n  # indented comment\nb\t2\nstop\n";
    char *path = test_write_temp(text, sizeof text - 1);
    struct collected collected = {{0}, 0};
    struct strbuf error = STRBUF_INIT;
    assert_false(datafile_read(path, collect, &collected, &error));
    assert_int_equal(collected.count, 2);
    assert_int_equal(collected.lines[0], 3);
    assert_int_equal(collected.lines[1], 5);
    assert_non_null(strstr(strbuf_str(&error), ":6: arrêt demandé"));
    unlink(path);
    free(path);
    strbuf_free(&error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checks_siret_with_luhn),
        cmocka_unit_test(checks_uai_letters),
        cmocka_unit_test(checks_naf_form),
        cmocka_unit_test(folds_names_to_ascii),
        cmocka_unit_test(builds_strings_of_any_length),
        cmocka_unit_test(reads_data_files_skipping_comments),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
