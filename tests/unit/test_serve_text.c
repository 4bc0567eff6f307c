/* test_serve_text.c — the server's small text functions that a stranger's
 * bytes reach: JSON strings (escaping, invalid UTF-8), the Host names it
 * answers to (DNS rebinding), and the routes' methods. */
#include "test_support.h"

#include "serve/hosts.h"
#include "serve/json.h"
#include "serve/routes.h"

static char *escaped(const char *text)
{
    struct strbuf out = STRBUF_INIT;
    json_add_string(&out, text);
    return strbuf_detach(&out);
}

static void assert_escaped(const char *text, const char *expected)
{
    char *got = escaped(text);
    assert_string_equal(got, expected);
    free(got);
}

static void json_strings_are_escaped(void **state)
{
    (void)state;
    assert_escaped("Aïssatou N'Diaye", "\"Aïssatou N'Diaye\"");
    assert_escaped("a\"b\\c\nd\te", "\"a\\\"b\\\\c\\nd\\te\"");
    assert_escaped("<script>&", "\"\\u003cscript\\u003e\\u0026\"");
    assert_escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
    assert_escaped("ligne\xe2\x80\xa8suite", "\"ligne\\u2028suite\"");
}

static void invalid_utf8_becomes_a_replacement(void **state)
{
    (void)state;
    assert_escaped("\xff", "\"\\ufffd\"");                 /* not a lead byte */
    assert_escaped("\xc0\xaf", "\"\\ufffd\\ufffd\"");      /* overlong "/" */
    assert_escaped("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* a surrogate */
    assert_escaped("\xe2\x82", "\"\\ufffd\\ufffd\"");      /* cut short */
    assert_escaped("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""); /* U+1F600 kept */
}

static void json_values_have_their_commas(void **state)
{
    (void)state;
    struct json json = JSON_INIT;
    json_object_begin(&json, NULL);
    json_string(&json, "a", NULL);
    json_number(&json, "n", -3);
    json_array_begin(&json, "l");
    json_bool(&json, NULL, true);
    json_string(&json, NULL, "x");
    json_array_end(&json);
    json_object_end(&json);
    assert_string_equal(strbuf_str(&json.out), "{\"a\":null,\"n\":-3,\"l\":[true,\"x\"]}");
    strbuf_free(&json.out);
}

static void loopback_server_answers_loopback_names_only(void **state)
{
    (void)state;
    assert_true(host_is_served("127.0.0.1:8080", NULL, true));
    assert_true(host_is_served("localhost:8080", NULL, true));
    assert_true(host_is_served("LOCALHOST", NULL, true));
    assert_true(host_is_served("[::1]:8080", NULL, true));
    assert_true(host_is_served("127.3.2.1", NULL, true));
    assert_false(host_is_served("evil.example:8080", NULL, true));
    assert_false(host_is_served("127.0.0.1.evil.example", NULL, true));
    assert_false(host_is_served("[::1", NULL, true));
    assert_false(host_is_served("", NULL, true));
    assert_false(host_is_served(NULL, NULL, false));
    assert_true(host_is_served("anything.example", NULL, false));
}

static void host_option_names_the_served(void **state)
{
    (void)state;
    const char *names = "stagedoc.lycee.example,stagedoc";
    assert_true(host_is_served("stagedoc.lycee.example", names, true));
    assert_true(host_is_served("Stagedoc:443", names, false));
    assert_true(host_is_served("127.0.0.1:8080", names, true)); /* loopback: always */
    assert_false(host_is_served("autre.example", names, false));
    assert_false(host_is_served("stagedoc.lycee.example.evil", names, true));
    assert_false(host_is_served("lycee.example", names, true));
}

static void routes_and_their_methods(void **state)
{
    (void)state;
    bool wrong = false;
    assert_non_null(route_find("POST", "/api/build", &wrong));
    assert_null(route_find("GET", "/api/build", &wrong));
    assert_true(wrong);
    assert_null(route_find("GET", "/api/build/../../etc", &wrong));
    assert_false(wrong);
    assert_non_null(route_find("HEAD", "/", &wrong));
    assert_string_equal(route_methods("/api/check"), "POST");
    assert_string_equal(route_methods("/sante"), "GET, HEAD");
    assert_null(route_methods("/nulle-part"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings_are_escaped),
        cmocka_unit_test(invalid_utf8_becomes_a_replacement),
        cmocka_unit_test(json_values_have_their_commas),
        cmocka_unit_test(loopback_server_answers_loopback_names_only),
        cmocka_unit_test(host_option_names_the_served),
        cmocka_unit_test(routes_and_their_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
