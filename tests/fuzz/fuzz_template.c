/* fuzz_template.c — a template file compiled, rendered against a fixed
 * stage (samples/scolaire-majeur.xml) and laid out into pages: what
 * `build` does with a template an établissement has edited. The bytes
 * replace documents/fuzz.xml in a mirror of the templates folder, so
 * fragments, the référentiel and the schema are the project's. */
#include <stdlib.h>

#include "../../src/engine/run.h"
#include "../../src/input/input.h"
#include "../../src/layout/layout.h"
#include "../../src/layout/page.h"
#include "../../src/model/calendar.h"
#include "../../src/rules/regulation.h"
#include "../../src/template/template.h"
#include "../../src/util/arena.h"
#include "../../src/util/file.h"
#include "fuzz.h"

static sd_engine *engine;
#define context (engine->context)
static struct stage_input input;
static struct stage stage;
static struct calendar calendar;
static char *mirror;
static struct input_file *file; /* kept open: the stage's document is its */

static void load_fixed_stage(void)
{
    char *samples = path_join(fuzz_templates_dir(), "../samples/scolaire-majeur.xml");
    struct diag_list diags = DIAG_LIST_INIT;
    struct input_options options = {.max_size = 0, .schema = context.schema};
    if (input_open(samples, &options, &diags, &file) != LOAD_OK ||
        !input_next_stage(file, &input, &diags) || !stage_build(&stage, &input))
        abort();
    calendar_compute(&stage, context.holidays, &calendar);
    diag_list_free(&diags);
    free(samples);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = fuzz_templates_dir();
    if (sd_engine_open(&config, &engine) != SD_OK)
        abort();
    load_fixed_stage();
    mirror = fuzz_mirror_templates("templates");
    return 0;
}

static void render(const struct template_set *set)
{
    struct template_context values = {.stage = &stage, .calendar = &calendar, .input_dir = ".",
                                      .label = "fuzz",
                                      .countries = regulation_countries(context.regulation)};
    struct arena arena = ARENA_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    struct layout_document *tree = template_render(set, "fuzz", &values, &arena, &diags);
    if (tree) {
        struct layout_options layout = {context.fonts, NULL};
        struct strbuf error = STRBUF_INIT;
        laid_document_free(layout_run(tree, &layout, &error));
        strbuf_free(&error);
    }
    arena_free(&arena);
    diag_list_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_replace_in_mirror(mirror, "documents/fuzz.xml", data, size);
    struct diag_list diags = DIAG_LIST_INIT;
    struct template_set *set = template_set_load(mirror, &diags);
    if (set && template_prepare(set, "fuzz", &diags))
        render(set);
    template_set_free(set);
    diag_list_free(&diags);
    return 0;
}
