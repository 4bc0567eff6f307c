/* fold.h — folding UTF-8 text to plain ASCII.
 *
 * Names are compared (is the company the school?) and turned into file names
 * (Nguyễn → Nguyen) without their accents. Latin letters lose their
 * diacritics, ligatures open up (Œ → OE, ß → ss); anything else becomes '_'. */
#ifndef STAGEDOC_UTIL_FOLD_H
#define STAGEDOC_UTIL_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Heap string, NULL when memory runs out. */
char *fold_ascii(const char *utf8);
/* Lower-case letters and digits only, one space between words: for
 * comparing names and addresses written differently. */
char *fold_for_comparison(const char *utf8);
/* Decodes one UTF-8 character; returns its length (1 for invalid bytes,
 * with *codepoint = 0xFFFD). */
size_t utf8_decode(const char *text, unsigned *codepoint);
/* Writes a code point as UTF-8 (1 to 4 bytes); returns the length. */
size_t utf8_encode(unsigned codepoint, char out[4]);
/* Characters (code points) in a UTF-8 string, for aligning columns. */
size_t utf8_length(const char *text);

#endif
