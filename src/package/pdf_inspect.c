/* pdf_inspect.c — open within budgets, count pages and signatures. */
#include "pdf_inspect.h"

#include "pdf_pages.h"
#include "pdf_signatures.h"

static void count_signatures(struct pdf_handle *pdf, struct pdf_facts *facts,
                             struct strbuf *reason)
{
    struct signature_list list;
    if (!pdf_signature_fields(pdf, &list, reason)) {
        facts->state = PDF_DAMAGED;
    } else {
        facts->signature_fields = (int)list.count;
        facts->signatures = (int)signature_list_signed(&list);
    }
    signature_list_free(&list);
}

/* What the scan of every stream found that a viewer would stumble on. */
static void note_damage(const struct pdf_scan *scan, struct pdf_facts *facts,
                        struct strbuf *reason)
{
    if (!scan->damaged_stream && !scan->length_mismatch)
        return;
    facts->repaired = true;
    if (reason->len == 0)
        strbuf_puts(reason, scan->damaged_stream
                                ? "un flux compressé du PDF est endommagé"
                                : "la longueur d'un flux du PDF est fausse : le fichier est "
                                  "endommagé");
}

void pdf_inspect(const unsigned char *bytes, size_t size, const char *description,
                 struct pdf_facts *facts, struct strbuf *reason)
{
    struct pdf_handle pdf;
    struct pdf_scan scan;
    facts->pages = -1;
    facts->signature_fields = facts->signatures = 0;
    pdf_open_scanned(&pdf, bytes, size, description, PDF_SCAN_EVERY_STREAM, &scan, reason);
    facts->state = pdf.state;
    facts->repaired = pdf.repaired;
    if (pdf.state == PDF_READABLE) {
        note_damage(&scan, facts, reason);
        int pages = pdf_count_pages(&pdf, reason);
        if (pages < 0)
            facts->state = PDF_DAMAGED;
        else
            facts->pages = pages;
        /* qpdf's warnings while reading the structure and the pages (the
         * field walk's own, on absent keys, mean nothing). */
        facts->repaired |= pdf_take_warnings(&pdf, reason);
    }
    if (facts->state == PDF_READABLE)
        count_signatures(&pdf, facts, reason);
    pdf_close(&pdf);
}
