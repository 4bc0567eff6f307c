/* serve.h — `stagedoc serve`: the web front end over the engine.
 *
 * serve_run listens (libmicrohttpd, a thread per connection), answers the
 * page and the HTTP API (routes.h), runs each API request as a job in a
 * process of its own (jobs.h), and returns when SIGTERM or SIGINT comes,
 * after the running jobs have finished. It prints one line per request on
 * stderr, and nothing else but its start and stop. */
#ifndef STAGEDOC_SERVE_SERVE_H
#define STAGEDOC_SERVE_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../engine/stagedoc.h"

struct users;

struct serve_options {
    const char *listen;       /* "127.0.0.1", "::1", "0.0.0.0" */
    bool loopback;            /* listen is a loopback address */
    const char *hosts;        /* --host: the names answered to, comma-separated, or NULL */
    unsigned port;
    unsigned jobs;            /* jobs at once */
    unsigned queue;           /* requests waiting beyond them */
    size_t max_body;          /* bytes */
    unsigned timeout;         /* seconds, whole request */
    size_t job_memory;        /* data memory of a job (RLIMIT_DATA), 0: unlimited */
    const char *tls_cert, *tls_key;
    struct users *users;      /* NULL: no authentication */
    const char *web_dir;      /* serve the page from here instead of the built-in copy */
    const char *tmp_dir;      /* where the private folder of uploads goes */
    int64_t zip_date;         /* the date of ZIP entries */
};

/* SD_OK once stopped by a signal; SD_IO when it cannot listen or read its
 * certificates (said on stderr). */
sd_status serve_run(sd_engine *engine, const struct serve_options *options);

#endif
