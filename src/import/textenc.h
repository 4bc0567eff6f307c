/* textenc.h — the text encodings a CSV file comes in, turned into UTF-8.
 *
 * Excel saves "CSV (séparateur : point-virgule)" in Windows-1252 on French
 * Windows, and "CSV UTF-8" with a byte order mark; LibreOffice writes UTF-8
 * without one. Detection: a BOM means UTF-8; text that is valid UTF-8 is
 * UTF-8; anything else is Windows-1252 (every byte of which maps to a
 * character, so nothing is lost). */
#ifndef STAGEDOC_IMPORT_TEXTENC_H
#define STAGEDOC_IMPORT_TEXTENC_H

#include <stdbool.h>
#include <stddef.h>

enum text_encoding { TEXT_ENCODING_AUTO, TEXT_ENCODING_UTF8, TEXT_ENCODING_CP1252 };

/* "utf-8" / "utf8" / "windows-1252" / "cp1252" (any case); false otherwise. */
bool text_encoding_parse(const char *name, enum text_encoding *out);
bool text_is_utf8(const char *bytes, size_t size);
/* A NUL-terminated UTF-8 heap copy without the BOM, or NULL when memory runs
 * out or forced UTF-8 is not valid UTF-8 (*bad_offset then tells where).
 * *used says which encoding was applied. */
char *text_to_utf8(const char *bytes, size_t size, enum text_encoding wanted,
                   enum text_encoding *used, size_t *bad_offset);

#endif
