/* server.h — what the server's parts share: the running server, and the
 * request handler libmicrohttpd calls (request.c). */
#ifndef STAGEDOC_SERVE_SERVER_H
#define STAGEDOC_SERVE_SERVER_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

#include "jobs.h"
#include "serve.h"

/* PBKDF2 checks of logins at once (each some 0.2 s of a core). */
#define LOGINS_CHECKED_AT_ONCE 2

struct server {
    sd_engine *engine;
    const struct serve_options *options;
    struct jobs jobs;
    char *uploads_dir;        /* the private folder each request's folder goes in */
    atomic_bool draining;     /* SIGTERM came: no new request */
    pthread_mutex_t lock;     /* guards active */
    pthread_cond_t idle;
    unsigned active;          /* requests begun and not yet completed */
    atomic_uint logins_checking; /* PBKDF2 checks running now */
};

/* libmicrohttpd's access handler and completion callback (request.c). */
enum MHD_Result request_handle(void *server, struct MHD_Connection *connection, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **request);
void request_completed(void *server, struct MHD_Connection *connection, void **request,
                       enum MHD_RequestTerminationCode why);

/* Removes a folder and what it holds, links not followed. */
void remove_tree(const char *dir);

#endif
