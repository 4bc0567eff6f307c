/* signals.c — Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) in
 * the middle of a run: the engine removes what it was writing and stops its
 * workers (sd_clean_up_after_signal, async-signal-safe), then the signal
 * ends the process as it would have, so the shell sees 128 + signal (130,
 * 143, 129). A signal ignored when stagedoc started, as under nohup, stays
 * ignored. */
#include "signals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "../engine/stagedoc.h"

static const int stopping_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int signal_number)
{
    sd_clean_up_after_signal();
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    sigset_t unblocked;
    sigemptyset(&unblocked);
    sigaddset(&unblocked, signal_number);
    sigprocmask(SIG_UNBLOCK, &unblocked, NULL);
    raise(signal_number);
    _exit(128 + signal_number);
}

void signals_install(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof stopping_signals / sizeof *stopping_signals; i++)
        sigaddset(&action.sa_mask, stopping_signals[i]); /* one cleanup at a time */
    for (size_t i = 0; i < sizeof stopping_signals / sizeof *stopping_signals; i++) {
        struct sigaction before;
        if (sigaction(stopping_signals[i], NULL, &before) == 0 && before.sa_handler == SIG_IGN)
            continue;
        sigaction(stopping_signals[i], &action, NULL);
    }
    /* Inherited as ignored, SIGCHLD would let the kernel reap the engine's
     * -j workers before it reads how they ended. */
    signal(SIGCHLD, SIG_DFL);
}
