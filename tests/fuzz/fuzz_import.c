/* fuzz_import.c — `stagedoc import` on a class workbook handed in: the
 * format told by the bytes (CSV in any encoding, XLSX, ODS with all their
 * sheets: libzip's checks, each XML part read row by row with no entity),
 * the sheets and headers found, every cell converted, the promotion XML
 * written; with and without the sample --commun file. A promotion that
 * imports is exported back to a workbook (model, XLSX and ODS bytes). */
#include <stdio.h>
#include <stdlib.h>
#include <libxml/parser.h>

#include "../../src/import/export.h"
#include "../../src/import/import.h"
#include "../../src/util/file.h"
#include "fuzz.h"

static struct column_map columns;
static char *commun;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct strbuf error = STRBUF_INIT;
    char *path = path_join(fuzz_templates_dir(), "import/colonnes.tsv");
    if (!path || !columns_load(path, &columns, &error))
        abort();
    /* The sample --commun beside the templates folder: samples/import/. */
    commun = path_join(fuzz_templates_dir(), "../samples/import/stage-commun.xml");
    if (!commun)
        abort();
    strbuf_free(&error);
    free(path);
    return 0;
}

/* The promotion imported, written back as a workbook. */
static void export_again(const struct import_result *result)
{
    xmlDocPtr doc = xmlReadMemory(result->xml, (int)result->xml_size, NULL, NULL, XML_PARSE_NONET);
    if (!doc)
        return;
    struct export_input input = {"classe.xml", doc, "/tmp"};
    struct workbook book;
    struct diag_list diags = DIAG_LIST_INIT;
    workbook_init(&book, 1767225600LL);
    if (export_workbook(&columns, &input, 1, "/tmp", &book, &diags)) {
        void *bytes = NULL;
        size_t size = 0;
        struct strbuf error = STRBUF_INIT;
        if (workbook_xlsx_bytes(&book, &bytes, &size, &error))
            free(bytes);
        bytes = NULL;
        if (workbook_ods_bytes(&book, &bytes, &size, &error))
            free(bytes);
        strbuf_free(&error);
    }
    diag_list_free(&diags);
    workbook_free(&book);
    xmlFreeDoc(doc);
}

static void convert(const struct table_set *set, const char *commun_path)
{
    struct import_result result;
    struct diag_list diags = DIAG_LIST_INIT;
    struct import_commun commun_file = {commun_path, commun_path, NULL, 0};
    if (import_convert(set, &columns, commun_path ? &commun_file : NULL, 0, &diags, NULL,
                       &result) && !commun_path)
        export_again(&result);
    diag_list_free(&diags);
    import_result_free(&result);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write_scratch("classe", data, size);
    struct table_set set;
    struct diag_list diags = DIAG_LIST_INIT;
    if (import_read_workbook(path, "classe", 1 << 20, TEXT_ENCODING_AUTO, &set, &diags) ==
        IMPORT_READ_OK) {
        convert(&set, NULL);
        convert(&set, commun);
    }
    diag_list_free(&diags);
    table_set_free(&set);
    free(path);
    return 0;
}
