/* replay.c — a harness's main without libFuzzer: runs it once on each file
 * named (or each file of each folder named), so the corpus and the
 * regression inputs are replayed by `make check`, under the sanitizers in
 * `make check-asan`. Prints "N inputs" on stdout; a crash ends the run. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static unsigned char *read_whole(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    struct stat st;
    unsigned char *data = NULL;
    if (fstat(fileno(file), &st) == 0 && (data = malloc((size_t)st.st_size + 1)))
        *size = fread(data, 1, (size_t)st.st_size, file);
    fclose(file);
    return data;
}

static int replay_file(const char *path)
{
    size_t size = 0;
    unsigned char *data = read_whole(path, &size);
    if (!data) {
        fprintf(stderr, "replay: %s: illisible\n", path);
        return 0;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* In name order, so a failing input is found again at the same place. */
static long replay_folder(const char *path)
{
    struct dirent **entries;
    int count = scandir(path, &entries, NULL, NULL);
    if (count < 0)
        return replay_file(path);
    char **names = calloc((size_t)count + 1, sizeof *names);
    long done = 0;
    int kept = 0;
    for (int i = 0; i < count; i++) {
        if (entries[i]->d_name[0] != '.' && names)
            names[kept++] = strdup(entries[i]->d_name);
        free(entries[i]);
    }
    free(entries);
    if (names) {
        qsort(names, (size_t)kept, sizeof *names, compare_names);
        for (int i = 0; i < kept; i++) {
            char full[4096];
            snprintf(full, sizeof full, "%s/%s", path, names[i]);
            done += replay_file(full);
            free(names[i]);
        }
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    long done = 0;
    for (int i = 1; i < argc; i++)
        done += replay_folder(argv[i]);
    printf("%ld inputs\n", done);
    return 0;
}
