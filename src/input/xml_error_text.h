/* xml_error_text.h — libxml2's parse errors told in French.
 *
 * libxml2 words its errors in English (« Opening and ending tag mismatch:
 * nom line 2 and nam »); a teacher gets the same fact in French, from the
 * error's code and the names it carries, never the English sentence. */
#ifndef STAGEDOC_INPUT_XML_ERROR_TEXT_H
#define STAGEDOC_INPUT_XML_ERROR_TEXT_H

#include <libxml/xmlerror.h>

#include "../util/strbuf.h"

/* Appends what went wrong, without a final full stop. */
void xml_error_text(const xmlError *error, struct strbuf *out);

#endif
