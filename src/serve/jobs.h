/* jobs.h — how many jobs run at once, and each job in a process of its own.
 *
 * Admission: at most `running` jobs at once; beyond them, at most
 * `waiting` requests wait for a place until their deadline; beyond that
 * the server answers 429 at once. A job is a child process forked from
 * the server with the engine already prepared, limited in data memory
 * and CPU time, killed at its deadline (SIGALRM in the child, and the
 * parent's own watch), and killed too when its client goes away. Whatever
 * happens to the child, the thread that waits for it learns how it ended
 * and answers that request alone. */
#ifndef STAGEDOC_SERVE_JOBS_H
#define STAGEDOC_SERVE_JOBS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../engine/stagedoc.h"
#include "routes.h"
#include "upload.h"

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    unsigned running, waiting;
    unsigned max_running, max_waiting;
    bool draining;
};

enum job_admission { JOB_ADMITTED, JOB_QUEUE_FULL, JOB_TOO_LATE, JOB_DRAINING };

void jobs_init(struct jobs *jobs, unsigned max_running, unsigned max_waiting);
/* Waits for a place until deadline (CLOCK_MONOTONIC, milliseconds). */
enum job_admission jobs_admit(struct jobs *jobs, int64_t deadline);
void jobs_release(struct jobs *jobs);
/* Whether a request arriving now could be admitted (not draining, a place
 * free or in the queue): the health check's answer. */
bool jobs_can_take(struct jobs *jobs);
/* No new job from now on; wakes the waiting ones. */
void jobs_drain(struct jobs *jobs);
void jobs_destroy(struct jobs *jobs);

struct job_limits {
    size_t memory;       /* data memory of a job (RLIMIT_DATA), bytes; 0: unlimited */
    int64_t deadline;    /* CLOCK_MONOTONIC milliseconds */
    int64_t zip_date;
    size_t max_body;     /* the request's bound (--max-body) */
};

enum job_end {
    JOB_DONE,            /* the child wrote its answer */
    JOB_FAILED,          /* it ended without one: crash, memory, kill */
    JOB_TIMED_OUT,       /* past the deadline */
    JOB_CLIENT_GONE,     /* the client closed the connection; the child was killed */
};

/* Runs the route's work in a child and waits for it; client_fd (or -1)
 * is watched for the client hanging up. *signal gets the signal that
 * ended a failed child, or 0. */
enum job_end job_run(sd_engine *engine, enum route_kind kind, const struct upload *upload,
                     const struct job_limits *limits, int client_fd, int *signal);

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t jobs_now(void);

#endif
