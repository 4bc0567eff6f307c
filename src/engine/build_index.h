/* build_index.h — the output folder's index.tsv, and what it lets a build
 * clean up.
 *
 * index.tsv lists every file builds wrote into the folder: the stage's id,
 * the document, the file (relative to the folder) and the input it came
 * from (as named on the command line). A build of some inputs keeps the
 * lines of other inputs as they are, and removes the files an earlier build
 * of the same inputs wrote that no longer belong to any of their stages (a
 * row removed, a student renamed): never a file it did not write, never a
 * signed PDF (kept, and said), and with --stage, never another student's. */
#ifndef STAGEDOC_ENGINE_BUILD_INDEX_H
#define STAGEDOC_ENGINE_BUILD_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

#define BUILD_INDEX_HEADER "id\tdocument\tfichier\tsource\n"

struct build_index_run {
    struct sd_run *sd;          /* hears what is removed or kept */
    const char *output_dir;
    char *const *inputs;        /* this run's inputs */
    size_t input_count;
    /* --stage: only these students were rebuilt (NULL: all); by id. */
    bool (*rebuilt)(const char *id, void *data);
    void *rebuilt_data;
};

/* Merges this run's lines (fresh: "id\tdocument\tfile\tsource\n" each)
 * with the folder's earlier index into out, removing stale files; each
 * removal or kept signed file is told to the run. */
void build_index_merge(const struct build_index_run *run, const char *fresh, struct strbuf *out);

/* The number of signatures a PDF file at path carries (0 when it is not a
 * readable PDF or has none). */
size_t build_index_signatures(const char *path);

#endif
