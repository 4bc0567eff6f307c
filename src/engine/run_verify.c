/* run_verify.c — sd_verify: is each package (a file, or bytes such as an
 * upload) complete and untouched? Each problem is a diagnostic (see
 * package/verify.h for what is checked); each package gets one verdict,
 * then who signed each document, as data lines. */
#include <stdlib.h>

#include "../input/schema.h"
#include "../package/verify.h"
#include "../util/termtext.h"
#include "run.h"

static sd_status load_schema(sd_run *run, struct schema **schema)
{
    struct diag_list diags = DIAG_LIST_INIT;
    char *path = run_context_template_path(&run->context, "schema/manifest.xsd");
    *schema = path ? schema_load(path, &diags) : NULL;
    run_diag_all(run, &diags);
    diag_list_free(&diags);
    free(path);
    return *schema ? SD_OK : SD_IO;
}

static sd_status verify_one(sd_run *run, const struct sd_input *input,
                            const struct verify_options *options)
{
    struct diag_list problems = DIAG_LIST_INIT;
    size_t entries = 0;
    struct strbuf signers = STRBUF_INIT, verdict = STRBUF_INIT;
    struct verify_options with_signers = *options;
    with_signers.signers = &signers;
    const char *name = input->name ? input->name : input->path ? input->path : "paquet";
    enum verify_outcome outcome =
        input->path ? package_verify(input->path, &with_signers, &problems, &entries)
                    : package_verify_bytes(name, input->bytes, input->size, &with_signers,
                                           &problems, &entries);
    run_diag_all(run, &problems);
    termtext_add(&verdict, name, TERMTEXT_MAX_CHARACTERS);
    if (outcome == VERIFY_SOUND)
        strbuf_printf(&verdict, " : complet et intact (%zu pièce%s).\n", entries,
                      entries > 1 ? "s" : "");
    else
        strbuf_printf(&verdict, " : %zu problème%s.\n", problems.counts[SEVERITY_ERROR],
                      problems.counts[SEVERITY_ERROR] > 1 ? "s" : "");
    strbuf_puts(&verdict, strbuf_str(&signers));
    run_data(run, strbuf_str(&verdict));
    strbuf_free(&verdict);
    strbuf_free(&signers);
    diag_list_free(&problems);
    return outcome == VERIFY_SOUND      ? SD_OK
           : outcome == VERIFY_PROBLEMS ? SD_INVALID
                                        : SD_IO;
}

sd_status sd_verify(sd_run *run, const struct sd_input *packages, size_t count,
                    const struct sd_verify_options *options)
{
    sd_status status = run_begin(run, "verify", NULL);
    for (size_t i = 0; i < count; i++)
        if (!packages[i].path && !packages[i].bytes) {
            run_fail(run, "%s : ni chemin ni octets à lire",
                     packages[i].name ? packages[i].name : "paquet");
            return SD_USAGE;
        }
    struct schema *schema = NULL;
    if (status == SD_OK)
        status = load_schema(run, &schema);
    if (status == SD_OK) {
        struct verify_options verify = {schema, options ? options->password : NULL,
                                        options ? options->index : NULL, NULL};
        for (size_t i = 0; i < count && !run_cancelled(run); i++)
            status = sd_status_worst(status, verify_one(run, &packages[i], &verify));
    }
    schema_free(schema);
    return run_end(run, status);
}
