/* atomic.c — temporary file, then rename; folders below an output folder
 * opened level by level with O_NOFOLLOW (see atomic.h). */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "interrupt.h"

/* Room for ".NAME.XXXXXX" within the 255 bytes of a file name. */
#define NAME_MAX_BYTES 200
#define TEMPORARY_ATTEMPTS 100
_Static_assert(ATOMIC_TEMPORARY_SIZE >= NAME_MAX_BYTES + 16, "room for .NAME.XXXXXX");

bool atomic_make_dirs(const char *dir, struct strbuf *error)
{
    char *path = strdup(dir);
    if (!path) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    bool ok = true;
    for (char *slash = path + 1; ok; slash++) {
        bool end = *slash == '\0';
        if (*slash != '/' && !end)
            continue;
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            strbuf_printf(error, "%s : impossible de créer le dossier (%s)", path, strerror(errno));
            ok = false;
        }
        if (end)
            break;
        *slash = '/';
    }
    free(path);
    return ok;
}

const char *atomic_name_problem(const char *name)
{
    if (!*name)
        return "nom vide";
    if (name[0] == '.')
        return "le nom commence par « . » (« .. » sortirait du dossier, « . » cache le fichier)";
    if (strlen(name) > NAME_MAX_BYTES)
        return "nom trop long (plus de 200 octets)";
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c == '/')
            return "le nom contient « / »";
        if (*c < 0x20 || *c == 0x7F)
            return "le nom contient un caractère de contrôle";
    }
    return NULL;
}

const char *atomic_relative_problem(const char *relative)
{
    char *copy = strdup(relative);
    if (!copy)
        return "mémoire insuffisante";
    const char *problem = *copy ? NULL : "nom vide";
    char *save = NULL;
    for (char *part = strtok_r(copy, "/", &save); part && !problem;
         part = strtok_r(NULL, "/", &save))
        problem = atomic_name_problem(part);
    if (!problem && (relative[0] == '/' || strstr(relative, "//") ||
                     relative[strlen(relative) - 1] == '/'))
        problem = "chemin absolu ou « / » en trop";
    free(copy);
    return problem;
}

/* What a non-regular file is, for messages. */
static const char *kind_of(mode_t mode)
{
    return S_ISLNK(mode) ? "un lien symbolique" : S_ISDIR(mode) ? "un dossier"
         : S_ISFIFO(mode) ? "un tube (FIFO)" : S_ISSOCK(mode) ? "une socket"
                          : "un fichier spécial";
}

/* dir_fd/name, a folder, created when missing, opened without following a
 * link; shown names it in messages. */
static int open_child_folder(int dir_fd, const char *name, const char *shown, bool create,
                             struct strbuf *error)
{
    if (create && mkdirat(dir_fd, name, 0755) != 0 && errno != EEXIST) {
        strbuf_printf(error, "%s : impossible de créer le dossier (%s)", shown, strerror(errno));
        return -1;
    }
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        return fd;
    int saved = errno;
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
        strbuf_printf(error, "%s : c'est %s, pas un dossier ; stagedoc n'écrit pas à travers "
                             "(un lien pourrait mener hors du dossier de sortie)",
                      shown, kind_of(st.st_mode));
    else
        strbuf_printf(error, "%s : dossier illisible (%s)", shown, strerror(saved));
    return -1;
}

static int open_under(const char *root, const char *relative, bool create,
                      struct strbuf *error)
{
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        strbuf_printf(error, "%s : dossier illisible (%s)", root, strerror(errno));
        return -1;
    }
    char *copy = strdup(relative);
    struct strbuf shown = STRBUF_INIT;
    strbuf_puts(&shown, root);
    char *save = NULL;
    for (char *part = copy ? strtok_r(copy, "/", &save) : NULL; part && fd >= 0;
         part = strtok_r(NULL, "/", &save)) {
        strbuf_printf(&shown, "/%s", part);
        int child = open_child_folder(fd, part, strbuf_str(&shown), create, error);
        close(fd);
        fd = child;
    }
    if (!copy) {
        strbuf_puts(error, "mémoire insuffisante");
        close(fd);
        fd = -1;
    }
    free(copy);
    strbuf_free(&shown);
    return fd;
}

int atomic_open_folder_under(const char *root, const char *relative, struct strbuf *error)
{
    return open_under(root, relative, false, error);
}

/* A new hidden file beside name, ".NAME.XXXXXX", created (never opened
 * through a link); its name goes to temporary. */
static int create_temporary(int dir_fd, const char *name, char *temporary, size_t size)
{
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    static unsigned counter;
    /* Unguessable, and no clock: the engine reads none. Without entropy,
     * the process id and the counter still make the names differ. */
    unsigned long seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
        seed = (unsigned long)getpid() << 16;
    for (int attempt = 0; attempt < TEMPORARY_ATTEMPTS; attempt++) {
        unsigned long value = seed + 7919ul * ++counter;
        char suffix[7];
        for (int i = 0; i < 6; i++, value /= 36)
            suffix[i] = digits[value % 36];
        suffix[6] = '\0';
        snprintf(temporary, size, ".%.*s.%s", NAME_MAX_BYTES, name, suffix);
        int fd = openat(dir_fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* A temporary beside dir_fd/name, made and registered with interrupt.h;
 * file takes dir_fd (-1 on failure, when it is closed) and shown names it
 * in messages. */
static bool begin_in(int dir_fd, const char *name, const char *shown, struct atomic_file *file,
                     struct strbuf *error)
{
    *file = (struct atomic_file){.dir_fd = dir_fd, .fd = -1, .slot = -1,
                                 .name = strdup(name), .shown = strdup(shown)};
    struct stat st;
    if (!file->name || !file->shown) {
        strbuf_puts(error, "mémoire insuffisante");
    } else if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
        strbuf_printf(error, "%s : c'est %s, pas un fichier ordinaire ; stagedoc ne le remplace "
                             "pas et n'écrit pas à travers", shown, kind_of(st.st_mode));
    } else {
        interrupt_hold(); /* a signal between the two would leave the file behind */
        file->fd = create_temporary(dir_fd, name, file->temporary, sizeof file->temporary);
        int saved = errno;
        file->slot = file->fd >= 0 ? interrupt_track_file(dir_fd, file->temporary) : -1;
        interrupt_release();
        if (file->fd < 0) {
            file->temporary[0] = '\0'; /* not ours: never to be removed */
            strbuf_printf(error, "%s : écriture impossible (%s)", shown, strerror(saved));
        }
    }
    if (file->fd >= 0)
        return true;
    atomic_abandon(file);
    return false;
}

bool atomic_file_write(struct atomic_file *file, const void *data, size_t size,
                       struct strbuf *error)
{
    if (file_write_all(file->fd, data, size))
        return true;
    strbuf_printf(error, "%s : écriture impossible (%s)", file->shown, strerror(errno));
    return false;
}

bool atomic_commit(struct atomic_file *file, struct strbuf *error)
{
    return atomic_commit_mode(file, 0644, error);
}

bool atomic_commit_mode(struct atomic_file *file, mode_t mode, struct strbuf *error)
{
    /* No fsync: rename already gives readers the old file or the whole new
     * one; flushing each of thousands of documents to disk would cost more
     * than making them. */
    bool ok = fchmod(file->fd, mode) == 0;
    int saved = errno;
    ok = close(file->fd) == 0 && ok;
    file->fd = -1;
    if (ok && renameat(file->dir_fd, file->temporary, file->dir_fd, file->name) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok)
        strbuf_printf(error, "%s : écriture impossible (%s)", file->shown, strerror(saved));
    else
        file->temporary[0] = '\0'; /* renamed: nothing to remove */
    atomic_abandon(file);
    return ok;
}

void atomic_abandon(struct atomic_file *file)
{
    if (file->fd >= 0)
        close(file->fd);
    if (file->temporary[0] && file->dir_fd >= 0)
        unlinkat(file->dir_fd, file->temporary, 0);
    if (file->slot >= 0)
        interrupt_untrack_file(file->slot);
    if (file->dir_fd >= 0)
        close(file->dir_fd);
    free(file->name);
    free(file->shown);
    *file = (struct atomic_file){.dir_fd = -1, .fd = -1, .slot = -1};
}

/* dir_fd/name written through a temporary; shown names it in messages.
 * dir_fd is taken (closed). */
static bool write_in(int dir_fd, const char *name, const char *shown, const void *data,
                     size_t size, struct strbuf *error)
{
    struct atomic_file file;
    if (!begin_in(dir_fd, name, shown, &file, error))
        return false;
    if (!atomic_file_write(&file, data, size, error)) {
        atomic_abandon(&file);
        return false;
    }
    return atomic_commit(&file, error);
}

bool atomic_write(const char *path, const void *data, size_t size, struct strbuf *error)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char *folder = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    int dir_fd = folder ? open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    bool ok = false;
    if (dir_fd < 0)
        strbuf_printf(error, "%s : écriture impossible (%s)", path,
                      folder ? strerror(errno) : "mémoire insuffisante");
    else if (!*name)
        close(dir_fd);
    else
        ok = write_in(dir_fd, name, path, data, size, error); /* takes dir_fd */
    if (!*name)
        strbuf_printf(error, "%s : un nom de fichier est attendu, pas un dossier", path);
    free(folder);
    return ok;
}

bool atomic_begin_under(const char *root, const char *relative, struct atomic_file *file,
                        struct strbuf *error)
{
    *file = (struct atomic_file){.dir_fd = -1, .fd = -1, .slot = -1};
    const char *problem = atomic_relative_problem(relative);
    if (problem) {
        strbuf_printf(error, "%s/%s : %s", root, relative, problem);
        return false;
    }
    const char *slash = strrchr(relative, '/');
    char *folder = slash ? strndup(relative, (size_t)(slash - relative)) : strdup("");
    struct strbuf shown = STRBUF_INIT;
    strbuf_printf(&shown, "%s/%s", root, relative);
    int dir_fd = -1;
    if (!folder)
        strbuf_puts(error, "mémoire insuffisante");
    else if (atomic_make_dirs(root, error))
        dir_fd = open_under(root, folder, true, error);
    bool ok = dir_fd >= 0 &&
              begin_in(dir_fd, slash ? slash + 1 : relative, strbuf_str(&shown), file, error);
    free(folder);
    strbuf_free(&shown);
    return ok;
}

bool atomic_write_under(const char *root, const char *relative, const void *data, size_t size,
                        struct strbuf *error)
{
    struct atomic_file file;
    if (!atomic_begin_under(root, relative, &file, error))
        return false;
    if (!atomic_file_write(&file, data, size, error)) {
        atomic_abandon(&file);
        return false;
    }
    return atomic_commit(&file, error);
}
