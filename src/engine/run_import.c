/* run_import.c — sd_import: a class workbook to a promotion XML kept in
 * memory, checked like sd_check with every diagnostic pointed back at the
 * workbook's cells, and the XML handed back to the caller. */
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "spreadsheet.h"
#include "walk.h"

/* The promotion goes through the same walk as sd_check, from memory. */
static sd_status check_promotion(sd_run *run, struct spreadsheet_input *sheet)
{
    struct walk_totals totals = {.files = 1, .print_least = run->least, .progress = true,
                                 .progress_total = sheet->result.stage_count};
    for (int severity = 0; severity < 3; severity++) /* said by the import, before the check */
        totals.counts[severity] += sheet->counts[severity];
    sd_status code = walk_spreadsheet(&run->context, sheet, walk_run_rules, NULL, &totals);
    walk_print_summary(run, "import", &totals);
    return code;
}

/* The workbook's promotion, handed over to the caller. */
static void hand_over(struct spreadsheet_input *sheet, unsigned char **xml, size_t *size)
{
    *xml = (unsigned char *)sheet->result.xml;
    *size = sheet->result.xml_size;
    sheet->result.xml = NULL;
    sheet->result.xml_size = 0;
}

sd_status sd_import(sd_run *run, const struct sd_input *workbook,
                    const struct sd_import_options *options, unsigned char **xml, size_t *size)
{
    *xml = NULL;
    *size = 0;
    sd_status code = run_begin(run, "import", options ? &options->read : NULL);
    if (code != SD_OK)
        return code;
    if (!workbook || (!workbook->path && !workbook->bytes)) {
        run_fail(run, "%s : ni chemin ni octets à lire",
                 workbook && workbook->name ? workbook->name : "classeur");
        return SD_USAGE;
    }
    char *folder = walk_input_folder(&run->context, workbook);
    if (!folder) {
        run_fail(run, "mémoire insuffisante");
        return SD_NOMEM;
    }
    struct spreadsheet_input sheet;
    code = spreadsheet_input_open(&run->context, workbook, folder, &sheet);
    free(folder);
    size_t errors = sheet.counts[SEVERITY_ERROR];
    if (code == SD_OK) {
        code = check_promotion(run, &sheet);
        hand_over(&sheet, xml, size); /* whatever the check says: it is to be corrected */
    } else if (errors) {
        run_note(run, SEVERITY_ERROR, "stagedoc import : %zu %s ; rien n'est écrit.", errors,
                 errors > 1 ? "erreurs" : "erreur");
    }
    spreadsheet_input_close(&sheet);
    return run_end(run, code);
}

void sd_import_free(unsigned char *xml)
{
    free(xml);
}
