/* pdf_lex.h — PDF's lexical rules (ISO 32000-1, 7.2 and 7.3), just enough
 * to count tokens and read a stream's dictionary without building objects:
 * white space and comments skipped, literal strings with their nested
 * parentheses and escapes, hexadecimal strings, names (#xx escapes decoded
 * when compared), delimiters, and "regular" words (numbers and keywords). */
#ifndef STAGEDOC_PACKAGE_PDF_LEX_H
#define STAGEDOC_PACKAGE_PDF_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum pdf_token_kind {
    PDF_TOKEN_END,
    PDF_TOKEN_WORD,   /* a number, a keyword (obj, R, stream, null…), or a stray delimiter */
    PDF_TOKEN_NAME,   /* text and length exclude the slash */
    PDF_TOKEN_STRING, /* (literal) or <hexadecimal> */
    PDF_TOKEN_DICT_OPEN,
    PDF_TOKEN_DICT_CLOSE,
    PDF_TOKEN_ARRAY_OPEN,
    PDF_TOKEN_ARRAY_CLOSE,
};

struct pdf_token {
    enum pdf_token_kind kind;
    const unsigned char *text;
    size_t length;
};

struct pdf_lexer {
    const unsigned char *at, *end;
    size_t work; /* bytes looked at, white space and comments included */
};

/* The next token (its kind also returned); PDF_TOKEN_END at the end. */
enum pdf_token_kind pdf_lex_next(struct pdf_lexer *lexer, struct pdf_token *token);
bool pdf_token_is_word(const struct pdf_token *token, const char *word);
/* A name token equal to name (without its slash), #xx escapes decoded. */
bool pdf_token_is_name(const struct pdf_token *token, const char *name);
/* A word of decimal digits (value may be NULL); false past 10^15. */
bool pdf_token_number(const struct pdf_token *token, long long *value);
/* Not white space nor a delimiter. */
bool pdf_is_regular(unsigned char c);
/* The first occurrence of text in bytes, or NULL (memmem is not POSIX). */
const unsigned char *pdf_memmem(const unsigned char *bytes, size_t size, const char *text);

#endif
