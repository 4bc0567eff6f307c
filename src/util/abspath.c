/* abspath.c — absolute folders (realpath is XSI, hence the feature macro). */
#define _XOPEN_SOURCE 700
#include "abspath.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

char *path_folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    return strndup(path, (size_t)(slash - path) + (slash == path));
}

char *path_absolute(const char *path)
{
    char resolved[PATH_MAX];
    if (realpath(path, resolved))
        return strdup(resolved);
    if (path[0] == '/')
        return strdup(path);
    return getcwd(resolved, sizeof resolved) ? path_join(resolved, path) : NULL;
}
