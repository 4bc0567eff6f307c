/* hyphenload.c — loading libhyphen patterns. libhyphen 2.8 leaks the
 * earlier copy of a pattern that a later line of the same level redefines
 * (the later one wins), and hyph_fr.dic has 16 such duplicates; so the
 * file is read, earlier duplicates are dropped — the patterns libhyphen
 * keeps are the same — and the rest is loaded from memory. */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hyphen.h>

#include "../util/file.h"

#define MAX_PATTERNS_FILE (8u << 20)

struct pattern_line {
    const char *text; /* the line, NUL-terminated in place */
    int level;        /* NEXTLEVEL count before it */
    size_t index;
    bool keep;
};

/* The letters a pattern matches: its text before any "/", without digits. */
static int compare_keys(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a >= '0' && *a <= '9')
            a++;
        while (*b >= '0' && *b <= '9')
            b++;
        char ca = *a == '/' ? '\0' : *a, cb = *b == '/' ? '\0' : *b;
        if (ca != cb || !ca)
            return (unsigned char)ca - (unsigned char)cb;
    }
}

static int compare_lines(const void *pa, const void *pb)
{
    const struct pattern_line *a = pa, *b = pb;
    if (a->level != b->level)
        return a->level - b->level;
    int keys = compare_keys(a->text, b->text);
    return keys ? keys : (a->index > b->index) - (a->index < b->index);
}

static bool is_pattern(const char *line, size_t index)
{
    return index > 0 && *line && *line != '%' && *line != '#' && !(*line >= 'A' && *line <= 'Z');
}

/* Splits text into lines, marks the earlier duplicates, returns the count. */
static size_t mark_duplicates(char *text, struct pattern_line *lines)
{
    size_t count = 0;
    int level = 0;
    for (char *line = text; line; count++) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        for (size_t len = strlen(line); len > 0 && strchr("\r \t", line[len - 1]); len--)
            line[len - 1] = '\0';
        level += strcmp(line, "NEXTLEVEL") == 0;
        lines[count] = (struct pattern_line){line, level, count, true};
        line = end ? end + 1 : NULL;
    }
    struct pattern_line *sorted = malloc(count * sizeof *sorted);
    if (!sorted)
        return count; /* keeps every line: only the leak comes back */
    size_t n = 0;
    for (size_t k = 0; k < count; k++)
        if (is_pattern(lines[k].text, k))
            sorted[n++] = lines[k];
    qsort(sorted, n, sizeof *sorted, compare_lines);
    for (size_t k = 0; k + 1 < n; k++)
        if (sorted[k].level == sorted[k + 1].level && !compare_keys(sorted[k].text, sorted[k + 1].text))
            lines[sorted[k].index].keep = false;
    free(sorted);
    return count;
}

static HyphenDict *load_filtered(char *text, size_t size)
{
    size_t max_lines = 1;
    for (size_t k = 0; k < size; k++)
        max_lines += text[k] == '\n';
    struct pattern_line *lines = malloc(max_lines * sizeof *lines);
    char *kept = malloc(size + 2);
    HyphenDict *dict = NULL;
    if (lines && kept) {
        size_t count = mark_duplicates(text, lines), len = 0;
        for (size_t k = 0; k < count; k++)
            if (lines[k].keep)
                len += (size_t)sprintf(kept + len, "%s\n", lines[k].text);
        FILE *stream = fmemopen(kept, len, "r");
        dict = stream ? hnj_hyphen_load_file(stream) : NULL;
        if (stream)
            fclose(stream);
    }
    free(lines);
    free(kept);
    return dict;
}

struct hyphenator *hyphenator_load(const char *dic_path, struct strbuf *error)
{
    char *text = NULL;
    size_t size = 0;
    enum file_status status =
        dic_path ? file_read_all(dic_path, MAX_PATTERNS_FILE, &text, &size) : FILE_NOT_FOUND;
    if (status != FILE_OK) {
        strbuf_printf(error, "motifs de césure illisibles : %s (%s)", dic_path ? dic_path : "(aucun)",
                      file_status_message(status));
        return NULL;
    }
    struct hyphenator *hyphenator = calloc(1, sizeof *hyphenator);
    if (hyphenator)
        hyphenator->dict = load_filtered(text, size);
    free(text);
    if (!hyphenator || !hyphenator->dict) {
        strbuf_printf(error, "motifs de césure illisibles : %s", dic_path);
        free(hyphenator);
        return NULL;
    }
    return hyphenator;
}

void hyphenator_free(struct hyphenator *hyphenator)
{
    if (!hyphenator)
        return;
    hnj_hyphen_free(hyphenator->dict);
    free(hyphenator);
}
