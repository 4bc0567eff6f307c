/* request.c — one HTTP request, from its headers to its log line.
 *
 * First call (headers read): the route, the login, the origin of a POST,
 * the declared body size are checked, and any refusal is answered before
 * a byte of the body is read. Then the body streams into the request's
 * private folder (upload.h) through libmicrohttpd's multipart parser,
 * counted against --max-body and the deadline. Last call: the job is
 * admitted (or 429), runs in its own process, and its answer file is
 * given back; the folder is removed as soon as that file is open, and in
 * every case when the request completes — also when the client left. */
#define _GNU_SOURCE
#include "server.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/file.h"
#include "answer.h"
#include "assets.h"
#include "hosts.h"
#include "routes.h"
#include "upload.h"
#include "users.h"
#include "watchdog.h"
#include "work.h"

#define POST_BUFFER 65536
#define PAGE_MAX_SIZE (4u << 20)

struct request {
    struct server *server;
    const struct route *route;
    char method[16];
    int64_t started, deadline;
    struct MHD_PostProcessor *post;
    struct upload upload;
    size_t body;
    unsigned refused;          /* an HTTP status to answer once the body is read, or 0 */
    const char *refusal;
    char refusal_text[256];
    struct answered answered;
};

/* ------------------------------------------------------------ folders */

static int remove_entry(const char *path, const struct stat *about, int type, struct FTW *where)
{
    (void)about;
    (void)where;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

void remove_tree(const char *dir)
{
    if (dir)
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool make_request_folder(struct request *request)
{
    struct strbuf path = STRBUF_INIT;
    strbuf_printf(&path, "%s/XXXXXX", request->server->uploads_dir);
    if (strbuf_failed(&path) || !mkdtemp(path.data)) {
        strbuf_free(&path);
        return false;
    }
    request->upload.dir = strbuf_detach(&path);
    char *parts = path_join(request->upload.dir, "parts");
    bool made = parts && mkdir(parts, 0700) == 0;
    free(parts);
    return made;
}

/* ------------------------------------------------------------ the log */

static void log_line(const struct request *request)
{
    char when[32];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    fprintf(stderr, "%s %s %s %u %llu %lld ms\n", when, request->method,
            request->route ? request->route->path : "-", request->answered.status,
            (unsigned long long)request->answered.bytes,
            (long long)(jobs_now() - request->started));
}

/* ------------------------------------------------------------ the first call */

static const char *header(struct MHD_Connection *connection, const char *name)
{
    return MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
}

/* A POST from a page of another site: the browser says it crosses sites,
 * or its Origin names another host than the one it asked. Only the host
 * is compared, not the scheme: behind a reverse proxy that ends TLS the
 * page's origin is https:// while this server hears plain HTTP. */
static bool from_another_origin(struct MHD_Connection *connection)
{
    const char *site = header(connection, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return true;
    const char *origin = header(connection, MHD_HTTP_HEADER_ORIGIN);
    const char *host = header(connection, MHD_HTTP_HEADER_HOST);
    if (!origin)
        return false; /* not a browser's cross-origin request: scripts, curl */
    const char *authority = strstr(origin, "://");
    return !host || !authority || strcasecmp(authority + 3, host) != 0;
}

static bool declared_too_large(struct MHD_Connection *connection, size_t max_body)
{
    const char *length = header(connection, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!length)
        return false;
    char *end;
    unsigned long long value = strtoull(length, &end, 10);
    return *end != '\0' || value > max_body;
}

static enum MHD_Result iterate_part(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data,
                                    uint64_t offset, size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    struct request *request = cls;
    struct upload *upload = &request->upload;
    const struct upload_part *current = upload->count ? &upload->parts[upload->count - 1] : NULL;
    bool same = current && offset > 0;
    if (!same && !upload_part_begin(upload, key, filename))
        return MHD_YES; /* refused: the rest is read and dropped */
    if (size)
        upload_part_add(upload, data, size);
    return MHD_YES;
}

static enum MHD_Result refuse_now(struct request *request, struct MHD_Connection *connection,
                                  unsigned status, const char *message)
{
    return answer_error(connection, &request->answered, status, message);
}

static const char *too_large_message(struct request *request, size_t max_body)
{
    snprintf(request->refusal_text, sizeof request->refusal_text,
             "Les fichiers envoyés dépassent %zu Mio en tout : envoyez-en moins à la fois, ou "
             "demandez à l'administrateur d'augmenter --max-body.", max_body >> 20);
    return request->refusal_text;
}

static enum MHD_Result begin_post(struct request *request, struct MHD_Connection *connection)
{
    const struct serve_options *options = request->server->options;
    if (from_another_origin(connection))
        return refuse_now(request, connection, 403, "Requête refusée : elle vient d'une autre page "
                          "que celle de stagedoc (en-tête Origin).");
    if (declared_too_large(connection, options->max_body))
        return refuse_now(request, connection, 413, too_large_message(request, options->max_body));
    const char *type = header(connection, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!type || strncasecmp(type, "multipart/form-data", 19) != 0)
        return refuse_now(request, connection, 400, "Envoyez les fichiers en multipart/form-data "
                          "(un formulaire avec des champs de fichier).");
    if (!make_request_folder(request))
        return refuse_now(request, connection, 500, "Impossible de préparer un dossier pour les "
                          "fichiers reçus sur le serveur.");
    request->post = MHD_create_post_processor(connection, POST_BUFFER, iterate_part, request);
    if (!request->post)
        return refuse_now(request, connection, 400, "Formulaire illisible (multipart/form-data "
                          "sans « boundary »).");
    return MHD_YES;
}

static enum MHD_Result serve_page(struct request *request, struct MHD_Connection *connection)
{
    const char *name = request->route->asset;
    const char *web_dir = request->server->options->web_dir;
    if (!web_dir) {
        const struct asset *asset = asset_find(name);
        if (!asset)
            return refuse_now(request, connection, 404, "Page introuvable.");
        return answer_bytes(connection, &request->answered, 200, asset_type(name), asset->bytes,
                            asset->size, NULL);
    }
    char *path = path_join(web_dir, name);
    char *bytes = NULL;
    size_t size = 0;
    enum file_status status = path ? file_read_all(path, PAGE_MAX_SIZE, &bytes, &size) : FILE_NO_MEMORY;
    free(path);
    enum MHD_Result result =
        status == FILE_OK ? answer_bytes(connection, &request->answered, 200, asset_type(name),
                                         bytes, size, NULL)
                          : refuse_now(request, connection, 404, "Page introuvable.");
    free(bytes);
    return result;
}

static enum MHD_Result begin(struct request *request, struct MHD_Connection *connection,
                             const char *url, const char *method)
{
    struct server *server = request->server;
    bool wrong_method = false;
    request->route = route_find(method, url, &wrong_method);
    const struct serve_options *options = server->options;
    if (!host_is_served(header(connection, MHD_HTTP_HEADER_HOST), options->hosts, options->loopback)) {
        snprintf(request->refusal_text, sizeof request->refusal_text,
                 "Ce serveur ne répond pas sous ce nom (en-tête Host) : ouvrez-le par %s, ou "
                 "ajoutez ce nom à --host.", options->hosts ? "un des noms de --host"
                                                             : "http://127.0.0.1 ou localhost");
        return refuse_now(request, connection, 421, request->refusal_text);
    }
    if (atomic_load(&server->draining))
        return refuse_now(request, connection, 503, "Le serveur s'arrête : réessayez dans un instant.");
    if (!request->route) {
        request->answered.allow = route_methods(url);
        return refuse_now(request, connection, wrong_method ? 405 : 404,
                          wrong_method ? "Méthode non permise sur cette adresse."
                                       : "Adresse inconnue : la page est à /, l'API sous /api/.");
    }
    if (request->route->kind == ROUTE_HEALTH)
        return jobs_can_take(&server->jobs)
                   ? answer_bytes(connection, &request->answered, 200, "text/plain; charset=utf-8",
                                  "ok\n", 3, NULL)
                   : refuse_now(request, connection, 503, "Le serveur est occupé : tous ses "
                                "travaux et sa file d'attente sont pris.");
    if (server->options->users) {
        /* A login not yet proven costs a PBKDF2 of some 0.2 s on the
         * connection's thread, outside --jobs: a few at once, no more. */
        if (atomic_fetch_add(&server->logins_checking, 1) >= LOGINS_CHECKED_AT_ONCE) {
            atomic_fetch_sub(&server->logins_checking, 1);
            return refuse_now(request, connection, 429, "Trop de connexions à vérifier en même "
                              "temps : réessayez dans quelques secondes.");
        }
        bool known = users_check_basic(server->options->users,
                                       header(connection, MHD_HTTP_HEADER_AUTHORIZATION));
        atomic_fetch_sub(&server->logins_checking, 1);
        if (!known)
            return refuse_now(request, connection, 401, "Identifiant ou mot de passe requis.");
    }
    if (request->route->kind == ROUTE_PAGE)
        return serve_page(request, connection);
    if (strcmp(method, "POST") == 0)
        return begin_post(request, connection);
    return make_request_folder(request)
               ? MHD_YES
               : refuse_now(request, connection, 500, "Impossible de préparer le travail.");
}

/* ------------------------------------------------------------ the body */

static enum MHD_Result receive(struct request *request, const char *data, size_t size)
{
    const struct serve_options *options = request->server->options;
    request->body += size;
    if (jobs_now() > request->deadline) {
        request->answered.status = 408; /* for the log: a client too slow is cut off */
        return MHD_NO;
    }
    if (request->body > options->max_body) {
        /* A body that declared no length (chunked) is only known too
         * large now; libmicrohttpd 0.9.75 cannot answer before the body
         * ends, so the rest is read and dropped (nothing kept, and the
         * deadline still bounds it), then 413 is answered. Browsers
         * always declare the length: theirs is refused before a byte. */
        request->refused = 413;
        request->refusal = too_large_message(request, options->max_body);
    }
    if (request->refused || !request->post)
        return MHD_YES;
    if (MHD_post_process(request->post, data, size) != MHD_YES) {
        request->refused = 400;
        request->refusal = "Formulaire illisible (multipart/form-data mal formé).";
    }
    return MHD_YES;
}

/* ------------------------------------------------------------ the job */

/* The job's header line "STATUS TYPE NAME": the type may hold spaces
 * ("…; charset=utf-8"), so it is what lies between the first and the last. */
static bool read_job_header(const char *dir, unsigned *status, char *type, size_t type_size,
                            char *download, size_t download_size)
{
    char *path = path_join(dir, WORK_HEADER);
    char *text = NULL;
    size_t size = 0;
    bool ok = path && file_read_all(path, 1024, &text, &size) == FILE_OK;
    free(path);
    char *first = ok ? strchr(text, ' ') : NULL;
    char *last = ok ? strrchr(text, ' ') : NULL;
    ok = first && last > first + 1 && (size_t)(last - first - 1) < type_size &&
         sscanf(text, "%u", status) == 1;
    if (ok) {
        memcpy(type, first + 1, (size_t)(last - first - 1));
        type[last - first - 1] = '\0';
        snprintf(download, download_size, "%s", last + 1);
        download[strcspn(download, "\n")] = '\0';
    }
    free(text);
    return ok;
}

static enum MHD_Result give_job_answer(struct request *request, struct MHD_Connection *connection)
{
    unsigned status = 0;
    char type[128], download[128];
    const char *dir = request->upload.dir;
    char *path = path_join(dir, WORK_ANSWER);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    free(path);
    bool ok = fd >= 0 && read_job_header(dir, &status, type, sizeof type, download, sizeof download);
    remove_tree(dir); /* the answer lives on in fd alone */
    if (!ok) {
        if (fd >= 0)
            close(fd);
        return refuse_now(request, connection, 500, "Le travail n'a pas donné de réponse.");
    }
    return answer_file(connection, &request->answered, status, type, fd,
                       strcmp(download, "-") ? download : NULL);
}

static int client_socket(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info ? info->connect_fd : -1;
}

static enum MHD_Result run_job(struct request *request, struct MHD_Connection *connection)
{
    struct server *server = request->server;
    const struct serve_options *options = server->options;
    struct job_limits limits = {options->job_memory, request->deadline, options->zip_date,
                               options->max_body};
    int signal = 0;
    enum job_end end = job_run(server->engine, request->route->kind, &request->upload, &limits,
                               client_socket(connection), &signal);
    switch (end) {
    case JOB_DONE:
        return give_job_answer(request, connection);
    case JOB_TIMED_OUT:
        return refuse_now(request, connection, 503, "Le travail a dépassé le temps permis "
                          "(--timeout) : envoyez moins d'élèves à la fois.");
    case JOB_CLIENT_GONE:
        request->answered.status = 499;
        return MHD_NO;
    default: {
        char message[256];
        snprintf(message, sizeof message, "Le travail s'est arrêté sans répondre%s : réessayez ; "
                 "si cela se reproduit, signalez-le avec le fichier envoyé.",
                 signal == SIGKILL ? " (tué, peut-être faute de mémoire)" : "");
        return refuse_now(request, connection, 500, message);
    }
    }
}

static enum MHD_Result finish(struct request *request, struct MHD_Connection *connection)
{
    if (request->post) {
        if (MHD_destroy_post_processor(request->post) != MHD_YES && !request->refused) {
            request->refused = 400;
            request->refusal = "Formulaire incomplet ou mal formé (multipart/form-data).";
        }
        request->post = NULL;
    }
    upload_finish(&request->upload);
    if (!request->refused && request->upload.error.len) {
        request->refused = 400;
        request->refusal = request->upload.error.data;
    }
    if (request->refused)
        return refuse_now(request, connection, request->refused, request->refusal);
    struct jobs *jobs = &request->server->jobs;
    switch (jobs_admit(jobs, request->deadline)) {
    case JOB_QUEUE_FULL:
        return refuse_now(request, connection, 429, "Le serveur est occupé : réessayez dans "
                          "quelques secondes.");
    case JOB_TOO_LATE:
        return refuse_now(request, connection, 503, "Le serveur est resté occupé trop longtemps : "
                          "réessayez.");
    case JOB_DRAINING:
        return refuse_now(request, connection, 503, "Le serveur s'arrête : réessayez dans un instant.");
    case JOB_ADMITTED:
        break;
    }
    enum MHD_Result result = run_job(request, connection);
    jobs_release(jobs);
    return result;
}

/* ------------------------------------------------------------ libmicrohttpd's calls */

static struct request *request_new(struct server *server, const char *method)
{
    struct request *request = calloc(1, sizeof *request);
    if (!request)
        return NULL;
    request->server = server;
    request->started = jobs_now();
    request->deadline = request->started + (int64_t)server->options->timeout * 1000;
    request->upload.fd = -1;
    request->upload.error = (struct strbuf)STRBUF_INIT;
    /* The method goes into the log: letters only, or "?". */
    bool plain = *method && strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(method);
    snprintf(request->method, sizeof request->method, "%s", plain ? method : "?");
    pthread_mutex_lock(&server->lock);
    server->active++;
    pthread_mutex_unlock(&server->lock);
    return request;
}

enum MHD_Result request_handle(void *cls, struct MHD_Connection *connection, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **state)
{
    (void)version;
    struct request *request = *state;
    if (!request) {
        watchdog_request_began(connection);
        if (!(request = request_new(cls, method)))
            return MHD_NO;
        *state = request;
        return begin(request, connection, url, method);
    }
    if (request->answered.status) {
        *upload_data_size = 0; /* answered already: the rest is dropped */
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t size = *upload_data_size;
        *upload_data_size = 0;
        return receive(request, upload_data, size);
    }
    return finish(request, connection);
}

void request_completed(void *cls, struct MHD_Connection *connection, void **state,
                       enum MHD_RequestTerminationCode why)
{
    (void)connection;
    struct server *server = cls;
    struct request *request = *state;
    if (!request)
        return;
    if (request->post)
        MHD_destroy_post_processor(request->post);
    if (why == MHD_REQUEST_TERMINATED_CLIENT_ABORT && request->answered.status == 0)
        request->answered.status = 499;
    remove_tree(request->upload.dir);
    upload_free(&request->upload);
    log_line(request);
    free(request);
    *state = NULL;
    pthread_mutex_lock(&server->lock);
    server->active--;
    pthread_cond_broadcast(&server->idle);
    pthread_mutex_unlock(&server->lock);
}
