/* answer.h — the HTTP answers the server gives, each with the headers
 * every answer carries (Content-Security-Policy, nosniff, no referrer, no
 * framing, no caching) and, for a download, a Content-Disposition with a
 * safe ASCII name. Each records its status and size for the log line. */
#ifndef STAGEDOC_SERVE_ANSWER_H
#define STAGEDOC_SERVE_ANSWER_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct answered {
    unsigned status;   /* 0 until answered; 499 when the client went away */
    uint64_t bytes;
    const char *allow; /* the methods a 405 names (Allow), set before answering */
};

/* Bytes (copied). */
enum MHD_Result answer_bytes(struct MHD_Connection *connection, struct answered *answered,
                             unsigned status, const char *type, const void *bytes,
                             size_t size, const char *download);
/* An open file, which the answer takes and closes. */
enum MHD_Result answer_file(struct MHD_Connection *connection, struct answered *answered,
                            unsigned status, const char *type, int fd, const char *download);
/* The server's own refusal as JSON: {"status":"error","http":N,"message":…}.
 * 401 adds WWW-Authenticate, 429 and 503 Retry-After. */
enum MHD_Result answer_error(struct MHD_Connection *connection, struct answered *answered,
                             unsigned status, const char *message);

#endif
