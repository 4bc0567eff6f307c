/* watchdog.c — see watchdog.h. The connections are a list under one
 * mutex; a connection's record is removed (on libmicrohttpd's "closed"
 * notice) before its socket is closed, so the watchdog never shuts down a
 * descriptor that has been reused. */
#include "watchdog.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "jobs.h"

struct watched {
    struct watchdog *owner;
    int fd;
    int64_t started;          /* milliseconds, CLOCK_MONOTONIC */
    bool requested;
    struct watched *prev, *next;
};

struct watchdog {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stopping;
    unsigned header_seconds;
    struct watched *first;
};

static void cut_the_silent(struct watchdog *watchdog)
{
    int64_t limit = jobs_now() - (int64_t)watchdog->header_seconds * 1000;
    for (struct watched *at = watchdog->first; at; at = at->next)
        if (!at->requested && at->started < limit && at->fd >= 0) {
            shutdown(at->fd, SHUT_RDWR);
            at->fd = -1; /* once */
        }
}

static void *watch(void *data)
{
    struct watchdog *watchdog = data;
    pthread_mutex_lock(&watchdog->lock);
    while (!watchdog->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 500 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&watchdog->wake, &watchdog->lock, &until);
        cut_the_silent(watchdog);
    }
    pthread_mutex_unlock(&watchdog->lock);
    return NULL;
}

struct watchdog *watchdog_start(unsigned header_seconds)
{
    struct watchdog *watchdog = calloc(1, sizeof *watchdog);
    if (!watchdog)
        return NULL;
    watchdog->header_seconds = header_seconds;
    pthread_mutex_init(&watchdog->lock, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&watchdog->wake, &attributes);
    pthread_condattr_destroy(&attributes);
    if (pthread_create(&watchdog->thread, NULL, watch, watchdog) != 0) {
        pthread_cond_destroy(&watchdog->wake);
        pthread_mutex_destroy(&watchdog->lock);
        free(watchdog);
        return NULL;
    }
    return watchdog;
}

static void add(struct watchdog *watchdog, struct watched *watched)
{
    pthread_mutex_lock(&watchdog->lock);
    watched->next = watchdog->first;
    if (watchdog->first)
        watchdog->first->prev = watched;
    watchdog->first = watched;
    pthread_mutex_unlock(&watchdog->lock);
}

static void drop(struct watchdog *watchdog, struct watched *watched)
{
    pthread_mutex_lock(&watchdog->lock);
    if (watched->prev)
        watched->prev->next = watched->next;
    else
        watchdog->first = watched->next;
    if (watched->next)
        watched->next->prev = watched->prev;
    pthread_mutex_unlock(&watchdog->lock);
    free(watched);
}

void watchdog_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                     enum MHD_ConnectionNotificationCode code)
{
    struct watchdog *watchdog = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct watched *watched = info ? calloc(1, sizeof *watched) : NULL;
        if (watched) {
            *watched = (struct watched){watchdog, info->connect_fd, jobs_now(), false, NULL, NULL};
            add(watchdog, watched);
        }
        *socket_context = watched;
    } else if (*socket_context) {
        drop(watchdog, *socket_context);
        *socket_context = NULL;
    }
}

void watchdog_request_began(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct watched *watched = info ? info->socket_context : NULL;
    if (!watched)
        return;
    pthread_mutex_lock(&watched->owner->lock);
    watched->requested = true;
    pthread_mutex_unlock(&watched->owner->lock);
}

void watchdog_stop(struct watchdog *watchdog)
{
    if (!watchdog)
        return;
    pthread_mutex_lock(&watchdog->lock);
    watchdog->stopping = true;
    pthread_cond_signal(&watchdog->wake);
    pthread_mutex_unlock(&watchdog->lock);
    pthread_join(watchdog->thread, NULL);
    pthread_cond_destroy(&watchdog->wake);
    pthread_mutex_destroy(&watchdog->lock);
    free(watchdog); /* connections still listed are MHD's to close: it has stopped */
}
