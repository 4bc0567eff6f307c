/* server.c — serve_run: the private folder for uploads, the daemon
 * (libmicrohttpd, a thread per connection, TLS when asked), the signals,
 * and the stop: on SIGTERM or SIGINT the server stops accepting, lets the
 * requests in progress finish (their jobs included, up to their
 * deadline), then exits; the uploads folder goes with it. */
#define _GNU_SOURCE
#include "server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../util/file.h"
#include "../util/strbuf.h"
#include "watchdog.h"

static void log_library(void *cls, const char *format, va_list arguments)
{
    (void)cls;
    struct strbuf text = STRBUF_INIT;
    strbuf_vprintf(&text, format, arguments);
    fprintf(stderr, "stagedoc serve: libmicrohttpd : %s%s", strbuf_str(&text),
            text.len && text.data[text.len - 1] == '\n' ? "" : "\n");
    strbuf_free(&text);
}

/* The address to listen on, from its text (numeric only: no name lookup). */
static bool parse_address(const char *text, unsigned port, struct sockaddr_storage *address)
{
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *found = NULL;
    char service[16];
    snprintf(service, sizeof service, "%u", port);
    if (getaddrinfo(text, service, &hints, &found) != 0 || !found)
        return false;
    memcpy(address, found->ai_addr, found->ai_addrlen);
    freeaddrinfo(found);
    return true;
}

static bool make_uploads_folder(struct server *server)
{
    struct strbuf path = STRBUF_INIT;
    strbuf_printf(&path, "%s/stagedoc-serve-XXXXXX", server->options->tmp_dir);
    if (strbuf_failed(&path) || !mkdtemp(path.data)) {
        fprintf(stderr, "stagedoc serve: erreur: impossible de créer un dossier dans %s pour les "
                        "fichiers reçus (TMPDIR).\n", server->options->tmp_dir);
        strbuf_free(&path);
        return false;
    }
    server->uploads_dir = strbuf_detach(&path);
    return true;
}

/* The certificate or key file, read whole (small). */
static char *read_pem(const char *path, const char *what)
{
    char *text = NULL;
    size_t size = 0;
    enum file_status status = file_read_all(path, 1 << 20, &text, &size);
    if (status != FILE_OK)
        fprintf(stderr, "stagedoc serve: erreur: %s %s : %s.\n", what, path,
                file_status_message(status));
    return status == FILE_OK ? text : NULL;
}

static struct MHD_Daemon *start_daemon(struct server *server, char *certificate, char *key,
                                       struct watchdog *watchdog)
{
    const struct serve_options *options = server->options;
    struct sockaddr_storage address;
    if (!parse_address(options->listen, options->port, &address)) {
        fprintf(stderr, "stagedoc serve: erreur: adresse d'écoute « %s » illisible (une adresse "
                        "IP : 127.0.0.1, ::1, 0.0.0.0).\n", options->listen);
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (address.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (certificate)
        flags |= MHD_USE_TLS;
    /* Connections beyond the jobs and the queue only wait for a 429 or
     * upload slowly; behind a proxy they all come from one address, so
     * there is no limit per address below the overall one. */
    unsigned connections = 4 * (options->jobs + options->queue) + 64;
    struct MHD_OptionItem tls[] = {
        {certificate ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, certificate},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(flags, 0, NULL, NULL, request_handle, server,
                            MHD_OPTION_EXTERNAL_LOGGER, log_library, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
                            MHD_OPTION_NOTIFY_COMPLETED, request_completed, server,
                            MHD_OPTION_NOTIFY_CONNECTION, watchdog_notify, watchdog,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)options->timeout,
                            MHD_OPTION_CONNECTION_LIMIT, connections,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 << 10),
                            MHD_OPTION_ARRAY, tls,
                            MHD_OPTION_END);
}

/* Waits for the requests in progress, at most until their deadline. */
static void drain(struct server *server)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += server->options->timeout + 5;
    pthread_mutex_lock(&server->lock);
    while (server->active > 0)
        if (pthread_cond_timedwait(&server->idle, &server->lock, &until) != 0)
            break;
    unsigned left = server->active;
    pthread_mutex_unlock(&server->lock);
    if (left)
        fprintf(stderr, "stagedoc serve: %u requête%s interrompue%s à l'arrêt.\n", left,
                left > 1 ? "s" : "", left > 1 ? "s" : "");
}

static int wait_for_stop(const sigset_t *stopping)
{
    int signal = 0;
    while (sigwait(stopping, &signal) != 0)
        ;
    return signal;
}

/* OpenSSL 3 looks each algorithm up in a store the first time it is used
 * and caches it, under a lock. A job forked while a connection's thread
 * holds that lock (checking a login) would wait on it forever. Used once
 * here, before any thread, every algorithm the server and its jobs use is
 * cached; later lookups only read the cache, and a read lock copied into
 * a child does not stop it from taking its own. */
static void warm_openssl(void)
{
    static const unsigned char nothing[1];
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length;
    EVP_Digest(nothing, 0, digest, &length, EVP_sha256(), NULL); /* packages, manifests */
    EVP_Digest(nothing, 0, digest, &length, EVP_md5(), NULL);    /* PDF/A file identifiers */
    PKCS5_PBKDF2_HMAC("", 0, nothing, 1, 1, EVP_sha256(), 32, digest); /* logins */
}

sd_status serve_run(sd_engine *engine, const struct serve_options *options)
{
    warm_openssl();
    struct server server = {.engine = engine, .options = options};
    pthread_mutex_init(&server.lock, NULL);
    pthread_cond_init(&server.idle, NULL);
    jobs_init(&server.jobs, options->jobs, options->queue);
    /* Blocked here, before any thread starts, so every thread inherits the
     * mask and only this one takes the stop signals (sigwait). */
    sigset_t stopping, blocked;
    sigemptyset(&stopping);
    sigaddset(&stopping, SIGTERM);
    sigaddset(&stopping, SIGINT);
    sigaddset(&stopping, SIGHUP);
    blocked = stopping;
    sigaddset(&blocked, SIGPIPE); /* a client gone is an error to read, not a death */
    pthread_sigmask(SIG_BLOCK, &blocked, NULL);
    char *certificate = options->tls_cert ? read_pem(options->tls_cert, "certificat") : NULL;
    char *key = options->tls_key ? read_pem(options->tls_key, "clé") : NULL;
    sd_status status = SD_IO;
    struct MHD_Daemon *daemon = NULL;
    bool tls_ready = !options->tls_cert || (certificate && key);
    struct watchdog *watchdog = tls_ready ? watchdog_start(WATCHDOG_HEADER_SECONDS) : NULL;
    if (watchdog && make_uploads_folder(&server) &&
        (daemon = start_daemon(&server, certificate, key, watchdog))) {
        fprintf(stderr, "stagedoc serve : à l'écoute sur %s://%s%s%s:%u/ (%u %s à la fois, "
                        "%s)\n", certificate ? "https" : "http",
                strchr(options->listen, ':') ? "[" : "", options->listen,
                strchr(options->listen, ':') ? "]" : "", options->port, options->jobs,
                options->jobs > 1 ? "travaux" : "travail",
                options->users ? "identification requise" : "sans identification");
        int signal = wait_for_stop(&stopping);
        fprintf(stderr, "stagedoc serve : %s reçu, arrêt après les travaux en cours.\n",
                signal == SIGINT ? "SIGINT" : signal == SIGHUP ? "SIGHUP" : "SIGTERM");
        atomic_store(&server.draining, true);
        /* No new connection from now on: the listening socket is shut,
         * so a client is refused at once instead of waiting in the
         * backlog until the process ends. */
        int listening = MHD_quiesce_daemon(daemon);
        if (listening >= 0)
            shutdown(listening, SHUT_RDWR);
        drain(&server);
        jobs_drain(&server.jobs);
        MHD_stop_daemon(daemon);
        if (listening >= 0)
            close(listening);
        status = SD_OK;
    } else if (watchdog && server.uploads_dir) {
        fprintf(stderr, "stagedoc serve: erreur: impossible d'écouter sur %s port %u (adresse "
                        "déjà prise, port réservé%s).\n", options->listen, options->port,
                certificate ? ", ou certificat et clé qui ne vont pas ensemble" : "");
    }
    watchdog_stop(watchdog);
    remove_tree(server.uploads_dir);
    free(server.uploads_dir);
    free(certificate);
    if (key)
        explicit_bzero(key, strlen(key)); /* the private key stays in memory no longer */
    free(key);
    jobs_destroy(&server.jobs);
    /* The stop signals stay blocked: the process is ending, and a second
     * SIGTERM sent during the stop (systemd's, a script's) asks for what
     * is being done; unblocked, it would kill the process on its way out
     * with 143 instead of 0. */
    return status;
}
