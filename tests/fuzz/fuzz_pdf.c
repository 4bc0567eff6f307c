/* fuzz_pdf.c — a PDF handed in by a student (report, English document,
 * signed copy), read as `bundle`, `verify` and `signatures` read it: qpdf's
 * full check, encryption, page count, signature fields and the dictionaries
 * of their signatures, and the stage XML a stagedoc PDF embeds (bundle's
 * check that a copy is this stage's). */
#include <stdlib.h>

#include "../../src/package/pdf_inspect.h"
#include "../../src/package/pdf_signatures.h"
#include "../../src/package/pdf_source.h"
#include "../../src/util/strbuf.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void list_signatures(const uint8_t *data, size_t size)
{
    struct strbuf reason = STRBUF_INIT;
    struct pdf_handle pdf;
    pdf_open_memory(&pdf, data, size, "fuzz.pdf", &reason);
    struct signature_list list = {NULL, 0};
    if (pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, &list, &reason)) {
        char when[64];
        for (size_t i = 0; i < list.count; i++)
            if (list.items[i].date)
                pdf_date_format(list.items[i].date, when, sizeof when);
        (void)signature_list_signed(&list);
    }
    signature_list_free(&list);
    pdf_close(&pdf);
    strbuf_free(&reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pdf_facts facts;
    struct strbuf reason = STRBUF_INIT;
    pdf_inspect(data, size, "fuzz.pdf", &facts, &reason);
    strbuf_free(&reason);
    list_signatures(data, size);
    if (facts.state == PDF_READABLE) { /* as bundle: only a PDF that passed the check */
        struct stage_identity identity;
        struct strbuf why = STRBUF_INIT;
        if (pdf_source_read(data, size, &identity, &why) == PDF_SOURCE_FOUND) {
            char *who = stage_identity_describe(&identity);
            (void)stage_identity_same_student(&identity, &identity);
            free(who);
        }
        stage_identity_free(&identity);
        strbuf_free(&why);
    }
    return 0;
}
