/* fuzz_data.c — the data files an établissement may edit under templates/:
 * the référentiel (referentiel/referentiel.xml), the regulation tables
 * (the .tsv files of regles/) and the public holidays (calendrier/jours-feries.tsv).
 * The first byte of the input chooses the file, the rest replaces it in a
 * mirror of the templates folder, then everything that reads it runs:
 * regulation_load, template_set_load, holidays_load. */
#include <stdlib.h>

#include "../../src/model/holidays.h"
#include "../../src/rules/regulation.h"
#include "../../src/template/template.h"
#include "../../src/util/file.h"
#include "../../src/util/strbuf.h"
#include "fuzz.h"

static const char *const data_files[] = {
    "referentiel/referentiel.xml",       "regles/elements-requis.tsv",
    "regles/naf-electrotechnique.tsv",   "regles/parametres.tsv",
    "regles/plafond-horaire-securite-sociale.tsv", "calendrier/jours-feries.tsv",
};
#define DATA_FILE_COUNT (sizeof data_files / sizeof data_files[0])

static char *mirror;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    mirror = fuzz_mirror_templates("templates");
    return 0;
}

static void restore(const char *relative)
{
    char *original = path_join(fuzz_templates_dir(), relative);
    char *data = NULL;
    size_t size = 0;
    if (file_read_all(original, (size_t)16 << 20, &data, &size) != FILE_OK)
        abort();
    fuzz_replace_in_mirror(mirror, relative, (const uint8_t *)data, size);
    free(data);
    free(original);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *relative = data_files[data[0] % DATA_FILE_COUNT];
    fuzz_replace_in_mirror(mirror, relative, data + 1, size - 1);

    struct strbuf error = STRBUF_INIT;
    regulation_free(regulation_load(mirror, &error));
    char *holidays = path_join(mirror, "calendrier/jours-feries.tsv");
    holidays_free(holidays_load(holidays, "alsace-moselle", &error));
    free(holidays);
    struct diag_list diags = DIAG_LIST_INIT;
    template_set_free(template_set_load(mirror, &diags));
    diag_list_free(&diags);
    strbuf_free(&error);

    restore(relative);
    return 0;
}
