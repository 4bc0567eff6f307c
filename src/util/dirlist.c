/* dirlist.c — a recursive readdir through descriptors (openat with
 * O_NOFOLLOW, fstatat without following), then qsort. */
#include "dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array.h"
#include "file.h"

struct walk {
    const char *suffix;
    bool list_links;                /* links named *suffix listed as files */
    struct path_list *list;
    struct dirlist_skipped *skipped; /* NULL: not reported */
    struct strbuf *error;
};

static bool ends_with(const char *name, const char *suffix)
{
    size_t len = strlen(name), suffix_len = strlen(suffix);
    return len > suffix_len && strcasecmp(name + len - suffix_len, suffix) == 0;
}

static bool add_path(struct path_list *list, char *path)
{
    if (!ARRAY_GROW(list->paths, list->capacity, list->count + 1)) {
        free(path);
        return false;
    }
    list->paths[list->count++] = path;
    return true;
}

/* path (taken) to the skipped list, or freed when nobody asked. */
static bool skip(struct walk *walk, char *path, enum dirlist_skip reason)
{
    struct dirlist_skipped *skipped = walk->skipped;
    if (!skipped) {
        free(path);
        return true;
    }
    if (!ARRAY_GROW(skipped->reasons, skipped->reason_capacity, skipped->list.count + 1)) {
        free(path);
        return false;
    }
    skipped->reasons[skipped->list.count] = reason;
    return add_path(&skipped->list, path);
}

static bool walk_folder(struct walk *walk, int dir_fd, const char *dir, int depth);

/* One entry of the folder open as dir_fd; path is taken. */
static bool visit(struct walk *walk, int dir_fd, const char *name, char *path, int depth)
{
    struct stat info;
    if (fstatat(dir_fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        free(path); /* gone since readdir */
        return true;
    }
    bool wanted = ends_with(name, walk->suffix);
    if (name[0] == '.') /* hidden: a temporary, or someone's hiding place */
        return S_ISDIR(info.st_mode) || wanted ? skip(walk, path, DIRLIST_HIDDEN)
                                               : (free(path), true);
    if (S_ISLNK(info.st_mode))
        return walk->list_links && wanted ? add_path(walk->list, path)
                                          : skip(walk, path, DIRLIST_LINK);
    if (S_ISREG(info.st_mode))
        return wanted ? add_path(walk->list, path) : (free(path), true);
    if (!S_ISDIR(info.st_mode))
        return skip(walk, path, DIRLIST_NOT_REGULAR);
    if (depth >= DIRLIST_MAX_DEPTH)
        return skip(walk, path, DIRLIST_TOO_DEEP);
    int child = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0)
        return skip(walk, path, DIRLIST_UNREADABLE);
    bool ok = walk_folder(walk, child, path, depth + 1);
    free(path);
    return ok;
}

/* Walks the folder open as dir_fd (closed here), named dir in paths. */
static bool walk_folder(struct walk *walk, int dir_fd, const char *dir, int depth)
{
    DIR *stream = fdopendir(dir_fd);
    if (!stream) {
        close(dir_fd);
        return skip(walk, strdup(dir), DIRLIST_UNREADABLE);
    }
    bool ok = true;
    for (struct dirent *entry = readdir(stream); ok && entry; entry = readdir(stream)) {
        const char *name = entry->d_name;
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            continue;
        char *path = path_join(dir, name);
        ok = path && visit(walk, dirfd(stream), name, path, depth);
    }
    if (!ok)
        strbuf_puts(walk->error, "mémoire insuffisante");
    closedir(stream);
    return ok;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The skipped entries in path order too, each with its reason. */
struct skipped_entry {
    char *path;
    enum dirlist_skip reason;
};

static int compare_skipped(const void *a, const void *b)
{
    return strcmp(((const struct skipped_entry *)a)->path,
                  ((const struct skipped_entry *)b)->path);
}

static void sort_skipped(struct dirlist_skipped *skipped)
{
    size_t count = skipped->list.count;
    struct skipped_entry *entries = count > 1 ? malloc(count * sizeof *entries) : NULL;
    if (!entries)
        return; /* one entry, or no memory: the walk's order */
    for (size_t i = 0; i < count; i++)
        entries[i] = (struct skipped_entry){skipped->list.paths[i], skipped->reasons[i]};
    qsort(entries, count, sizeof *entries, compare_skipped);
    for (size_t i = 0; i < count; i++) {
        skipped->list.paths[i] = entries[i].path;
        skipped->reasons[i] = entries[i].reason;
    }
    free(entries);
}

static bool find(struct walk *walk, const char *dir)
{
    memset(walk->list, 0, sizeof *walk->list);
    if (walk->skipped)
        memset(walk->skipped, 0, sizeof *walk->skipped);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* named by the user: followed */
    if (fd < 0) {
        strbuf_printf(walk->error, "%s : %s", dir, strerror(errno));
        return false;
    }
    bool ok = walk_folder(walk, fd, dir, 0);
    if (ok && walk->list->count > 1)
        qsort(walk->list->paths, walk->list->count, sizeof *walk->list->paths, compare_paths);
    if (ok && walk->skipped)
        sort_skipped(walk->skipped);
    return ok;
}

bool dirlist_find_checked(const char *dir, const char *suffix, struct path_list *list,
                          struct dirlist_skipped *skipped, struct strbuf *error)
{
    struct walk walk = {suffix, false, list, skipped, error};
    return find(&walk, dir);
}

bool dirlist_find(const char *dir, const char *suffix, struct path_list *list,
                  struct strbuf *error)
{
    struct walk walk = {suffix, true, list, NULL, error};
    return find(&walk, dir);
}

void path_list_free(struct path_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof *list);
}

void dirlist_skipped_free(struct dirlist_skipped *skipped)
{
    path_list_free(&skipped->list);
    free(skipped->reasons);
    skipped->reasons = NULL;
    skipped->reason_capacity = 0;
}
