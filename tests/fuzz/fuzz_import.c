/* fuzz_import.c — `stagedoc import` on a class spreadsheet handed in: the
 * format told by the bytes (CSV in any encoding, XLSX, ODS: libzip's checks,
 * each XML part read row by row with no entity), the header found, every
 * cell converted, the promotion XML written; with and without the sample
 * --commun file. */
#include <stdio.h>
#include <stdlib.h>

#include "../../src/import/import.h"
#include "../../src/util/file.h"
#include "fuzz.h"

static struct column_map columns;
static char *commun;
static FILE *nowhere;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct strbuf error = STRBUF_INIT;
    char *path = path_join(fuzz_templates_dir(), "import/colonnes.tsv");
    if (!path || !columns_load(path, &columns, &error))
        abort();
    /* The sample --commun beside the templates folder: samples/import/. */
    commun = path_join(fuzz_templates_dir(), "../samples/import/stage-commun.xml");
    nowhere = fopen("/dev/null", "w");
    if (!commun || !nowhere)
        abort();
    strbuf_free(&error);
    free(path);
    return 0;
}

static void convert(const struct table *table, const char *commun_path)
{
    struct import_result result;
    import_convert(table, &columns, commun_path, nowhere, NULL, &result);
    import_result_free(&result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_scratch("classe", data, size);
    struct table table;
    /* Its messages go to stderr, which the runners discard. */
    if (import_read_table(path, "classe", 1 << 20, TEXT_ENCODING_AUTO, &table) ==
        IMPORT_READ_OK) {
        convert(&table, NULL);
        convert(&table, commun);
    }
    table_free(&table);
    free(path);
    return 0;
}
