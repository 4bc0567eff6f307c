/* test_loader.c — safe loading: malformed XML, hostile XML (external
 * entities, entity bombs), oversized files, wrong roots, schema errors,
 * duplicate ids, positions, and promotion expansion. Every refusal must
 * name the file, line and column, and leak nothing (the sanitizer build
 * checks the latter). */
#include "test_support.h"

#include "base_stage.h"
#include "input/source.h"
#include "input/textpos.h"
#include "input/xmlnode.h"

#include <sys/stat.h>

/* Reads text as a file to its end; returns how the file ended and leaves
 * the diagnostics. */
static enum load_status open_text(const char *text, size_t max_size, struct diag_list *diags)
{
    char *path = test_write_temp(text, strlen(text));
    struct input_options options = {.max_size = max_size, .schema = world.schema};
    struct input_file *file = NULL;
    enum load_status status = input_open(path, &options, diags, &file);
    assert_true((status == LOAD_OK) == (file != NULL));
    if (file) {
        struct stage_input stage;
        while (input_next_stage(file, &stage, diags))
            stage_input_release(&stage);
        status = input_status(file);
    }
    input_close(file);
    unlink(path);
    free(path);
    return status;
}

static void refuses_malformed_xml_at_the_right_place(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    const char *text = "<stage version=\"1\">\n  <session>2027</sessio>\n</stage>\n";
    assert_int_equal(open_text(text, 0, &diags), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "xml");
    assert_non_null(diag);
    assert_int_equal(diag->line, 2);
    assert_true(diag->column > 0);
    assert_non_null(strstr(diag->message, "la balise <session> est fermée par </sessio>"));
    assert_null(strstr(diag->message, "mismatch")); /* libxml2's English never shows */
    diag_list_free(&diags);
}

static void tells_xml_errors_in_french(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"<stage>&foo;</stage>", "l'entité « &foo; » n'est pas définie"},
        {"<stage a=\"1\" a=\"2\"/>", "l'attribut « a » est donné deux fois"},
        {"<stage><b:c/></stage>", "le préfixe « b: » n'est déclaré par aucun xmlns"},
        {"<stage>\n<nom>\xff</nom></stage>", "pas de l'UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct diag_list diags = DIAG_LIST_INIT;
        assert_int_equal(open_text(cases[i][0], 0, &diags), LOAD_INVALID);
        const struct diag *diag = diag_find(&diags, "xml");
        assert_non_null(diag);
        if (!strstr(diag->message, cases[i][1]))
            fail_msg("%s: %s", cases[i][0], diag->message);
        diag_list_free(&diags);
    }
}

static void refuses_an_entity_bomb_at_its_first_declaration(void **state)
{
    (void)state;
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, "<?xml version=\"1.0\"?>\n<!DOCTYPE stage [\n <!ENTITY l0 \"ha\">\n");
    for (int i = 1; i <= 30; i++)
        strbuf_printf(&text, " <!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">\n",
                      i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    strbuf_puts(&text, "]>\n<stage version=\"1\">&l30;</stage>\n");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(strbuf_str(&text), 0, &diags), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "entite");
    assert_non_null(diag);
    assert_int_equal(diag->line, 3);
    assert_int_equal(diag->column, 2);
    assert_int_equal(diags.count, 1); /* stopped there: nothing expanded, nothing else said */
    diag_list_free(&diags);
    strbuf_free(&text);
}

static void refuses_external_entities_without_reading_them(void **state)
{
    (void)state;
    const char *text = "<?xml version=\"1.0\"?>\n"
                       "<!DOCTYPE stage [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                       "<stage version=\"1\"><session>&secret;</session></stage>\n";
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(text, 0, &diags), LOAD_INVALID);
    assert_non_null(diag_find(&diags, "entite"));
    for (size_t i = 0; i < diags.count; i++)
        assert_null(strstr(diags.items[i].message, "root:"));
    diag_list_free(&diags);
    /* A parameter entity is refused the same way. */
    const char *parameter = "<?xml version=\"1.0\"?>\n"
                            "<!DOCTYPE stage [<!ENTITY % p SYSTEM \"http://example.invalid/x\"> %p;]>\n"
                            "<stage version=\"1\"/>\n";
    assert_int_equal(open_text(parameter, 0, &diags), LOAD_INVALID);
    assert_non_null(diag_find(&diags, "entite"));
    diag_list_free(&diags);
}

static void refuses_a_file_over_the_size_bound_before_reading_it(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(BASE_STAGE, 1024, &diags), LOAD_LIMIT);
    const struct diag *diag = diag_find(&diags, "taille");
    assert_non_null(diag);
    assert_non_null(strstr(diag->message, "1024 octets"));
    diag_list_free(&diags);
    assert_int_equal(open_text(BASE_STAGE, 64 * 1024, &diags), LOAD_OK);
    diag_list_free(&diags);
}

static void reports_a_missing_file_as_an_io_error(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct input_file *file = NULL;
    assert_int_equal(input_open("/nonexistent/stage.xml", &options, &diags, &file), LOAD_IO_ERROR);
    assert_null(file);
    const struct diag *diag = diag_find(&diags, "fichier");
    assert_non_null(diag);
    assert_string_equal(diag->file, "/nonexistent/stage.xml");
    assert_int_equal(input_open("/tmp", &options, &diags, &file), LOAD_IO_ERROR);
    diag_list_free(&diags);
}

static void refuses_a_wrong_root(void **state)
{
    (void)state;
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text("<?xml version=\"1.0\"?>\n\n   <convention/>\n", 0, &diags),
                     LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "racine");
    assert_non_null(diag);
    assert_int_equal(diag->line, 3);
    assert_int_equal(diag->column, 4);
    assert_non_null(strstr(diag->message, "convention"));
    diag_list_free(&diags);
}

static void reports_schema_violations_at_the_element(void **state)
{
    (void)state;
    char *bad_date = test_replace(BASE_STAGE, "fin=\"2027-06-25\"", "fin=\"2027-02-30\"");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(bad_date, 0, &diags), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "schema");
    assert_non_null(diag);
    assert_int_equal(diag->line, 9); /* the <periode> line of the base stage */
    assert_int_equal(diag->column, 1);
    assert_non_null(strstr(diag->message, "2027-02-30"));
    diag_list_free(&diags);
    free(bad_date);
    char *unknown = test_replace(BASE_STAGE, "<unite>U62</unite>", "<unité>U62</unité>");
    assert_int_equal(open_text(unknown, 0, &diags), LOAD_INVALID);
    assert_non_null(diag_find(&diags, "schema"));
    diag_list_free(&diags);
    free(unknown);
}

/* A promotion of n stages built from the base stage's body: five lines of
 * header, then stage k from line 6 + 12k (its ten body lines and its end). */
static char *promotion(int n, const char *ids[])
{
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<promotion version=\"1\">\n"
                       "<session>2027</session>\n<classe>BTS 1</classe>\n" BASE_ETABLISSEMENT);
    for (int i = 0; i < n; i++)
        strbuf_printf(&text, "<stage id=\"%s\" voie=\"scolaire\" annee=\"1\">\n%s</stage>\n",
                      ids[i], BASE_STAGE_BODY);
    strbuf_puts(&text, "</promotion>\n");
    return strbuf_detach(&text);
}

static void names_both_lines_of_a_duplicate_id(void **state)
{
    (void)state;
    const char *ids[] = {"P-1", "P-2", "P-1"};
    char *text = promotion(3, ids);
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(text, 0, &diags), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "id-unique");
    assert_non_null(diag);
    assert_int_equal(diag_count_rule(&diags, "id-unique"), 1);
    /* Stage k opens on line 6 + 12k (see promotion()). */
    assert_non_null(strstr(diag->message, "ligne 6 "));
    assert_int_equal(diag->line, 6 + 2 * 12);
    assert_string_equal(diag->stage_id, "P-1");
    diag_list_free(&diags);
    free(text);
}

static void expands_a_promotion_into_self_contained_stages(void **state)
{
    (void)state;
    const char *ids[] = {"P-1", "P-2", "P-3"};
    char *text = promotion(3, ids);
    char *path = test_write_temp(text, strlen(text));
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_file *file;
    assert_int_equal(input_open(path, &options, &diags, &file), LOAD_OK);
    assert_true(input_is_promotion(file));
    struct stage_input stage;
    int seen = 0;
    while (input_next_stage(file, &stage, &diags)) {
        assert_string_equal(stage.id, ids[seen]);
        assert_true(stage.in_promotion);
        assert_string_equal(stage.classe, "BTS 1");
        /* Inherited blocks come first, in the contract's order. */
        xmlNodePtr first = xmlFirstElementChild(stage.root);
        assert_true(xml_is(first, "session"));
        assert_true(xml_is(xmlNextElementSibling(first), "etablissement"));
        /* Copied nodes keep the position of the original in the file. */
        struct position where = source_node_position(xml_child(stage.root, "periode"));
        assert_string_equal(where.file, path);
        assert_int_equal(where.line, 6 + seen * 12 + 5);
        assert_int_equal(where.column, 1);
        where = source_node_position(xml_child(stage.root, "etablissement"));
        assert_int_equal(where.line, 5);
        stage_input_release(&stage);
        seen++;
    }
    assert_int_equal(seen, 3);
    assert_int_equal(input_stage_count(file), 3);
    assert_int_equal(input_status(file), LOAD_OK);
    assert_int_equal(diags.count, 0);
    input_close(file);
    unlink(path);
    free(path);
    free(text);
}

static void a_stage_may_override_the_promotion_establishment(void **state)
{
    (void)state;
    const char *ids[] = {"P-1"};
    char *text = promotion(1, ids);
    char *override = test_replace(text, "<stage id=\"P-1\" voie=\"scolaire\" annee=\"1\">\n",
                                  "<stage id=\"P-1\" voie=\"scolaire\" annee=\"1\">\n"
                                  "<session>2028</session>\n");
    char *path = test_write_temp(override, strlen(override));
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_file *file;
    assert_int_equal(input_open(path, &options, &diags, &file), LOAD_OK);
    struct stage_input stage;
    assert_true(input_next_stage(file, &stage, &diags));
    assert_int_equal(xml_count_children(stage.root, "session"), 1);
    char *session = xml_child_text(stage.root, "session");
    assert_string_equal(session, "2028");
    free(session);
    assert_int_equal(xml_count_children(stage.root, "etablissement"), 1);
    stage_input_release(&stage);
    input_close(file);
    unlink(path);
    free(path);
    free(override);
    free(text);
}

static void counts_columns_in_characters(void **state)
{
    (void)state;
    /* "  <é>" is 5 characters but 6 bytes: libxml2's byte column 7 is the
     * 6th character. */
    const char *text = "<a>\n  <é><b/></é>\n</a>";
    struct source *source = source_new("x.xml", strdup(text), strlen(text));
    assert_int_equal(source_character_column(source, 2, 7), 6);
    source_free(source);
}

static void reads_a_large_promotion_one_stage_at_a_time(void **state)
{
    (void)state;
    /* 400 stages, several chunks of the stream: every one comes out, in
     * order, with its own position. */
    const char *ids[400];
    char names[400][16];
    for (int i = 0; i < 400; i++) {
        snprintf(names[i], sizeof names[i], "P-%03d", i);
        ids[i] = names[i];
    }
    char *text = promotion(400, ids);
    char *path = test_write_temp(text, strlen(text));
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_file *file;
    assert_int_equal(input_open(path, &options, &diags, &file), LOAD_OK);
    struct stage_input stage;
    int seen = 0;
    while (input_next_stage(file, &stage, &diags)) {
        assert_string_equal(stage.id, ids[seen]);
        assert_int_equal(source_node_position(stage.root).line, 6 + seen * 12);
        stage_input_release(&stage);
        seen++;
    }
    assert_int_equal(seen, 400);
    assert_int_equal(input_status(file), LOAD_OK);
    input_close(file);
    unlink(path);
    free(path);
    free(text);
    diag_list_free(&diags);
}

static void keeps_the_good_stages_of_a_promotion_with_a_bad_one(void **state)
{
    (void)state;
    const char *ids[] = {"P-1", "P-2", "P-3"};
    char *text = promotion(3, ids);
    /* The second stage's period gets an impossible date. */
    char *second = strstr(strstr(text, "id=\"P-2\""), "fin=\"2027-06-25\"");
    memcpy(second, "fin=\"2027-06-32\"", 16);
    char *path = test_write_temp(text, strlen(text));
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_file *file;
    assert_int_equal(input_open(path, &options, &diags, &file), LOAD_OK);
    struct stage_input stage;
    const char *expected[] = {"P-1", "P-3"};
    int seen = 0;
    while (input_next_stage(file, &stage, &diags)) {
        assert_true(seen < 2);
        assert_string_equal(stage.id, expected[seen++]);
        stage_input_release(&stage);
    }
    assert_int_equal(seen, 2);
    assert_int_equal(input_status(file), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "schema");
    assert_non_null(diag);
    assert_string_equal(diag->stage_id, "P-2");
    assert_int_equal(diag->line, 6 + 12 + 5);
    input_close(file);
    unlink(path);
    free(path);
    free(text);
    diag_list_free(&diags);
}

/* The same stage on one line: every element keeps its column, counted in
 * characters from the line's start ("<stage …>" then "<session>" at 75). */
static void one_line_files_keep_their_columns(void **state)
{
    (void)state;
    char *joined = strdup(BASE_STAGE);
    size_t kept = 0;
    for (size_t i = 0; joined[i]; i++)
        if (joined[i] != '\n')
            joined[kept++] = joined[i];
    joined[kept] = '\0';
    char *bad = test_replace(joined, "fin=\"2027-06-25\"", "fin=\"2027-02-30\"");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(bad, 0, &diags), LOAD_INVALID);
    const struct diag *diag = diag_find(&diags, "schema");
    assert_non_null(diag);
    assert_int_equal(diag->line, 1);
    const char *periode = strstr(bad, "<periode");
    unsigned characters = 1;
    for (const char *p = bad; p < periode; p++)
        characters += ((unsigned char)*p & 0xC0) != 0x80;
    assert_int_equal(diag->column, characters);
    diag_list_free(&diags);
    free(bad);
    free(joined);
}

/* textpos: a byte order mark is no column, a chunk boundary changes
 * nothing, and queries ahead of the anchor leave it in place. */
static void counts_positions_across_chunks(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF<a>\n  <é><b/>";
    struct textpos pos;
    textpos_stream(&pos);
    assert_true(textpos_feed(&pos, text, 9));
    assert_true(textpos_feed(&pos, text + 9, strlen(text) - 9));
    unsigned line, column;
    textpos_locate(&pos, 3, true, &line, &column);
    assert_int_equal(line, 1);
    assert_int_equal(column, 1);
    textpos_locate(&pos, 13, false, &line, &column); /* the '<' of <b/> */
    assert_int_equal(line, 2);
    assert_int_equal(column, 6);
    textpos_locate(&pos, 9, true, &line, &column); /* the '<' of <é> */
    assert_int_equal(line, 2);
    assert_int_equal(column, 3);
    textpos_free(&pos);
}

/* Each budget of the loader stops the file with its own rule, at the
 * element, before the work it guards is done. */
static void refuses_files_over_the_element_budgets(void **state)
{
    (void)state;
    struct strbuf text = STRBUF_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    strbuf_puts(&text, "<stage version=\"1\">\n  <x");
    for (int i = 0; i <= LOADER_MAX_ATTRIBUTES; i++)
        strbuf_printf(&text, " a%d=\"%d\"", i, i);
    strbuf_puts(&text, "/>\n</stage>\n");
    assert_int_equal(open_text(strbuf_str(&text), 0, &diags), LOAD_LIMIT);
    const struct diag *diag = diag_find(&diags, "attributs");
    assert_non_null(diag);
    assert_int_equal(diag->line, 2);
    assert_int_equal(diag->column, 3);
    assert_int_equal(diags.count, 1);
    diag_list_free(&diags);
    strbuf_reset(&text);
    strbuf_puts(&text, "<stage version=\"1\">");
    for (int i = 0; i < LOADER_MAX_DEPTH; i++)
        strbuf_puts(&text, "<a>");
    assert_int_equal(open_text(strbuf_str(&text), 0, &diags), LOAD_LIMIT);
    diag = diag_find(&diags, "profondeur");
    assert_non_null(diag);
    assert_int_equal(diag->column, 20 + 3 * (LOADER_MAX_DEPTH - 1));
    diag_list_free(&diags);
    strbuf_reset(&text);
    size_t budget = loader_element_budget((size_t)1 << 20);
    strbuf_puts(&text, "<stage version=\"1\">");
    for (size_t i = 0; i < budget; i++)
        strbuf_puts(&text, "<a/>");
    strbuf_puts(&text, "</stage>\n");
    assert_int_equal(open_text(strbuf_str(&text), (size_t)1 << 20, &diags), LOAD_LIMIT);
    diag = diag_find(&diags, "elements");
    assert_non_null(diag);
    assert_int_equal(diag->column, 20 + 4 * (budget - 1));
    diag_list_free(&diags);
    strbuf_free(&text);
}

/* Thousands of schema errors: the first SCHEMA_MAX_ERRORS are said, the
 * rest counted in one line. */
static void says_the_first_schema_errors_and_counts_the_rest(void **state)
{
    (void)state;
    struct strbuf bad = STRBUF_INIT;
    for (int i = 0; i < 5000; i++)
        strbuf_puts(&bad, "<activite domaine=\"x\">a</activite>");
    strbuf_puts(&bad, "</activites>");
    char *text = test_replace(BASE_STAGE, "</activites>", strbuf_str(&bad));
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(open_text(text, 0, &diags), LOAD_INVALID);
    assert_int_equal(diag_count_rule(&diags, "schema"), SCHEMA_MAX_ERRORS + 1);
    assert_non_null(strstr(diags.items[diags.count - 1].message, "4\xE2\x80\xAF" "950 autres"));
    diag_list_free(&diags);
    free(text);
    strbuf_free(&bad);
}

/* A FIFO would block the open: it is refused as not a regular file. */
static void refuses_a_fifo(void **state)
{
    (void)state;
    char path[] = "/tmp/stagedoc-fifo-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    struct input_options options = {.schema = world.schema};
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_file *file = NULL;
    assert_int_equal(input_open(path, &options, &diags, &file), LOAD_INVALID);
    assert_null(file);
    assert_non_null(strstr(diags.items[0].message, "pas un fichier ordinaire"));
    diag_list_free(&diags);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_malformed_xml_at_the_right_place),
        cmocka_unit_test(tells_xml_errors_in_french),
        cmocka_unit_test(refuses_an_entity_bomb_at_its_first_declaration),
        cmocka_unit_test(refuses_external_entities_without_reading_them),
        cmocka_unit_test(refuses_a_file_over_the_size_bound_before_reading_it),
        cmocka_unit_test(reports_a_missing_file_as_an_io_error),
        cmocka_unit_test(refuses_a_wrong_root),
        cmocka_unit_test(reports_schema_violations_at_the_element),
        cmocka_unit_test(names_both_lines_of_a_duplicate_id),
        cmocka_unit_test(expands_a_promotion_into_self_contained_stages),
        cmocka_unit_test(a_stage_may_override_the_promotion_establishment),
        cmocka_unit_test(counts_columns_in_characters),
        cmocka_unit_test(reads_a_large_promotion_one_stage_at_a_time),
        cmocka_unit_test(keeps_the_good_stages_of_a_promotion_with_a_bad_one),
        cmocka_unit_test(one_line_files_keep_their_columns),
        cmocka_unit_test(counts_positions_across_chunks),
        cmocka_unit_test(refuses_files_over_the_element_budgets),
        cmocka_unit_test(says_the_first_schema_errors_and_counts_the_rest),
        cmocka_unit_test(refuses_a_fifo),
    };
    return cmocka_run_group_tests_name("loader", tests, test_world_setup, test_world_teardown);
}
