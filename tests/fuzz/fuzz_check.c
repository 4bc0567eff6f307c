/* fuzz_check.c — `stagedoc check`'s whole path on any bytes: the safe XML
 * loader, streaming, the schema, the model, the calendar and every rule, as
 * for a stage or promotion file handed in by school staff. */
#include <stdlib.h>

#include "../../src/engine/walk.h"
#include "fuzz.h"

static struct run_context context;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct run_options options = {.templates_dir = fuzz_templates_dir()};
    if (run_context_open(&context, &options) != EXIT_VALID)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_scratch("stage.xml", data, size);
    struct walk_totals totals = {.print_least = SEVERITY_ERROR};
    walk_file(&context, path, walk_run_rules, NULL, &totals);
    free(path);
    return 0;
}
