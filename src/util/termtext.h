/* termtext.h — strings from other people's files, made safe to print.
 *
 * A name in a PDF field, a ZIP entry or a workbook cell may hold escape
 * sequences, carriage returns or a megabyte of text. Printed raw, it could
 * recolour the terminal, forge whole lines of stagedoc's own output or bury
 * the message. Every untrusted string goes through here before it is
 * printed: control characters become visible (\x1B), invalid UTF-8 bytes
 * too, and what is longer than a line is cut with « … ». */
#ifndef STAGEDOC_UTIL_TERMTEXT_H
#define STAGEDOC_UTIL_TERMTEXT_H

#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/* How many characters of one untrusted string a message shows. */
#define TERMTEXT_MAX_CHARACTERS 200

/* Appends text to out, escaped, at most max_characters characters (0: no
 * cut), then « … » if some were left out. */
void termtext_add(struct strbuf *out, const char *text, size_t max_characters);
/* The same as a new heap string (NULL when out of memory). */
char *termtext_escape(const char *text, size_t max_characters);
/* The same written to out (nothing for NULL text). */
void termtext_print(FILE *out, const char *text, size_t max_characters);

#endif
