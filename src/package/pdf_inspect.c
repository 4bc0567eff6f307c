/* pdf_inspect.c — open, check, count pages and signatures. */
#include "pdf_inspect.h"

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

void pdf_inspect(const unsigned char *bytes, size_t size, const char *description,
                 struct pdf_facts *facts, struct strbuf *reason)
{
    struct pdf_handle pdf;
    facts->pages = -1;
    facts->signature_fields = facts->signatures = 0;
    pdf_open_memory(&pdf, bytes, size, description, reason);
    facts->state = pdf.state;
    facts->repaired = pdf.repaired;
    if (pdf.state == PDF_READABLE) {
        /* qpdf_check_pdf reads every object and decodes every stream. */
        QPDF_ERROR_CODE check = qpdf_check_pdf(pdf.qpdf);
        if (check & QPDF_ERRORS) {
            facts->state = PDF_DAMAGED;
            pdf_take_error(&pdf, reason);
        } else {
            facts->repaired |= pdf_take_warnings(&pdf, reason);
            int pages = qpdf_get_num_pages(pdf.qpdf);
            if (pdf_take_error(&pdf, reason) || pages < 0)
                facts->state = PDF_DAMAGED;
            else
                facts->pages = pages;
        }
    }
    if (facts->state == PDF_READABLE)
        count_signatures(&pdf, facts, reason);
    pdf_close(&pdf);
}
