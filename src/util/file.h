/* file.h — reading whole files with a size bound, and path helpers.
 *
 * Inputs are read into memory once, so that the loader can refuse an
 * oversized file before parsing and diagnostics can quote positions. */
#ifndef STAGEDOC_UTIL_FILE_H
#define STAGEDOC_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum file_status {
    FILE_OK = 0,
    FILE_NOT_FOUND,   /* missing, or a path component is missing */
    FILE_UNREADABLE,  /* permissions, a folder, or a read error */
    FILE_TOO_LARGE,   /* over the caller's bound: nothing was read */
    FILE_NO_MEMORY,
    FILE_NOT_REGULAR, /* a pipe, device or socket named as a file */
};

/* Reads path ("-" for standard input; pipes are read to their end) into a
 * NUL-terminated heap buffer. On FILE_TOO_LARGE, *size holds the file's
 * size (or what was read of a pipe) so the caller can say it. */
enum file_status file_read_all(const char *path, size_t max_size, char **data,
                               size_t *size);
const char *file_status_message(enum file_status status);
/* Opens path for reading only if it is a regular file: the open does not
 * block (a FIFO with no writer would hang a plain fopen) and fstat checks
 * what was opened, not what the name pointed to a moment before. NULL with
 * *status set otherwise. Every input a user names goes through here. */
FILE *file_open_regular(const char *path, enum file_status *status);
/* The same as a descriptor (O_RDONLY | O_CLOEXEC), -1 on failure. */
int file_open_regular_fd(const char *path, enum file_status *status);
/* An unlinked temporary file in $TMPDIR (else /tmp), read and written:
 * room on disk for what must not stay in memory, gone with the process.
 * NULL when none can be made. */
FILE *file_open_temporary(const char *dir);
/* Writes all of data to fd, going on after short writes and signals;
 * false on an error (errno says which). */
bool file_write_all(int fd, const void *data, size_t size);

bool file_is_directory(const char *path);
/* Joins a folder and a relative name with one '/'; heap string or NULL. */
char *path_join(const char *dir, const char *name);
/* The folder of the running executable (heap), or NULL when unknown. */
char *path_executable_dir(void);

#endif
