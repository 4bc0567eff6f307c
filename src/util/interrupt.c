/* interrupt.c — what a signal handler must undo, in fixed tables (see
 * interrupt.h). The handler itself belongs to the front end (cli/main.c).
 *
 * The tables are static arrays, written before a slot is marked used and
 * marked unused before it is rewritten, so the cleanup never reads half a
 * path. It calls only unlinkat, kill and getpid, all async-signal-safe. */
#include "interrupt.h"

#include "../engine/stagedoc.h"

#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* Atomic writes happen one at a time in the parent: a few slots are ample. */
#define TRACKED_FILES 8
#define TRACKED_NAME_MAX 512
#define TRACKED_CHILDREN 256

struct tracked_file {
    volatile sig_atomic_t used;
    int dir_fd;
    pid_t owner;
    char name[TRACKED_NAME_MAX];
};

/* A worker forked later inherits the table: only its owner stops one. */
struct tracked_child {
    volatile pid_t pid, owner;
};

static struct tracked_file files[TRACKED_FILES];
static struct tracked_child children[TRACKED_CHILDREN];

void interrupt_clean_up(void)
{
    pid_t self = getpid();
    for (int i = 0; i < TRACKED_CHILDREN; i++)
        if (children[i].pid > 0 && children[i].owner == self)
            kill(children[i].pid, SIGKILL);
    for (int i = 0; i < TRACKED_FILES; i++)
        if (files[i].used && files[i].owner == self)
            unlinkat(files[i].dir_fd, files[i].name, 0);
}

sd_status sd_clean_up_after_signal(void)
{
    interrupt_clean_up();
    return SD_CANCELLED;
}

/* The signals a front end stops on (cli/main.c): held back while a
 * file is made and tracked. */
static const int stopping_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void set_held(int how)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof stopping_signals / sizeof *stopping_signals; i++)
        sigaddset(&set, stopping_signals[i]);
    sigprocmask(how, &set, NULL);
}

void interrupt_hold(void)
{
    set_held(SIG_BLOCK);
}

void interrupt_release(void)
{
    set_held(SIG_UNBLOCK);
}

int interrupt_track_file(int dir_fd, const char *name)
{
    size_t len = strlen(name);
    if (len >= TRACKED_NAME_MAX)
        return -1;
    for (int i = 0; i < TRACKED_FILES; i++) {
        if (files[i].used)
            continue;
        files[i].dir_fd = dir_fd;
        files[i].owner = getpid();
        memcpy(files[i].name, name, len + 1);
        atomic_signal_fence(memory_order_seq_cst); /* the entry is whole before it is used */
        files[i].used = 1; /* last: the handler sees a whole entry or none */
        return i;
    }
    return -1;
}

void interrupt_untrack_file(int slot)
{
    if (slot >= 0 && slot < TRACKED_FILES)
        files[slot].used = 0;
}

void interrupt_track_child(pid_t pid)
{
    for (int i = 0; i < TRACKED_CHILDREN; i++) {
        if (children[i].pid <= 0) {
            children[i].owner = getpid();
            children[i].pid = pid;
            return;
        }
    }
}

void interrupt_untrack_child(pid_t pid)
{
    for (int i = 0; i < TRACKED_CHILDREN; i++)
        if (children[i].pid == pid)
            children[i].pid = 0;
}
