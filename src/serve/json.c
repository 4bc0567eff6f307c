/* json.c — see json.h. */
#include "json.h"

#include <stdint.h>
#include <stdio.h>

/* The length of the UTF-8 sequence starting at text, or 0 when it is not
 * a valid one (overlong forms, surrogates and code points past U+10FFFF
 * refused). */
static size_t utf8_sequence(const unsigned char *text)
{
    unsigned char lead = text[0];
    size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3
                  : (lead & 0xF8) == 0xF0 ? 4 : 0;
    if (length == 0 || (length == 2 && lead < 0xC2))
        return 0;
    uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t i = 1; i < length; i++) {
        if ((text[i] & 0xC0) != 0x80)
            return 0;
        code = code << 6 | (text[i] & 0x3F);
    }
    bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
        return 0;
    return length;
}

void json_add_string(struct strbuf *out, const char *text)
{
    const unsigned char *at = (const unsigned char *)text;
    strbuf_puts(out, "\"");
    while (*at) {
        size_t length = utf8_sequence(at);
        if (length == 0) {
            strbuf_puts(out, "\\ufffd");
            at++;
        } else if (length == 3 && at[0] == 0xE2 && at[1] == 0x80 && (at[2] == 0xA8 || at[2] == 0xA9)) {
            strbuf_printf(out, "\\u%04x", at[2] == 0xA8 ? 0x2028 : 0x2029);
            at += 3;
        } else if (length > 1) {
            strbuf_add(out, (const char *)at, length);
            at += length;
        } else {
            unsigned char c = *at++;
            if (c == '"' || c == '\\')
                strbuf_printf(out, "\\%c", c);
            else if (c == '\n')
                strbuf_puts(out, "\\n");
            else if (c == '\t')
                strbuf_puts(out, "\\t");
            else if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&')
                strbuf_printf(out, "\\u%04x", c);
            else
                strbuf_add(out, (const char *)&c, 1);
        }
    }
    strbuf_puts(out, "\"");
}

/* The comma before a value and its key, if any. */
static void begin_value(struct json *json, const char *key)
{
    if (json->started[json->depth])
        strbuf_puts(&json->out, ",");
    json->started[json->depth] = true;
    if (key) {
        json_add_string(&json->out, key);
        strbuf_puts(&json->out, ":");
    }
}

static void open_container(struct json *json, const char *key, const char *bracket)
{
    begin_value(json, key);
    strbuf_puts(&json->out, bracket);
    if (json->depth + 1 < JSON_MAX_DEPTH)
        json->started[++json->depth] = false;
}

static void close_container(struct json *json, const char *bracket)
{
    if (json->depth > 0)
        json->depth--;
    strbuf_puts(&json->out, bracket);
}

void json_object_begin(struct json *json, const char *key) { open_container(json, key, "{"); }
void json_object_end(struct json *json) { close_container(json, "}"); }
void json_array_begin(struct json *json, const char *key) { open_container(json, key, "["); }
void json_array_end(struct json *json) { close_container(json, "]"); }

void json_string(struct json *json, const char *key, const char *text)
{
    begin_value(json, key);
    if (text)
        json_add_string(&json->out, text);
    else
        strbuf_puts(&json->out, "null");
}

void json_number(struct json *json, const char *key, long long number)
{
    begin_value(json, key);
    strbuf_printf(&json->out, "%lld", number);
}

void json_bool(struct json *json, const char *key, bool value)
{
    begin_value(json, key);
    strbuf_puts(&json->out, value ? "true" : "false");
}

void json_raw(struct json *json, const char *key, const char *value)
{
    begin_value(json, key);
    strbuf_puts(&json->out, value);
}
