/* pdf_lex.c — a PDF tokenizer over bytes in memory. */
#include "pdf_lex.h"

#include <string.h>

static bool is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delimiter(unsigned char c)
{
    switch (c) {
    case '(': case ')': case '<': case '>': case '[': case ']': case '{': case '}': case '/':
    case '%':
        return true;
    default:
        return false;
    }
}

bool pdf_is_regular(unsigned char c)
{
    return !is_space(c) && !is_delimiter(c);
}

static const unsigned char *skip_regular(const unsigned char *at, const unsigned char *end)
{
    while (at < end && pdf_is_regular(*at))
        at++;
    return at;
}

/* White space and comments. */
static const unsigned char *skip_blank(const unsigned char *at, const unsigned char *end)
{
    while (at < end) {
        if (is_space(*at)) {
            at++;
        } else if (*at == '%') {
            while (at < end && *at != '\n' && *at != '\r')
                at++;
        } else {
            break;
        }
    }
    return at;
}

/* After the opening parenthesis: to the matching one (or the end). */
static const unsigned char *skip_literal(const unsigned char *at, const unsigned char *end)
{
    int depth = 1;
    while (at < end && depth > 0) {
        if (*at == '\\')
            at += at + 1 < end ? 2 : 1;
        else
            depth += (*at == '(') - (*at == ')'), at++;
    }
    return at;
}

static enum pdf_token_kind set(struct pdf_token *token, enum pdf_token_kind kind,
                               const unsigned char *text, const unsigned char *end)
{
    token->kind = kind;
    token->text = text;
    token->length = (size_t)(end - text);
    return kind;
}

enum pdf_token_kind pdf_lex_next(struct pdf_lexer *lexer, struct pdf_token *token)
{
    const unsigned char *start = lexer->at, *end = lexer->end;
    const unsigned char *at = skip_blank(start, end), *text = at;
    enum pdf_token_kind kind = PDF_TOKEN_WORD;
    if (at == end) {
        kind = PDF_TOKEN_END;
    } else if (*at == '(') {
        kind = PDF_TOKEN_STRING;
        at = skip_literal(at + 1, end);
    } else if (*at == '<' && at + 1 < end && at[1] == '<') {
        kind = PDF_TOKEN_DICT_OPEN, at += 2;
    } else if (*at == '<') {
        const unsigned char *close = memchr(at, '>', (size_t)(end - at));
        kind = PDF_TOKEN_STRING;
        at = close ? close + 1 : end;
    } else if (*at == '>' && at + 1 < end && at[1] == '>') {
        kind = PDF_TOKEN_DICT_CLOSE, at += 2;
    } else if (*at == '[' || *at == ']') {
        kind = *at++ == '[' ? PDF_TOKEN_ARRAY_OPEN : PDF_TOKEN_ARRAY_CLOSE;
    } else if (*at == '/') {
        kind = PDF_TOKEN_NAME, text = at + 1;
        at = skip_regular(at + 1, end);
    } else if (is_delimiter(*at)) { /* a stray ), >, { or } */
        at++;
    } else {
        at = skip_regular(at, end);
    }
    lexer->work += (size_t)(at - start);
    lexer->at = at;
    return set(token, kind, text, at);
}

bool pdf_token_is_word(const struct pdf_token *token, const char *word)
{
    size_t length = strlen(word);
    return token->kind == PDF_TOKEN_WORD && token->length == length &&
           memcmp(token->text, word, length) == 0;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool pdf_token_is_name(const struct pdf_token *token, const char *name)
{
    if (token->kind != PDF_TOKEN_NAME)
        return false;
    size_t i = 0;
    for (; *name; name++) {
        if (i >= token->length)
            return false;
        int c = token->text[i++];
        if (c == '#' && i + 1 < token->length && hex_value(token->text[i]) >= 0 &&
            hex_value(token->text[i + 1]) >= 0) {
            c = hex_value(token->text[i]) * 16 + hex_value(token->text[i + 1]);
            i += 2;
        }
        if (c != (unsigned char)*name)
            return false;
    }
    return i == token->length;
}

bool pdf_token_number(const struct pdf_token *token, long long *value)
{
    if (token->kind != PDF_TOKEN_WORD || token->length == 0 || token->length > 15)
        return false;
    long long number = 0;
    for (size_t i = 0; i < token->length; i++) {
        if (token->text[i] < '0' || token->text[i] > '9')
            return false;
        number = number * 10 + (token->text[i] - '0');
    }
    if (value)
        *value = number;
    return true;
}

const unsigned char *pdf_memmem(const unsigned char *bytes, size_t size, const char *text)
{
    size_t length = strlen(text);
    for (const unsigned char *at = bytes; length && size >= length && at <= bytes + size - length;) {
        at = memchr(at, text[0], (size_t)(bytes + size - length + 1 - at));
        if (!at)
            return NULL;
        if (memcmp(at, text, length) == 0)
            return at;
        at++;
    }
    return NULL;
}
