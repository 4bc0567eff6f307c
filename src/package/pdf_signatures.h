/* pdf_signatures.h — a PDF's signature fields and what each signature
 * dictionary says, read with libqpdf (PDF 32000-1, 12.7.4.5 and 12.8.1):
 * the catalog's /AcroForm /Fields tree, the terminal fields whose /FT
 * (possibly inherited) is /Sig, their full names (/T of each ancestor,
 * joined with '.'), and for a signed one (/V holds a signature
 * dictionary) its /Name, /M and /Reason.
 *
 * This shows presence, not validity: nothing here checks the cryptographic
 * signature, the certificate or whether the document changed after signing
 * (poppler's pdfsig does that). */
#ifndef STAGEDOC_PACKAGE_PDF_SIGNATURES_H
#define STAGEDOC_PACKAGE_PDF_SIGNATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "pdf_open.h"

struct signature_field {
    char *name;     /* full field name, UTF-8 */
    bool is_signed; /* /V is a signature dictionary */
    char *signer;   /* /V /Name, or NULL */
    char *date;     /* /V /M as written ("D:20270601143000+02'00'"), or NULL */
    char *reason;   /* /V /Reason, or NULL */
};

struct signature_list {
    struct signature_field *items;
    size_t count;
};

/* Lists the fields of a readable PDF in the order of the /Fields tree.
 * False (with the reason) when qpdf fails or memory runs out. */
bool pdf_signature_fields(struct pdf_handle *pdf, struct signature_list *list,
                          struct strbuf *reason);
size_t signature_list_signed(const struct signature_list *list);
void signature_list_free(struct signature_list *list);
/* A PDF date the French way, "01/06/2027 à 14:30:00 (UTC+02:00)" (what it
 * gives of it: a date alone stays a date); text that is not a PDF date is
 * copied as it is. */
void pdf_date_format(const char *pdf_date, char *out, size_t size);
/* The same date in ISO 8601, "2027-06-01T14:30:00+02:00" (what it gives of
 * it: "2027-06-01" for a date alone); false, out empty, for text that is
 * not a PDF date. out needs 32 bytes. */
bool pdf_date_iso(const char *pdf_date, char *out, size_t size);

#endif
