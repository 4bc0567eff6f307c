/* frformat.h — numbers, amounts and hours written the French way, for
 * documents: "1 234,50 €", "203,5", "7 h 30". Thousands are separated by a
 * narrow no-break space (U+202F), as the Imprimerie nationale recommends. */
#ifndef STAGEDOC_UTIL_FRFORMAT_H
#define STAGEDOC_UTIL_FRFORMAT_H

#include <stdbool.h>

#include "strbuf.h"

/* "1 234,50 €"; cents always shown, rounded half up on the decimal value
 * (946.125 → "946,13 €", though the double is 946.12499…). */
void frformat_amount(struct strbuf *out, double euros);
/* The same from a whole number of cents. */
void frformat_cents(struct strbuf *out, long long cents);
/* value × 10^decimals rounded half up (away from zero), on the decimal
 * figure: frformat_round(946.125, 2) == 94613. */
long long frformat_round(double value, int decimals);
/* A gratification in cents: `minutes` of presence at `rate` euros an hour,
 * computed in integers and rounded half up to the cent once, at the end
 * (13050 min at 4.35 €/h = 946.125 € → 94613). */
long long frformat_gratification_cents(long minutes, double rate);
/* "203", "203,5", "1 050": at most `decimals` decimals, trailing zeros dropped. */
void frformat_number(struct strbuf *out, double value, int decimals);
/* "08:30" → "8 h 30", "16:00" → "16 h", "00:45" → "45 min"; other text is copied. */
void frformat_clock(struct strbuf *out, const char *hhmm);
/* Upper case for names (NOM): ASCII and Latin-1 letters with accents. */
void frformat_upper(struct strbuf *out, const char *utf8);

/* A person's function after a comma: first letter in lower case unless
 * the first word is an acronym ("Chargée d'études" → "chargée d'études",
 * "IRVE" kept). */
void frformat_function(struct strbuf *out, const char *utf8);
/* Elision: true when text starts with a vowel or a lower-case h (the mute h
 * of common nouns: « hôpital »); a capital H (a name: « Hager ») does not,
 * the aspirated h being the safer guess for a name. */
bool frformat_elides(const char *utf8);
/* word + text with elision: ("de", "AXA") → "d'AXA", ("de", "Groupama") →
 * "de Groupama", ("le", "entreprise") → "l'entreprise", ("la", "usine") →
 * "l'usine". */
void frformat_elide(struct strbuf *out, const char *word, const char *text);

#endif
