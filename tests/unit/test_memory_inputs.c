/* test_memory_inputs.c — the engine reading its inputs as bytes in memory,
 * through stagedoc.h only: a promotion, a CSV workbook with its --commun,
 * and the budgets a file would meet. Diagnostics are collected through the
 * run's events, as a web server would.
 *
 * Run from the repository root (make check does): templates/ and
 * samples/ are read there; TEMPLATES_DIR overrides the templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_public.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/stagedoc.h"

/* ------------------------------------------------------------ collecting */

struct seen {
    char rule[32], stage[32], file[64], sheet[64], cell[16], column_name[8], header[64];
    char student[64];
    enum sd_severity severity;
    unsigned line, row;
};

struct collected {
    struct seen items[256];
    size_t count;
    char summary[256];
};

static void copy_text(char *to, size_t size, const char *text)
{
    snprintf(to, size, "%s", text ? text : "");
}

static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct collected *c = user;
    if (c->count == sizeof c->items / sizeof *c->items)
        return;
    struct seen *s = &c->items[c->count++];
    copy_text(s->rule, sizeof s->rule, d->rule);
    copy_text(s->stage, sizeof s->stage, d->stage);
    copy_text(s->file, sizeof s->file, d->file);
    copy_text(s->sheet, sizeof s->sheet, d->sheet);
    copy_text(s->cell, sizeof s->cell, d->cell);
    copy_text(s->column_name, sizeof s->column_name, d->column_name);
    copy_text(s->header, sizeof s->header, d->header);
    copy_text(s->student, sizeof s->student, d->student);
    s->severity = d->severity;
    s->line = d->line;
    s->row = d->row;
}

static void on_note(void *user, enum sd_severity severity, const char *text)
{
    struct collected *c = user;
    (void)severity;
    if (strstr(text, " : 1 fichier"))
        copy_text(c->summary, sizeof c->summary, text);
}

static const struct seen *find_rule(const struct collected *c, const char *rule)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->items[i].rule, rule) == 0)
            return &c->items[i];
    return NULL;
}

/* ------------------------------------------------------------ inputs */

/* text with the first from replaced by to (heap); the test fails when from
 * is absent, so that a variant never silently equals the sample. */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t before = (size_t)(at - text), length = strlen(text);
    char *out = malloc(length - strlen(from) + strlen(to) + 1);
    assert_non_null(out);
    memcpy(out, text, before);
    strcpy(out + before, to);
    strcat(out, at + strlen(from));
    return out;
}

/* The sample CSV's header and first student, the field at column (1-based)
 * set to value. */
static char *first_student_with(const char *csv, unsigned column, const char *value)
{
    const char *row = strchr(csv, '\n');
    assert_non_null(row);
    row++;
    const char *row_end = strchr(row, '\n');
    assert_non_null(row_end);
    const char *field = row; /* the start of the field to replace */
    for (unsigned i = 1; i < column; i++) {
        field = memchr(field, ';', (size_t)(row_end - field));
        assert_non_null(field);
        field++;
    }
    const char *field_end = memchr(field, ';', (size_t)(row_end - field));
    if (!field_end)
        field_end = row_end;
    size_t size = (size_t)(row_end - csv) + strlen(value) + 2;
    char *out = malloc(size);
    assert_non_null(out);
    snprintf(out, size, "%.*s%s%.*s\n", (int)(field - csv), csv, value,
             (int)(row_end - field_end), field_end);
    return out;
}

/* ------------------------------------------------------------ the engine */

struct fixture {
    sd_engine *engine;
    sd_run *run;
    struct collected collected;
};

static void open_engine_under(struct fixture *f, size_t max_size, const char *root)
{
    memset(f, 0, sizeof *f);
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = templates_dir();
    config.max_size = max_size;
    config.root = root;
    assert_int_equal(sd_engine_open(&config, &f->engine), SD_OK);
    struct sd_events events = SD_EVENTS_INIT;
    events.user = &f->collected;
    events.diagnostic = on_diagnostic;
    events.note = on_note;
    f->run = sd_run_new(f->engine, &events);
    assert_non_null(f->run);
}

static void open_engine(struct fixture *f, size_t max_size)
{
    open_engine_under(f, max_size, NULL);
}

static void close_engine(struct fixture *f)
{
    sd_run_free(f->run);
    sd_engine_close(f->engine);
}

/* ------------------------------------------------------------ tests */

/* A promotion given as bytes: its stage too short is said at its line,
 * naming the input by its name. */
static void test_promotion_as_bytes(void **state)
{
    (void)state;
    size_t size;
    char *sample = read_sample("samples/promotion-2027.xml", &size);
    char *short_stage = replace(sample, "<periode debut=\"2027-05-18\" fin=\"2027-06-25\"/>",
                                "<periode debut=\"2027-05-18\" fin=\"2027-05-21\"/>");
    struct fixture f;
    open_engine(&f, 0);
    struct sd_input input = {.name = "promotion-2027.xml",
                             .bytes = (const unsigned char *)short_stage,
                             .size = strlen(short_stage), .dir = "samples"};
    struct sd_check_options options = SD_CHECK_INIT;
    assert_int_equal(sd_check(f.run, &input, 1, &options), SD_INVALID);
    const struct seen *duree = find_rule(&f.collected, "duree");
    assert_non_null(duree);
    assert_int_equal(duree->severity, SD_ERROR);
    assert_string_equal(duree->stage, "ET27-001");
    assert_string_equal(duree->file, "promotion-2027.xml");
    assert_int_equal(duree->line, 67);
    assert_string_equal(duree->cell, "");
    assert_non_null(strstr(f.collected.summary, "1 fichier, 34 stages : 1 erreur"));
    close_engine(&f);
    free(short_stage);
    free(sample);
}

/* A CSV workbook and its --commun given as bytes: the stage too short is
 * pointed back at the end date's cell, with its header and the student. */
static void test_csv_workbook_as_bytes(void **state)
{
    (void)state;
    size_t size, commun_size;
    char *sample = read_sample("samples/classe.csv", &size);
    char *commun = read_sample("samples/import/stage-commun.xml", &commun_size);
    char *csv = first_student_with(sample, 32, "21/05/2027"); /* AF: « Date de fin » */
    struct fixture f;
    open_engine(&f, 0);
    struct sd_input workbook = {.name = "classe.csv", .bytes = (const unsigned char *)csv,
                                .size = strlen(csv)};
    struct sd_input commun_input = {.name = "stage-commun.xml",
                                    .bytes = (const unsigned char *)commun,
                                    .size = commun_size};
    struct sd_check_options options = SD_CHECK_INIT;
    options.read.commun = &commun_input;
    assert_int_equal(sd_check(f.run, &workbook, 1, &options), SD_INVALID);
    const struct seen *duree = find_rule(&f.collected, "duree");
    assert_non_null(duree);
    assert_string_equal(duree->file, "classe.csv");
    assert_string_equal(duree->sheet, ""); /* a CSV has no sheet name */
    assert_string_equal(duree->cell, "AF2");
    assert_string_equal(duree->column_name, "AF");
    assert_int_equal(duree->row, 2);
    assert_string_equal(duree->header, "Date de fin");
    assert_string_equal(duree->student, "ABADIE-LAFFARGUE Thomas");
    assert_int_equal(duree->line, 0);
    assert_non_null(strstr(f.collected.summary, "1 fichier, 1 stage : 1 erreur"));
    close_engine(&f);
    free(csv);
    free(commun);
    free(sample);
}

/* The same workbook through sd_import: the promotion comes back in memory,
 * even though the check finds the stage too short. */
static void test_import_from_bytes(void **state)
{
    (void)state;
    size_t size, commun_size;
    char *sample = read_sample("samples/classe.csv", &size);
    char *commun = read_sample("samples/import/stage-commun.xml", &commun_size);
    char *csv = first_student_with(sample, 32, "21/05/2027");
    struct fixture f;
    open_engine(&f, 0);
    struct sd_input workbook = {.name = "classe.csv", .bytes = (const unsigned char *)csv,
                                .size = strlen(csv)};
    struct sd_input commun_input = {.name = "stage-commun.xml",
                                    .bytes = (const unsigned char *)commun,
                                    .size = commun_size};
    struct sd_import_options options = SD_IMPORT_INIT;
    options.read.commun = &commun_input;
    unsigned char *xml;
    size_t xml_size;
    assert_int_equal(sd_import(f.run, &workbook, &options, &xml, &xml_size), SD_INVALID);
    assert_non_null(xml);
    assert_true(xml_size > 100);
    assert_memory_equal(xml, "<?xml", 5);
    const struct seen *duree = find_rule(&f.collected, "duree");
    assert_non_null(duree);
    assert_string_equal(duree->cell, "AF2");
    assert_non_null(strstr(f.collected.summary, "stagedoc import : 1 fichier, 1 stage"));
    sd_import_free(xml);
    close_engine(&f);
    free(csv);
    free(commun);
    free(sample);
}

/* Bytes meet the budgets of a file: past --max-size, nothing is read. */
static void test_bytes_past_the_size_limit(void **state)
{
    (void)state;
    size_t size;
    char *sample = read_sample("samples/scolaire-mineur.xml", &size);
    struct fixture f;
    open_engine(&f, 1000);
    struct sd_input input = {.name = "stage.xml", .bytes = (const unsigned char *)sample,
                             .size = size};
    struct sd_check_options options = SD_CHECK_INIT;
    assert_int_equal(sd_check(f.run, &input, 1, &options), SD_LIMIT);
    const struct seen *taille = find_rule(&f.collected, "taille");
    assert_non_null(taille);
    assert_string_equal(taille->file, "stage.xml");
    close_engine(&f);
    free(sample);
}

/* The files a stage given as bytes names start from its dir, else from
 * the engine's root: under the root, they stay in; from elsewhere, they
 * lead out of it (rule "chemin"). */
static void test_relative_paths_of_bytes(void **state)
{
    (void)state;
    size_t size;
    char *sample = read_sample("samples/scolaire-mineur.xml", &size);
    char root[PATH_MAX];
    assert_non_null(getcwd(root, sizeof root - sizeof "/samples"));
    strcat(root, "/samples");
    const char *dirs[] = {NULL, "/tmp"};
    for (size_t i = 0; i < 2; i++) {
        struct fixture f;
        open_engine_under(&f, 0, root);
        struct sd_input input = {.name = "stage.xml", .bytes = (const unsigned char *)sample,
                                 .size = size, .dir = dirs[i]};
        struct sd_check_options options = SD_CHECK_INIT;
        sd_status status = sd_check(f.run, &input, 1, &options);
        const struct seen *chemin = find_rule(&f.collected, "chemin");
        if (dirs[i]) {
            assert_int_equal(status, SD_INVALID);
            assert_non_null(chemin);
            assert_string_equal(chemin->file, "stage.xml");
        } else {
            assert_null(chemin);
        }
        close_engine(&f);
    }
    free(sample);
}

/* An input with neither a path nor bytes is a usage error. */
static void test_input_with_nothing_to_read(void **state)
{
    (void)state;
    struct fixture f;
    open_engine(&f, 0);
    struct sd_input input = {.name = "rien.xml"};
    struct sd_check_options options = SD_CHECK_INIT;
    assert_int_equal(sd_check(f.run, &input, 1, &options), SD_USAGE);
    assert_non_null(strstr(sd_run_error(f.run), "rien.xml"));
    close_engine(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_promotion_as_bytes),
        cmocka_unit_test(test_csv_workbook_as_bytes),
        cmocka_unit_test(test_import_from_bytes),
        cmocka_unit_test(test_bytes_past_the_size_limit),
        cmocka_unit_test(test_relative_paths_of_bytes),
        cmocka_unit_test(test_input_with_nothing_to_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
