/* index.c — writing and reading index.tsv lines. */
#include "index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/file.h"

#define INDEX_MAX_SIZE ((size_t)64 << 20)

void package_index_add(struct strbuf *index, const char *id, const char *package,
                       const char *sha256)
{
    strbuf_printf(index, "%s\t%s\t%s\n", id, package, sha256);
}

/* line is "id\tpackage\tsha256" (without its newline). */
static bool line_lists(const char *line, size_t len, const char *package,
                       char sha256[SHA256_HEX_SIZE])
{
    const char *first = memchr(line, '\t', len);
    const char *second = first ? memchr(first + 1, '\t', len - (size_t)(first + 1 - line)) : NULL;
    if (!second)
        return false;
    size_t name_len = (size_t)(second - first - 1);
    if (name_len != strlen(package) || strncmp(first + 1, package, name_len) != 0)
        return false;
    size_t digest_len = len - (size_t)(second + 1 - line);
    snprintf(sha256, SHA256_HEX_SIZE, "%.*s", (int)digest_len, second + 1);
    return true;
}

enum index_lookup package_index_find(const char *index_path, const char *package,
                                     char sha256[SHA256_HEX_SIZE])
{
    char *text;
    size_t size;
    enum file_status status = file_read_all(index_path, INDEX_MAX_SIZE, &text, &size);
    if (status != FILE_OK)
        return status == FILE_NOT_REGULAR ? INDEX_NOT_REGULAR : INDEX_ABSENT;
    enum index_lookup found = INDEX_NOT_LISTED;
    for (const char *line = text; found == INDEX_NOT_LISTED && line < text + size;) {
        const char *end = memchr(line, '\n', (size_t)(text + size - line));
        size_t len = end ? (size_t)(end - line) : (size_t)(text + size - line);
        if (len > 0 && line[len - 1] == '\r')
            len--;
        if (line_lists(line, len, package, sha256))
            found = INDEX_LISTED;
        line = end ? end + 1 : text + size;
    }
    free(text);
    return found;
}
