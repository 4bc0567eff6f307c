/* frformat.h — numbers, amounts and hours written the French way, for
 * documents: "1 234,50 €", "203,5", "7 h 30". Thousands are separated by a
 * narrow no-break space (U+202F), as the Imprimerie nationale recommends. */
#ifndef STAGEDOC_UTIL_FRFORMAT_H
#define STAGEDOC_UTIL_FRFORMAT_H

#include "strbuf.h"

/* "1 234,50 €"; cents always shown. */
void frformat_amount(struct strbuf *out, double euros);
/* "203", "203,5", "1 050": at most `decimals` decimals, trailing zeros dropped. */
void frformat_number(struct strbuf *out, double value, int decimals);
/* "08:30" → "8 h 30", "16:00" → "16 h", "00:45" → "45 min"; other text is copied. */
void frformat_clock(struct strbuf *out, const char *hhmm);
/* Upper case for names (NOM): ASCII and Latin-1 letters with accents. */
void frformat_upper(struct strbuf *out, const char *utf8);

#endif
