/* workers.h — build and bundle on every core (-j N).
 *
 * Once the inputs are checked, N worker processes are forked. Each walks the
 * same inputs (reading is cheap) and does the costly part — templates,
 * layout, PDF, ZIP — of every Nth stage: stage k (counted from 0 over the
 * whole run) is worker k mod N's. It sends what it made through a pipe, as
 * typed messages, and writes nothing itself. The parent walks the inputs
 * too and, stage after stage in input order, reads that stage's messages
 * from its worker and does what -j 1 does with them: write the files,
 * print the paths and diagnostics, keep the index. So the outputs are the
 * same bytes, in the same order, as with -j 1.
 *
 * A worker ends when the parent does (PR_SET_PDEATHSIG, or its pipe
 * breaking), and at once when a signal stops the parent (interrupt.h);
 * a worker that dies is seen by the parent as a broken pipe. */
#ifndef STAGEDOC_ENGINE_WORKERS_H
#define STAGEDOC_ENGINE_WORKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"
#include "stagedoc.h"

/* Message types every user shares; a command numbers its own from
 * WORKER_MESSAGE_FIRST_FREE. */
enum {
    WORKER_MESSAGE_DIAG = 1,
    WORKER_MESSAGE_END = 2,   /* a stage's last message: its exit code */
    WORKER_MESSAGE_STAGE = 3, /* a stage's first message: its id */
    WORKER_MESSAGE_FIRST_FREE = 16
};

struct worker_message {
    int type;
    unsigned char *bytes; /* owned by the workers until the next receive */
    size_t size;
};

struct worker_channel; /* a worker's end */
struct workers;        /* the parent's end */

/* The most workers a run may have (-j). */
#define WORKERS_MAX 256

/* Forks count workers; each runs work(channel, data), then exits. NULL
 * after saying why (the caller may then go on with -j 1). */
typedef void (*worker_main)(struct worker_channel *channel, void *data);
struct sd_run;
struct workers *workers_start(struct sd_run *run, unsigned count, worker_main work,
                              void *data);

/* ---- in a worker */
/* Is stage k this worker's? */
bool worker_owns(const struct worker_channel *channel, size_t stage);
/* When the parent is gone (or memory is), the worker exits: nobody wants
 * the rest, and the parent reports a broken run. */
void worker_send(struct worker_channel *channel, int type, const void *bytes, size_t size);
/* One message made of two parts, head then body, sent without joining them. */
void worker_send_parts(struct worker_channel *channel, int type, const void *head,
                       size_t head_size, const void *body, size_t body_size);
/* Sends diags->items[*sent ..] and moves *sent past them, so that
 * diagnostics keep their place among the other messages of a stage. */
void worker_send_diags(struct worker_channel *channel, const struct diag_list *diags,
                       size_t *sent);
/* The stage's last message, with its exit code. */
void worker_send_end(struct worker_channel *channel, sd_status code);

/* ---- in the parent */
/* The next message of stage k, from its worker. False when that worker is
 * gone (the run is then broken: see workers_broken). */
bool workers_receive(struct workers *workers, size_t stage, struct worker_message *message);
/* A WORKER_MESSAGE_DIAG message added to diags; an END message's code. */
void worker_message_add_diag(const struct worker_message *message, struct diag_list *diags);
sd_status worker_message_code(const struct worker_message *message);
/* After a failed receive, or a message out of place: the run is broken;
 * stops the workers and says once, for command, that the run stopped and
 * why (NULL: a worker is gone). */
void workers_report_broken(struct workers *workers, const char *command, const char *why);
bool workers_broken(const struct workers *workers);
/* Stops the workers at once, silently, and frees workers (the run stopped
 * for another reason: invalid inputs). */
void workers_cancel(struct workers *workers);
/* Closes the pipes and waits for every worker. SD_INTERNAL when one failed. */
sd_status workers_finish(struct workers *workers, const char *command);

#endif
