/* fuzz_check.c — `stagedoc check`'s whole path on any bytes: the safe XML
 * loader, streaming, the schema, the model, the calendar and every rule, as
 * for a stage or promotion file handed in by school staff. */
#include <stdlib.h>

#include "../../src/engine/stagedoc.h"
#include "fuzz.h"

static sd_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = fuzz_templates_dir();
    if (sd_engine_open(&config, &engine) != SD_OK)
        abort();
    return 0;
}

/* Through the public header, as a front end would: the bytes given in
 * memory to a silent run. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_run *run = sd_run_new(engine, NULL);
    struct sd_input input = {.name = "stage.xml", .bytes = data, .size = size, .dir = "/tmp"};
    struct sd_check_options options = SD_CHECK_INIT;
    if (run)
        sd_check(run, &input, 1, &options);
    sd_run_free(run);
    return 0;
}
