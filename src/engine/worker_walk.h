/* worker_walk.h — a stage's trip through a worker under -j N (workers.h),
 * the same for build and bundle.
 *
 * In a worker: the walk of every input, its own stages only (the others are
 * skipped unchecked), each visited by the command's own visitor as with
 * -j 1. What the visitor would write it sends instead (worker_walk_send),
 * after the diagnostics met so far, so that they keep their order. Each
 * stage's messages start with its id and end with its exit code.
 *
 * In the parent: the same walk over every stage; worker_walk_receive takes
 * the stage's messages from its worker and hands them to the command, which
 * writes and prints as with -j 1. A message for another stage (an input
 * that changed under the run, say) breaks the run rather than put one
 * student's documents under another's name. */
#ifndef STAGEDOC_ENGINE_WORKER_WALK_H
#define STAGEDOC_ENGINE_WORKER_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "walk.h"
#include "workers.h"

struct worker_walk {
    /* Set by the command. */
    const struct run_context *context;
    const struct sd_input *inputs;
    size_t input_count;
    stage_visitor visit;    /* the command's, as with -j 1 */
    /* Optional: the inputs the first pass checked against the schema
     * (NULL: all). A worker checks the others, as the parent's second pass
     * does, so that both skip the same invalid stages and count alike. */
    bool (*checked)(const struct sd_input *input);
    void *state;            /* its state, which holds this walk */
    sd_status *result; /* in the state: reset before each stage, sent after it */
    /* Kept here. */
    struct workers *workers;        /* in the parent, once started; else NULL */
    struct worker_channel *channel; /* in a worker; else NULL */
    size_t stages;                  /* stages met so far (by the reader, in a worker) */
    size_t diags_sent;              /* in a worker: the stage's diagnostics sent */
};

/* Forks jobs workers (jobs > 1). False when they could not start: the run
 * then goes on as -j 1. */
bool worker_walk_start(struct worker_walk *walk, unsigned jobs);

/* In a worker: a message of the command's (type from
 * WORKER_MESSAGE_FIRST_FREE), head then body, after the diagnostics of
 * diags not sent yet. */
void worker_walk_send(struct worker_walk *walk, struct diag_list *diags, int type,
                      const void *head, size_t head_size, const void *body, size_t body_size);

/* In the parent, for the next stage of the walk: its messages from its
 * worker, each diagnostic added to diags, each other message handed to
 * replay (false: not one the command sends, and the run is broken). The
 * stage's exit code; SD_IO when the run is broken (said once for
 * command). After a break, later stages are skipped at once. */
typedef bool (*worker_replay)(const struct worker_message *message, void *data);
sd_status worker_walk_receive(struct worker_walk *walk, const struct stage *stage,
                                   const char *command, struct diag_list *diags,
                                   worker_replay replay, void *data);
bool worker_walk_broken(const struct worker_walk *walk);

/* The run is over: waits for the workers. SD_IO when one failed. */
sd_status worker_walk_finish(struct worker_walk *walk, const char *command);
/* The run stops before its stages (an invalid input): the workers are
 * stopped at once, silently. Nothing when none were started. */
void worker_walk_cancel(struct worker_walk *walk);

#endif
