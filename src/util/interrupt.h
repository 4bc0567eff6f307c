/* interrupt.h — what a run must undo when a signal stops it (the handler
 * itself is the front end's: cli/main.c).
 *
 * Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) in the middle of a
 * build must leave nothing behind: not the hidden temporary of a document
 * being written (with a student's name and address in it), not a worker of
 * -j. The files and workers are registered here while they exist; the
 * handler, which only makes async-signal-safe calls (unlinkat, kill), removes
 * and stops them, then lets the signal end the process as it would have
 * (exit status 128 + signal: 130, 143, 129). */
#ifndef STAGEDOC_UTIL_INTERRUPT_H
#define STAGEDOC_UTIL_INTERRUPT_H

#include <sys/types.h>

/* Removes the tracked files and kills the tracked workers of this process;
 * async-signal-safe (the front end's handler calls it through
 * sd_clean_up_after_signal). */
void interrupt_clean_up(void);

/* Holds back SIGINT, SIGTERM and SIGHUP while a file is made and tracked:
 * one that came between the two would leave the file behind. */
void interrupt_hold(void);
void interrupt_release(void);

/* A file to remove if a signal comes: name in the folder open as dir_fd
 * (both must stay valid until untracked). A slot number for
 * interrupt_untrack_file, or -1 when every slot is taken (the file is then
 * only removed by the normal path). Only the process that tracked a file
 * removes it: a forked worker leaves its parent's files alone. */
int interrupt_track_file(int dir_fd, const char *name);
void interrupt_untrack_file(int slot);

/* A worker to stop (SIGKILL) if a signal stops its parent. */
void interrupt_track_child(pid_t pid);
void interrupt_untrack_child(pid_t pid);

#endif
