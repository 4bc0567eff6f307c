/* confine.c — files an input names, opened only under a root folder:
 * through openat2 when the kernel has it, else after a realpath prefix
 * check. Each step is linear in the path's length. */
#define _GNU_SOURCE /* O_PATH, syscall, realpath */
#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
/* openat2 says EAGAIN when a rename raced the walk; tried again this often. */
#define RACE_RETRIES 4

/* The root, as the user wrote it made absolute, and with its links
 * resolved: a path may name it either way. */
struct root {
    char *written;  /* "/srv/depots" */
    char *resolved; /* NULL when the root does not exist */
    int fd;         /* O_PATH descriptor of resolved, -1 */
};

static enum file_status status_from_errno(int error)
{
    if (error == ENOMEM)
        return FILE_NO_MEMORY;
    return error == ENOENT || error == ENOTDIR ? FILE_NOT_FOUND : FILE_UNREADABLE;
}

/* path made absolute against the current folder, without resolving
 * anything (heap). */
static char *absolute(const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    char here[PATH_MAX];
    return getcwd(here, sizeof here) ? path_join(here, path) : NULL;
}

/* An absolute path without ".", ".." nor repeated '/', read as words
 * ("a/link/.." is "a"): for deciding where a path starts, never for opening
 * it. Each character is copied once and removed at most once. Heap. */
static char *lexical_normal(const char *path)
{
    size_t length = strlen(path);
    char *out = malloc(length + 2);
    if (!out)
        return NULL;
    size_t used = 0;
    for (const char *at = path; *at;) {
        while (*at == '/')
            at++;
        size_t word = strcspn(at, "/");
        if (word == 2 && at[0] == '.' && at[1] == '.') {
            while (used > 0 && out[used - 1] != '/')
                used--;
            if (used > 0)
                used--; /* the '/' before the word removed */
        } else if (word > 0 && !(word == 1 && at[0] == '.')) {
            out[used++] = '/';
            memcpy(out + used, at, word);
            used += word;
        }
        at += word;
    }
    if (used == 0)
        out[used++] = '/';
    out[used] = '\0';
    return out;
}

/* What of path lies beneath root ("" for the root itself), or NULL. */
static const char *beneath(const char *path, const char *root)
{
    if (!root)
        return NULL;
    size_t length = strlen(root);
    if (strcmp(root, "/") == 0)
        length = 0;
    if (strncmp(path, root, length) != 0 || (path[length] != '/' && path[length] != '\0'))
        return NULL;
    path += length;
    while (*path == '/')
        path++;
    return path;
}

static bool root_open(struct root *root, const char *path)
{
    char *written = absolute(path);
    root->written = written ? lexical_normal(written) : NULL;
    free(written);
    root->resolved = realpath(path, NULL);
    root->fd = root->resolved ? open(root->resolved, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    return root->written != NULL;
}

static void root_close(struct root *root)
{
    if (root->fd >= 0)
        close(root->fd);
    free(root->written);
    free(root->resolved);
}

/* What of full lies beneath the root, as written or with its ".." read as
 * words (heap, "." for the root itself), or NULL when it is elsewhere. */
static char *relative_to_root(const struct root *root, const char *full)
{
    const char *rest = beneath(full, root->resolved);
    if (!rest)
        rest = beneath(full, root->written);
    char *normal = NULL;
    if (!rest && (normal = lexical_normal(full)) != NULL) {
        rest = beneath(normal, root->resolved);
        if (!rest)
            rest = beneath(normal, root->written);
    }
    char *relative = rest ? strdup(*rest ? rest : ".") : NULL;
    free(normal);
    return relative;
}

/* folder/written, the folder with its links resolved when it exists. */
static char *full_path(const char *folder, const char *written)
{
    if (written[0] == '/')
        return strdup(written);
    char *resolved = realpath(folder, NULL);
    char *start = resolved ? resolved : absolute(folder);
    char *full = start ? path_join(start, written) : NULL;
    free(start);
    return full;
}

/* The kernel's walk from the root, refusing any way out. -1 with errno
 * ENOSYS when this kernel (or a sandbox) has no openat2. */
static int open_beneath(int root_fd, const char *relative)
{
#ifdef SYS_openat2
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)OPEN_FLAGS;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = -1;
    for (int i = 0; i < RACE_RETRIES; i++) {
        fd = syscall(SYS_openat2, root_fd, relative, &how, sizeof how);
        if (fd >= 0 || errno != EAGAIN)
            break;
    }
    if (fd < 0 && (errno == EPERM || errno == EINVAL || errno == E2BIG))
        errno = ENOSYS; /* a seccomp filter, or an older openat2 */
    return (int)fd;
#else
    (void)root_fd;
    (void)relative;
    errno = ENOSYS;
    return -1;
#endif
}

/* Without openat2: the path with its links resolved must start with the
 * root's; it is then opened as resolved, its last link refused (a folder
 * swapped for a link between the two is the one race left). A missing
 * file is outside when its words lead out; a dangling link inside that
 * leads out is said missing. */
static int open_resolved(const struct root *root, const char *full, struct confine_result *result)
{
    char *resolved = realpath(full, NULL);
    if (!resolved) { /* missing: outside if its words lead out */
        int error = errno;
        char *normal = lexical_normal(full);
        result->outside = !normal || (!beneath(normal, root->resolved) &&
                                      !beneath(normal, root->written));
        result->status = status_from_errno(error);
        free(normal);
        return -1;
    }
    int fd = -1;
    if (!beneath(resolved, root->resolved)) {
        result->outside = true;
        errno = EXDEV;
    } else {
        fd = open(resolved, OPEN_FLAGS | O_NOFOLLOW);
        if (fd < 0)
            result->status = status_from_errno(errno);
    }
    free(resolved);
    return fd;
}

/* What was opened must be a regular file; it then reads without O_NONBLOCK. */
static int keep_regular(int fd, struct confine_result *result)
{
    struct stat st;
    bool stated = fstat(fd, &st) == 0;
    if (!stated || !S_ISREG(st.st_mode)) {
        result->status = stated && !S_ISDIR(st.st_mode) ? FILE_NOT_REGULAR : FILE_UNREADABLE;
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    result->status = FILE_OK;
    return fd;
}

static int open_confined(const struct root *root, const char *full,
                         struct confine_result *result)
{
    char *relative = relative_to_root(root, full);
    if (!relative || root->fd < 0) {
        result->outside = true;
        free(relative);
        return -1;
    }
    int fd = open_beneath(root->fd, relative);
    free(relative);
    if (fd < 0 && errno == ENOSYS)
        fd = open_resolved(root, full, result);
    else if (fd < 0 && errno == EXDEV)
        result->outside = true;
    else if (fd < 0)
        result->status = status_from_errno(errno);
    return fd < 0 ? -1 : keep_regular(fd, result);
}

int confine_open(const char *root, const char *folder, const char *written,
                 struct confine_result *result)
{
    result->outside = false;
    result->status = FILE_NO_MEMORY;
    if (!root) {
        char *path = written[0] == '/' ? strdup(written) : path_join(folder, written);
        int fd = path ? file_open_regular_fd(path, &result->status) : -1;
        free(path);
        return fd;
    }
    struct root opened;
    char *full = full_path(folder, written);
    int fd = -1;
    if (root_open(&opened, root) && full)
        fd = open_confined(&opened, full, result);
    root_close(&opened);
    free(full);
    return fd;
}

/* Reads size bytes (what fstat said) or up to the end, if it came first. */
static bool read_fully(int fd, char *buffer, size_t *size)
{
    size_t got = 0;
    while (got < *size) {
        ssize_t n = read(fd, buffer + got, *size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    buffer[got] = '\0';
    *size = got;
    return true;
}

bool confine_read_all(const char *root, const char *folder, const char *written,
                      size_t max_size, char **data, size_t *size,
                      struct confine_result *result)
{
    *data = NULL;
    *size = 0;
    int fd = confine_open(root, folder, written, result);
    if (fd < 0)
        return false;
    struct stat st;
    char *buffer = NULL;
    if (fstat(fd, &st) != 0) {
        result->status = FILE_UNREADABLE;
    } else if ((unsigned long long)st.st_size > max_size) {
        *size = (size_t)st.st_size;
        result->status = FILE_TOO_LARGE;
    } else if (!(buffer = malloc((size_t)st.st_size + 1))) {
        result->status = FILE_NO_MEMORY;
    } else {
        *size = (size_t)st.st_size;
        if (!read_fully(fd, buffer, size)) {
            free(buffer);
            buffer = NULL;
            *size = 0;
            result->status = FILE_UNREADABLE;
        }
    }
    close(fd);
    *data = buffer;
    return buffer != NULL;
}

bool confine_leads_out(const char *root, const char *folder, const char *written)
{
    if (!root)
        return false;
    struct confine_result result;
    int fd = confine_open(root, folder, written, &result);
    if (fd >= 0)
        close(fd);
    return result.outside;
}
