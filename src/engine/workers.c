/* workers.c — forked workers and the pipes their results come back through. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "workers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/interrupt.h"
#include "../util/strbuf.h"
#include "run.h"

/* A stage's documents are a few hundred kilobytes: room for several lets a
 * worker run ahead while the parent waits on the other one. */
#define PIPE_BYTES (1 << 20)
/* While the parent checks the inputs (build), it reads nothing: a worker
 * keeps what the pipe cannot take in its outbox, up to this much, rather
 * than wait with its core idle. 3,500 stages take some 0.7 s to check, in
 * which a worker makes some 250 conventions (7 MB); with the outbox's own
 * growth a worker then peaks under 50 MiB, within the 64 MiB it may use. */
#define OUTBOX_LIMIT ((size_t)8 << 20)
#define MAX_WORKERS WORKERS_MAX
#define MAX_MESSAGE ((size_t)1 << 30)

struct worker_channel {
    unsigned index, count;
    int fd;               /* write end, non-blocking */
    struct strbuf outbox; /* what the pipe has not taken yet, from sent on */
    size_t sent;
};

struct workers {
    unsigned count;
    pid_t pids[MAX_WORKERS];
    int fds[MAX_WORKERS]; /* read ends */
    unsigned char *buffer;
    size_t capacity;
    int broken; /* 0; 1: a receive failed; 2: the run is broken, said, workers stopped */
    sd_run *run; /* hears what goes wrong */
};

struct message_header {
    uint32_t type;
    uint64_t size;
};

/* ------------------------------------------------------------ worker side */

bool worker_owns(const struct worker_channel *channel, size_t stage)
{
    return stage % channel->count == channel->index;
}

/* Writes what the pipe takes of bytes now, or all of it when wait; how much
 * was written. When the parent is gone the worker ends, by SIGPIPE or by
 * the error that takes its place when SIGPIPE is ignored: nobody wants the
 * rest. */
static size_t write_some(int fd, const unsigned char *bytes, size_t size, bool wait)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, bytes + done, size - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EAGAIN && wait) {
            struct pollfd ready = {fd, POLLOUT, 0};
            poll(&ready, 1, -1);
        } else if (n < 0 && errno == EAGAIN) {
            break;
        } else if (!(n < 0 && errno == EINTR)) {
            _exit(1);
        }
    }
    return done;
}

static size_t outbox_pending(const struct worker_channel *channel)
{
    return channel->outbox.len - channel->sent;
}

/* The outbox to the pipe: what it takes now, or all when wait. */
static void outbox_flush(struct worker_channel *channel, bool wait)
{
    const unsigned char *from = (const unsigned char *)channel->outbox.data + channel->sent;
    channel->sent += write_some(channel->fd, from, outbox_pending(channel), wait);
    if (channel->sent == channel->outbox.len) {
        strbuf_reset(&channel->outbox);
        channel->sent = 0;
    }
}

/* bytes after the outbox: straight to the pipe when the outbox is empty,
 * what it does not take then kept. */
static void outbox_put(struct worker_channel *channel, const void *bytes, size_t size)
{
    size_t written = 0;
    if (outbox_pending(channel) == 0)
        written = write_some(channel->fd, bytes, size, false);
    strbuf_add(&channel->outbox, (const char *)bytes + written, size - written);
    if (strbuf_failed(&channel->outbox))
        _exit(1); /* out of memory: the parent reports a broken run */
}

void worker_send_parts(struct worker_channel *channel, int type, const void *head,
                       size_t head_size, const void *body, size_t body_size)
{
    if (head_size > MAX_MESSAGE || body_size > MAX_MESSAGE - head_size)
        _exit(1); /* the parent reports a broken run */
    struct message_header header;
    memset(&header, 0, sizeof header); /* its padding goes down the pipe too */
    header.type = (uint32_t)type;
    header.size = head_size + body_size;
    outbox_put(channel, &header, sizeof header);
    if (head_size)
        outbox_put(channel, head, head_size);
    if (body_size)
        outbox_put(channel, body, body_size);
    outbox_flush(channel, outbox_pending(channel) > OUTBOX_LIMIT);
}

void worker_send(struct worker_channel *channel, int type, const void *bytes, size_t size)
{
    worker_send_parts(channel, type, bytes, size, NULL, 0);
}

/* A diagnostic as bytes: severity, line and column, then each string
 * behind a byte saying whether it is there. */
static void put_text(struct strbuf *out, const char *text)
{
    strbuf_add(out, text ? "\1" : "\0", 1);
    if (text)
        strbuf_add(out, text, strlen(text) + 1);
}

void worker_send_diags(struct worker_channel *channel, const struct diag_list *diags,
                       size_t *sent)
{
    for (; *sent < diags->count; (*sent)++) {
        const struct diag *diag = &diags->items[*sent];
        struct strbuf bytes = STRBUF_INIT;
        uint32_t numbers[3] = {(uint32_t)diag->severity, diag->line, diag->column};
        strbuf_add(&bytes, (const char *)numbers, sizeof numbers);
        put_text(&bytes, diag->file);
        put_text(&bytes, diag->rule);
        put_text(&bytes, diag->stage_id);
        put_text(&bytes, diag->message);
        put_text(&bytes, diag->hint);
        if (strbuf_failed(&bytes))
            _exit(1); /* out of memory: the parent reports a broken run */
        worker_send(channel, WORKER_MESSAGE_DIAG, bytes.data, bytes.len);
        strbuf_free(&bytes);
    }
}

void worker_send_end(struct worker_channel *channel, sd_status code)
{
    uint32_t value = (uint32_t)code;
    worker_send(channel, WORKER_MESSAGE_END, &value, sizeof value);
}

static void run_worker(struct workers *workers, unsigned index, int write_fd, worker_main work,
                       void *data, pid_t parent)
{
    /* Dies with the parent, even when it is killed. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(1);
    for (unsigned i = 0; i < index; i++)
        close(workers->fds[i]);
    /* The parent alone tells: the front end's events stay in the parent. */
    workers->run->events = (struct sd_events)SD_EVENTS_INIT;
    fcntl(write_fd, F_SETFL, fcntl(write_fd, F_GETFL) | O_NONBLOCK);
    struct worker_channel channel = {index, workers->count, write_fd, STRBUF_INIT, 0};
    work(&channel, data);
    outbox_flush(&channel, true);
    _exit(0);
}

/* ------------------------------------------------------------ parent side */

struct workers *workers_start(sd_run *run, unsigned count, worker_main work, void *data)
{
    struct workers *workers = calloc(1, sizeof *workers);
    if (!workers || count < 1 || count > MAX_WORKERS) {
        free(workers);
        return NULL;
    }
    workers->run = run;
    workers->count = count;
    pid_t parent = getpid();
    for (unsigned i = 0; i < count; i++) {
        int ends[2];
        if (pipe(ends) != 0) {
            run_note(run, SEVERITY_WARNING, "stagedoc: pipe : %s", strerror(errno));
            workers->count = i;
            workers_finish(workers, "");
            return NULL;
        }
        fcntl(ends[0], F_SETPIPE_SZ, PIPE_BYTES); /* a smaller pipe only runs slower */
        /* Held until the worker is tracked: a SIGTERM in between would
         * leave a worker the cleanup does not know. */
        interrupt_hold();
        pid_t pid = fork();
        if (pid == 0) {
            interrupt_release();
            close(ends[0]);
            run_worker(workers, i, ends[1], work, data, parent);
        }
        if (pid > 0)
            interrupt_track_child(pid); /* Ctrl-C stops it at once */
        interrupt_release();
        close(ends[1]);
        if (pid < 0) {
            run_note(run, SEVERITY_WARNING, "stagedoc: fork : %s", strerror(errno));
            close(ends[0]);
            workers->count = i;
            workers_finish(workers, "");
            return NULL;
        }
        workers->pids[i] = pid;
        workers->fds[i] = ends[0];
    }
    return workers;
}

static bool read_all(int fd, void *bytes, size_t size)
{
    unsigned char *at = bytes;
    while (size) {
        ssize_t done = read(fd, at, size);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return false;
        at += done;
        size -= (size_t)done;
    }
    return true;
}

static bool reserve(struct workers *workers, size_t size)
{
    return ARRAY_GROW(workers->buffer, workers->capacity, size);
}

bool workers_receive(struct workers *workers, size_t stage, struct worker_message *message)
{
    struct message_header header;
    int fd = workers->fds[stage % workers->count];
    bool ok = !workers->broken && read_all(fd, &header, sizeof header) &&
              header.size <= MAX_MESSAGE && reserve(workers, header.size + 1) &&
              read_all(fd, workers->buffer, header.size);
    if (!ok) {
        workers->broken = true;
        return false;
    }
    workers->buffer[header.size] = '\0';
    message->type = (int)header.type;
    message->bytes = workers->buffer;
    message->size = header.size;
    return true;
}

static const char *take_text(const unsigned char **at, const unsigned char *end)
{
    if (*at >= end || !*(*at)++)
        return NULL;
    const char *text = (const char *)*at;
    *at += strnlen(text, (size_t)(end - *at)) + 1;
    return text;
}

void worker_message_add_diag(const struct worker_message *message, struct diag_list *diags)
{
    uint32_t numbers[3];
    if (message->size < sizeof numbers)
        return;
    memcpy(numbers, message->bytes, sizeof numbers);
    const unsigned char *at = message->bytes + sizeof numbers, *end = message->bytes + message->size;
    const char *file = take_text(&at, end), *rule = take_text(&at, end);
    const char *stage_id = take_text(&at, end), *text = take_text(&at, end);
    const char *hint = take_text(&at, end);
    struct position where = {file, numbers[1], numbers[2]};
    enum severity severity = numbers[0] <= SEVERITY_ERROR ? (enum severity)numbers[0]
                                                          : SEVERITY_ERROR;
    diag_add(diags, severity, where, rule, stage_id, hint, "%s", text ? text : "");
}

sd_status worker_message_code(const struct worker_message *message)
{
    uint32_t value = SD_IO;
    if (message->size == sizeof value)
        memcpy(&value, message->bytes, sizeof value);
    return (sd_status)value;
}

/* Nobody wants the rest: the workers end at once (workers_finish reaps them). */
static void stop_all(struct workers *workers)
{
    for (unsigned i = 0; i < workers->count; i++)
        kill(workers->pids[i], SIGKILL);
    workers->broken = 2;
}

void workers_report_broken(struct workers *workers, const char *command, const char *why)
{
    if (workers->broken == 2)
        return;
    stop_all(workers);
    run_note(workers->run, SEVERITY_ERROR, "stagedoc %s : erreur interne : %s ; la suite n'est "
             "pas produite. À faire : relancez avec -j 1 et signalez le problème.", command,
             why ? why : "un processus de travail s'est arrêté");
    run_fail(workers->run, "un processus de travail s'est arrêté");
}

bool workers_broken(const struct workers *workers)
{
    return workers->broken != 0;
}

void workers_cancel(struct workers *workers)
{
    stop_all(workers); /* nothing to say: the run was stopped on purpose */
    workers_finish(workers, "");
}

sd_status workers_finish(struct workers *workers, const char *command)
{
    sd_status code = SD_OK;
    for (unsigned i = 0; i < workers->count; i++)
        close(workers->fds[i]);
    for (unsigned i = 0; i < workers->count; i++) {
        int status = -1;
        while (waitpid(workers->pids[i], &status, 0) < 0 && errno == EINTR)
            ;
        interrupt_untrack_child(workers->pids[i]);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            code = SD_INTERNAL;
    }
    if (code != SD_OK && *command && !workers->broken)
        run_note(workers->run, SEVERITY_ERROR,
                 "stagedoc %s : erreur interne : un processus de travail a échoué.", command);
    free(workers->buffer);
    free(workers);
    return code;
}
