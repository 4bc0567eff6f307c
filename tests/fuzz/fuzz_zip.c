/* fuzz_zip.c — `stagedoc verify` on a package handed back: libzip's
 * checks, entry names, manifest.xml through the safe loader and
 * manifest.xsd, every entry's bytes and SHA-256, the PDFs inside, the
 * roles. Run once without a password and once with one, so AES entries
 * are decrypted too. */
#include <stdlib.h>

#include "../../src/package/verify.h"
#include "../../src/util/file.h"
#include "fuzz.h"

static struct schema *manifest_schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct diag_list diags = DIAG_LIST_INIT;
    char *path = path_join(fuzz_templates_dir(), "schema/manifest.xsd");
    manifest_schema = schema_load(path, &diags);
    if (!manifest_schema)
        abort();
    diag_list_free(&diags);
    free(path);
    return 0;
}

static void verify(const char *path, const char *password)
{
    struct verify_options options = {manifest_schema, password, NULL, NULL, NULL, NULL};
    struct diag_list diags = DIAG_LIST_INIT;
    size_t entries = 0;
    package_verify(path, &options, &diags, &entries);
    diag_list_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_scratch("paquet.zip", data, size);
    verify(path, NULL);
    verify(path, "motdepasse");
    free(path);
    return 0;
}
