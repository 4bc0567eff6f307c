/* strbuf.h — a growable, always NUL-terminated byte string.
 *
 * Used wherever text is assembled piece by piece (messages, paths, outputs).
 * Allocation failure is fatal to the buffer, never silent: strbuf_failed()
 * tells, and every append becomes a no-op after it. */
#ifndef STAGEDOC_UTIL_STRBUF_H
#define STAGEDOC_UTIL_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
};

#define STRBUF_INIT {NULL, 0, 0, false}

/* Room for extra more bytes after len (and the NUL), for a writer that
 * fills data + len itself, then moves len. False when memory runs out. */
bool strbuf_reserve(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const char *bytes, size_t len);
void strbuf_puts(struct strbuf *sb, const char *text);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list args);
/* The text so far ("" for an empty buffer); valid until the next append. */
const char *strbuf_str(const struct strbuf *sb);
bool strbuf_failed(const struct strbuf *sb);
/* Hands the heap string to the caller (NULL on failure) and resets sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
