/* test_frformat.c — the French formatting the documents print: thousands
 * with a narrow no-break space, amounts rounded half up on the decimal figure
 * (not the binary double), gratifications computed in integers, functions in
 * lower case after a comma, elision. */
#include "test_support.h"

#include "util/frformat.h"

#define NNBSP "\xe2\x80\xaf"

static char *fmt_number(double value, int decimals)
{
    static char text[64];
    struct strbuf out = STRBUF_INIT;
    frformat_number(&out, value, decimals);
    snprintf(text, sizeof text, "%s", strbuf_str(&out));
    strbuf_free(&out);
    return text;
}

static char *fmt_amount(double value)
{
    static char text[64];
    struct strbuf out = STRBUF_INIT;
    frformat_amount(&out, value);
    snprintf(text, sizeof text, "%s", strbuf_str(&out));
    strbuf_free(&out);
    return text;
}

static void separates_thousands_with_a_narrow_space(void **state)
{
    (void)state;
    assert_string_equal(fmt_number(1050, 2), "1" NNBSP "050");
    assert_string_equal(fmt_number(217.5, 2), "217,5");
    assert_string_equal(fmt_number(1234567.25, 2), "1" NNBSP "234" NNBSP "567,25");
    assert_string_equal(fmt_number(999, 2), "999");
}

static void rounds_half_up_on_the_decimal_figure(void **state)
{
    (void)state;
    /* 217.5 × 4.35 is 946.12499999… as a double. */
    assert_string_equal(fmt_amount(217.5 * 4.35), "946,13" NNBSP "€");
    assert_string_equal(fmt_amount(254.5 * 4.35), "1" NNBSP "107,08" NNBSP "€");
    assert_string_equal(fmt_amount(0.005), "0,01" NNBSP "€");
    assert_string_equal(fmt_amount(1.004), "1,00" NNBSP "€");
    assert_int_equal(frformat_round(946.125, 2), 94613);
    assert_int_equal(frformat_round(31.0714, 1), 311);
    assert_int_equal(frformat_round(0.05, 1), 1);
    assert_string_equal(fmt_number(1.005, 2), "1,01");
    assert_string_equal(fmt_number(31.0714, 1), "31,1");
}

static void computes_gratification_in_cents(void **state)
{
    (void)state;
    assert_int_equal(frformat_gratification_cents(13050, 4.35), 94613); /* 217,5 h */
    assert_int_equal(frformat_gratification_cents(15270, 4.35), 110708); /* 254,5 h */
    assert_int_equal(frformat_gratification_cents(0, 4.35), 0);
    assert_int_equal(frformat_gratification_cents(60, 4.35), 435);
    assert_int_equal(frformat_gratification_cents(1, 4.35), 7); /* 0,0725 → 0,07 */
    assert_int_equal(frformat_gratification_cents(20, 4.35), 145); /* 1,45 */
    struct strbuf out = STRBUF_INIT;
    frformat_cents(&out, 94613);
    assert_string_equal(strbuf_str(&out), "946,13" NNBSP "€");
    strbuf_free(&out);
}

static char *fmt_function(const char *text)
{
    static char buffer[128];
    struct strbuf out = STRBUF_INIT;
    frformat_function(&out, text);
    snprintf(buffer, sizeof buffer, "%s", strbuf_str(&out));
    strbuf_free(&out);
    return buffer;
}

static void writes_functions_in_lower_case_but_acronyms(void **state)
{
    (void)state;
    assert_string_equal(fmt_function("Chargée d'études électricité"), "chargée d'études électricité");
    assert_string_equal(fmt_function("Électricien"), "électricien");
    assert_string_equal(fmt_function("IRVE : technicienne"), "IRVE : technicienne");
    assert_string_equal(fmt_function("QSE"), "QSE");
    assert_string_equal(fmt_function("R&D ingénieure"), "R&D ingénieure");
    assert_string_equal(fmt_function("Directeur technique"), "directeur technique");
    assert_string_equal(fmt_function("responsable"), "responsable");
    assert_string_equal(fmt_function(""), "");
}

static char *fmt_elide(const char *word, const char *text)
{
    static char buffer[128];
    struct strbuf out = STRBUF_INIT;
    frformat_elide(&out, word, text);
    snprintf(buffer, sizeof buffer, "%s", strbuf_str(&out));
    strbuf_free(&out);
    return buffer;
}

static void elides_before_a_vowel_or_mute_h(void **state)
{
    (void)state;
    assert_string_equal(fmt_elide("de", "AXA France IARD"), "d'AXA France IARD");
    assert_string_equal(fmt_elide("de", "Allianz"), "d'Allianz");
    assert_string_equal(fmt_elide("de", "Électricité de France"), "d'Électricité de France");
    assert_string_equal(fmt_elide("de", "SMABTP"), "de SMABTP");
    assert_string_equal(fmt_elide("de", "Groupama"), "de Groupama");
    assert_string_equal(fmt_elide("de", "Hager"), "de Hager");
    assert_string_equal(fmt_elide("le", "entreprise"), "l'entreprise");
    assert_string_equal(fmt_elide("de", "hôpital"), "d'hôpital");
    assert_string_equal(fmt_elide("la", "usine"), "l'usine");
    assert_string_equal(fmt_elide("de", ""), "de");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(separates_thousands_with_a_narrow_space),
        cmocka_unit_test(rounds_half_up_on_the_decimal_figure),
        cmocka_unit_test(computes_gratification_in_cents),
        cmocka_unit_test(writes_functions_in_lower_case_but_acronyms),
        cmocka_unit_test(elides_before_a_vowel_or_mute_h),
    };
    return cmocka_run_group_tests_name("frformat", tests, NULL, NULL);
}
