/* test_support.h — helpers shared by the unit tests: cmocka includes, a
 * scratch folder, and a one-call way to run the loader, the model, the
 * calendar and the rules on an XML text, with the project's real templates.
 *
 * Tests run from the repository root (make check does), so templates/ is
 * found there; TEMPLATES_DIR overrides it. */
#ifndef STAGEDOC_TEST_SUPPORT_H
#define STAGEDOC_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "input/input.h"
#include "model/calendar.h"
#include "model/holidays.h"
#include "model/stage.h"
#include "rules/regulation.h"
#include "rules/rules.h"
#include "util/strbuf.h"

/* What went wrong, for whoever reads a failed test's output. */
static inline void test_print_diags(const struct diag_list *diags)
{
    for (size_t i = 0; i < diags->count; i++)
        fprintf(stderr, "%s:%u:%u: %s: [%s] %s\n", diags->items[i].file ? diags->items[i].file : "",
                diags->items[i].line, diags->items[i].column,
                severity_name(diags->items[i].severity), diags->items[i].rule,
                diags->items[i].message);
}

static inline const char *test_templates_dir(void)
{
    const char *dir = getenv("TEMPLATES_DIR");
    return dir && *dir ? dir : "templates";
}

/* Writes text to a new file in /tmp and returns its heap path. */
static inline char *test_write_temp(const char *text, size_t len)
{
    char *path = strdup("/tmp/stagedoc-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* A copy of text with the first occurrence of from replaced by to; the
 * test fails if from is absent, so a variant never silently equals the base. */
static inline char *test_replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    struct strbuf out = STRBUF_INIT;
    strbuf_add(&out, text, (size_t)(at - text));
    strbuf_puts(&out, to);
    strbuf_puts(&out, at + strlen(from));
    return strbuf_detach(&out);
}

struct test_world {
    struct schema *schema;
    struct holidays *holidays;
    struct regulation *regulation;
    struct font_set *fonts;
};

static inline void test_world_open(struct test_world *world, const char *region)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct strbuf error = STRBUF_INIT;
    struct strbuf path = STRBUF_INIT;
    strbuf_printf(&path, "%s/schema/stage.xsd", test_templates_dir());
    world->schema = schema_load(strbuf_str(&path), &diags);
    strbuf_reset(&path);
    strbuf_printf(&path, "%s/calendrier/jours-feries.tsv", test_templates_dir());
    world->holidays = holidays_load(strbuf_str(&path), region, &error);
    world->regulation = regulation_load(test_templates_dir(), &error);
    world->fonts = font_set_load("fonts", &error);
    if (error.len)
        fprintf(stderr, "%s\n", strbuf_str(&error));
    test_print_diags(&diags);
    assert_non_null(world->schema);
    assert_non_null(world->holidays);
    assert_non_null(world->regulation);
    assert_non_null(world->fonts);
    strbuf_free(&path);
    strbuf_free(&error);
    diag_list_free(&diags);
}

static inline void test_world_close(struct test_world *world)
{
    schema_free(world->schema);
    holidays_free(world->holidays);
    regulation_free(world->regulation);
    font_set_free(world->fonts);
}

/* The world most rule and loader tests share, opened once per group. */
static struct test_world world __attribute__((unused));

static inline int test_world_setup(void **state)
{
    (void)state;
    test_world_open(&world, NULL);
    return 0;
}

static inline int test_world_teardown(void **state)
{
    (void)state;
    test_world_close(&world);
    return 0;
}

/* Loads xml, then for each stage builds the model and calendar and runs
 * every rule, collecting all diagnostics; returns the load status. When
 * calendar_out is given, the last stage's calendar is copied there. */
static inline enum load_status test_check_text(const struct test_world *world, const char *xml,
                                               struct diag_list *diags,
                                               struct calendar *calendar_out)
{
    char *path = test_write_temp(xml, strlen(xml));
    struct input_options options = {.max_size = 0, .schema = world->schema};
    struct input_file *file;
    enum load_status status = input_open(path, &options, diags, &file);
    if (status == LOAD_OK) {
        struct stage_input input;
        while (input_next_stage(file, &input, diags)) {
            struct stage stage;
            assert_true(stage_build(&stage, &input));
            struct calendar calendar;
            calendar_compute(&stage, world->holidays, &calendar);
            struct rule_context context = {&stage, &calendar, world->regulation,
                                           world->holidays, diags, world->fonts};
            rules_run(&context);
            if (calendar_out)
                *calendar_out = calendar;
            stage_free(&stage);
            stage_input_release(&input);
        }
        input_close(file);
    } else {
        test_print_diags(diags);
    }
    unlink(path);
    free(path);
    return status;
}

/* Prints diagnostics when a test is about to fail, to show why. */
static inline void test_dump(const struct diag_list *diags)
{
    test_print_diags(diags);
}

#endif
