/* jobs.c — see jobs.h.
 *
 * The child is forked from a connection's thread. That is safe here
 * because nothing in the server's own threads touches what the child uses:
 * the engine runs only in children, glibc makes malloc usable after fork,
 * and the child first closes every descriptor it inherited (the listening
 * socket, other clients' connections) so that it holds nothing of
 * anyone else's. It then lowers its limits, sets an alarm for the
 * deadline, and does the work. The parent waits on a pidfd and on the
 * client's socket at once. */
#define _GNU_SOURCE
#include "jobs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "work.h"

int64_t jobs_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void jobs_init(struct jobs *jobs, unsigned max_running, unsigned max_waiting)
{
    *jobs = (struct jobs){.max_running = max_running, .max_waiting = max_waiting};
    pthread_mutex_init(&jobs->lock, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&jobs->changed, &attributes);
    pthread_condattr_destroy(&attributes);
}

static struct timespec timespec_of(int64_t milliseconds)
{
    return (struct timespec){milliseconds / 1000, (milliseconds % 1000) * 1000000};
}

enum job_admission jobs_admit(struct jobs *jobs, int64_t deadline)
{
    pthread_mutex_lock(&jobs->lock);
    enum job_admission admission = JOB_ADMITTED;
    if (jobs->draining)
        admission = JOB_DRAINING;
    else if (jobs->running >= jobs->max_running && jobs->waiting >= jobs->max_waiting)
        admission = JOB_QUEUE_FULL;
    else {
        struct timespec until = timespec_of(deadline);
        jobs->waiting++;
        while (jobs->running >= jobs->max_running && !jobs->draining && admission == JOB_ADMITTED)
            if (pthread_cond_timedwait(&jobs->changed, &jobs->lock, &until) == ETIMEDOUT)
                admission = JOB_TOO_LATE;
        jobs->waiting--;
        if (jobs->draining && admission == JOB_ADMITTED)
            admission = JOB_DRAINING;
        if (admission == JOB_ADMITTED)
            jobs->running++;
    }
    pthread_mutex_unlock(&jobs->lock);
    return admission;
}

void jobs_release(struct jobs *jobs)
{
    pthread_mutex_lock(&jobs->lock);
    jobs->running--;
    pthread_cond_broadcast(&jobs->changed);
    pthread_mutex_unlock(&jobs->lock);
}

bool jobs_can_take(struct jobs *jobs)
{
    pthread_mutex_lock(&jobs->lock);
    bool can = !jobs->draining &&
               (jobs->running < jobs->max_running || jobs->waiting < jobs->max_waiting);
    pthread_mutex_unlock(&jobs->lock);
    return can;
}

void jobs_drain(struct jobs *jobs)
{
    pthread_mutex_lock(&jobs->lock);
    jobs->draining = true;
    pthread_cond_broadcast(&jobs->changed);
    pthread_mutex_unlock(&jobs->lock);
}

void jobs_destroy(struct jobs *jobs)
{
    pthread_cond_destroy(&jobs->changed);
    pthread_mutex_destroy(&jobs->lock);
}

/* ------------------------------------------------------------ the child */

static void limit(int resource, rlim_t value)
{
    struct rlimit bound = {value, value};
    setrlimit(resource, &bound);
}

/* In the child: nothing inherited but the standard streams, its own
 * signals, its limits, then the work. */
static void run_child(sd_engine *engine, enum route_kind kind, const struct upload *upload,
                      const struct job_limits *limits)
{
    syscall(SYS_close_range, 3u, ~0u, 0u);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* The stop signals are the server's to handle: a Ctrl-C in the
     * terminal or systemd's SIGTERM to the whole group reaches the jobs
     * too, and the server lets them finish (it ends them itself at their
     * deadline, and PR_SET_PDEATHSIG if it dies). */
    int stopping[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof stopping / sizeof *stopping; i++)
        signal(stopping[i], SIG_IGN);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    int64_t left = limits->deadline - jobs_now();
    unsigned seconds = left > 0 ? (unsigned)((left + 999) / 1000) : 1;
    if (limits->memory)
        limit(RLIMIT_DATA, limits->memory);
    limit(RLIMIT_CPU, seconds + 1);
    /* No file a job writes (its answer, a member taken out of a ZIP) grows
     * past 4 GiB: a temporary folder on tmpfs is memory too. */
    limit(RLIMIT_FSIZE, (rlim_t)4 << 30);
    limit(RLIMIT_CORE, 0);
    alarm(seconds);
    _exit(work_run(engine, kind, upload, limits->zip_date, limits->max_body));
}

/* ------------------------------------------------------------ the parent */

static void kill_and_reap(pid_t child)
{
    kill(child, SIGKILL);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
        ;
}

static enum job_end reap(pid_t child, int *signal)
{
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return JOB_DONE;
    *signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return *signal == SIGALRM || *signal == SIGXCPU ? JOB_TIMED_OUT : JOB_FAILED;
}

enum job_end job_run(sd_engine *engine, enum route_kind kind, const struct upload *upload,
                     const struct job_limits *limits, int client_fd, int *signal)
{
    *signal = 0;
    pid_t child = fork();
    if (child < 0)
        return JOB_FAILED;
    if (child == 0)
        run_child(engine, kind, upload, limits);
    int pidfd = (int)syscall(SYS_pidfd_open, child, 0);
    if (pidfd < 0) {
        kill_and_reap(child);
        return JOB_FAILED;
    }
    enum job_end end = JOB_FAILED;
    for (;;) {
        struct pollfd watched[2] = {{pidfd, POLLIN, 0}, {client_fd, POLLRDHUP, 0}};
        int64_t left = limits->deadline + 1000 - jobs_now(); /* the child's alarm comes first */
        int ready = poll(watched, client_fd >= 0 ? 2 : 1, left > 0 ? (int)left : 0);
        if (ready < 0 && errno == EINTR)
            continue;
        if (watched[0].revents) {
            end = reap(child, signal);
            break;
        }
        if (ready > 0 && watched[1].revents & (POLLRDHUP | POLLHUP | POLLERR)) {
            kill_and_reap(child);
            end = JOB_CLIENT_GONE;
            break;
        }
        if (ready == 0 || ready < 0) {
            kill_and_reap(child);
            end = JOB_TIMED_OUT;
            break;
        }
    }
    close(pidfd);
    return end;
}
