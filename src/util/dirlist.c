/* dirlist.c — a recursive readdir, then qsort. */
#include "dirlist.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "file.h"

#define MAX_DEPTH 16

static bool ends_with(const char *name, const char *suffix)
{
    size_t len = strlen(name), suffix_len = strlen(suffix);
    return len > suffix_len && strcasecmp(name + len - suffix_len, suffix) == 0;
}

static bool add_path(struct path_list *list, char *path)
{
    char **grown = realloc(list->paths, (list->count + 1) * sizeof *grown);
    if (!grown) {
        free(path);
        return false;
    }
    list->paths = grown;
    list->paths[list->count++] = path;
    return true;
}

static bool walk(const char *dir, const char *suffix, int depth, struct path_list *list,
                 struct strbuf *error)
{
    DIR *stream = opendir(dir);
    if (!stream) {
        strbuf_printf(error, "%s : %s", dir, strerror(errno));
        return false;
    }
    bool ok = true;
    for (struct dirent *entry = readdir(stream); ok && entry; entry = readdir(stream)) {
        if (entry->d_name[0] == '.')
            continue;
        char *path = path_join(dir, entry->d_name);
        struct stat info;
        if (!path || lstat(path, &info) != 0) {
            free(path);
            continue;
        }
        if (S_ISDIR(info.st_mode) && depth < MAX_DEPTH) {
            ok = walk(path, suffix, depth + 1, list, error);
            free(path);
        } else if ((S_ISREG(info.st_mode) || S_ISLNK(info.st_mode)) &&
                   ends_with(entry->d_name, suffix)) {
            ok = add_path(list, path);
            if (!ok)
                strbuf_puts(error, "mémoire insuffisante");
        } else {
            free(path);
        }
    }
    closedir(stream);
    return ok;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool dirlist_find(const char *dir, const char *suffix, struct path_list *list,
                  struct strbuf *error)
{
    memset(list, 0, sizeof *list);
    bool ok = walk(dir, suffix, 0, list, error);
    if (ok && list->count > 1)
        qsort(list->paths, list->count, sizeof *list->paths, compare_paths);
    return ok;
}

void path_list_free(struct path_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof *list);
}
