/* pdf_open.c — qpdf_read_memory with errors silenced and classified. */
#include "pdf_open.h"

/* qpdf's messages are in English: what each kind of error means, in French
 * (the user of stagedoc never sees a library's English). */
static const char *french_reason(qpdf_data qpdf, qpdf_error error)
{
    switch (error ? qpdf_get_error_code(qpdf, error) : qpdf_e_damaged_pdf) {
    case qpdf_e_password: return "protégé par un mot de passe";
    case qpdf_e_system: return "erreur de lecture, ou mémoire insuffisante";
    case qpdf_e_unsupported: return "le PDF utilise une fonction que qpdf ne sait pas lire";
    case qpdf_e_pages: return "l'arbre des pages du PDF est incorrect";
    case qpdf_e_object: return "un objet du PDF est incorrect";
    case qpdf_e_damaged_pdf: return "la structure du PDF est endommagée";
    default: return "le PDF ne se lit pas (erreur interne de qpdf)";
    }
}

bool pdf_take_warnings(struct pdf_handle *pdf, struct strbuf *reason)
{
    if (!qpdf_more_warnings(pdf->qpdf))
        return false;
    qpdf_error warning = qpdf_next_warning(pdf->qpdf);
    if (warning && reason->len == 0)
        strbuf_puts(reason, "qpdf a dû réparer la structure du PDF, qui est endommagée");
    while (qpdf_more_warnings(pdf->qpdf))
        qpdf_next_warning(pdf->qpdf);
    return true;
}

void pdf_open_scanned(struct pdf_handle *pdf, const unsigned char *bytes, size_t size,
                      const char *description, enum pdf_scan_depth depth,
                      struct pdf_scan *scan, struct strbuf *reason)
{
    pdf->state = PDF_DAMAGED;
    pdf->repaired = false;
    pdf->qpdf = NULL;
    pdf->over_budget = !pdf_scan(bytes, size, depth, scan, reason);
    if (pdf->over_budget)
        return;
    pdf->qpdf = qpdf_init();
    if (!pdf->qpdf) {
        strbuf_puts(reason, "mémoire insuffisante");
        return;
    }
    qpdf_silence_errors(pdf->qpdf);
    qpdf_set_suppress_warnings(pdf->qpdf, QPDF_TRUE);
    QPDF_ERROR_CODE code =
        qpdf_read_memory(pdf->qpdf, description, (const char *)bytes, size, NULL);
    if (code & QPDF_ERRORS) {
        qpdf_error error = qpdf_get_error(pdf->qpdf);
        bool password = error && qpdf_get_error_code(pdf->qpdf, error) == qpdf_e_password;
        pdf->state = password ? PDF_ENCRYPTED : PDF_DAMAGED;
        strbuf_puts(reason, french_reason(pdf->qpdf, error));
        return;
    }
    if (qpdf_is_encrypted(pdf->qpdf)) {
        pdf->state = PDF_ENCRYPTED;
        strbuf_puts(reason, "chiffré (restrictions d'usage)");
        return;
    }
    pdf->state = PDF_READABLE;
    if (code & QPDF_WARNINGS)
        pdf->repaired = pdf_take_warnings(pdf, reason);
}

void pdf_open_memory(struct pdf_handle *pdf, const unsigned char *bytes, size_t size,
                     const char *description, struct strbuf *reason)
{
    struct pdf_scan scan;
    pdf_open_scanned(pdf, bytes, size, description, PDF_SCAN_STRUCTURE, &scan, reason);
}

bool pdf_take_error(struct pdf_handle *pdf, struct strbuf *reason)
{
    if (!qpdf_has_error(pdf->qpdf))
        return false;
    qpdf_error error = qpdf_get_error(pdf->qpdf);
    if (reason && error)
        strbuf_puts(reason, french_reason(pdf->qpdf, error));
    return true;
}

void pdf_close(struct pdf_handle *pdf)
{
    if (pdf->qpdf)
        qpdf_cleanup(&pdf->qpdf);
    pdf->qpdf = NULL;
}
