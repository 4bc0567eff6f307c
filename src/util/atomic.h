/* atomic.h — writing output files so that nothing is ever half-written, and
 * nothing is written outside the output folder.
 *
 * The bytes go to a hidden temporary file in the destination's folder,
 * which is then renamed over the destination: readers see the old file or
 * the new one, never a mix, and a failure leaves the old file untouched.
 * While it exists the temporary is registered with interrupt.h, so Ctrl-C
 * removes it.
 *
 * The folder a user names (-o) is taken as named, symbolic links and all:
 * it is theirs. Below it, every folder and file stagedoc makes is created
 * and opened one level at a time relative to its parent, never through a
 * symbolic link (O_NOFOLLOW): a link planted at out/<id> cannot send a
 * student's documents elsewhere. A destination that exists and is not a
 * regular file (a link, a FIFO, a folder) is refused, not replaced. */
#ifndef STAGEDOC_UTIL_ATOMIC_H
#define STAGEDOC_UTIL_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "strbuf.h"

/* Creates dir and its parents (mode 0755) as needed: a folder the user
 * named, links followed. */
bool atomic_make_dirs(const char *dir, struct strbuf *error);
/* Writes path atomically; its folder must exist. False with "path : reason"
 * in error. */
bool atomic_write(const char *path, const void *data, size_t size, struct strbuf *error);
/* Writes root/relative atomically: root is created as named, the folders
 * of relative below it without following links. Every part of relative
 * must pass atomic_name_problem. */
bool atomic_write_under(const char *root, const char *relative, const void *data, size_t size,
                        struct strbuf *error);
/* A file written a piece at a time (a package too large to hold in
 * memory): a hidden temporary beside root/relative, made as
 * atomic_write_under makes it and registered with interrupt.h, then
 * renamed over the destination (atomic_commit) or removed
 * (atomic_abandon). Both end the file, whatever they return. */
#define ATOMIC_TEMPORARY_SIZE 216 /* ".NAME.XXXXXX", NAME at most 200 bytes */
struct atomic_file {
    int dir_fd, fd, slot;
    char *name, *shown; /* in the folder; as messages name it */
    char temporary[ATOMIC_TEMPORARY_SIZE];
};
bool atomic_begin_under(const char *root, const char *relative, struct atomic_file *file,
                        struct strbuf *error);
bool atomic_file_write(struct atomic_file *file, const void *data, size_t size,
                       struct strbuf *error);
bool atomic_commit(struct atomic_file *file, struct strbuf *error);
/* atomic_commit with the file's permissions given (atomic_commit: 0644);
 * the temporary is 0600 until then, so a secret is never readable by
 * others, not even for a moment. */
bool atomic_commit_mode(struct atomic_file *file, mode_t mode, struct strbuf *error);
void atomic_abandon(struct atomic_file *file);
/* The folder root/relative (relative may be ""), opened without following
 * links below root and without creating anything: a descriptor, or -1
 * with the reason in error. */
int atomic_open_folder_under(const char *root, const char *relative, struct strbuf *error);
/* Why name cannot be one part of a path stagedoc makes from data (a
 * document's file name, a student's folder), in French; NULL when it can:
 * not empty, no '/', not starting with '.' (« .. » climbs out, « . » hides),
 * no control character, at most 200 bytes. */
const char *atomic_name_problem(const char *name);
/* The same for a relative path of such names separated by '/'. */
const char *atomic_relative_problem(const char *relative);

#endif
