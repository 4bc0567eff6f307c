/* xmlwrite.h — text put into the XML that stagedoc writes (XLSX, ODS).
 *
 * One escaping for element text and attribute values alike: & < > " and '
 * become entities; tab, line feed and carriage return become character
 * references inside attributes (where a parser would turn them into spaces)
 * and a carriage return does too in text (where it would become a line
 * feed); the other control characters, which XML 1.0 cannot hold at all,
 * are dropped. The text is UTF-8: a byte that starts no character XML can
 * hold becomes U+FFFD, so that the part stays well formed whatever it was
 * given; the rest passes through unchanged. */
#ifndef STAGEDOC_IMPORT_XMLWRITE_H
#define STAGEDOC_IMPORT_XMLWRITE_H

#include <stddef.h>

#include "../util/strbuf.h"

/* text escaped for an element's content; NULL writes nothing. */
void xml_text(struct strbuf *out, const char *text);
/* The first len bytes of text escaped for an element's content. */
void xml_text_n(struct strbuf *out, const char *text, size_t len);
/* text escaped for an attribute value between double quotes. */
void xml_attribute(struct strbuf *out, const char *text);

#endif
