/* worker_walk.h — what a worker of build -j or bundle -j runs (workers.h):
 * the walk of every input, its own stages only (the others are skipped
 * unchecked), each visited by the command's own visitor as with -j 1, then
 * the stage's diagnostics and exit code sent to the parent. */
#ifndef STAGEDOC_CLI_WORKER_WALK_H
#define STAGEDOC_CLI_WORKER_WALK_H

#include "walk.h"
#include "workers.h"

struct worker_walk {
    const struct run_context *context;
    char **paths;
    int path_count;
    stage_visitor visit;                 /* the command's, as with -j 1 */
    void *state;                         /* its state, which has: */
    struct worker_channel **channel;     /*   where its sends go (set here) */
    enum exit_code *result;              /*   reset before each stage, sent after */
    size_t *diags_sent;                  /*   the stage's diagnostics already sent */
    size_t stages;                       /* stages met so far */
};

/* A worker_main; data is a struct worker_walk. */
void worker_walk_run(struct worker_channel *channel, void *data);

#endif
