/* build_index.c — index.tsv merged with earlier builds, stale files removed. */
#include "build_index.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../package/pdf_open.h"
#include "../package/pdf_signatures.h"
#include "../util/atomic.h"
#include "../util/file.h"
#include "../util/termtext.h"
#include "run.h"

#define BUILD_INDEX_MAX_SIZE ((size_t)16 << 20)

/* How many times needle occurs in bytes. */
static size_t occurrences(const char *bytes, size_t size, const char *needle)
{
    size_t len = strlen(needle), count = 0;
    for (const char *p = bytes; size >= len && (p = memchr(p, needle[0], size - len + 1 -
                                                            (size_t)(p - bytes)));
         p++)
        count += !memcmp(p, needle, len);
    return count;
}

size_t build_index_signatures(const char *path)
{
    char *bytes = NULL;
    size_t size = 0;
    if (file_read_all(path, PDF_INPUT_MAX_SIZE, &bytes, &size) != FILE_OK)
        return 0;
    size_t count = 0;
    /* A signature is added as an incremental update, after the file's own
     * end: a PDF with one %%EOF (as stagedoc writes it) has none, and costs
     * no parsing. */
    if (occurrences(bytes, size, "%%EOF") >= 2) {
        struct strbuf reason = STRBUF_INIT;
        struct pdf_handle pdf;
        pdf_open_memory(&pdf, (const unsigned char *)bytes, size, path, &reason);
        struct signature_list list = {0};
        if (pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, &list, &reason))
            count = signature_list_signed(&list);
        signature_list_free(&list);
        pdf_close(&pdf);
        strbuf_free(&reason);
    }
    free(bytes);
    return count;
}

/* Splits a line of index.tsv into its four fields (in place); false for a
 * line of another shape (an index of an older stagedoc: no source). */
static bool split(char *line, char *fields[4])
{
    for (int i = 0; i < 4; i++) {
        fields[i] = line;
        char *tab = i < 3 ? strchr(line, '\t') : NULL;
        if (i < 3 && !tab)
            return false;
        if (tab) {
            *tab = '\0';
            line = tab + 1;
        }
    }
    return !strchr(fields[3], '\t');
}

static bool is_input(const struct build_index_run *run, const char *source)
{
    for (size_t i = 0; i < run->input_count; i++)
        if (!strcmp(run->inputs[i], source))
            return true;
    return false;
}

/* The files of this run's lines (index.tsv's third field), sorted: an old
 * line is looked up in them by bisection, not by reading every fresh line
 * again (1,000 stages and a long index.tsv would take minutes). */
struct fresh_files {
    char **names;
    size_t count;
    bool failed; /* out of memory: every old line counts as written again (none removed) */
};

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fresh_files_collect(const char *fresh, struct fresh_files *files)
{
    size_t lines = 0;
    for (const char *at = fresh; (at = strchr(at, '\n')); at++)
        lines++;
    files->names = malloc((lines + 1) * sizeof *files->names);
    files->count = 0;
    files->failed = !files->names;
    for (const char *line = fresh; files->names && line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *field = line;
        for (int tabs = 0; tabs < 2 && field; tabs++) { /* the file is the third field */
            field = memchr(field, '\t', len - (size_t)(field - line));
            field = field ? field + 1 : NULL;
        }
        const char *stop = field ? memchr(field, '\t', len - (size_t)(field - line)) : NULL;
        char *name = stop ? strndup(field, (size_t)(stop - field)) : NULL;
        if (name)
            files->names[files->count++] = name;
        files->failed |= stop && !name;
        line = end ? end + 1 : NULL;
    }
    if (files->count > 1)
        qsort(files->names, files->count, sizeof *files->names, compare_names);
}

static void fresh_files_free(struct fresh_files *files)
{
    for (size_t i = 0; i < files->count; i++)
        free(files->names[i]);
    free(files->names);
}

/* Is there a fresh line for this file? */
static bool still_written(const struct fresh_files *files, const char *file)
{
    return files->failed || (files->count &&
                             bsearch(&file, files->names, files->count, sizeof *files->names,
                                     compare_names));
}

/* Removes output_dir/relative without following a link on the way (the
 * line comes from a file anyone may have edited); then its folder, when
 * nothing else is left in it. */
static bool remove_below(const char *output_dir, const char *relative)
{
    const char *slash = strrchr(relative, '/');
    char *folder = slash ? strndup(relative, (size_t)(slash - relative)) : strdup("");
    struct strbuf error = STRBUF_INIT;
    int dir_fd = folder ? atomic_open_folder_under(output_dir, folder, &error) : -1;
    bool removed = dir_fd >= 0 && unlinkat(dir_fd, slash ? slash + 1 : relative, 0) == 0;
    if (dir_fd >= 0)
        close(dir_fd);
    if (removed && slash && !strchr(folder, '/')) {
        int root_fd = open(output_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (root_fd >= 0) {
            unlinkat(root_fd, folder, AT_REMOVEDIR); /* fails, as it should, unless empty */
            close(root_fd);
        }
    }
    free(folder);
    strbuf_free(&error);
    return removed;
}

/* An earlier line of one of this run's inputs that this run did not write
 * again: its file is removed, unless signed (kept, and its line too), or
 * unless the line names a file outside the output folder (kept as is). */
static bool remove_stale(const struct build_index_run *run, char *fields[4])
{
    if (atomic_relative_problem(fields[2]))
        return false;
    char *path = path_join(run->output_dir, fields[2]);
    if (!path)
        return true;
    size_t signatures = build_index_signatures(path);
    struct diag_list said = DIAG_LIST_INIT;
    struct position where = {path, 0, 0};
    if (signatures) {
        diag_add(&said, SEVERITY_INFO, where, "sortie", fields[0],
                 "retirez-le vous-même s'il n'a plus lieu d'être.",
                 "le stage ne donne plus ce document, mais il porte %zu signature%s : il est "
                 "gardé.", signatures, signatures > 1 ? "s" : "");
    } else if (remove_below(run->output_dir, fields[2])) {
        diag_add(&said, SEVERITY_INFO, where, "sortie", fields[0], NULL,
                 "retiré, le stage ne le donne plus (une ligne retirée, un autre document).");
    }
    run_diag_all(run->sd, &said);
    diag_list_free(&said);
    free(path);
    return signatures == 0;
}

void build_index_merge(const struct build_index_run *run, const char *fresh, struct strbuf *out)
{
    strbuf_puts(out, BUILD_INDEX_HEADER);
    char *index_path = path_join(run->output_dir, "index.tsv");
    char *old = NULL;
    size_t size = 0;
    bool had = index_path && file_read_all(index_path, BUILD_INDEX_MAX_SIZE, &old, &size) ==
                                 FILE_OK;
    struct fresh_files files;
    fresh_files_collect(fresh, &files);
    char *save = NULL;
    for (char *line = had ? strtok_r(old, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char copy[4096];
        snprintf(copy, sizeof copy, "%s", line);
        char *fields[4];
        if (!split(copy, fields) || !strcmp(fields[0], "id") || still_written(&files, fields[2]))
            continue; /* the header, an older index's line, or written again */
        bool ours = is_input(run, fields[3]);
        bool kept_student = run->rebuilt && strcmp(fields[0], "-") &&
                            !run->rebuilt(fields[0], run->rebuilt_data);
        if (!ours || kept_student || !remove_stale(run, fields))
            strbuf_printf(out, "%s\n", line);
    }
    strbuf_puts(out, fresh);
    fresh_files_free(&files);
    free(old);
    free(index_path);
}
