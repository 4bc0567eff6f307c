/* file.c — bounded whole-file reads and small path helpers. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "interrupt.h"

#define READ_CHUNK ((size_t)64 << 10) /* a pipe's first read, and its least growth */

static enum file_status status_from_errno(int err)
{
    return err == ENOENT || err == ENOTDIR ? FILE_NOT_FOUND : FILE_UNREADABLE;
}

static enum file_status read_stream(FILE *fp, size_t *size, char **data)
{
    char *buffer = malloc(*size + 1);
    if (!buffer)
        return FILE_NO_MEMORY;
    size_t got = fread(buffer, 1, *size, fp);
    /* A file that grew or shrank since stat() is read as it is now,
     * but never past the bound already checked. */
    if (got != *size && ferror(fp)) {
        free(buffer);
        return FILE_UNREADABLE;
    }
    buffer[got] = '\0';
    *data = buffer;
    *size = got;
    return FILE_OK;
}

/* Pipes and terminals have no size: read until the end or past the bound. */
static enum file_status read_unsized(FILE *fp, size_t max_size, char **data, size_t *size)
{
    size_t capacity = 0, used = 0;
    char *buffer = NULL;
    do { /* a full buffer: past the bound, or grown by a chunk at least */
        if (capacity > max_size) {
            free(buffer);
            *size = used;
            return FILE_TOO_LARGE;
        }
        if (!ARRAY_GROW(buffer, capacity, used + READ_CHUNK)) {
            free(buffer);
            return FILE_NO_MEMORY;
        }
        used += fread(buffer + used, 1, capacity - used, fp);
    } while (used == capacity);
    /* used < capacity: room for the final NUL */
    if (ferror(fp) || used > max_size) {
        free(buffer);
        *size = used;
        return ferror(fp) ? FILE_UNREADABLE : FILE_TOO_LARGE;
    }
    buffer[used] = '\0';
    *data = buffer;
    *size = used;
    return FILE_OK;
}

int file_open_regular_fd(const char *path, enum file_status *status)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        *status = status_from_errno(errno);
        return -1;
    }
    if (fstat(fd, &st) != 0) {
        *status = status_from_errno(errno);
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *status = S_ISDIR(st.st_mode) ? FILE_UNREADABLE : FILE_NOT_REGULAR;
        close(fd);
        return -1;
    }
    /* Regular files never block; the flag only mattered for the open. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *status = FILE_OK;
    return fd;
}

FILE *file_open_regular(const char *path, enum file_status *status)
{
    int fd = file_open_regular_fd(path, status);
    FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !fp) {
        close(fd);
        *status = FILE_NO_MEMORY;
    }
    return fp;
}

enum file_status file_read_all(const char *path, size_t max_size, char **data,
                               size_t *size)
{
    struct stat st;
    enum file_status status;
    *data = NULL;
    *size = 0;
    if (strcmp(path, "-") == 0)
        return read_unsized(stdin, max_size, data, size);
    FILE *fp = file_open_regular(path, &status);
    if (!fp)
        return status;
    if (fstat(fileno(fp), &st) != 0 || (unsigned long long)st.st_size > max_size) {
        *size = (size_t)st.st_size;
        fclose(fp);
        return FILE_TOO_LARGE;
    }
    *size = (size_t)st.st_size;
    status = read_stream(fp, size, data);
    fclose(fp);
    return status;
}

FILE *file_open_temporary(const char *dir)
{
    char *path = path_join(dir, "stagedoc-XXXXXX");
    interrupt_hold(); /* a signal between the two would leave the file behind */
    int fd = path ? mkstemp(path) : -1;
    if (fd >= 0)
        unlink(path);
    interrupt_release();
    free(path);
    FILE *file = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (fd >= 0 && !file)
        close(fd);
    return file;
}

bool file_write_all(int fd, const void *data, size_t size)
{
    const unsigned char *at = data;
    while (size > 0) {
        ssize_t written = write(fd, at, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        at += written;
        size -= (size_t)written;
    }
    return true;
}

const char *file_status_message(enum file_status status)
{
    switch (status) {
    case FILE_OK: return "lu";
    case FILE_NOT_FOUND: return "fichier introuvable";
    case FILE_UNREADABLE: return "fichier illisible (droits, dossier ou erreur de lecture)";
    case FILE_TOO_LARGE: return "fichier trop volumineux";
    case FILE_NO_MEMORY: return "mémoire insuffisante";
    case FILE_NOT_REGULAR:
        return "ce n'est pas un fichier ordinaire (tube, périphérique ou socket) : "
               "donnez le chemin d'un fichier";
    }
    return "erreur inconnue";
}

bool file_is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *path_join(const char *dir, const char *name)
{
    size_t dlen = strlen(dir), nlen = strlen(name);
    bool slash = dlen > 0 && dir[dlen - 1] != '/';
    char *joined = malloc(dlen + slash + nlen + 1);
    if (!joined)
        return NULL;
    memcpy(joined, dir, dlen);
    if (slash)
        joined[dlen] = '/';
    memcpy(joined + dlen + slash, name, nlen + 1);
    return joined;
}

char *path_executable_dir(void)
{
    char buffer[4096];
    ssize_t len = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (len <= 0)
        return NULL;
    buffer[len] = '\0';
    char *slash = strrchr(buffer, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return strdup(buffer[0] ? buffer : "/");
}
