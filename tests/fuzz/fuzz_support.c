/* fuzz_support.c — scratch files and the mirrored templates folder of the
 * harnesses (see fuzz.h). Failures here are the machine's, not stagedoc's,
 * so they abort: a fuzzer that silently tests nothing is worse. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_TEMPLATES_DIR
#define FUZZ_TEMPLATES_DIR "templates"
#endif

static char scratch[64];

const char *fuzz_templates_dir(void)
{
    const char *dir = getenv("STAGEDOC_TEMPLATES");
    return dir && *dir ? dir : FUZZ_TEMPLATES_DIR;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_scratch(void)
{
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *joined(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);
    if (!path)
        abort();
    snprintf(path, size, "%s/%s", dir, name);
    return path;
}

const char *fuzz_scratch_dir(void)
{
    if (!scratch[0]) {
        strcpy(scratch, "/tmp/stagedoc-fuzz-XXXXXX");
        if (!mkdtemp(scratch))
            abort();
        atexit(remove_scratch);
    }
    return scratch;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file || (size && fwrite(data, 1, size, file) != size) || fclose(file) != 0)
        abort();
}

char *fuzz_write_scratch(const char *name, const uint8_t *data, size_t size)
{
    char *path = joined(fuzz_scratch_dir(), name);
    write_file(path, data, size);
    return path;
}

/* Links every file of from into to, recursing into folders. */
static void mirror_folder(const char *from, const char *to)
{
    DIR *dir = opendir(from);
    if (!dir || (mkdir(to, 0700) != 0))
        abort();
    for (struct dirent *entry; (entry = readdir(dir));) {
        if (entry->d_name[0] == '.')
            continue;
        char *source = joined(from, entry->d_name);
        char *target = joined(to, entry->d_name);
        struct stat st;
        if (stat(source, &st) != 0)
            abort();
        if (S_ISDIR(st.st_mode))
            mirror_folder(source, target);
        else if (symlink(source, target) != 0)
            abort();
        free(source);
        free(target);
    }
    closedir(dir);
}

char *fuzz_mirror_templates(const char *name)
{
    char *mirror = joined(fuzz_scratch_dir(), name);
    char *from = realpath(fuzz_templates_dir(), NULL);
    if (!from)
        abort();
    mirror_folder(from, mirror);
    free(from);
    return mirror;
}

void fuzz_replace_in_mirror(const char *mirror, const char *relative, const uint8_t *data,
                            size_t size)
{
    char *path = joined(mirror, relative);
    unlink(path);
    write_file(path, data, size);
    free(path);
}
