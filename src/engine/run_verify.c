/* run_verify.c — sd_verify: is each package (a file, or bytes such as an
 * upload) complete and untouched? Each problem is a diagnostic (see
 * package/verify.h for what is checked); each package gets one verdict,
 * then who signed each document, as data lines; and the same as records: a
 * "paquet" record, then a "signature" record per field of its documents. */
#include <stdlib.h>
#include <string.h>

#include "../input/schema.h"
#include "../package/verify.h"
#include "../util/array.h"
#include "../util/termtext.h"
#include "records.h"
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

/* The signature fields of a package's documents, kept for the records
 * that follow the package's own. */
struct kept_document {
    char *file;       /* "paquet.zip/convention.pdf" */
    char *document;   /* its role */
    char *student;    /* the manifest's candidate, or NULL */
    struct signature_list list;
};

struct kept_documents {
    const char *package;
    struct kept_document *items;
    size_t count, capacity;
};

static void keep_document(void *data, const struct manifest *manifest,
                          const struct manifest_entry *entry, struct signature_list *list)
{
    struct kept_documents *kept = data;
    if (!ARRAY_GROW(kept->items, kept->capacity, kept->count + 1))
        return;
    struct kept_document *document = &kept->items[kept->count++];
    struct strbuf file = STRBUF_INIT;
    strbuf_printf(&file, "%s/%s", kept->package, entry->name);
    document->file = strbuf_failed(&file) ? NULL : strbuf_detach(&file);
    strbuf_free(&file);
    document->document = strdup(entry->role);
    document->student = manifest->nom || manifest->prenom
                            ? record_student_name(manifest->nom, manifest->prenom) : NULL;
    document->list = *list; /* taken */
    memset(list, 0, sizeof *list);
}

/* The package's records: its verdict, then each signature field of its
 * documents; the kept documents freed. */
static void give_records(sd_run *run, const char *name, enum verify_outcome outcome,
                         const struct diag_list *problems, size_t entries, const char *text,
                         struct kept_documents *kept)
{
    struct record record = RECORD_INIT;
    record_add(&record, "file", name);
    record_add(&record, "verdict", verify_verdict(outcome, problems, 0));
    record_add(&record, "ok", outcome == VERIFY_SOUND ? "oui" : "non");
    record_add_number(&record, "pieces", entries);
    record_add(&record, "text", text);
    record_give(run, "paquet", &record);
    for (size_t i = 0; i < kept->count; i++) {
        struct kept_document *document = &kept->items[i];
        for (size_t j = 0; j < document->list.count; j++)
            record_signature(run, document->file, document->document, document->student,
                             &document->list.items[j]);
        free(document->file);
        free(document->document);
        free(document->student);
        signature_list_free(&document->list);
    }
    free(kept->items);
}

static sd_status verify_one(sd_run *run, const struct sd_input *input,
                            const struct verify_options *options)
{
    struct diag_list problems = DIAG_LIST_INIT;
    size_t entries = 0;
    struct strbuf signers = STRBUF_INIT, verdict = STRBUF_INIT;
    const char *name = input->name ? input->name : input->path ? input->path : "paquet";
    struct kept_documents kept = {name, NULL, 0, 0};
    struct verify_options with_signers = *options;
    with_signers.signers = &signers;
    if (run_records(run)) {
        with_signers.document_signatures = keep_document;
        with_signers.data = &kept;
    }
    enum verify_outcome outcome =
        input->path ? package_verify(input->path, &with_signers, &problems, &entries)
                    : package_verify_bytes(name, input->bytes, input->size, &with_signers,
                                           &problems, &entries);
    run_diag_all(run, &problems);
    termtext_add(&verdict, name, TERMTEXT_MAX_CHARACTERS);
    if (outcome == VERIFY_SOUND)
        strbuf_printf(&verdict, " : complet et intact (%zu pièce%s).", entries,
                      entries > 1 ? "s" : "");
    else
        strbuf_printf(&verdict, " : %zu problème%s.", problems.counts[SEVERITY_ERROR],
                      problems.counts[SEVERITY_ERROR] > 1 ? "s" : "");
    char *text = strbuf_failed(&verdict) ? NULL : strdup(strbuf_str(&verdict));
    strbuf_puts(&verdict, "\n");
    strbuf_puts(&verdict, strbuf_str(&signers));
    run_data(run, strbuf_str(&verdict));
    give_records(run, name, outcome, &problems, entries, text, &kept);
    free(text);
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
                                        options ? options->index : NULL, NULL, NULL, NULL};
        for (size_t i = 0; i < count && !run_cancelled(run); i++)
            status = sd_status_worst(status, verify_one(run, &packages[i], &verify));
    }
    schema_free(schema);
    return run_end(run, status);
}
